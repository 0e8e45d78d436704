#include "options.h"

#include <gtest/gtest.h>

namespace cartable::fault_proxy {
namespace {

using namespace std::chrono_literals;

Options parsed(const std::vector<std::string>& arguments) {
  auto options = parseOptions(arguments);
  EXPECT_TRUE(options.ok()) << options.error().message;
  return options.ok() ? options.value() : Options{};
}

// The message for `arguments`, which must be rejected.
std::string rejection(const std::vector<std::string>& arguments) {
  auto options = parseOptions(arguments);
  EXPECT_FALSE(options.ok());
  return options.ok() ? "" : options.error().message;
}

TEST(FaultProxyOptions, DefaultsToLoopbackPortZeroWithoutFaults) {
  const Options options = parsed({"--upstream", "hub.local:7443"});
  EXPECT_EQ(options.config.listen.host, "127.0.0.1");
  EXPECT_EQ(options.config.listen.port, 0);
  EXPECT_EQ(options.config.upstream.host, "hub.local");
  EXPECT_EQ(options.config.upstream.port, 7443);
  EXPECT_EQ(options.config.max_held_bytes, 256u * 1024);
  EXPECT_EQ(options.up.rate, 0u);
  EXPECT_FALSE(options.down.black_hole);
  EXPECT_FALSE(options.refuse);
}

TEST(FaultProxyOptions, AFaultWithoutADirectionAppliesToBoth) {
  const Options options =
      parsed({"--upstream=127.0.0.1:9", "--latency-ms", "40", "--jitter-ms=5", "--black-hole"});
  for (const DirectionFaults& faults : {options.up, options.down}) {
    EXPECT_EQ(faults.latency, 40ms);
    EXPECT_EQ(faults.jitter, 5ms);
    EXPECT_TRUE(faults.black_hole);
  }
}

TEST(FaultProxyOptions, DirectionPrefixesPickOneDirection) {
  const Options options = parsed({"--upstream", "127.0.0.1:9", "--rate", "down:64kbit", "--rate",
                                  "up:1mbit", "--cut-after", "down:1000", "--cut-mode", "up:fin",
                                  "--black-hole=up", "--slow-close-ms", "down:300"});
  EXPECT_EQ(options.up.rate, kRate1Mbit);
  EXPECT_EQ(options.down.rate, kRate64kbit);
  EXPECT_EQ(options.down.cut_after, 1000u);
  EXPECT_FALSE(options.up.cut_after.has_value());
  EXPECT_EQ(options.up.cut_mode, CutMode::fin);
  EXPECT_EQ(options.down.cut_mode, CutMode::reset);
  EXPECT_TRUE(options.up.black_hole);
  EXPECT_FALSE(options.down.black_hole);
  EXPECT_EQ(options.down.slow_close, 300ms);
  EXPECT_EQ(options.up.slow_close, 0ms);
}

TEST(FaultProxyOptions, RandomCutTakesItsMaximumWhereverItIsGiven) {
  const Options options =
      parsed({"--cut-random-max", "500", "--upstream", "127.0.0.1:9", "--cut-random", "up:42"});
  ASSERT_TRUE(options.up.cut_random.has_value());
  EXPECT_EQ(options.up.cut_random->seed, 42u);
  EXPECT_EQ(options.up.cut_random->max_bytes, 500u);
  EXPECT_FALSE(options.down.cut_random.has_value());
}

TEST(FaultProxyOptions, ReadsRefuseSeedBufferAndListen) {
  const Options options = parsed({"--upstream", "127.0.0.1:9", "--refuse", "--seed", "7",
                                  "--buffer-bytes", "65536", "--listen", "127.0.0.2:8080"});
  EXPECT_TRUE(options.refuse);
  EXPECT_EQ(options.config.seed, 7u);
  EXPECT_EQ(options.config.max_held_bytes, 65536u);
  EXPECT_EQ(options.config.listen.host, "127.0.0.2");
  EXPECT_EQ(options.config.listen.port, 8080);
}

TEST(FaultProxyOptions, ErrorsNameTheOptionAtFault) {
  const std::string upstream = "--upstream=127.0.0.1:9";
  EXPECT_EQ(rejection({}), "--upstream HOST:PORT is required");
  EXPECT_EQ(rejection({"--upstream", "127.0.0.1"}),
            "--upstream \"127.0.0.1\" is not HOST:PORT with a port from 0 to 65535");
  EXPECT_EQ(rejection({"--upstream", "127.0.0.1:0"}),
            "--upstream \"127.0.0.1:0\" needs a port other than 0");
  EXPECT_EQ(rejection({upstream, "--listen", "127.0.0.1:70000"}),
            "--listen \"127.0.0.1:70000\" is not HOST:PORT with a port from 0 to 65535");
  EXPECT_EQ(rejection({upstream, "--rate", "fast"}),
            "--rate \"fast\" is not a rate: bytes per second, or a number followed by kbit or "
            "mbit");
  EXPECT_EQ(rejection({upstream, "--latency-ms", "up:-5"}),
            "--latency-ms \"-5\" is not a whole number from 0 to 3600000");
  EXPECT_EQ(rejection({upstream, "--cut-after", "sideways:5"}),
            "--cut-after \"sideways:5\" is not a whole number from 0 to 18446744073709551615");
  EXPECT_EQ(rejection({upstream, "--cut-mode", "close"}),
            "--cut-mode \"close\" is not a cut mode: fin or rst");
  EXPECT_EQ(rejection({upstream, "--black-hole=left"}),
            "--black-hole \"left\" is not a direction: up, down or both");
  EXPECT_EQ(rejection({upstream, "--refuse=yes"}), "--refuse takes no value");
  EXPECT_EQ(rejection({upstream, "--cut-random-max", "0"}), "--cut-random-max must be at least 1");
  EXPECT_EQ(rejection({upstream, "--buffer-bytes", "0"}), "--buffer-bytes must be at least 1");
  EXPECT_EQ(rejection({upstream, "--jitter-ms"}), "option --jitter-ms needs a value");
  EXPECT_EQ(rejection({upstream, "--frobnicate", "3"}), "unknown option --frobnicate");
  EXPECT_EQ(rejection({upstream, "stray"}), "unexpected argument \"stray\"");
}

TEST(FaultProxyOptions, HelpNeedsNoUpstream) {
  EXPECT_TRUE(parsed({"--help"}).help);
}

}  // namespace
}  // namespace cartable::fault_proxy
