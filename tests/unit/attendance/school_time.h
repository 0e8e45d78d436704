// Instants of the school's calendar for tests, read as its civil time.
#pragma once

#include <chrono>
#include <string>

#include "core/base/clock.h"

namespace cartable::attendance {

// Unix time of `date` at `time`, read as the school's civil time.
inline Seconds at(const std::string& date, const std::string& time) {
  const int year = std::stoi(date.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  const int minutes = std::stoi(time.substr(0, 2)) * 60 + std::stoi(time.substr(3, 2));
  return days.time_since_epoch().count() * 86400 + minutes * 60;
}

}  // namespace cartable::attendance
