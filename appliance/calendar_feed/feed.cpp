#include "calendar_feed/feed.h"

#include <map>
#include <vector>

#include "calendar_feed/ics.h"
#include "core/auth/sessions.h"
#include "core/base/civil_date.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "homework/homework.h"
#include "timetable/timetable.h"

namespace cartable::calendar_feed {
namespace {

using storage::Connection;

constexpr std::size_t kTokenBytes = 32;
// The school's civil time; every school of the region lives in it.
constexpr std::string_view kTimeZone = "Europe/Paris";

// The rules of Europe/Paris since 1996, for clients that do not know the zone.
void writeTimeZone(ics::Writer& out) {
  out.begin("VTIMEZONE");
  out.raw("TZID", kTimeZone);
  out.begin("DAYLIGHT");
  out.raw("TZOFFSETFROM", "+0100");
  out.raw("TZOFFSETTO", "+0200");
  out.raw("TZNAME", "CEST");
  out.raw("DTSTART", "19700329T020000");
  out.raw("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
  out.end("DAYLIGHT");
  out.begin("STANDARD");
  out.raw("TZOFFSETFROM", "+0200");
  out.raw("TZOFFSETTO", "+0100");
  out.raw("TZNAME", "CET");
  out.raw("DTSTART", "19701025T030000");
  out.raw("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
  out.end("STANDARD");
  out.end("VTIMEZONE");
}

// Names of subjects, classes, groups and teachers, looked up once per feed.
class Names {
 public:
  static Result<Names> load(Connection& db) {
    Names names;
    CARTABLE_ASSIGN_OR_RETURN(auto subjects, directory::listSubjects(db));
    for (const auto& s : subjects) names.subjects_[s.id] = s.label;
    CARTABLE_ASSIGN_OR_RETURN(auto classes, directory::listClasses(db));
    for (const auto& c : classes) names.audiences_[{c.id, true}] = c.label;
    CARTABLE_ASSIGN_OR_RETURN(auto groups, directory::listGroups(db));
    for (const auto& g : groups) names.audiences_[{g.id, false}] = g.label;
    return names;
  }

  std::string subject(std::int64_t id) const { return find(subjects_, id); }
  std::string audience(const timetable::Occurrence& o) const {
    const auto found = audiences_.find(
        {o.class_id ? *o.class_id : o.group_id.value_or(0), o.class_id.has_value()});
    return found == audiences_.end() ? "" : found->second;
  }
  Result<std::string> person(Connection& db, std::int64_t id) {
    if (!people_.contains(id)) {
      CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, id));
      people_[id] = user.displayName();
    }
    return people_[id];
  }

 private:
  template <class Key>
  static std::string find(const std::map<Key, std::string>& map, const Key& key) {
    const auto found = map.find(key);
    return found == map.end() ? "" : found->second;
  }

  std::map<std::int64_t, std::string> subjects_;
  std::map<std::pair<std::int64_t, bool>, std::string> audiences_;
  std::map<std::int64_t, std::string> people_;
};

// Whose lessons the feed shows: the person's own, and a parent's children's
// (their events named with the child's given name).
struct Viewpoint {
  std::int64_t person_id = 0;
  std::string prefix;  // "Léa · " for a child, empty for oneself
};

Result<std::vector<Viewpoint>> viewpointsOf(Connection& db, const directory::User& user) {
  std::vector<Viewpoint> out;
  if (user.roles.intersects({directory::Role::student, directory::Role::teacher})) {
    out.push_back({user.id, ""});
  }
  if (user.roles.has(directory::Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(auto children, directory::childrenOf(db, user.id));
    for (const auto& link : children) {
      CARTABLE_ASSIGN_OR_RETURN(auto child, directory::getUser(db, link.student_id));
      out.push_back({child.id, child.given_name + " · "});
    }
  }
  return out;
}

Status writeLesson(Connection& db, ics::Writer& out, Names& names, const Viewpoint& view,
                   const timetable::Occurrence& lesson, const FeedOptions& options) {
  const std::string planned = lesson.moved_from.value_or(lesson.date);
  out.begin("VEVENT");
  out.raw("UID", "lesson-" + std::to_string(lesson.lesson_id) + "-" + ics::date(planned) + "-" +
                     std::to_string(view.person_id) + "@" + options.uai);
  out.raw("DTSTAMP", ics::utcStamp(options.now));
  out.raw("DTSTART;TZID=" + std::string(kTimeZone),
          ics::localDateTime(lesson.date, lesson.starts_at));
  out.raw("DTEND;TZID=" + std::string(kTimeZone), ics::localDateTime(lesson.date, lesson.ends_at));
  std::string summary =
      view.prefix + (lesson.cancelled ? "Annulé : " : "") + names.subject(lesson.subject_id);
  const std::string audience = names.audience(lesson);
  if (!audience.empty()) summary += " (" + audience + ")";
  out.text("SUMMARY", summary);
  if (!lesson.room.empty()) out.text("LOCATION", "Salle " + lesson.room);
  std::string description;
  for (std::int64_t teacher : lesson.teacher_ids) {
    CARTABLE_ASSIGN_OR_RETURN(std::string name, names.person(db, teacher));
    description += (description.empty() ? "" : ", ") + name;
  }
  if (lesson.moved_from) description += "\nDéplacé du " + *lesson.moved_from;
  for (const std::string& note : lesson.notes) description += "\n" + note;
  if (!description.empty()) out.text("DESCRIPTION", description);
  if (lesson.cancelled) out.raw("STATUS", "CANCELLED");
  out.end("VEVENT");
  return okStatus();
}

// Homework appears as an all-day event on its due date.
void writeHomework(ics::Writer& out, const Names& names, const Viewpoint& view,
                   const homework::Homework& work, const FeedOptions& options) {
  out.begin("VEVENT");
  out.raw("UID", "homework-" + std::to_string(work.id) + "-" + std::to_string(view.person_id) +
                     "@" + options.uai);
  out.raw("DTSTAMP", ics::utcStamp(options.now));
  out.raw("DTSTART;VALUE=DATE", ics::date(work.due_on));
  const auto next_day = civil::formatDay(*civil::parseDay(work.due_on) + std::chrono::days{1});
  out.raw("DTEND;VALUE=DATE", ics::date(next_day));
  out.text("SUMMARY", view.prefix + "Devoir : " + names.subject(work.subject_id));
  std::string description = work.instructions;
  if (work.due_at) description = "À rendre avant " + *work.due_at + ".\n" + description;
  out.text("DESCRIPTION", description);
  out.raw("TRANSP", "TRANSPARENT");  // a due date does not make anyone busy
  out.end("VEVENT");
}

Status writeHomeworkOf(Connection& db, ics::Writer& out, const Names& names,
                       const Viewpoint& view, bool teacher, const std::string& from,
                       const std::string& to, const FeedOptions& options) {
  if (teacher) {
    CARTABLE_ASSIGN_OR_RETURN(auto set, homework::homeworkSetBy(db, view.person_id, from, to));
    for (const auto& work : set) writeHomework(out, names, view, work, options);
    return okStatus();
  }
  CARTABLE_ASSIGN_OR_RETURN(auto due,
                            homework::homeworkOfStudent(db, view.person_id, from, to, options.now));
  for (const auto& item : due) writeHomework(out, names, view, item.homework, options);
  return okStatus();
}

}  // namespace

Result<std::string> issueToken(Connection& db, std::int64_t user_id, Random& random, Seconds now) {
  const std::string token = random.token(kTokenBytes);
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, "
              "created_at = excluded.created_at",
              user_id, auth::hashToken(token), now));
  return token;
}

