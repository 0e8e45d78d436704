// What families are told when a roll call finds their child absent or late.
// Internal to the attendance module.
#pragma once

#include <cstdint>

#include "attendance/attendance.h"

namespace cartable::attendance {

struct StudentNotice {
  std::int64_t roll_call_id = 0;
  std::int64_t student_id = 0;
  Presence status = Presence::absent;  // absent or late
  int minutes_late = 0;
};

// Notifies the student's parents of `notice`, unless they were already told
// of the same kind for this roll call (a correction does not repeat it).
Status noticeFamilyOnce(storage::Connection& db, const timetable::Occurrence& occurrence,
                        const StudentNotice& notice, std::int64_t author_id, Seconds now);

}  // namespace cartable::attendance
