// Helpers shared by the dashboard's .cpp files; nobody outside this folder
// includes it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dashboards/dashboards.h"

namespace cartable::dashboards::detail {

// What every section of one request shares.
struct Context {
  std::int64_t person_id = 0;
  Seconds now = 0;
  std::string today;
  std::string tomorrow;
  std::optional<attendance::DateSpan> period;  // see Absences
  // Ids the sections name, resolved into Names at the end.
  std::set<std::int64_t> people, subjects, classes, groups;
  // Weeks already read, by person and Monday: today and tomorrow often share one.
  std::map<std::pair<std::int64_t, std::string>, std::vector<timetable::Occurrence>> weeks;

  void nameLesson(const timetable::Occurrence& lesson);
};

// The lessons `person_id` has on `date` (their week's, filtered).
Result<Day> dayOf(storage::Connection& db, Context& context, std::int64_t person_id,
                  const std::string& date);

Result<Unread> unreadOf(storage::Connection& db, const Context& context);

// A student's view; `events` gets every attendance event of the period (for
// the requested justifications of a parent's view).
Result<StudentView> studentView(storage::Connection& db, Context& context, std::int64_t student_id,
                                std::vector<attendance::AttendanceEvent>& events);

Result<TeacherSection> teacherSection(storage::Connection& db, Context& context);
Result<StaffSection> staffSection(storage::Connection& db, Context& context);

}  // namespace cartable::dashboards::detail
