// Calendar days as the school lives them: ISO "YYYY-MM-DD" text in the API and
// the database, std::chrono days in computations.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"

namespace cartable::civil {

using Day = std::chrono::sys_days;

// `text` as a day when it is exactly YYYY-MM-DD and a real date.
std::optional<Day> parseDay(std::string_view text);
std::string formatDay(Day day);
int isoWeekday(Day day);  // 1 = Monday .. 7 = Sunday
Day mondayOf(Day day);
// The UTC day of a Unix time.
Day dayOf(Seconds time);
// A Unix time as ISO 8601 UTC, e.g. "2026-11-29T08:15:00Z" (logs, messages).
std::string formatInstant(Seconds time);

}  // namespace cartable::civil
