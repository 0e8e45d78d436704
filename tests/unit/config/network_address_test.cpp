#include "config/detail/network_address.h"

#include <gtest/gtest.h>

namespace cartable::config::detail {
namespace {

TEST(ConfigNetworkAddress, IpLiteralsAreRecognised) {
  EXPECT_TRUE(isIpLiteral("0.0.0.0"));
  EXPECT_TRUE(isIpLiteral("192.168.1.20"));
  EXPECT_TRUE(isIpLiteral("::"));
  EXPECT_TRUE(isIpLiteral("2001:db8::1"));
  EXPECT_FALSE(isIpLiteral("localhost"));
  EXPECT_FALSE(isIpLiteral("256.0.0.1"));
  EXPECT_FALSE(isIpLiteral("[::1]"));
  EXPECT_FALSE(isIpLiteral(""));
  EXPECT_FALSE(isIpLiteral(std::string_view("127.0.0.1\0x", 11)));
}

TEST(ConfigNetworkAddress, LoopbackIsTheWhole127BlockAndIpv6One) {
  EXPECT_TRUE(isLoopbackLiteral("127.0.0.1"));
  EXPECT_TRUE(isLoopbackLiteral("127.255.255.254"));
  EXPECT_TRUE(isLoopbackLiteral("::1"));
  EXPECT_TRUE(isLoopbackLiteral("::ffff:127.0.0.1"));
  EXPECT_FALSE(isLoopbackLiteral("128.0.0.1"));
  EXPECT_FALSE(isLoopbackLiteral("0.0.0.0"));
  EXPECT_FALSE(isLoopbackLiteral("::"));
  EXPECT_FALSE(isLoopbackLiteral("::2"));
  EXPECT_FALSE(isLoopbackLiteral("::ffff:10.0.0.1"));
  EXPECT_FALSE(isLoopbackLiteral("localhost"));
}

TEST(ConfigNetworkAddress, HostPortNeedsAHostAndAPortFrom1To65535) {
  EXPECT_EQ(hostPortProblem("hub.example.org:7443"), std::nullopt);
  EXPECT_EQ(hostPortProblem("10.1.2.3:1"), std::nullopt);
  EXPECT_EQ(hostPortProblem("[2001:db8::1]:65535"), std::nullopt);
  EXPECT_EQ(hostPortProblem("hub"), "the port is missing");
  EXPECT_EQ(hostPortProblem("hub:"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(hostPortProblem("hub:+80"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(hostPortProblem("hub:80x"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(hostPortProblem("[::1:7443"), "the host in brackets is not an IPv6 address");
  EXPECT_EQ(hostPortProblem("-hub:7443"),
            "the host is neither a host name (letters, digits, '-' and '.') nor an IP address");
  EXPECT_EQ(hostPortProblem("hub..example:7443"),
            "the host is neither a host name (letters, digits, '-' and '.') nor an IP address");
}

}  // namespace
}  // namespace cartable::config::detail
