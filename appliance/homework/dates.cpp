#include <cstdio>

#include "directory/validate.h"
#include "homework/internal.h"

namespace cartable::homework::detail {
namespace {

constexpr int kMaxRangeDays = 366;

// Whether the week of `day` is an A or a B week, counted from the calendar's
// reference Monday of a week A (none without one).
std::optional<timetable::WeekPattern> weekType(const timetable::Calendar& calendar, Day day) {
  if (!calendar.week_a_monday) return std::nullopt;
  const auto reference = parseDay(*calendar.week_a_monday);
  if (!reference) return std::nullopt;
  const int weekday = static_cast<int>(std::chrono::weekday{day}.iso_encoding());
  const Day monday = day - std::chrono::days{weekday - 1};
  const auto weeks = (monday - *reference).count() / 7;
  return weeks % 2 == 0 ? timetable::WeekPattern::a : timetable::WeekPattern::b;
}

bool isHoliday(const timetable::Calendar& calendar, const std::string& date) {
  for (const timetable::DateRange& range : calendar.holidays) {
    if (range.starts_on <= date && date <= range.ends_on) return true;
  }
  return false;
}

}  // namespace

std::optional<Day> parseDay(std::string_view text) {
  if (!directory::validate::date(text, "date").ok()) return std::nullopt;
  const std::string copy(text);
  int year = 0;
  unsigned month = 0, day = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2u", &year, &month, &day) != 3) return std::nullopt;
  return Day{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
}

std::string formatDay(Day day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string dateOf(Seconds instant) {
  return formatDay(std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{instant}}));
}

std::string timeOf(Seconds instant) {
  const Seconds in_day = ((instant % 86400) + 86400) % 86400;
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  return buffer;
}

bool isTime(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return false;
  }
  return text.substr(0, 2) <= "23" && text[3] <= '5';
}

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Status checkRange(const std::string& from, const std::string& to) {
  const auto first = parseDay(from);
  if (!first) return invalid("from", "must be a date written YYYY-MM-DD");
  const auto last = parseDay(to);
  if (!last) return invalid("to", "must be a date written YYYY-MM-DD");
  if (*last < *first) return invalid("to", "must not be before \"from\"");
  if ((*last - *first).count() > kMaxRangeDays) {
    return invalid("to",
                   "must be at most " + std::to_string(kMaxRangeDays) + " days after \"from\"");
  }
  return okStatus();
}

Result<bool> lessonTakesPlace(storage::Connection& db, const timetable::Lesson& lesson,
                              const std::string& date) {
  const auto day = parseDay(date);
  if (!day) return false;
  CARTABLE_ASSIGN_OR_RETURN(const timetable::Calendar calendar, timetable::getCalendar(db));
  const auto pattern = weekType(calendar, *day);
  const bool fits = lesson.week_pattern == timetable::WeekPattern::all ||
                    (pattern && *pattern == lesson.week_pattern);
  return static_cast<int>(std::chrono::weekday{*day}.iso_encoding()) == lesson.weekday &&
         lesson.valid_from <= date && date <= lesson.valid_until && fits &&
         !isHoliday(calendar, date);
}

std::string assignedCondition(const std::string& h, const std::string& student) {
  return "(EXISTS (SELECT 1 FROM homework_students hs WHERE hs.homework_id = " + h +
         ".id AND hs.student_id = " + student +
         ") OR (NOT EXISTS (SELECT 1 FROM homework_students hs WHERE hs.homework_id = " + h +
         ".id) AND (" + h +
         ".class_id IN (SELECT class_id FROM enrollments WHERE student_id = " + student +
         " AND until IS NULL) OR " + h +
         ".group_id IN (SELECT group_id FROM group_members WHERE student_id = " + student + "))))";
}

Result<std::string> subjectLabel(storage::Connection& db, std::int64_t subject_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query("SELECT label FROM subjects WHERE id = ?", subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : "matière " + std::to_string(subject_id);
}

std::string frenchDate(const std::string& date) {
  if (date.size() != 10) return date;
  return date.substr(8, 2) + "/" + date.substr(5, 2) + "/" + date.substr(0, 4);
}

}  // namespace cartable::homework::detail
