#include "dashboards/dashboards.h"

#include <algorithm>

#include "announcements/announcements.h"
#include "dashboards/internal.h"
#include "notifications/notifications.h"

namespace cartable::dashboards {
namespace {

using detail::Context;
using storage::Connection;

// The period holding `today`, or between periods the last one begun.
Result<std::optional<attendance::DateSpan>> periodOf(Connection& db, const std::string& today) {
  CARTABLE_ASSIGN_OR_RETURN(timetable::Calendar calendar, timetable::getCalendar(db));
  std::optional<attendance::DateSpan> out;
  for (const timetable::DateRange& range : calendar.periods) {
    if (range.starts_on > today) continue;
    const attendance::DateSpan span{range.starts_on, range.ends_on, range.label};
    if (range.ends_on >= today) return std::optional(span);
    if (!out || span.from > out->from) out = span;
  }
  return out;
}

Result<Context> contextFor(Connection& db, std::int64_t person_id, Seconds now) {
  Context context;
  context.person_id = person_id;
  context.now = now;
  context.today = homework::schoolDate(now);
  const auto tomorrow = homework::addDays(context.today, 1);
  if (!tomorrow) return makeError(Errc::internal, "no day after " + context.today);
  context.tomorrow = *tomorrow;
  CARTABLE_ASSIGN_OR_RETURN(context.period, periodOf(db, context.today));
  return context;
}

JustificationsRequested requestedOf(std::vector<attendance::AttendanceEvent> events) {
  JustificationsRequested out;
  std::erase_if(events, [](const attendance::AttendanceEvent& event) {
    return event.standing != attendance::AttendanceEvent::Standing::unjustified;
  });
  out.count = static_cast<std::int64_t>(events.size());
  const std::size_t shown = std::min(events.size(), kMaxJustificationsRequested);
  out.latest.assign(events.rbegin(), events.rbegin() + static_cast<std::ptrdiff_t>(shown));
  return out;
}

Result<ParentSection> parentSection(Connection& db, Context& context, const Unread& unread) {
  ParentSection section;
  section.unread = unread;
  CARTABLE_ASSIGN_OR_RETURN(auto links, directory::childrenOf(db, context.person_id));
  for (const directory::Guardianship& link : links) {
    std::vector<attendance::AttendanceEvent> events;
    CARTABLE_ASSIGN_OR_RETURN(StudentView view,
                              detail::studentView(db, context, link.student_id, events));
    section.children.push_back({std::move(view), requestedOf(std::move(events))});
  }
  return section;
}

Result<AdminSection> adminSection(Connection& db) {
  AdminSection section;
  CARTABLE_ASSIGN_OR_RETURN(section.accounts, directory::countUsers(db));
  CARTABLE_ASSIGN_OR_RETURN(section.files, files::FileStore::usage(db));
  CARTABLE_ASSIGN_OR_RETURN(auto pages, db.scalarInt64("PRAGMA page_count"));
  CARTABLE_ASSIGN_OR_RETURN(auto page_size, db.scalarInt64("PRAGMA page_size"));
  section.database_bytes = pages.value_or(0) * page_size.value_or(0);
  return section;
}

template <class Item, class Label>
Result<std::map<std::int64_t, std::string>> labelsOf(const std::set<std::int64_t>& wanted,
                                                     Result<std::vector<Item>> all, Label label) {
  CARTABLE_ASSIGN_OR_RETURN(auto items, std::move(all));
  std::map<std::int64_t, std::string> out;
  for (const Item& item : items) {
    if (wanted.contains(item.id)) out[item.id] = label(item);
  }
  return out;
}

Result<Names> namesOf(Connection& db, const Context& context) {
  Names names;
  for (std::int64_t id : context.people) {
    auto person = directory::getUser(db, id);
    if (person.ok()) names.people[id] = person->displayName();
  }
  auto label = [](const auto& item) { return item.label; };
  if (!context.subjects.empty()) {
    CARTABLE_ASSIGN_OR_RETURN(names.subjects,
                              labelsOf(context.subjects, directory::listSubjects(db), label));
  }
  // A person's sections name few classes: reading them one by one beats the list.
  for (std::int64_t id : context.classes) {
    auto found = directory::getClass(db, id);
    if (found.ok()) names.classes[id] = found->label;
  }
  if (!context.groups.empty()) {
    CARTABLE_ASSIGN_OR_RETURN(names.groups,
                              labelsOf(context.groups, directory::listGroups(db), label));
  }
  return names;
}

}  // namespace

namespace detail {

Result<Unread> unreadOf(Connection& db, const Context& context) {
  Unread out;
  CARTABLE_ASSIGN_OR_RETURN(out.messages, messaging::unreadOf(db, context.person_id));
  CARTABLE_ASSIGN_OR_RETURN(out.notifications, notifications::unreadCount(db, context.person_id));
  CARTABLE_ASSIGN_OR_RETURN(out.announcements,
                            announcements::unreadCount(db, context.person_id, context.now));
  if (out.announcements == 0) return out;
  // The feed lists pinned ones first; the unread ones are among its first pages.
  announcements::Page page;
  page.limit = 20;
  CARTABLE_ASSIGN_OR_RETURN(auto feed,
                            announcements::feedOf(db, context.person_id, context.now, page));
  for (const announcements::FeedItem& item : feed) {
    if (item.read) continue;
    const announcements::Announcement& news = item.announcement;
    out.latest_announcements.push_back({news.id, news.title, news.publish_at, news.pinned});
    if (std::ssize(out.latest_announcements) >= kLatestAnnouncements) break;
  }
  return out;
}

}  // namespace detail

std::string_view rollStateName(RollState state) {
  switch (state) {
    case RollState::done:
      return "done";
    case RollState::missing:
      return "missing";
    case RollState::upcoming:
      return "upcoming";
    case RollState::cancelled:
      return "cancelled";
  }
  return "upcoming";
}

Result<Dashboard> dashboardOf(Connection& db, std::int64_t person_id, directory::RoleSet roles,
                              Seconds now) {
  using directory::Role;
  CARTABLE_ASSIGN_OR_RETURN(Context context, contextFor(db, person_id, now));
  Dashboard out;
  out.person_id = person_id;
  out.today = context.today;
  Unread unread;
  if (roles.has(Role::student) || roles.has(Role::parent) || roles.has(Role::teacher)) {
    CARTABLE_ASSIGN_OR_RETURN(unread, detail::unreadOf(db, context));
  }
  if (roles.has(Role::student)) {
    std::vector<attendance::AttendanceEvent> events;
    CARTABLE_ASSIGN_OR_RETURN(StudentView view,
                              detail::studentView(db, context, person_id, events));
    out.student = StudentSection{std::move(view), unread};
  }
  if (roles.has(Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(out.parent, parentSection(db, context, unread));
  }
  if (roles.has(Role::teacher)) {
    CARTABLE_ASSIGN_OR_RETURN(out.teacher, detail::teacherSection(db, context));
    out.teacher->unread = unread;
  }
  if (roles.has(Role::staff)) {
    CARTABLE_ASSIGN_OR_RETURN(out.staff, detail::staffSection(db, context));
  }
  if (roles.has(Role::admin)) {
    CARTABLE_ASSIGN_OR_RETURN(out.admin, adminSection(db));
  }
  CARTABLE_ASSIGN_OR_RETURN(out.names, namesOf(db, context));
  return out;
}

}  // namespace cartable::dashboards
