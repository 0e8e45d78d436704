// Command line of cartable-crash-check.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/result.h"

namespace cartable::crash {

struct Options {
  std::string cartable;  // path to the cartable program
  int kills = 20;
  std::uint64_t seed = 0;
  bool seed_given = false;
  int writers = 4;
  std::string work_dir;  // empty: a fresh directory under $TMPDIR
  bool keep = false;
  // Hidden: deletes one acknowledged subject after the first kill, so that a
  // test can prove the check reports a loss.
  bool self_test_drop_one = false;
};

// Parses argv[1..]; errors name the option at fault.
Result<Options> parseOptions(int argc, char** argv);

extern const char* const kUsage;

}  // namespace cartable::crash
