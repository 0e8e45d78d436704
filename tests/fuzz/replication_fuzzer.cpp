// Replication messages (federation/replication/messages.h) from a peer who
// may send anything. A batch's records are compressed, so random bytes seldom
// reach the record reader: with an odd first byte the input is
//   u16 length, that many bytes of message head, then the records uncompressed
// and the target compresses them before decoding. Whatever decodes must encode
// to bytes that decode to the same message.
#include <Poco/DeflatingStream.h>

#include <sstream>

#include "federation/replication/messages.h"
#include "fuzz_bytes.h"

namespace {

using namespace cartable;

std::string compressed(std::string_view raw) {
  std::ostringstream out;
  Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_ZLIB, 1);
  deflate.write(raw.data(), static_cast<std::streamsize>(raw.size()));
  deflate.close();
  return out.str();
}

// The message a "head + uncompressed records" input stands for.
std::string withCompressedRecords(std::string_view input) {
  if (input.size() < 2) return std::string(input);
  const std::size_t head =
      (std::size_t{static_cast<std::uint8_t>(input[0])} << 8) | static_cast<std::uint8_t>(input[1]);
  input.remove_prefix(2);
  const std::size_t cut = std::min(head, input.size());
  return std::string(input.substr(0, cut)) + compressed(input.substr(cut));
}

void checkLimits(const federation::Message& message) {
  if (const auto* batch = std::get_if<federation::Batch>(&message)) {
    fuzz::require(batch->records.size() <= federation::kMaxRecordsPerBatch, "batch size bound");
    for (const federation::Record& record : batch->records) {
      fuzz::require(record.seq > 0 && record.seq <= batch->through, "seq within the batch");
      fuzz::require(record.body.size() <= federation::kMaxRecordBody, "body size bound");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [selector, rest] = fuzz::select(fuzz::asText(data, size));
  const std::string bytes = selector % 2 == 1 ? withCompressedRecords(rest) : std::string(rest);
  auto decoded = federation::decodeMessage(bytes);
  if (!decoded.ok()) {
    fuzz::require(!decoded.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  checkLimits(*decoded);
  const std::string encoded = federation::encodeMessage(*decoded);
  auto again = federation::decodeMessage(encoded);
  fuzz::require(again.ok(), "an encoded message decodes");
  fuzz::require(federation::encodeMessage(*again) == encoded, "decoding keeps every field");
  return 0;
}
