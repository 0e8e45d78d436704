#include "calendar_feed/ics.h"

#include "core/base/civil_date.h"

namespace cartable::ics {
namespace {

constexpr std::size_t kMaxLineOctets = 75;

bool continuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string twoDigits(long value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

}  // namespace

void Writer::raw(std::string_view name, std::string_view value) {
  std::string line = std::string(name) + ":" + std::string(value);
  // Folding inserts CRLF + one space; the following lines carry 74 octets of
  // content so that every line stays within 75.
  std::size_t start = 0;
  std::size_t room = kMaxLineOctets;
  while (line.size() - start > room) {
    std::size_t cut = start + room;
    while (cut > start && continuationByte(line[cut])) --cut;
    out_.append(line, start, cut - start);
    out_ += "\r\n ";
    start = cut;
    room = kMaxLineOctets - 1;
  }
  out_.append(line, start, std::string::npos);
  out_ += "\r\n";
}

void Writer::text(std::string_view name, std::string_view value) {
  raw(name, escapeText(value));
}

std::string escapeText(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        if (i + 1 < value.size() && value[i + 1] == '\n') break;  // CRLF: one newline
        out += "\\n";
        break;
      default:
        // Other control characters are not allowed in TEXT.
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
    }
  }
  return out;
}

std::string utcStamp(Seconds time) {
  const auto day = civil::dayOf(time);
  const long in_day =
      static_cast<long>(time - std::chrono::sys_seconds{day}.time_since_epoch().count());
  return date(civil::formatDay(day)) + "T" + twoDigits(in_day / 3600) +
         twoDigits(in_day / 60 % 60) + twoDigits(in_day % 60) + "Z";
}

std::string localDateTime(std::string_view iso_date, std::string_view hh_mm) {
  return date(iso_date) + "T" + std::string(hh_mm.substr(0, 2)) + std::string(hh_mm.substr(3, 2)) +
         "00";
}

std::string date(std::string_view iso_date) {
  return std::string(iso_date.substr(0, 4)) + std::string(iso_date.substr(5, 2)) +
         std::string(iso_date.substr(8, 2));
}

}  // namespace cartable::ics
