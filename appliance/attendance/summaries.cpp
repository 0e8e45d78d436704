#include <map>
#include <utility>

#include "attendance/internal.h"
#include "directory/structure.h"

namespace cartable::attendance {
namespace {

using storage::Connection;
using Standing = AttendanceEvent::Standing;

constexpr const char* kFirstDate = "0000-01-01";
constexpr const char* kLastDate = "9999-12-31";

// "YYYY-MM-DD HH:MM" strings compare in time order; "24:00" closes a day.
struct Interval {
  std::string starts;
  std::string ends;  // excluded
  bool overlaps(const Interval& other) const { return starts < other.ends && other.starts < ends; }
};

Interval intervalOf(const Justification& value) {
  return {value.from_date + " " + value.from_time.value_or("00:00"),
          value.to_date + " " + value.to_time.value_or("24:00")};
}

Interval intervalOf(const AttendanceEvent& event) {
  return {event.date + " " + event.starts_at, event.date + " " + event.ends_at};
}

Result<std::vector<AttendanceEvent>> loadEvents(Connection& db, std::int64_t student_id,
                                                const DateSpan& span) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query("SELECT r.lesson_id, r.subject_id, r.on_date, r.starts_at, r.ends_at, m.status, "
               "m.minutes_late FROM attendance_marks m JOIN roll_calls r ON r.id = m.roll_call_id "
               "WHERE m.student_id = ? AND r.on_date BETWEEN ? AND ? "
               "ORDER BY r.on_date, r.starts_at, r.id",
               student_id, span.from, span.to));
  std::vector<AttendanceEvent> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    AttendanceEvent event;
    event.lesson_id = rows.optionalInt64(0);
    event.subject_id = rows.optionalInt64(1);
    event.date = rows.text(2);
    event.starts_at = rows.text(3);
    event.ends_at = rows.text(4);
    event.status = parsePresence(rows.text(5)).value_or(Presence::absent);
    event.minutes_late = static_cast<int>(rows.int64(6));
    out.push_back(std::move(event));
  }
}

// An accepted justification wins over a pending one; refused ones count for nothing.
void applyJustifications(std::vector<AttendanceEvent>& events,
                         const std::vector<Justification>& justifications) {
  for (AttendanceEvent& event : events) {
    for (const Justification& justification : justifications) {
      if (!intervalOf(justification).overlaps(intervalOf(event))) continue;
      if (justification.state == JustificationState::accepted) {
        event.standing = Standing::justified;
        event.justification_id = justification.id;
        break;
      }
      if (justification.state == JustificationState::pending &&
          event.standing == Standing::unjustified) {
        event.standing = Standing::pending;
        event.justification_id = justification.id;
      }
    }
  }
}

void count(StudentAttendance& out) {
  // Half-day (date, afternoon?) -> whether one of its absences is not justified.
  std::map<std::pair<std::string, bool>, bool> half_days;
  for (const AttendanceEvent& event : out.events) {
    if (event.status == Presence::late) {
      ++out.late_count;
      out.minutes_late += event.minutes_late;
      continue;
    }
    const bool afternoon = event.starts_at >= kAfternoonStartsAt;
    half_days[{event.date, afternoon}] |= event.standing != Standing::justified;
  }
  out.half_days_absent = static_cast<int>(half_days.size());
  for (const auto& [half_day, unjustified] : half_days) out.half_days_unjustified += unjustified;
}

Result<DateSpan> periodSpan(Connection& db, std::int64_t period) {
  CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db));
  const auto& periods = calendar.periods;
  if (period < 1 || period > static_cast<std::int64_t>(periods.size())) {
    return detail::invalid("period", "must be from 1 to " + std::to_string(periods.size()) +
                                         " (the calendar's periods)");
  }
  const timetable::DateRange& range = periods[static_cast<std::size_t>(period - 1)];
  return DateSpan{range.starts_on, range.ends_on, range.label};
}

Result<DateSpan> currentSpan(Connection& db, const std::string& today) {
  CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db));
  for (const timetable::DateRange& range : calendar.periods) {
    if (range.starts_on <= today && today <= range.ends_on) {
      return DateSpan{range.starts_on, range.ends_on, range.label};
    }
  }
  return DateSpan{kFirstDate, kLastDate, ""};
}

}  // namespace

Result<DateSpan> resolveSpan(Connection& db, std::optional<std::int64_t> period,
                             const std::optional<std::string>& from,
                             const std::optional<std::string>& to, const std::string& today) {
  if (period) {
    if (from || to) return detail::invalid("period", "cannot be combined with from and to");
    return periodSpan(db, *period);
  }
  if (!from && !to) return currentSpan(db, today);
  if (!from) return detail::invalid("from", "is required with to");
  if (!to) return detail::invalid("to", "is required with from");
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(*from, "from"));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(*to, "to"));
  if (*to < *from) return detail::invalid("to", "is before from");
  return DateSpan{*from, *to, ""};
}

Result<StudentAttendance> studentAttendance(Connection& db, std::int64_t student_id,
                                            const DateSpan& span) {
  CARTABLE_ASSIGN_OR_RETURN(bool student, detail::isStudent(db, student_id));
  if (!student) {
    return makeError(Errc::not_found, "no such student: " + std::to_string(student_id), "id");
  }
  StudentAttendance out;
  out.student_id = student_id;
  CARTABLE_ASSIGN_OR_RETURN(out.name, detail::nameOf(db, student_id));
  CARTABLE_ASSIGN_OR_RETURN(out.events, loadEvents(db, student_id, span));
  JustificationFilter filter;
  filter.student_id = student_id;
  CARTABLE_ASSIGN_OR_RETURN(auto justifications, listJustifications(db, filter));
  applyJustifications(out.events, justifications);
  count(out);
  return out;
}

Result<std::vector<StudentAttendance>> classAttendance(Connection& db, std::int64_t class_id,
                                                       const DateSpan& span) {
  CARTABLE_RETURN_IF_ERROR(directory::getClass(db, class_id));
  CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(db, class_id));
  std::vector<StudentAttendance> out;
  for (std::int64_t student : students) {
    CARTABLE_ASSIGN_OR_RETURN(StudentAttendance one, studentAttendance(db, student, span));
    one.events.clear();
    out.push_back(std::move(one));
  }
  return out;
}

Result<std::vector<StudentAttendance>> attendanceOn(Connection& db, const std::string& date) {
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT DISTINCT m.student_id, u.family_name, u.given_name "
                          "FROM roll_calls r JOIN attendance_marks m ON m.roll_call_id = r.id "
                          "JOIN users u ON u.id = m.student_id WHERE r.on_date = ? "
                          "ORDER BY u.family_name, u.given_name, u.id",
                          date));
  std::vector<std::int64_t> students;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    students.push_back(rows.int64(0));
  }
  std::vector<StudentAttendance> out;
  for (std::int64_t student : students) {
    CARTABLE_ASSIGN_OR_RETURN(StudentAttendance one,
                              studentAttendance(db, student, DateSpan{date, date, ""}));
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace cartable::attendance
