#include "core/http/server_io.h"

#include <gtest/gtest.h>

namespace cartable::http {
namespace {

TEST(HttpServerIo, Ipv4MappedAddressIsShownAsIpv4) {
  EXPECT_EQ(ipOf(Poco::Net::SocketAddress("[::ffff:192.0.2.7]:443")), "192.0.2.7");
  EXPECT_EQ(ipOf(Poco::Net::SocketAddress("192.0.2.7:443")), "192.0.2.7");
  EXPECT_EQ(ipOf(Poco::Net::SocketAddress("[2001:db8::1]:443")), "2001:db8::1");
}

TEST(HttpServerIo, PrintableEscapesWhatCouldForgeALogLine) {
  EXPECT_EQ(printable("/a b\r\n\"x\"", 100), "/a%20b%0D%0A%22x%22");
  EXPECT_EQ(printable("caf\xC3\xA9", 100), "caf%C3%A9");
  EXPECT_EQ(printable("abcdef", 3), "abc...");
}

TEST(HttpServerIo, SecurityHeadersKeepWhatTheHandlerSet) {
  Response response;
  response.setHeader("cache-control", "max-age=60");
  addSecurityHeaders(response, "/api/v1/x", true);
  EXPECT_EQ(response.headers.size(), 6u);
  EXPECT_EQ(response.headers[0].second, "max-age=60");
}

}  // namespace
}  // namespace cartable::http
