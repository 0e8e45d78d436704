#include <algorithm>
#include <map>
#include <set>

#include "timetable/internal.h"

namespace cartable::timetable {
namespace {

using detail::Day;
using storage::Connection;

struct StoredChange {
  std::int64_t lesson_id = 0;
  std::string on_date;
  ChangeKind kind = ChangeKind::cancelled;
  std::optional<std::string> new_date, new_starts_at, new_ends_at, new_room;
  std::optional<std::int64_t> substitute_id;
  std::string note;
};

using ChangeKey = std::pair<std::int64_t, std::string>;  // lesson, date planned
using ChangeMap = std::map<ChangeKey, std::vector<StoredChange>>;

// Changes of occurrences planned in [first, last] or moved into it.
Result<ChangeMap> loadChanges(Connection& db, const std::string& first, const std::string& last) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT lesson_id, on_date, kind, new_date, new_starts_at, new_ends_at, new_room, "
               "substitute_id, note FROM lesson_changes WHERE (on_date BETWEEN ?1 AND ?2) OR "
               "(on_date IN (SELECT c.on_date FROM lesson_changes c WHERE c.lesson_id = "
               "lesson_changes.lesson_id AND c.new_date BETWEEN ?1 AND ?2)) ORDER BY id",
               first, last));
  ChangeMap out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    StoredChange change{rows.int64(0),        rows.text(1),          ChangeKind::cancelled,
                        rows.optionalText(3), rows.optionalText(4),  rows.optionalText(5),
                        rows.optionalText(6), rows.optionalInt64(7), rows.text(8)};
    change.kind = parseChangeKind(rows.text(2)).value_or(ChangeKind::cancelled);
    out[{change.lesson_id, change.on_date}].push_back(std::move(change));
  }
}

Occurrence planned(const Lesson& lesson, const std::string& date) {
  Occurrence out;
  out.lesson_id = lesson.id;
  out.subject_id = lesson.subject_id;
  out.class_id = lesson.class_id;
  out.group_id = lesson.group_id;
  out.teacher_ids = lesson.teacher_ids;
  out.room = lesson.room;
  out.date = date;
  out.starts_at = lesson.starts_at;
  out.ends_at = lesson.ends_at;
  return out;
}

void apply(Occurrence& occurrence, const StoredChange& change) {
  switch (change.kind) {
    case ChangeKind::cancelled:
      occurrence.cancelled = true;
      break;
    case ChangeKind::moved:
      occurrence.moved_from = occurrence.date;
      occurrence.date = change.new_date.value_or(occurrence.date);
      occurrence.starts_at = change.new_starts_at.value_or(occurrence.starts_at);
      occurrence.ends_at = change.new_ends_at.value_or(occurrence.ends_at);
      if (change.new_room) occurrence.room = *change.new_room;
      break;
    case ChangeKind::room:
      occurrence.room = change.new_room.value_or(occurrence.room);
      break;
    case ChangeKind::substitute:
      occurrence.substitute_id = change.substitute_id;
      if (change.substitute_id) occurrence.teacher_ids = {*change.substitute_id};
      break;
  }
  if (!change.note.empty()) occurrence.notes.push_back(change.note);
}

// The occurrence planned on `date` with its changes; a room change after a move
// keeps the new room, whatever the order they were recorded in.
Occurrence withChanges(const Lesson& lesson, const std::string& date, const ChangeMap& changes) {
  Occurrence out = planned(lesson, date);
  const auto found = changes.find({lesson.id, date});
  if (found == changes.end()) return out;
  for (const StoredChange& change : found->second) {
    if (change.kind == ChangeKind::moved) apply(out, change);
  }
  for (const StoredChange& change : found->second) {
    if (change.kind != ChangeKind::moved) apply(out, change);
  }
  return out;
}

}  // namespace

