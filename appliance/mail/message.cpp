#include "mail/message.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "core/base/civil_date.h"
#include "core/base/utf8.h"

namespace cartable::mail {
namespace {

constexpr std::size_t kMaxLine = 76;      // quoted-printable and folded header lines
constexpr std::size_t kWordPayload = 45;  // bytes per encoded word: 60 base64 characters
constexpr std::string_view kCrlf = "\r\n";

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

bool isPlainHeaderText(std::string_view text) {
  if (text.size() > kMaxLine - 10 || text.find("=?") != std::string_view::npos) return false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < ' ' || byte > '~') return false;
  }
  return true;
}

// Line breaks in a one-line header value become spaces.
std::string oneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

void appendEncodedByte(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '=';
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

// One line of the body in quoted-printable, soft-broken before kMaxLine.
std::string encodeLine(std::string_view line) {
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    std::string token;
    const bool literal =
        (byte >= '!' && byte <= '~' && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
    // A leading dot is encoded so that no transport has to stuff it.
    if (literal && !(byte == '.' && i == 0)) {
      token = static_cast<char>(byte);
    } else {
      appendEncodedByte(token, byte);
    }
    // Keep room for the "=" of a soft line break.
    if (column + token.size() > kMaxLine - 1) {
      out += "=";
      out += kCrlf;
      column = 0;
    }
    out += token;
    column += token.size();
  }
  return out;
}

const char* const kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string encodeHeaderText(std::string_view text) {
  if (isPlainHeaderText(text)) return std::string(text);
  std::string out;
  for (std::size_t start = 0; start < text.size();) {
    // Each word holds whole characters (RFC 2047, section 5).
    std::size_t end = start + utf8::truncate(text.substr(start), kWordPayload).size();
    if (end == start) end = std::min(text.size(), start + kWordPayload);  // not UTF-8
    if (!out.empty()) out += std::string(kCrlf) + " ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string quotedPrintable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    out += encodeLine(line);
    if (end == std::string_view::npos) return out;
    out += kCrlf;
    start = end + 1;
  }
}

std::string messageDate(Seconds time) {
  const civil::Day day = civil::dayOf(time);
  const std::chrono::year_month_day date(day);
  const Seconds in_day =
      time - std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count();
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "%s, %02u %s %d %02lld:%02lld:%02lld +0000",
                kWeekdays[civil::isoWeekday(day) - 1], static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                static_cast<long long>(in_day % 60));
  return text.data();
}

std::string composeMessage(const MessageParts& parts) {
  const std::string crlf(kCrlf);
  std::string from = "<" + parts.from_address + ">";
  if (!parts.from_name.empty()) from = encodeHeaderText(oneLine(parts.from_name)) + " " + from;
  std::string out;
  out += "Date: " + messageDate(parts.date) + crlf;
  out += "From: " + from + crlf;
  out += "To: <" + parts.to_address + ">" + crlf;
  out += "Subject: " + encodeHeaderText(oneLine(parts.subject)) + crlf;
  out += "Message-ID: <" + parts.message_id + ">" + crlf;
  out += "MIME-Version: 1.0" + crlf;
  out += "Content-Type: text/plain; charset=UTF-8" + crlf;
  out += "Content-Transfer-Encoding: quoted-printable" + crlf;
  // RFC 3834: automatic replies (holidays, out of office) are not sent back.
  out += "Auto-Submitted: auto-generated" + crlf;
  out += crlf;
  out += quotedPrintable(parts.body) + crlf;
  return out;
}

std::string noticeBody(const NoticeEmail& notice, std::string_view public_url,
                       std::string_view school_name) {
  std::string out = notice.title + "\n";
  if (!notice.body.empty()) out += "\n" + notice.body + "\n";
  if (!public_url.empty() && !notice.link.empty()) {
    out += "\n" + std::string(public_url) + notice.link + "\n";
  }
  out += "\n-- \n";
  out += "Message automatique de l'ENT";
  if (!school_name.empty()) out += " — " + std::string(school_name);
  out +=
      ".\nPour ne plus recevoir ces courriels, changez vos préférences de notification dans "
      "l'ENT.\n";
  return out;
}

}  // namespace cartable::mail
