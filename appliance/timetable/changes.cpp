#include "directory/structure.h"
#include "directory/validate.h"
#include "notifications/notifications.h"
#include "timetable/internal.h"

namespace cartable::timetable {
namespace {

using detail::Day;
using storage::Connection;

Status validateMove(const LessonChange& change) {
  if (!change.new_date) return detail::invalid("new_date", "is required to move a lesson");
  if (!change.new_starts_at) return detail::invalid("starts_at", "is required to move a lesson");
  if (!change.new_ends_at) return detail::invalid("ends_at", "is required to move a lesson");
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(*change.new_date, "new_date"));
  CARTABLE_RETURN_IF_ERROR(detail::requireTime(*change.new_starts_at, "starts_at"));
  CARTABLE_RETURN_IF_ERROR(detail::requireTime(*change.new_ends_at, "ends_at"));
  if (*change.new_ends_at <= *change.new_starts_at) {
    return detail::invalid("ends_at", "must be after starts_at");
  }
  return okStatus();
}

Status validateChange(Connection& db, const Lesson& lesson, const LessonChange& change) {
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(change.on_date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(Calendar calendar, getCalendar(db));
  if (!detail::recursOn(lesson, calendar, *detail::parseDay(change.on_date))) {
    return detail::invalid("date", change.on_date + " is not a day lesson " +
                                       std::to_string(lesson.id) + " takes place");
  }
  if (change.new_room) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(*change.new_room, "room", 40));
  }
  if (!change.note.empty()) {
    CARTABLE_RETURN_IF_ERROR(directory::validate::text(change.note, "note", 500));
  }
  switch (change.kind) {
    case ChangeKind::moved:
      return validateMove(change);
    case ChangeKind::room:
      if (!change.new_room) return detail::invalid("room", "is required for a room change");
      return okStatus();
    case ChangeKind::substitute:
      if (!change.substitute_id) return detail::invalid("substitute_id", "is required");
      return detail::requireTeachers(db, {*change.substitute_id}, "substitute_id");
    default:
      return okStatus();
  }
}

// A moved occurrence must not overlap another lesson given that day.
Status checkMoveConflicts(Connection& db, const Lesson& lesson, const LessonChange& change) {
  const Day day = *detail::parseDay(*change.new_date);
  CARTABLE_ASSIGN_OR_RETURN(auto everyone, detail::loadLessons(db, "1"));
  CARTABLE_ASSIGN_OR_RETURN(
      auto week,
      detail::expandWeek(db, everyone, day - std::chrono::days{detail::isoWeekday(day) - 1}));
  const detail::Seat mine{lesson.class_id, lesson.group_id, lesson.teacher_ids,
                          change.new_room.value_or(lesson.room)};
  for (const Occurrence& other : week) {
    const bool same =
        other.lesson_id == lesson.id && other.moved_from.value_or(other.date) == change.on_date;
    if (same || other.cancelled || other.date != *change.new_date ||
        other.starts_at >= *change.new_ends_at || other.ends_at <= *change.new_starts_at) {
      continue;
    }
    const detail::Seat theirs{other.class_id, other.group_id, other.teacher_ids, other.room};
    CARTABLE_RETURN_IF_ERROR(
        detail::checkShared(db, mine, theirs, other.lesson_id,
                            other.date + " " + other.starts_at + "-" + other.ends_at));
  }
  return okStatus();
}

// Students of the lesson, their parents, its teachers and the substitute.
Result<std::vector<std::int64_t>> concerned(Connection& db, const Lesson& lesson,
                                            const LessonChange& change) {
  CARTABLE_ASSIGN_OR_RETURN(auto students,
                            directory::studentsOf(db, lesson.class_id, lesson.group_id));
  CARTABLE_ASSIGN_OR_RETURN(auto parents, directory::parentsOf(db, students));
  std::vector<std::int64_t> out = students;
  out.insert(out.end(), parents.begin(), parents.end());
  out.insert(out.end(), lesson.teacher_ids.begin(), lesson.teacher_ids.end());
  if (change.substitute_id) out.push_back(*change.substitute_id);
  return out;
}

std::string titleOf(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::moved:
      return "Cours déplacé";
    case ChangeKind::room:
      return "Changement de salle";
    case ChangeKind::substitute:
      return "Professeur remplaçant";
    default:
      return "Cours annulé";
  }
}

Status notify(Connection& db, const Lesson& lesson, const LessonChange& change,
              std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto subject,
                            db.query("SELECT label FROM subjects WHERE id = ?", lesson.subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool has_subject, subject.step());
  const std::string label = has_subject ? subject.text(0) : "";
  const std::string title =
      titleOf(change.kind) + " : " + label + ", " + change.on_date + " " + lesson.starts_at;
  std::string body;
  if (change.kind == ChangeKind::moved) {
    body = "Nouvel horaire : " + *change.new_date + " " + *change.new_starts_at + "-" +
           *change.new_ends_at + ".";
  }
  if (change.new_room) body += (body.empty() ? "" : " ") + ("Salle : " + *change.new_room + ".");
  if (!change.note.empty()) body += (body.empty() ? "" : " ") + change.note;
  const Day day = *detail::parseDay(change.on_date);
  const std::string link = "/timetable?monday=" +
                           detail::formatDay(day - std::chrono::days{detail::isoWeekday(day) - 1});
  CARTABLE_ASSIGN_OR_RETURN(auto people, concerned(db, lesson, change));
  const notifications::Notice notice{"timetable." + std::string(changeKindName(change.kind)), title,
                                     body, link};
  return notifications::notify(db, people, notice, author_id, now);
}

}  // namespace

Result<std::int64_t> recordChange(Connection& db, const LessonChange& change,
                                  std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Lesson lesson, getLesson(db, change.lesson_id));
  CARTABLE_RETURN_IF_ERROR(validateChange(db, lesson, change));
  if (change.kind == ChangeKind::moved)
    CARTABLE_RETURN_IF_ERROR(checkMoveConflicts(db, lesson, change));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO lesson_changes (lesson_id, on_date, kind, new_date, new_starts_at, "
      "new_ends_at, new_room, substitute_id, note, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lesson_id, on_date, kind) DO UPDATE "
      "SET new_date = excluded.new_date, new_starts_at = excluded.new_starts_at, "
      "new_ends_at = excluded.new_ends_at, new_room = excluded.new_room, "
      "substitute_id = excluded.substitute_id, note = excluded.note, "
      "created_by = excluded.created_by, created_at = excluded.created_at",
      change.lesson_id, change.on_date, changeKindName(change.kind), change.new_date,
      change.new_starts_at, change.new_ends_at, change.new_room, change.substitute_id, change.note,
      author_id > 0 ? std::optional<std::int64_t>(author_id) : std::nullopt, now));
  CARTABLE_ASSIGN_OR_RETURN(
      auto id, db.scalarInt64("SELECT id FROM lesson_changes WHERE lesson_id = ? AND on_date = ? "
                              "AND kind = ?",
                              change.lesson_id, change.on_date, changeKindName(change.kind)));
  CARTABLE_RETURN_IF_ERROR(notify(db, lesson, change, author_id, now));
  return id.value_or(0);
}

}  // namespace cartable::timetable
