#include <algorithm>
#include <map>
#include <set>

#include "attendance/internal.h"
#include "attendance/roll_notices.h"
#include "directory/structure.h"

namespace cartable::attendance {
namespace {

using storage::Connection;
using timetable::Occurrence;

struct Mark {
  Presence status = Presence::present;
  int minutes = 0;
  bool operator==(const Mark&) const = default;
};
using Marks = std::map<std::int64_t, Mark>;  // by student; present students left out

struct StoredRoll {
  std::int64_t id = 0;
  std::optional<std::int64_t> taken_by;
  Seconds taken_at = 0;
};

// The occurrence of the lesson given on `date`, or why there is none.
Result<Occurrence> givenOccurrence(Connection& db, std::int64_t lesson_id,
                                   const std::string& date) {
  CARTABLE_RETURN_IF_ERROR(timetable::getLesson(db, lesson_id));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(auto occurrences,
                            timetable::occurrencesOfLessonOn(db, lesson_id, date));
  std::optional<Occurrence> cancelled;
  for (Occurrence& occurrence : occurrences) {
    if (occurrence.lesson_id != lesson_id) continue;
    if (!occurrence.cancelled) return std::move(occurrence);
    cancelled = std::move(occurrence);
  }
  const std::string lesson = "lesson " + std::to_string(lesson_id);
  if (cancelled) return detail::invalid("date", lesson + " is cancelled on " + date);
  return detail::invalid("date", date + " is not a day " + lesson + " takes place");
}

bool hasStarted(const Occurrence& occurrence, Seconds now) {
  const CivilTime today = civilNow(now);
  return occurrence.date < today.date ||
         (occurrence.date == today.date && occurrence.starts_at <= today.time);
}

Result<std::optional<StoredRoll>> findRoll(Connection& db, std::int64_t lesson_id,
                                           const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query("SELECT id, taken_by, taken_at FROM roll_calls "
                                               "WHERE lesson_id = ? AND on_date = ?",
                                               lesson_id, date));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<StoredRoll>();
  return std::optional<StoredRoll>(StoredRoll{row.int64(0), row.optionalInt64(1), row.int64(2)});
}

Result<Marks> loadMarks(Connection& db, std::int64_t roll_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT student_id, status, minutes_late FROM attendance_marks "
                          "WHERE roll_call_id = ?",
                          roll_id));
  Marks out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out[rows.int64(0)] = {parsePresence(rows.text(1)).value_or(Presence::absent),
                          static_cast<int>(rows.int64(2))};
  }
}

Result<std::vector<Correction>> loadCorrections(Connection& db, std::int64_t roll_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT student_id, old_status, old_minutes, new_status, new_minutes, "
                          "changed_by, changed_at FROM roll_call_corrections "
                          "WHERE roll_call_id = ? ORDER BY id",
                          roll_id));
  std::vector<Correction> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({rows.int64(0), parsePresence(rows.text(1)).value_or(Presence::present),
                   static_cast<int>(rows.int64(2)),
                   parsePresence(rows.text(3)).value_or(Presence::present),
                   static_cast<int>(rows.int64(4)), rows.optionalInt64(5), rows.int64(6)});
  }
}

Status checkMinutes(const RollEntry& entry, const std::string& field) {
  if (entry.status != Presence::late) {
    if (entry.minutes_late == 0) return okStatus();
    return detail::invalid(field, "is only for a late student");
  }
  if (entry.minutes_late < kMinMinutesLate || entry.minutes_late > kMaxMinutesLate) {
    return detail::invalid(field, "must be from " + std::to_string(kMinMinutesLate) + " to " +
                                      std::to_string(kMaxMinutesLate) + " for a late student");
  }
  return okStatus();
}

