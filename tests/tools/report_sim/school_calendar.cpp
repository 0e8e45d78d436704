#include "tests/tools/report_sim/school_calendar.h"

namespace cartable::report_sim {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year_month_day;

// Month and day, for ranges that repeat each year.
constexpr int monthDay(unsigned m, unsigned d) {
  return static_cast<int>(m * 100 + d);
}

struct Closure {
  int first, last;  // monthDay, both included; first > last wraps over the new year
};

// Zone B's holidays as they usually fall, and the summer.
constexpr Closure kClosures[] = {
    {monthDay(10, 18), monthDay(11, 2)},  // Toussaint
    {monthDay(12, 20), monthDay(1, 4)},   // Noël
    {monthDay(2, 14), monthDay(3, 1)},    // hiver
    {monthDay(4, 11), monthDay(4, 26)},   // printemps
    {monthDay(5, 14), monthDay(5, 17)},   // the Ascension bridge
    {monthDay(7, 4), monthDay(8, 31)},    // été
};

constexpr int kPublicHolidays[] = {monthDay(11, 1), monthDay(11, 11), monthDay(5, 1),
                                   monthDay(5, 8), monthDay(5, 25)};

bool inClosure(int md) {
  for (const Closure& closure : kClosures) {
    const bool inside = closure.first <= closure.last ? md >= closure.first && md <= closure.last
                                                      : md >= closure.first || md <= closure.last;
    if (inside) return true;
  }
  return false;
}

}  // namespace

bool isSchoolDay(civil::Day date) {
  if (civil::isoWeekday(date) > 5) return false;
  const year_month_day ymd{date};
  const int md = monthDay(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  for (int holiday : kPublicHolidays) {
    if (md == holiday) return false;
  }
  return !inClosure(md);
}

std::vector<civil::Day> schoolDaysBetween(civil::Day from, civil::Day to) {
  std::vector<civil::Day> days;
  for (civil::Day d = from; d <= to; d += std::chrono::days(1)) {
    if (isSchoolDay(d)) days.push_back(d);
  }
  return days;
}

}  // namespace cartable::report_sim
