#include "federation/replication/wire.h"

namespace cartable::federation {

void ByteWriter::integer(std::uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void ByteWriter::bytes(std::string_view value) {
  integer(value.size());
  out_.append(value);
}

Result<std::uint64_t> ByteReader::integer(std::string_view field) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= in_.size()) {
      return makeError(Errc::malformed, "message ends inside " + std::string(field),
                       std::string(field));
    }
    const auto byte = static_cast<std::uint8_t>(in_[pos_++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  return makeError(Errc::malformed, std::string(field) + " is not a valid integer",
                   std::string(field));
}

Result<std::string> ByteReader::bytes(std::string_view field, std::size_t max) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t length, integer(field));
  if (length > max) {
    return makeError(Errc::malformed,
                     std::string(field) + " is " + std::to_string(length) +
                         " bytes long, above the limit of " + std::to_string(max),
                     std::string(field));
  }
  if (length > in_.size() - pos_) {
    return makeError(Errc::malformed, "message ends inside " + std::string(field),
                     std::string(field));
  }
  std::string value(in_.substr(pos_, length));
  pos_ += length;
  return value;
}

}  // namespace cartable::federation
