// A streaming answer leaves the worker pool: its headers and first bytes are
// written by the worker, then the connection belongs to whoever adopted it,
// over plain HTTP and over TLS alike.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/http/operational.h"
#include "core/http/stream_connection.h"
#include "core/http/tls.h"
#include "http_test_support.h"

namespace cartable::http {
namespace {

// Keeps the adopted connections, as a stream's owner would.
class Adopter {
 public:
  void adopt(std::unique_ptr<StreamConnection> connection) {
    std::lock_guard lock(mutex_);
    held_.push_back(std::move(connection));
    arrived_.notify_all();
  }
  StreamConnection* waitFor(std::size_t index) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(5), [&] { return held_.size() > index; });
    return held_.size() > index ? held_[index].get() : nullptr;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::unique_ptr<StreamConnection>> held_;
};

void addStreamRoute(testing::TestServer& server, Adopter& adopter) {
  server.router.add(Method::get, "/stream", [&adopter](Request&) {
    Response answer{200, "text/event-stream", "first\n", {}};
    answer.stream = [&adopter](std::unique_ptr<StreamConnection> connection) {
      adopter.adopt(std::move(connection));
    };
    return answer;
  });
  addOperationalRoutes(server.router, server.metrics, [] { return true; });
}

// Reads from `socket` until `expected` has arrived (or 5 s have passed).
std::string readUntil(Poco::Net::StreamSocket& socket, const std::string& expected) {
  std::string received;
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  char chunk[1024];
  while (received.find(expected) == std::string::npos) {
    const int got = socket.receiveBytes(chunk, sizeof(chunk));
    if (got <= 0) break;
    received.append(chunk, static_cast<std::size_t>(got));
  }
  return received;
}

TEST(HttpStream, HeadersAndFirstBytesThenTheAdopterWritesAndTheWorkerIsFree) {
  testing::TestServer server;
  Adopter adopter;
  addStreamRoute(server, adopter);
  auto options = testing::plainOptions();
  options.limits.threads = 1;  // one worker: a held stream would block everything else
  ASSERT_TRUE(server.start(options).ok());

  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> clients;
  for (int i = 0; i < 3; ++i) {
    auto client = std::make_unique<Poco::Net::StreamSocket>(
        Poco::Net::SocketAddress("127.0.0.1", server.port()));
    const std::string request = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
    client->sendBytes(request.data(), static_cast<int>(request.size()));
    const std::string head = readUntil(*client, "first\n");
    EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
    EXPECT_NE(head.find("Connection: Close"), std::string::npos) << head;
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
    clients.push_back(std::move(client));
  }
  // Three streams are open on a one-worker server, and it still answers.
  EXPECT_EQ(testing::get(server.port(), "/healthz").status, 200);

  for (std::size_t i = 0; i < 3; ++i) {
    StreamConnection* stream = adopter.waitFor(i);
    ASSERT_NE(stream, nullptr);
    EXPECT_EQ(stream->remoteAddress(), "127.0.0.1");
    ASSERT_TRUE(stream->write("event " + std::to_string(i) + "\n"));
    EXPECT_EQ(readUntil(*clients[i], "\n"), "event " + std::to_string(i) + "\n");
  }
}

TEST(HttpStream, AdoptedStreamWorksOverTls) {
  testing::TempDir dir;
  const std::string certificate = dir.file("cert.pem"), key = dir.file("key.pem");
  ASSERT_TRUE(writeSelfSignedCertificate(certificate, key, "École test", {"localhost"}, 30).ok());
  testing::TestServer server;
  Adopter adopter;
  addStreamRoute(server, adopter);
  auto options = testing::plainOptions();
  options.tls = true;
  options.certificate_file = certificate;
  options.private_key_file = key;
  ASSERT_TRUE(server.start(options).ok());

  Poco::Net::Context::Params params;
  params.caLocation = certificate;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = false;
  Poco::Net::HTTPSClientSession session(
      "localhost", server.port(),
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
  session.setProxyHost("");
  session.setHost("127.0.0.1");
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/stream",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  EXPECT_EQ(response.getStatus(), 200);
  std::string line;
  std::getline(body, line);
  EXPECT_EQ(line, "first");
  StreamConnection* stream = adopter.waitFor(0);
  ASSERT_NE(stream, nullptr);
  ASSERT_TRUE(stream->write("over tls\n"));
  std::getline(body, line);
  EXPECT_EQ(line, "over tls");
}

}  // namespace
}  // namespace cartable::http