// Checks every entry against the lesson's students; the marks they make.
Result<Marks> marksFrom(const std::vector<RollEntry>& entries,
                        const std::vector<std::int64_t>& students, std::int64_t lesson_id) {
  const std::set<std::int64_t> enrolled(students.begin(), students.end());
  Marks out;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const RollEntry& entry = entries[i];
    const std::string where = "entries[" + std::to_string(i) + "].";
    const std::string id = std::to_string(entry.student_id);
    if (!enrolled.contains(entry.student_id)) {
      return detail::invalid(where + "student_id",
                             id + " is not a student of lesson " + std::to_string(lesson_id));
    }
    if (!seen.insert(entry.student_id).second) {
      return detail::invalid(where + "student_id", id + " is listed twice");
    }
    CARTABLE_RETURN_IF_ERROR(checkMinutes(entry, where + "minutes_late"));
    if (entry.status != Presence::present) {
      out[entry.student_id] = {entry.status, entry.minutes_late};
    }
  }
  return out;
}

Result<std::int64_t> saveRoll(Connection& db, const Occurrence& occurrence, std::int64_t author_id,
                              Seconds now) {
  const auto author = author_id > 0 ? std::optional<std::int64_t>(author_id) : std::nullopt;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO roll_calls (lesson_id, on_date, subject_id, starts_at, ends_at, "
              "taken_by, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lesson_id, on_date) "
              "DO UPDATE SET subject_id = excluded.subject_id, starts_at = excluded.starts_at, "
              "ends_at = excluded.ends_at, taken_by = excluded.taken_by, "
              "taken_at = excluded.taken_at",
              occurrence.lesson_id, occurrence.date, occurrence.subject_id, occurrence.starts_at,
              occurrence.ends_at, author, now));
  CARTABLE_ASSIGN_OR_RETURN(auto id, db.scalarInt64("SELECT id FROM roll_calls WHERE lesson_id = ? "
                                                    "AND on_date = ?",
                                                    occurrence.lesson_id, occurrence.date));
  return id.value_or(0);
}

Mark markOf(const Marks& marks, std::int64_t student_id) {
  const auto found = marks.find(student_id);
  return found == marks.end() ? Mark{} : found->second;
}

Status recordCorrections(Connection& db, std::int64_t roll_id, const Marks& before,
                         const Marks& after, std::int64_t author_id, Seconds now) {
  std::set<std::int64_t> students;
  for (const auto& [student, mark] : before) students.insert(student);
  for (const auto& [student, mark] : after) students.insert(student);
  const auto author = author_id > 0 ? std::optional<std::int64_t>(author_id) : std::nullopt;
  for (std::int64_t student : students) {
    const Mark old_mark = markOf(before, student), new_mark = markOf(after, student);
    if (old_mark == new_mark) continue;
    CARTABLE_RETURN_IF_ERROR(db.exec(
        "INSERT INTO roll_call_corrections (roll_call_id, student_id, old_status, old_minutes, "
        "new_status, new_minutes, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        roll_id, student, presenceName(old_mark.status), old_mark.minutes,
        presenceName(new_mark.status), new_mark.minutes, author, now));
  }
  return okStatus();
}

Status replaceMarks(Connection& db, std::int64_t roll_id, const Marks& marks) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM attendance_marks WHERE roll_call_id = ?", roll_id));
  for (const auto& [student, mark] : marks) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO attendance_marks (roll_call_id, student_id, status, minutes_late) "
                "VALUES (?, ?, ?, ?)",
                roll_id, student, presenceName(mark.status), mark.minutes));
  }
  return okStatus();
}

// The lesson's current students, then anyone marked who has left it since.
Result<std::vector<StudentPresence>> presences(Connection& db, const Occurrence& occurrence,
                                               const Marks& marks) {
  CARTABLE_ASSIGN_OR_RETURN(auto students,
                            directory::studentsOf(db, occurrence.class_id, occurrence.group_id));
  for (const auto& [student, mark] : marks) {
    if (std::find(students.begin(), students.end(), student) == students.end()) {
      students.push_back(student);
    }
  }
  std::vector<StudentPresence> out;
  for (std::int64_t student : students) {
    CARTABLE_ASSIGN_OR_RETURN(std::string name, detail::nameOf(db, student));
    const Mark mark = markOf(marks, student);
    out.push_back({student, std::move(name), mark.status, mark.minutes});
  }
  return out;
}

