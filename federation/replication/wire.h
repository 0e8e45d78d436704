// A compact binary layout for replication messages: unsigned LEB128
// integers and length-prefixed byte strings. The reader never reads past its
// input and names the field it failed on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace cartable::federation {

class ByteWriter {
 public:
  void integer(std::uint64_t value);
  void bytes(std::string_view value);
  void raw(std::string_view value) { out_.append(value); }
  std::string take() { return std::move(out_); }
  std::size_t size() const { return out_.size(); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  Result<std::uint64_t> integer(std::string_view field);
  // A length-prefixed string of at most `max` bytes.
  Result<std::string> bytes(std::string_view field, std::size_t max);
  std::string_view rest() const { return in_.substr(pos_); }
  bool atEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace cartable::federation
