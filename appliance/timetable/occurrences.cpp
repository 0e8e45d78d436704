#include "timetable/internal.h"

namespace cartable::timetable {

namespace {

// The occurrences on `date` of the lessons that `only_lesson` selects (0: all).
// Only the lessons recurring on that weekday, and those moved to that date,
// can be given on it.
Result<std::vector<Occurrence>> occurrences(storage::Connection& db, const std::string& date,
                                            std::int64_t only_lesson) {
  const auto day = detail::parseDay(date);
  if (!day) return detail::invalid("date", "must be a date written YYYY-MM-DD");
  CARTABLE_ASSIGN_OR_RETURN(
      auto lessons,
      detail::loadLessons(db,
                          "(?3 = 0 OR l.id = ?3) AND ((l.weekday = ?1 AND l.valid_from <= ?2 AND "
                          "l.valid_until >= ?2) OR l.id IN (SELECT lesson_id FROM lesson_changes "
                          "WHERE kind = 'moved' AND new_date = ?2))",
                          detail::isoWeekday(*day), date, only_lesson));
  const detail::Day monday = *day - std::chrono::days{detail::isoWeekday(*day) - 1};
  CARTABLE_ASSIGN_OR_RETURN(auto week, detail::expandWeek(db, lessons, monday));
  std::erase_if(week, [&](const Occurrence& occurrence) { return occurrence.date != date; });
  return week;
}

}  // namespace

Result<std::vector<Occurrence>> occurrencesOn(storage::Connection& db, const std::string& date) {
  return occurrences(db, date, 0);
}

Result<std::vector<Occurrence>> occurrencesOfLessonOn(storage::Connection& db,
                                                      std::int64_t lesson_id,
                                                      const std::string& date) {
  return occurrences(db, date, lesson_id);
}

}  // namespace cartable::timetable
