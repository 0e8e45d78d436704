// The federation's frame decoder fed the input in chunks whose sizes come from
// the first byte; the frames must be the same as when it is fed all at once,
// and each must encode back to its bytes on the wire.
#include <vector>

#include "federation/protocol/frame.h"
#include "fuzz_bytes.h"

namespace {

using namespace cartable;

struct Decoded {
  std::vector<std::string> frames;
  bool failed = false;
};

void drain(federation::FrameDecoder& decoder, Decoded& out) {
  while (auto frame = decoder.next()) {
    fuzz::require(!frame->empty() && frame->size() <= federation::kMaxFrameBytes,
                  "a frame is 1 byte to kMaxFrameBytes");
    out.frames.push_back(std::move(*frame));
  }
}

Decoded decode(std::string_view wire, std::size_t chunk) {
  federation::FrameDecoder decoder;
  Decoded out;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    const Status fed = decoder.feed(wire.substr(at, chunk));
    if (!fed.ok()) {
      out.failed = true;
      fuzz::require(!decoder.feed("x").ok(), "after a failure every feed fails");
      break;
    }
    drain(decoder, out);
  }
  drain(decoder, out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [selector, wire] = fuzz::select(fuzz::asText(data, size));
  const Decoded whole = decode(wire, wire.size() + 1);
  const Decoded chunked = decode(wire, static_cast<std::size_t>(selector % 16) + 1);
  fuzz::require(whole.failed == chunked.failed, "chunking does not change a failure");
  fuzz::require(whole.frames == chunked.frames, "chunking does not change the frames");
  std::string encoded;
  for (const std::string& frame : whole.frames) encoded += federation::encodeFrame(frame);
  fuzz::require(wire.substr(0, encoded.size()) == encoded, "frames encode back to the wire");
  return 0;
}
