#include "timetable/internal.h"

namespace cartable::timetable {

Result<std::vector<Occurrence>> occurrencesOn(storage::Connection& db, const std::string& date) {
  const auto day = detail::parseDay(date);
  if (!day) return detail::invalid("date", "must be a date written YYYY-MM-DD");
  // Only the lessons recurring on that weekday, and those moved to that date,
  // can be given on it.
  CARTABLE_ASSIGN_OR_RETURN(
      auto lessons,
      detail::loadLessons(db,
                          "(l.weekday = ?1 AND l.valid_from <= ?2 AND l.valid_until >= ?2) OR "
                          "l.id IN (SELECT lesson_id FROM lesson_changes WHERE kind = 'moved' "
                          "AND new_date = ?2)",
                          detail::isoWeekday(*day), date));
  const detail::Day monday = *day - std::chrono::days{detail::isoWeekday(*day) - 1};
  CARTABLE_ASSIGN_OR_RETURN(auto week, detail::expandWeek(db, lessons, monday));
  std::erase_if(week, [&](const Occurrence& occurrence) { return occurrence.date != date; });
  return week;
}

}  // namespace cartable::timetable
