// cartable.yaml as the loader reads it: any text gives settings or problems.
#include "config/loader.h"
#include "fuzz_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cartable;
  const auto result = config::loadSettingsText(fuzz::asText(data, size), "cartable.yaml");
  for (const config::ConfigProblem& problem : result.problems) {
    fuzz::require(!problem.toString().empty(), "a problem renders as text");
  }
  return 0;
}
