#include "core/base/civil_date.h"

#include <cstdio>

namespace cartable::civil {
namespace {

bool digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

unsigned number(std::string_view text) {
  unsigned out = 0;
  for (char c : text) out = out * 10 + static_cast<unsigned>(c - '0');
  return out;
}

void appendPadded(std::string& out, unsigned value, std::size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) out.append(width - text.size(), '0');
  out += text;
}

}  // namespace

std::optional<Day> parseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4)) ||
      !digits(text.substr(5, 2)) || !digits(text.substr(8, 2))) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::year{static_cast<int>(number(text.substr(0, 4)))},
      std::chrono::month{number(text.substr(5, 2))}, std::chrono::day{number(text.substr(8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

std::string formatDay(Day day) {
  const std::chrono::year_month_day ymd{day};
  std::string out;
  appendPadded(out, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  out += '-';
  appendPadded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  appendPadded(out, static_cast<unsigned>(ymd.day()), 2);
  return out;
}

int isoWeekday(Day day) {
  return static_cast<int>(std::chrono::weekday{day}.iso_encoding());
}

Day mondayOf(Day day) {
  return day - std::chrono::days{isoWeekday(day) - 1};
}

Day dayOf(Seconds time) {
  return std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{time}});
}

std::string formatInstant(Seconds time) {
  const Day day = dayOf(time);
  const Seconds in_day =
      time - std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count();
  char clock[16];
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02dZ", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
  return formatDay(day) + clock;
}

}  // namespace cartable::civil
