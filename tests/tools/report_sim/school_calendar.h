// The days French secondary schools open, roughly: weekdays from 1 September
// to early July, without the zone B holidays (Toussaint, Noël, hiver,
// printemps) nor the public holidays that fall on a weekday. Close enough for
// simulated reports; not an official calendar.
#pragma once

#include <vector>

#include "core/base/civil_date.h"

namespace cartable::report_sim {

bool isSchoolDay(civil::Day day);

// The school days from `from` to `to`, both included, in order.
std::vector<civil::Day> schoolDaysBetween(civil::Day from, civil::Day to);

}  // namespace cartable::report_sim