Result<RollCall> describe(Connection& db, const Occurrence& occurrence) {
  RollCall out;
  out.lesson_id = occurrence.lesson_id;
  out.date = occurrence.date;
  out.starts_at = occurrence.starts_at;
  out.ends_at = occurrence.ends_at;
  CARTABLE_ASSIGN_OR_RETURN(auto stored, findRoll(db, occurrence.lesson_id, occurrence.date));
  Marks marks;
  if (stored) {
    out.taken = true;
    out.taken_by = stored->taken_by;
    out.taken_at = stored->taken_at;
    CARTABLE_ASSIGN_OR_RETURN(marks, loadMarks(db, stored->id));
    CARTABLE_ASSIGN_OR_RETURN(out.corrections, loadCorrections(db, stored->id));
  }
  CARTABLE_ASSIGN_OR_RETURN(out.students, presences(db, occurrence, marks));
  return out;
}

}  // namespace

Result<RollCall> getRollCall(Connection& db, std::int64_t lesson_id, const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(Occurrence occurrence, givenOccurrence(db, lesson_id, date));
  return describe(db, occurrence);
}

Result<RollCall> recordRollCall(Connection& db, std::int64_t lesson_id, const std::string& date,
                                const std::vector<RollEntry>& entries, std::int64_t author_id,
                                Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Occurrence occurrence, givenOccurrence(db, lesson_id, date));
  if (!hasStarted(occurrence, now)) {
    return detail::invalid("date", "lesson " + std::to_string(lesson_id) + " on " + date +
                                       " has not started yet (it starts at " +
                                       occurrence.starts_at + ")");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto students,
                            directory::studentsOf(db, occurrence.class_id, occurrence.group_id));
  CARTABLE_ASSIGN_OR_RETURN(Marks after, marksFrom(entries, students, lesson_id));
  CARTABLE_ASSIGN_OR_RETURN(auto stored, findRoll(db, lesson_id, date));
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t roll_id, saveRoll(db, occurrence, author_id, now));
  if (stored) {
    // Taking the roll again corrects it: each student's change is kept.
    CARTABLE_ASSIGN_OR_RETURN(Marks before, loadMarks(db, stored->id));
    CARTABLE_RETURN_IF_ERROR(recordCorrections(db, roll_id, before, after, author_id, now));
  }
  CARTABLE_RETURN_IF_ERROR(replaceMarks(db, roll_id, after));
  for (const auto& [student, mark] : after) {
    const StudentNotice notice{roll_id, student, mark.status, mark.minutes};
    CARTABLE_RETURN_IF_ERROR(noticeFamilyOnce(db, occurrence, notice, author_id, now));
  }
  return describe(db, occurrence);
}

Result<bool> givesLesson(Connection& db, std::int64_t teacher_id, std::int64_t lesson_id,
                         const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(bool usual, timetable::teachesLesson(db, teacher_id, lesson_id));
  if (usual) return true;
  auto occurrence = givenOccurrence(db, lesson_id, date);
  if (!occurrence.ok()) {
    // No such occurrence: nobody gives it as a substitute.
    const Errc code = occurrence.error().code;
    if (code == Errc::invalid_argument || code == Errc::not_found) return false;
    return occurrence.error();
  }
  const auto& teachers = occurrence->teacher_ids;
  return std::find(teachers.begin(), teachers.end(), teacher_id) != teachers.end();
}

Result<std::vector<Occurrence>> missingRollCalls(Connection& db, const std::string& date,
                                                 Seconds now) {
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(auto occurrences, timetable::occurrencesOn(db, date));
  std::vector<Occurrence> out;
  for (Occurrence& occurrence : occurrences) {
    if (occurrence.cancelled || !hasStarted(occurrence, now)) continue;
    CARTABLE_ASSIGN_OR_RETURN(auto stored, findRoll(db, occurrence.lesson_id, occurrence.date));
    if (!stored) out.push_back(std::move(occurrence));
  }
  return out;
}

}  // namespace cartable::attendance