namespace detail {

Result<std::vector<Occurrence>> expandWeek(Connection& db, const std::vector<Lesson>& lessons,
                                           Day monday) {
  CARTABLE_ASSIGN_OR_RETURN(Calendar calendar, getCalendar(db));
  const std::string first = formatDay(monday);
  const std::string last = formatDay(monday + std::chrono::days{6});
  CARTABLE_ASSIGN_OR_RETURN(ChangeMap changes, loadChanges(db, first, last));
  std::map<std::int64_t, const Lesson*> by_id;
  for (const Lesson& lesson : lessons) by_id[lesson.id] = &lesson;

  std::vector<Occurrence> out;
  auto keepIfInWeek = [&](Occurrence occurrence) {
    if (occurrence.date >= first && occurrence.date <= last) out.push_back(std::move(occurrence));
  };
  for (const Lesson& lesson : lessons) {
    const Day day = monday + std::chrono::days{lesson.weekday - 1};
    if (recursOn(lesson, calendar, day)) keepIfInWeek(withChanges(lesson, formatDay(day), changes));
  }
  // Occurrences planned in another week and moved into this one.
  for (const auto& [key, list] : changes) {
    const auto lesson = by_id.find(key.first);
    if (lesson == by_id.end() || (key.second >= first && key.second <= last)) continue;
    const bool moved_here = std::any_of(list.begin(), list.end(), [&](const StoredChange& c) {
      return c.kind == ChangeKind::moved;
    });
    if (moved_here) keepIfInWeek(withChanges(*lesson->second, key.second, changes));
  }
  std::sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    return std::tie(a.date, a.starts_at, a.lesson_id) < std::tie(b.date, b.starts_at, b.lesson_id);
  });
  return out;
}

}  // namespace detail

Result<std::vector<Occurrence>> weekFor(Connection& db, std::int64_t person_id,
                                        const std::string& monday) {
  const auto day = detail::parseDay(monday);
  if (!day || detail::isoWeekday(*day) != 1) {
    return detail::invalid("monday", "must be a Monday written YYYY-MM-DD");
  }
  const std::string mine =
      "(SELECT class_id FROM enrollments WHERE student_id = ?1 AND until IS NULL)";
  const std::string my_groups = "(SELECT group_id FROM group_members WHERE student_id = ?1)";
  CARTABLE_ASSIGN_OR_RETURN(
      auto lessons,
      detail::loadLessons(
          db,
          "l.class_id IN " + mine + " OR l.group_id IN " + my_groups +
              " OR l.id IN (SELECT lesson_id FROM lesson_teachers WHERE teacher_id = ?1)"
              " OR l.id IN (SELECT lesson_id FROM lesson_changes WHERE kind = 'substitute' AND "
              "substitute_id = ?1)",
          person_id));
  CARTABLE_ASSIGN_OR_RETURN(auto all, detail::expandWeek(db, lessons, *day));
  // A lesson found only through a substitution counts in the weeks it is given.
  std::set<std::int64_t> regular;
  CARTABLE_ASSIGN_OR_RETURN(auto enrolled, db.scalarInt64("SELECT class_id FROM enrollments "
                                                          "WHERE student_id = ? AND until IS NULL",
                                                          person_id));
  std::set<std::int64_t> groups;
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT group_id FROM group_members WHERE "
                                                "student_id = ?",
                                                person_id));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    groups.insert(rows.int64(0));
  }
  for (const Lesson& lesson : lessons) {
    const bool teaches = std::find(lesson.teacher_ids.begin(), lesson.teacher_ids.end(),
                                   person_id) != lesson.teacher_ids.end();
    const bool member =
        lesson.class_id ? lesson.class_id == enrolled : groups.contains(*lesson.group_id);
    if (teaches || member) {
      regular.insert(lesson.id);
    }
  }
  std::erase_if(all, [&](const Occurrence& o) {
    return !regular.contains(o.lesson_id) && o.substitute_id != person_id;
  });
  return all;
}

}  // namespace cartable::timetable
