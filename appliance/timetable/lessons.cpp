#include <algorithm>
#include <sstream>

#include "directory/validate.h"
#include "timetable/internal.h"

namespace cartable::timetable {
namespace {

using storage::Connection;
using storage::Statement;

constexpr const char* kLessonColumns =
    "SELECT l.id, l.subject_id, l.class_id, l.group_id, l.room, l.weekday, l.starts_at, "
    "l.ends_at, l.week_pattern, l.valid_from, l.valid_until, "
    "(SELECT group_concat(teacher_id) FROM lesson_teachers t WHERE t.lesson_id = l.id) "
    "FROM lessons l WHERE ";

std::vector<std::int64_t> parseIds(const std::string& list) {
  std::vector<std::int64_t> ids;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ',')) ids.push_back(std::stoll(item));
  std::sort(ids.begin(), ids.end());
  return ids;
}

Lesson readLesson(const Statement& row) {
  Lesson lesson;
  lesson.id = row.int64(0);
  lesson.subject_id = row.int64(1);
  lesson.class_id = row.optionalInt64(2);
  lesson.group_id = row.optionalInt64(3);
  lesson.room = row.text(4);
  lesson.weekday = static_cast<int>(row.int64(5));
  lesson.starts_at = row.text(6);
  lesson.ends_at = row.text(7);
  lesson.week_pattern = parseWeekPattern(row.text(8)).value_or(WeekPattern::all);
  lesson.valid_from = row.text(9);
  lesson.valid_until = row.text(10);
  lesson.teacher_ids = parseIds(row.optionalText(11).value_or(""));
  return lesson;
}

// Rejects an id absent from `table` with invalid_argument on `field`.
Status requireReference(Connection& db, const std::string& table, std::int64_t id,
                        const std::string& field) {
  CARTABLE_ASSIGN_OR_RETURN(auto found,
                            db.scalarInt64("SELECT 1 FROM " + table + " WHERE id = ?", id));
  if (!found) return detail::invalid(field, std::to_string(id) + " does not exist");
  return okStatus();
}

Status validateLesson(Connection& db, const Lesson& lesson) {
  CARTABLE_RETURN_IF_ERROR(requireReference(db, "subjects", lesson.subject_id, "subject_id"));
  if (lesson.class_id.has_value() == lesson.group_id.has_value()) {
    return detail::invalid("class_id", "or \"group_id\": exactly one of them is required");
  }
  if (lesson.class_id) {
    CARTABLE_RETURN_IF_ERROR(requireReference(db, "classes", *lesson.class_id, "class_id"));
  } else {
    CARTABLE_RETURN_IF_ERROR(requireReference(db, "groups", *lesson.group_id, "group_id"));
  }
  CARTABLE_RETURN_IF_ERROR(detail::requireTeachers(db, lesson.teacher_ids, "teacher_ids"));
  if (!lesson.room.empty()) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(lesson.room, "room", 40));
  }
  if (lesson.weekday < 1 || lesson.weekday > 7) {
    return detail::invalid("weekday", "must be from 1 (Monday) to 7 (Sunday)");
  }
  CARTABLE_RETURN_IF_ERROR(detail::requireTime(lesson.starts_at, "starts_at"));
  CARTABLE_RETURN_IF_ERROR(detail::requireTime(lesson.ends_at, "ends_at"));
  if (lesson.ends_at <= lesson.starts_at)
    return detail::invalid("ends_at", "must be after starts_at");
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(lesson.valid_from, "valid_from"));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(lesson.valid_until, "valid_until"));
  if (lesson.valid_until < lesson.valid_from) {
    return detail::invalid("valid_until", "is before valid_from");
  }
  return okStatus();
}

detail::Seat seatOf(const Lesson& lesson) {
  return {lesson.class_id, lesson.group_id, lesson.teacher_ids, lesson.room};
}

std::string describe(const Lesson& lesson) {
  return "weekday " + std::to_string(lesson.weekday) + " " + lesson.starts_at + "-" +
         lesson.ends_at + ", weeks " + std::string(weekPatternName(lesson.week_pattern));
}

// Lessons on the same weekday whose hours, dates and week patterns overlap.
Status checkRecurringConflicts(Connection& db, const Lesson& lesson) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto others, detail::loadLessons(db,
                                       "l.weekday = ? AND l.starts_at < ? AND l.ends_at > ? AND "
                                       "l.valid_from <= ? AND l.valid_until >= ? AND l.id <> ?",
                                       lesson.weekday, lesson.ends_at, lesson.starts_at,
                                       lesson.valid_until, lesson.valid_from, lesson.id));
  for (const Lesson& other : others) {
    const bool patterns_meet = lesson.week_pattern == WeekPattern::all ||
                               other.week_pattern == WeekPattern::all ||
                               lesson.week_pattern == other.week_pattern;
    if (!patterns_meet) continue;
    CARTABLE_RETURN_IF_ERROR(
        detail::checkShared(db, seatOf(lesson), seatOf(other), other.id, describe(other)));
  }
  return okStatus();
}

}  // namespace