Status revokeToken(Connection& db, std::int64_t user_id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM calendar_feeds WHERE user_id = ?", user_id));
  if (db.changes() == 0) return makeError(Errc::not_found, "no calendar feed to revoke");
  return okStatus();
}

Result<std::optional<Seconds>> issuedAt(Connection& db, std::int64_t user_id) {
  return db.scalarInt64("SELECT created_at FROM calendar_feeds WHERE user_id = ?", user_id);
}

Result<std::optional<std::int64_t>> ownerOf(Connection& db, std::string_view token) {
  if (token.empty() || token.size() > 100) return std::optional<std::int64_t>{};
  return db.scalarInt64(
      "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
      "WHERE f.token_hash = ? AND u.disabled_at IS NULL",
      auth::hashToken(token));
}

Result<std::string> render(Connection& db, std::int64_t user_id, const FeedOptions& options) {
  CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, user_id));
  CARTABLE_ASSIGN_OR_RETURN(auto views, viewpointsOf(db, user));
  CARTABLE_ASSIGN_OR_RETURN(Names names, Names::load(db));
  ics::Writer out;
  out.begin("VCALENDAR");
  out.raw("VERSION", "2.0");
  out.raw("PRODID", "-//Cartable//Cartable//FR");
  out.raw("CALSCALE", "GREGORIAN");
  out.raw("METHOD", "PUBLISH");
  out.text("X-WR-CALNAME", "Cartable · " + options.school_name);
  out.raw("X-WR-TIMEZONE", kTimeZone);
  out.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
  writeTimeZone(out);
  const civil::Day this_week = civil::mondayOf(civil::dayOf(options.now));
  for (const Viewpoint& view : views) {
    for (int week = -options.weeks_before; week < options.weeks_after; ++week) {
      const std::string monday = civil::formatDay(this_week + std::chrono::days{7 * week});
      CARTABLE_ASSIGN_OR_RETURN(auto lessons, timetable::weekFor(db, view.person_id, monday));
      for (const auto& lesson : lessons) {
        CARTABLE_RETURN_IF_ERROR(writeLesson(db, out, names, view, lesson, options));
      }
    }
    const bool teacher = view.person_id == user.id && user.roles.has(directory::Role::teacher);
    CARTABLE_RETURN_IF_ERROR(writeHomeworkOf(
        db, out, names, view, teacher,
        civil::formatDay(this_week - std::chrono::days{7 * options.weeks_before}),
        civil::formatDay(this_week + std::chrono::days{7 * options.weeks_after - 1}), options));
  }
  out.end("VCALENDAR");
  return out.str();
}

}  // namespace cartable::calendar_feed
