// Enrollment (federation/enrollment/enrollment.h): the messages exchanged
// before the hub is trusted, and the one-time code and peer names as typed or
// received. Whatever decodes must encode back to the same bytes.
#include "federation/enrollment/enrollment.h"
#include "fuzz_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cartable;
  const std::string_view input = fuzz::asText(data, size);
  auto decoded = federation::decodeEnrollMessage(input);
  if (decoded.ok()) {
    const std::string encoded = federation::encodeEnrollMessage(*decoded);
    auto again = federation::decodeEnrollMessage(encoded);
    fuzz::require(again.ok(), "an encoded message decodes");
    fuzz::require(federation::encodeEnrollMessage(*again) == encoded, "decoding keeps every field");
  } else {
    fuzz::require(!decoded.error().message.empty(), "an error says what is wrong");
  }
  const std::string text(input);
  auto key = federation::enrollmentCodeKey(text);
  if (!key.ok()) fuzz::require(key.error().field == "code", "a bad code names \"code\"");
  const std::string uai = federation::uaiOfPeer(text);
  if (!uai.empty()) {
    fuzz::require(federation::schoolPeerName(uai) == text, "a school's name reads back");
  }
  return 0;
}
