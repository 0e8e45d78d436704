// Writing iCalendar (RFC 5545) text: CRLF line ends, lines folded at 75
// octets without splitting a UTF-8 character, TEXT values escaped.
#pragma once

#include <string>
#include <string_view>

#include "core/base/clock.h"

namespace cartable::ics {

class Writer {
 public:
  // One content line "NAME:value"; `value` is written as is (dates, ids).
  void raw(std::string_view name, std::string_view value);
  // One content line whose value is TEXT: backslash, ';', ',' and newlines escaped.
  void text(std::string_view name, std::string_view value);
  void begin(std::string_view component) { raw("BEGIN", component); }
  void end(std::string_view component) { raw("END", component); }

  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

std::string escapeText(std::string_view value);
// "20261129T025853Z": a UTC DATE-TIME.
std::string utcStamp(Seconds time);
// "2026-09-07" and "08:30" as a local DATE-TIME "20260907T083000".
std::string localDateTime(std::string_view iso_date, std::string_view hh_mm);
// "2026-09-07" as a DATE "20260907".
std::string date(std::string_view iso_date);

}  // namespace cartable::ics
