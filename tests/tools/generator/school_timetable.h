// The generated school's year: its calendar (trimesters, zone B holidays, A/B
// weeks) and a weekly timetable without conflicts, each class's subjects at
// their usual weekly hours and the LV2 groups of a level side by side.
#pragma once

#include <cstddef>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {

struct TimetableSummary {
  std::size_t lessons = 0;
  std::size_t unplaced_hours = 0;  // hours no free slot could take (zero for the defaults)
};

// Writes the calendar and the lessons of `school` (already written with
// writeSchool) in one transaction; the same school always gets the same
// timetable. Every lesson goes through timetable::createLesson and its checks.
Result<TimetableSummary> writeTimetable(storage::Database& db, const GeneratedSchool& school);

}  // namespace cartable::generator
