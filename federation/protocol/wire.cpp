#include "federation/protocol/wire.h"

namespace cartable::federation::wire {

void Writer::unsignedBigEndian(std::uint64_t value, int width) {
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

void Writer::shortString(std::string_view value) {
  u16(static_cast<std::uint16_t>(value.size()));
  out_.append(value);
}

void Writer::longString(std::string_view value) {
  u32(static_cast<std::uint32_t>(value.size()));
  out_.append(value);
}

Error Reader::fieldError(std::string_view field, std::string_view problem) const {
  return makeError(
      Errc::malformed,
      std::string(message_) + ": field \"" + std::string(field) + "\" " + std::string(problem),
      std::string(message_) + "." + std::string(field));
}

Status Reader::take(std::string_view field, std::size_t count, std::string_view& out) {
  const std::size_t left = data_.size() - offset_;
  if (count > left) {
    return fieldError(field, "needs " + std::to_string(count) + " bytes but only " +
                                 std::to_string(left) + " remain");
  }
  out = data_.substr(offset_, count);
  offset_ += count;
  return okStatus();
}

namespace {
std::uint64_t bigEndian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<std::uint8_t>(c);
  return value;
}
}  // namespace

Status Reader::u8(std::string_view field, std::uint8_t& out) {
  std::string_view taken;
  CARTABLE_RETURN_IF_ERROR(take(field, 1, taken));
  out = static_cast<std::uint8_t>(bigEndian(taken));
  return okStatus();
}

Status Reader::u16(std::string_view field, std::uint16_t& out) {
  std::string_view taken;
  CARTABLE_RETURN_IF_ERROR(take(field, 2, taken));
  out = static_cast<std::uint16_t>(bigEndian(taken));
  return okStatus();
}

Status Reader::u32(std::string_view field, std::uint32_t& out) {
  std::string_view taken;
  CARTABLE_RETURN_IF_ERROR(take(field, 4, taken));
  out = static_cast<std::uint32_t>(bigEndian(taken));
  return okStatus();
}

Status Reader::u64(std::string_view field, std::uint64_t& out) {
  std::string_view taken;
  CARTABLE_RETURN_IF_ERROR(take(field, 8, taken));
  out = bigEndian(taken);
  return okStatus();
}

Status Reader::i64(std::string_view field, std::int64_t& out) {
  std::uint64_t value = 0;
  CARTABLE_RETURN_IF_ERROR(u64(field, value));
  out = static_cast<std::int64_t>(value);
  return okStatus();
}

Status Reader::lengthThenBytes(std::string_view field, std::size_t length, std::size_t max,
                               std::string& out) {
  if (length > max) {
    return fieldError(field, "announces " + std::to_string(length) + " bytes, above the limit of " +
                                 std::to_string(max));
  }
  std::string_view taken;
  CARTABLE_RETURN_IF_ERROR(take(field, length, taken));
  out.assign(taken);
  return okStatus();
}

Status Reader::shortString(std::string_view field, std::size_t max, std::string& out) {
  std::uint16_t length = 0;
  CARTABLE_RETURN_IF_ERROR(u16(field, length));
  return lengthThenBytes(field, length, max, out);
}

Status Reader::longString(std::string_view field, std::size_t max, std::string& out) {
  std::uint32_t length = 0;
  CARTABLE_RETURN_IF_ERROR(u32(field, length));
  return lengthThenBytes(field, length, max, out);
}

Status Reader::finish() const {
  const std::size_t left = data_.size() - offset_;
  if (left == 0) return okStatus();
  return makeError(Errc::malformed,
                   std::string(message_) + ": " + std::to_string(left) +
                       " unexpected bytes after the last field",
                   std::string(message_));
}

}  // namespace cartable::federation::wire
