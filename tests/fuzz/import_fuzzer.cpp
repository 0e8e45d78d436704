// An import file as the CLI and the API hand it over (formats.h parseBatch):
// plain or zipped, UTF-8 or ISO-8859-15, read by the parser of each format
// listed in CARTABLE_FUZZ_FORMATS. Problems are values, never crashes.
#include "fuzz_bytes.h"
#include "imports/formats.h"

namespace {

using cartable::imports::Format;
using enum Format;

constexpr Format kFormats[] = {CARTABLE_FUZZ_FORMATS};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cartable;
  const std::string_view bytes = fuzz::asText(data, size);
  for (const Format format : kFormats) {
    const imports::Batch batch = imports::parseBatch(format, bytes, "import.xml", "2027-02-06");
    for (const imports::Problem& problem : batch.problems) {
      fuzz::require(!problem.message.empty(), "a problem says what is wrong");
      (void)problem.place.toString();
    }
  }
  return 0;
}