namespace detail {

std::string lessonQuery(const std::string& where) {
  return std::string(kLessonColumns) + where + " ORDER BY l.weekday, l.starts_at, l.id";
}

Result<std::vector<Lesson>> readLessons(Result<Statement> rows) {
  if (!rows.ok()) return rows.error();
  std::vector<Lesson> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows->step());
    if (!more) return out;
    out.push_back(readLesson(*rows));
  }
}

Status checkShared(Connection& db, const Seat& mine, const Seat& theirs, std::int64_t other_id,
                   const std::string& when) {
  const std::string lesson = "lesson " + std::to_string(other_id) + " (" + when + ")";
  for (std::int64_t teacher : mine.teacher_ids) {
    if (std::find(theirs.teacher_ids.begin(), theirs.teacher_ids.end(), teacher) !=
        theirs.teacher_ids.end()) {
      return makeError(Errc::conflict,
                       "overlaps " + lesson + " of the same teacher " + std::to_string(teacher),
                       "teacher_ids");
    }
  }
  if (!mine.room.empty() && mine.room == theirs.room) {
    return makeError(Errc::conflict, "overlaps " + lesson + " in the same room " + mine.room,
                     "room");
  }
  const std::string field = mine.class_id ? "class_id" : "group_id";
  bool shared = (mine.class_id && mine.class_id == theirs.class_id) ||
                (mine.group_id && mine.group_id == theirs.group_id);
  if (!shared && mine.class_id.has_value() != theirs.class_id.has_value()) {
    // A group and a class meet when a member of the group is in that class.
    const std::int64_t class_id = mine.class_id ? *mine.class_id : *theirs.class_id;
    const std::int64_t group_id = mine.group_id ? *mine.group_id : *theirs.group_id;
    CARTABLE_ASSIGN_OR_RETURN(
        auto member,
        db.scalarInt64("SELECT 1 FROM group_members g JOIN enrollments e ON e.student_id = "
                       "g.student_id AND e.until IS NULL WHERE g.group_id = ? AND e.class_id = ? "
                       "LIMIT 1",
                       group_id, class_id));
    shared = member.has_value();
  }
  if (shared) {
    return makeError(Errc::conflict, "overlaps " + lesson + " of the same students", field);
  }
  return okStatus();
}

}  // namespace detail

Result<std::int64_t> createLesson(Connection& db, const Lesson& lesson) {
  CARTABLE_RETURN_IF_ERROR(validateLesson(db, lesson));
  CARTABLE_RETURN_IF_ERROR(checkRecurringConflicts(db, lesson));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO lessons (subject_id, class_id, group_id, room, weekday, starts_at, ends_at, "
      "week_pattern, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      lesson.subject_id, lesson.class_id, lesson.group_id, lesson.room, lesson.weekday,
      lesson.starts_at, lesson.ends_at, weekPatternName(lesson.week_pattern), lesson.valid_from,
      lesson.valid_until));
  const std::int64_t id = db.lastInsertId();
  for (std::int64_t teacher : lesson.teacher_ids) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO lesson_teachers (lesson_id, teacher_id) VALUES (?, ?)", id, teacher));
  }
  return id;
}

Result<Lesson> getLesson(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, detail::loadLessons(db, "l.id = ?", id));
  if (found.empty()) {
    return makeError(Errc::not_found, "no such lesson: " + std::to_string(id), "id");
  }
  return found.front();
}

Status deleteLesson(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM lessons WHERE id = ?", id));
  if (db.changes() == 0) {
    return makeError(Errc::not_found, "no such lesson: " + std::to_string(id), "id");
  }
  return okStatus();
}

Result<bool> endLesson(Connection& db, std::int64_t id, const std::string& last_day) {
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(last_day, "last_day"));
  CARTABLE_ASSIGN_OR_RETURN(Lesson lesson, getLesson(db, id));
  if (lesson.valid_from > last_day) {
    CARTABLE_RETURN_IF_ERROR(deleteLesson(db, id));
    return true;
  }
  if (lesson.valid_until > last_day) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE lessons SET valid_until = ? WHERE id = ?", last_day, id));
  }
  return false;
}

Result<std::vector<Lesson>> listLessons(Connection& db, const LessonFilter& filter) {
  return detail::loadLessons(
      db,
      "(?1 IS NULL OR l.class_id = ?1) AND (?2 IS NULL OR l.group_id = ?2) AND (?3 IS NULL OR "
      "l.id IN (SELECT lesson_id FROM lesson_teachers WHERE teacher_id = ?3))",
      filter.class_id, filter.group_id, filter.teacher_id);
}

Result<bool> takesPlaceOn(Connection& db, const Lesson& lesson, const std::string& date) {
  const auto day = detail::parseDay(date);
  if (!day) return false;
  CARTABLE_ASSIGN_OR_RETURN(Calendar calendar, getCalendar(db));
  return detail::recursOn(lesson, calendar, *day);
}

Result<bool> teachesLesson(Connection& db, std::int64_t teacher_id, std::int64_t lesson_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM lesson_teachers WHERE lesson_id = ? AND teacher_id = ?",
                     lesson_id, teacher_id));
  return found.has_value();
}

}  // namespace cartable::timetable
