#include "directory/validate.h"
#include "timetable/internal.h"

namespace cartable::timetable::detail {

bool isTime(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return false;
  }
  return text.substr(0, 2) <= "23" && text[3] <= '5';
}

Error invalid(std::string field, const std::string& message) {
  // The text first: arguments are evaluated in no set order, and the field moves.
  std::string text = "\"" + field + "\" " + message;
  return makeError(Errc::invalid_argument, std::move(text), std::move(field));
}

Status requireDate(const std::string& value, const std::string& field) {
  return directory::validate::date(value, field);
}

Status requireTime(const std::string& value, const std::string& field) {
  if (!isTime(value)) return invalid(field, "must be a time written HH:MM");
  return okStatus();
}

Status requireTeachers(storage::Connection& db, const std::vector<std::int64_t>& ids,
                       const std::string& field) {
  if (ids.empty()) return invalid(field, "must name at least one teacher");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (ids[i] == ids[j]) return invalid(field, "names " + std::to_string(ids[i]) + " twice");
    }
    CARTABLE_ASSIGN_OR_RETURN(
        auto teacher,
        db.scalarInt64("SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id "
                       "WHERE r.user_id = ? AND r.role = 'teacher' AND u.disabled_at IS NULL",
                       ids[i]));
    if (!teacher) {
      return invalid(field, std::to_string(ids[i]) + " is not an active teacher");
    }
  }
  return okStatus();
}

std::optional<WeekPattern> weekType(const Calendar& calendar, Day day) {
  if (!calendar.week_a_monday) return std::nullopt;
  const auto reference = parseDay(*calendar.week_a_monday);
  if (!reference) return std::nullopt;
  const Day monday = day - std::chrono::days{isoWeekday(day) - 1};
  const auto weeks = (monday - *reference).count() / 7;
  return weeks % 2 == 0 ? WeekPattern::a : WeekPattern::b;
}

bool isHoliday(const Calendar& calendar, Day day) {
  const std::string text = formatDay(day);
  for (const DateRange& range : calendar.holidays) {
    if (range.starts_on <= text && text <= range.ends_on) return true;
  }
  return false;
}

bool patternFits(WeekPattern pattern, std::optional<WeekPattern> type) {
  return pattern == WeekPattern::all || (type && *type == pattern);
}

bool recursOn(const Lesson& lesson, const Calendar& calendar, Day day) {
  const std::string text = formatDay(day);
  return isoWeekday(day) == lesson.weekday && lesson.valid_from <= text &&
         text <= lesson.valid_until && patternFits(lesson.week_pattern, weekType(calendar, day)) &&
         !isHoliday(calendar, day);
}

}  // namespace cartable::timetable::detail
