// Big-endian encoding of the federation's binary messages: certificates and
// handshake (here), replication batches and enrollment messages. Fixed-width
// integers, length-prefixed strings; every read error names the message and
// the field.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::federation::wire {

class Writer {
 public:
  void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u16(std::uint16_t value) { unsignedBigEndian(value, 2); }
  void u32(std::uint32_t value) { unsignedBigEndian(value, 4); }
  void u64(std::uint64_t value) { unsignedBigEndian(value, 8); }
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  template <std::size_t N>
  void bytes(const std::array<std::uint8_t, N>& value) {
    out_.append(reinterpret_cast<const char*>(value.data()), N);
  }
  void raw(std::string_view value) { out_.append(value); }
  // A length (u16) then the bytes; the caller keeps `value` below 64 KiB.
  void shortString(std::string_view value);
  // A length (u32) then the bytes.
  void longString(std::string_view value);

  const std::string& data() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void unsignedBigEndian(std::uint64_t value, int width);
  std::string out_;
};

// Reads fields in order; every error names the message and the field, e.g.
// `ClientHello: field "name" needs 12 bytes but only 3 remain`.
class Reader {
 public:
  Reader(std::string_view data, std::string_view message) : data_(data), message_(message) {}

  Status u8(std::string_view field, std::uint8_t& out);
  Status u16(std::string_view field, std::uint16_t& out);
  Status u32(std::string_view field, std::uint32_t& out);
  Status u64(std::string_view field, std::uint64_t& out);
  Status i64(std::string_view field, std::int64_t& out);
  template <std::size_t N>
  Status bytes(std::string_view field, std::array<std::uint8_t, N>& out) {
    std::string_view taken;
    CARTABLE_RETURN_IF_ERROR(take(field, N, taken));
    for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(taken[i]);
    return okStatus();
  }
  // A u16 length then at most `max` bytes.
  Status shortString(std::string_view field, std::size_t max, std::string& out);
  // A u32 length then at most `max` bytes.
  Status longString(std::string_view field, std::size_t max, std::string& out);
  // Fails when bytes are left over.
  Status finish() const;

  std::size_t offset() const { return offset_; }
  // What is left to read.
  std::string_view rest() const { return data_.substr(offset_); }
  Error fieldError(std::string_view field, std::string_view problem) const;

 private:
  Status take(std::string_view field, std::size_t count, std::string_view& out);
  Status lengthThenBytes(std::string_view field, std::size_t length, std::size_t max,
                         std::string& out);

  std::string_view data_;
  std::string_view message_;
  std::size_t offset_ = 0;
};

}  // namespace cartable::federation::wire
