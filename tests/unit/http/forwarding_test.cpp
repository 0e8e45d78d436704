// Behind a reverse proxy: the client and the scheme come from X-Forwarded-For
// and X-Forwarded-Proto only when the peer is a trusted proxy.
#include <gtest/gtest.h>

#include "core/http/operational.h"
#include "core/http/server_io.h"
#include "http_test_support.h"

namespace cartable::http {
namespace {

const std::vector<std::string> kProxies = {"127.0.0.1", "10.0.0.2"};

TEST(HttpForwarding, TheRightMostAddressNotAddedByATrustedProxyIsTheClient) {
  EXPECT_EQ(forwardedClient("127.0.0.1", "203.0.113.7", kProxies), "203.0.113.7");
  // A client cannot pass itself off as another by writing the header first.
  EXPECT_EQ(forwardedClient("127.0.0.1", "198.51.100.9, 203.0.113.7", kProxies), "203.0.113.7");
  // Hops through two trusted proxies are skipped.
  EXPECT_EQ(forwardedClient("127.0.0.1", "203.0.113.7, 10.0.0.2", kProxies), "203.0.113.7");
  EXPECT_EQ(forwardedClient("127.0.0.1", " 2001:db8::1 ", kProxies), "2001:db8::1");
  EXPECT_EQ(forwardedClient("127.0.0.1", "::ffff:203.0.113.7", kProxies), "203.0.113.7");
}

TEST(HttpForwarding, AnUntrustedPeerOrAnUnusableHeaderLeavesThePeer) {
  EXPECT_EQ(forwardedClient("192.0.2.50", "203.0.113.7", kProxies), "192.0.2.50");
  EXPECT_EQ(forwardedClient("127.0.0.1", "", kProxies), "127.0.0.1");
  EXPECT_EQ(forwardedClient("127.0.0.1", "unknown", kProxies), "127.0.0.1");
  EXPECT_EQ(forwardedClient("127.0.0.1", "203.0.113.7", {}), "127.0.0.1");
}

struct Seen {
  std::string address;
  bool secure = false;
};

class HttpForwardingServer : public ::testing::Test {
 protected:
  void start(std::vector<std::string> proxies) {
    server_.router.add(Method::get, "/who", [this](Request& request) {
      seen_ = {request.remote_address, request.secure};
      return Response{204, "", "", {}};
    });
    addOperationalRoutes(server_.router, server_.metrics, [] { return true; });
    auto options = testing::plainOptions();
    options.trusted_proxies = std::move(proxies);
    ASSERT_TRUE(server_.start(options).ok());
  }
  testing::RawResponse send(const std::string& target, const std::string& headers) {
    return testing::rawExchange(server_.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
                                                    headers + "Connection: close\r\n\r\n");
  }

  testing::TestServer server_;
  Seen seen_;
};

TEST_F(HttpForwardingServer, ATrustedProxyReportsTheClientAndTheScheme) {
  start({"127.0.0.1"});
  send("/who", "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n");
  EXPECT_EQ(seen_.address, "203.0.113.7");
  EXPECT_TRUE(seen_.secure);
  send("/who", "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: http\r\n");
  EXPECT_FALSE(seen_.secure);
}

TEST_F(HttpForwardingServer, FromAnyOtherPeerTheHeadersAreIgnored) {
  start({"10.0.0.2"});
  send("/who", "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n");
  EXPECT_EQ(seen_.address, "127.0.0.1");
  EXPECT_FALSE(seen_.secure);
}

TEST_F(HttpForwardingServer, MetricsAreNeverServedThroughAProxy) {
  start({"127.0.0.1"});
  EXPECT_EQ(send("/metrics", "").status, 403);
  EXPECT_EQ(send("/metrics", "X-Forwarded-For: 127.0.0.1\r\n").status, 403);
}

}  // namespace
}  // namespace cartable::http
