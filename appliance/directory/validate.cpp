#include "directory/validate.h"

#include <cstdio>

#include "core/base/utf8.h"

namespace cartable::directory::validate {
namespace {

Error invalid(std::string_view field, std::string message) {
  return makeError(Errc::invalid_argument, std::string("\"") + std::string(field) + "\" " + message,
                   std::string(field));
}

bool isLoginChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

Status text(std::string_view value, std::string_view field, std::size_t max_length) {
  const auto length = utf8::countCodePoints(value);
  if (!length || utf8::hasControlCharacter(value)) return invalid(field, "must be valid UTF-8 text without control characters");
  if (*length == 0) return invalid(field, "is required");
  if (*length > max_length) {
    return invalid(field, "is longer than " + std::to_string(max_length) + " characters");
  }
  return okStatus();
}

Status login(std::string_view value) {
  const bool shaped = value.size() >= 3 && value.size() <= 64 && value[0] >= 'a' &&
                      value[0] <= 'z';
  bool chars_ok = shaped;
  for (char c : value) chars_ok = chars_ok && isLoginChar(c);
  if (!chars_ok) {
    return invalid("login",
                   "must be 3 to 64 characters among a-z 0-9 . _ - and start with a letter");
  }
  return okStatus();
}

Status email(const std::optional<std::string>& value) {
  if (!value) return okStatus();
  const auto at = value->find('@');
  const bool ok = at != std::string::npos && at > 0 && at + 1 < value->size() &&
                  value->find('@', at + 1) == std::string::npos && value->size() <= 254 &&
                  value->find_first_of(" \t\r\n<>\"") == std::string::npos;
  if (!ok) return invalid("email", "must be an address like name@domain");
  return okStatus();
}

Status ine(const std::optional<std::string>& value) {
  if (!value) return okStatus();
  bool ok = value->size() == 11;
  for (char c : *value) ok = ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
  if (!ok) return invalid("ine", "must be 11 characters, digits and upper-case letters");
  return okStatus();
}

Status date(std::string_view value, std::string_view field) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  const std::string copy(value);
  const bool parsed = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                      std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const bool valid = parsed && year >= 1900 && year <= 2200 && month >= 1 && month <= 12 &&
                     day >= 1 && day <= kDays[month - 1] && !(month == 2 && day == 29 && !leap);
  if (!valid) return invalid(field, "must be a date written YYYY-MM-DD");
  return okStatus();
}

Status optionalDate(const std::optional<std::string>& value, std::string_view field) {
  return value ? date(*value, field) : okStatus();
}

}  // namespace cartable::directory::validate
