#include "federation/protocol/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "handshake_support.h"
#include "raw_peer.h"

namespace cartable::federation {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// What one side of a connection observed.
struct Observer {
  std::vector<std::pair<std::string, Tag>> messages;
  int closed_calls = 0;
  std::optional<Status> reason;

  Connection::MessageHandler onMessage() {
    return [this](std::string text, Tag tag) { messages.emplace_back(std::move(text), tag); };
  }
  Connection::ClosedHandler onClosed() {
    return [this](Status status) {
      ++closed_calls;
      reason = std::move(status);
    };
  }
  bool closed() const { return closed_calls > 0; }
};

ConnectionOptions fastOptions() {
  return {.keepalive = 10s, .idle_timeout = 10s, .handshake_timeout = 2s};
}

class ProtocolConnection : public ::testing::Test {
 protected:
  // Runs the io_context until `done` holds; false after `limit`.
  bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = 2000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (io_.stopped()) io_.restart();
      io_.run_for(5ms);
    }
    return true;
  }
  void runFor(std::chrono::milliseconds duration) {
    runUntil([] { return false; }, duration);
  }

  void listen(ConnectionOptions options = fastOptions()) {
    auto opened = Listener::open(
        io_, "127.0.0.1", 0, peers_.hub, peers_.hub_name,
        [this](const ClientHelloInfo& info) {
          hellos_.push_back(info);
          return accept_result_;
        },
        [this](std::shared_ptr<Connection> connection) {
          hub_side_ = std::move(connection);
          if (start_hub_on_connect_) hub_side_->start(hub_.onMessage(), hub_.onClosed());
        },
        options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    listener_ = std::move(opened).value();
  }

  std::optional<Result<std::shared_ptr<Connection>>> connect(
      ConnectionOptions options = fastOptions()) {
    std::optional<Result<std::shared_ptr<Connection>>> result;
    connectToHub(
        io_, "127.0.0.1", listener_->port(), peers_.school, peers_.school_name, peers_.certificate,
        pinned_,
        [&result](Result<std::shared_ptr<Connection>> connected) { result = std::move(connected); },
        options);
    runUntil([&] { return result.has_value(); });
    return result;
  }

  // A started pair: school_side_ (client) and hub_side_ (server).
  void link(ConnectionOptions hub_options = fastOptions(),
            ConnectionOptions school_options = fastOptions()) {
    listen(hub_options);
    auto connected = connect(school_options);
    ASSERT_TRUE(connected.has_value());
    ASSERT_TRUE(connected->ok()) << connected->error().message;
    school_side_ = connected->value();
    ASSERT_TRUE(runUntil([this] { return hub_side_ != nullptr; }));
    school_side_->start(school_.onMessage(), school_.onClosed());
    hub_side_->start(hub_.onMessage(), hub_.onClosed());
  }

  // Runs the client handshake over a raw socket, leaving it established.
  bool rawHandshake(testing::RawPeer& raw) {
    ClientHandshake client = peers_.client();
    if (!raw.connect(listener_->port()) || !raw.write(encodeFrame(client.hello()))) return false;
    auto server_hello = raw.readFrame();
    if (!server_hello) return false;
    auto finish = client.onServerHello(*server_hello);
    return finish.ok() && raw.write(encodeFrame(*finish));
  }

  // Runs `peer_script` on a thread while the io_context serves the hub.
  void withRawPeer(const std::function<void(testing::RawPeer&)>& peer_script,
                   const std::function<bool()>& until) {
    bool script_done = false;
    std::thread thread([&] {
      testing::RawPeer raw;
      peer_script(raw);
      script_done = true;
    });
    EXPECT_TRUE(runUntil([&] { return until() && script_done; }, 6000ms));
    thread.join();
  }

  boost::asio::io_context io_;
  testing::Peers peers_;
  std::optional<std::array<std::uint8_t, 32>> pinned_ = peers_.hub.sign_public;
  std::shared_ptr<Listener> listener_;
  Status accept_result_ = okStatus();
  bool start_hub_on_connect_ = false;
  std::vector<ClientHelloInfo> hellos_;
  std::shared_ptr<Connection> school_side_;
  std::shared_ptr<Connection> hub_side_;
  Observer school_;
  Observer hub_;
};

TEST_F(ProtocolConnection, CarriesMessagesBothWaysWithTheirTags) {
  link();
  school_side_->send("record 1");
  school_side_->send("record 2", Tag::end_of_batch);
  hub_side_->send("ack", Tag::end_of_batch);
  ASSERT_TRUE(runUntil([&] { return hub_.messages.size() == 2 && school_.messages.size() == 1; }));
  EXPECT_EQ(hub_.messages[0], std::make_pair(std::string("record 1"), Tag::message));
  EXPECT_EQ(hub_.messages[1], std::make_pair(std::string("record 2"), Tag::end_of_batch));
  EXPECT_EQ(school_.messages[0], std::make_pair(std::string("ack"), Tag::end_of_batch));
  EXPECT_EQ(hub_side_->peerName(), "school:0541234X");
  EXPECT_EQ(hub_side_->peerCertificate(), "certificate bytes");
  EXPECT_EQ(school_side_->peerSignPublic(), peers_.hub.sign_public);
  EXPECT_EQ(school_side_->transcriptHash(), hub_side_->transcriptHash());
}

TEST_F(ProtocolConnection, TheHubSeesTheClientHelloBeforeAnswering) {
  link();
  ASSERT_EQ(hellos_.size(), 1u);
  EXPECT_EQ(hellos_[0].name, "school:0541234X");
  EXPECT_EQ(hellos_[0].sign_public, peers_.school.sign_public);
  EXPECT_EQ(hellos_[0].certificate, "certificate bytes");
  EXPECT_THAT(hellos_[0].remote_address, StartsWith("127.0.0.1:"));
}

TEST_F(ProtocolConnection, DeliversWhatWasSentBeforeTheHubStarted) {
  listen();
  auto connected = connect();
  ASSERT_TRUE(connected && connected->ok());
  school_side_ = connected->value();
  school_side_->start(school_.onMessage(), school_.onClosed());
  school_side_->send("early");
  ASSERT_TRUE(runUntil([&] { return hub_side_ != nullptr; }));
  runFor(50ms);
  hub_side_->start(hub_.onMessage(), hub_.onClosed());
  ASSERT_TRUE(runUntil([&] { return hub_.messages.size() == 1; }));
  EXPECT_EQ(hub_.messages[0].first, "early");
}

TEST_F(ProtocolConnection, ACleanCloseReachesBothSidesOnceAsOk) {
  link();
  school_side_->send("last words");
  school_side_->close();
  ASSERT_TRUE(runUntil([&] { return school_.closed() && hub_.closed(); }));
  runFor(50ms);
  EXPECT_EQ(school_.closed_calls, 1);
  EXPECT_EQ(hub_.closed_calls, 1);
  EXPECT_TRUE(school_.reason->ok()) << school_.reason->error().message;
  EXPECT_TRUE(hub_.reason->ok()) << hub_.reason->error().message;
  ASSERT_EQ(hub_.messages.size(), 1u);
  EXPECT_EQ(hub_.messages[0].first, "last words");
}

TEST_F(ProtocolConnection, TheHubCanCloseCleanlyToo) {
  link();
  hub_side_->send("bye", Tag::end_of_batch);
  hub_side_->close();
  ASSERT_TRUE(runUntil([&] { return school_.closed() && hub_.closed(); }));
  EXPECT_TRUE(school_.reason->ok());
  EXPECT_TRUE(hub_.reason->ok());
  EXPECT_EQ(school_.messages.size(), 1u);
}

TEST_F(ProtocolConnection, SendAfterCloseIsIgnored) {
  link();
  school_side_->close();
  school_side_->send("too late");
  ASSERT_TRUE(runUntil([&] { return school_.closed() && hub_.closed(); }));
  EXPECT_TRUE(hub_.messages.empty());
  EXPECT_EQ(school_side_->pendingBytes(), 0u);
}

TEST_F(ProtocolConnection, PendingBytesCountWhatIsNotYetWritten) {
  link();
  const std::string chunk(1 << 20, 'x');
  for (int i = 0; i < 3; ++i) school_side_->send(chunk);
  EXPECT_EQ(school_side_->pendingBytes(), 3u << 20);
  ASSERT_TRUE(runUntil([&] { return hub_.messages.size() == 3; }));
  EXPECT_EQ(school_side_->pendingBytes(), 0u);
}

TEST_F(ProtocolConnection, AnIdlePeerIsDroppedAfterTheIdleTimeout) {
  ConnectionOptions hub_options = fastOptions();
  hub_options.idle_timeout = 100ms;
  link(hub_options);
  ASSERT_TRUE(runUntil([&] { return hub_.closed() && school_.closed(); }));
  ASSERT_FALSE(hub_.reason->ok());
  EXPECT_EQ(hub_.reason->error().code, Errc::unavailable);
  EXPECT_THAT(hub_.reason->error().message,
              StartsWith("no frame from school:0541234X (127.0.0.1:"));
  EXPECT_THAT(hub_.reason->error().message, HasSubstr(") for 100 ms"));
  ASSERT_FALSE(school_.reason->ok());
  EXPECT_THAT(school_.reason->error().message,
              HasSubstr("ended the connection without a close frame, after 0 frames"));
}

TEST_F(ProtocolConnection, KeepalivesHoldAnIdleLinkUpWithoutDeliveringAnything) {
  ConnectionOptions options = fastOptions();
  options.keepalive = 20ms;
  options.idle_timeout = 300ms;
  link(options, options);
  runFor(600ms);
  EXPECT_FALSE(hub_.closed());
  EXPECT_FALSE(school_.closed());
  EXPECT_TRUE(hub_.messages.empty());
  EXPECT_TRUE(school_.messages.empty());
  school_side_->send("still here");
  EXPECT_TRUE(runUntil([&] { return hub_.messages.size() == 1; }));
}

TEST_F(ProtocolConnection, APeerSendingGarbageAfterTheHandshakeIsDropped) {
  start_hub_on_connect_ = true;
  listen();
  bool dropped_seen = false;
  withRawPeer(
      [&](testing::RawPeer& raw) {
        ASSERT_TRUE(rawHandshake(raw));
        ASSERT_TRUE(raw.write(encodeFrame("this is not a sealed frame")));
        dropped_seen = raw.seesEndOfStream();
      },
      [&] { return hub_.closed(); });
  EXPECT_TRUE(dropped_seen);
  ASSERT_TRUE(hub_.closed());
  ASSERT_FALSE(hub_.reason->ok());
  EXPECT_EQ(hub_.reason->error().code, Errc::corrupt);
  EXPECT_EQ(hub_.reason->error().message, "frame 1 does not authenticate");
  EXPECT_TRUE(hub_.messages.empty());
}

TEST_F(ProtocolConnection, AFrameAboveTheCapIsDropped) {
  start_hub_on_connect_ = true;
  listen();
  bool dropped_seen = false;
  withRawPeer(
      [&](testing::RawPeer& raw) {
        ASSERT_TRUE(rawHandshake(raw));
        ASSERT_TRUE(raw.write(std::string("\x00\x20\x00\x00", 4) + std::string(1000, 'x')));
        dropped_seen = raw.seesEndOfStream();
      },
      [&] { return hub_.closed(); });
  EXPECT_TRUE(dropped_seen);
  ASSERT_TRUE(hub_.closed());
  ASSERT_FALSE(hub_.reason->ok());
  EXPECT_EQ(hub_.reason->error().code, Errc::malformed);
  EXPECT_EQ(hub_.reason->error().message,
            "frame announces 2097152 bytes, above the cap of 1048593 bytes");
}

TEST_F(ProtocolConnection, GarbageInsteadOfAClientHelloIsDroppedBeforeTheAcceptCheck) {
  listen();
  bool dropped_seen = false;
  withRawPeer(
      [&](testing::RawPeer& raw) {
        ASSERT_TRUE(raw.connect(listener_->port()));
        ASSERT_TRUE(raw.write("GET / HTTP/1.1\r\nHost: hub\r\n\r\n"));
        dropped_seen = raw.seesEndOfStream();
      },
      [] { return true; });
  EXPECT_TRUE(dropped_seen);
  EXPECT_TRUE(hellos_.empty());
  EXPECT_EQ(hub_side_, nullptr);
}

TEST_F(ProtocolConnection, APeerSilentDuringTheHandshakeIsDropped) {
  ConnectionOptions options = fastOptions();
  options.handshake_timeout = 100ms;
  listen(options);
  bool dropped_seen = false;
  withRawPeer(
      [&](testing::RawPeer& raw) {
        ASSERT_TRUE(raw.connect(listener_->port()));
        dropped_seen = raw.seesEndOfStream();
      },
      [] { return true; });
  EXPECT_TRUE(dropped_seen);
  EXPECT_TRUE(hellos_.empty());
}

TEST_F(ProtocolConnection, OneAddressCannotHoldMoreThanItsShareOfHandshakes) {
  ConnectionOptions options = fastOptions();
  options.handshake_timeout = 2000ms;
  options.max_handshakes_per_address = 2;
  listen(options);
  using Clock = std::chrono::steady_clock;
  Clock::duration third_dropped_after{}, after_release_dropped_after{};
  withRawPeer(
      [&](testing::RawPeer& first) {
        auto second = std::make_unique<testing::RawPeer>();
        ASSERT_TRUE(first.connect(listener_->port()));
        ASSERT_TRUE(second->connect(listener_->port()));
        std::this_thread::sleep_for(100ms);
        testing::RawPeer third;
        ASSERT_TRUE(third.connect(listener_->port()));
        auto begin = Clock::now();
        EXPECT_TRUE(third.seesEndOfStream());
        third_dropped_after = Clock::now() - begin;
        // The second gives up: its place is free again for a new handshake.
        second.reset();
        std::this_thread::sleep_for(200ms);
        testing::RawPeer fourth;
        ASSERT_TRUE(fourth.connect(listener_->port()));
        begin = Clock::now();
        EXPECT_TRUE(fourth.seesEndOfStream());
        after_release_dropped_after = Clock::now() - begin;
      },
      [] { return true; });
  EXPECT_LT(third_dropped_after, 1000ms);          // refused at once
  EXPECT_GE(after_release_dropped_after, 1000ms);  // held until its handshake timed out
}

TEST_F(ProtocolConnection, AHubThatNeverAnswersTimesTheClientOut) {
  testing::RawPeer silent_hub;
  const std::uint16_t port = silent_hub.listenSilently();
  ConnectionOptions options = fastOptions();
  options.handshake_timeout = 100ms;
  std::optional<Result<std::shared_ptr<Connection>>> result;
  connectToHub(
      io_, "127.0.0.1", port, peers_.school, peers_.school_name, "", std::nullopt,
      [&](Result<std::shared_ptr<Connection>> connected) { result = std::move(connected); },
      options);
  ASSERT_TRUE(runUntil([&] { return result.has_value(); }));
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, Errc::unavailable);
  EXPECT_EQ(result->error().message, "handshake with hub at 127.0.0.1:" + std::to_string(port) +
                                         " did not complete within 100 ms");
}

TEST_F(ProtocolConnection, TheAcceptCheckCanRefuseAClient) {
  accept_result_ = makeError(Errc::permission_denied, "school:0541234X is revoked");
  listen();
  auto connected = connect();
  ASSERT_TRUE(connected.has_value());
  ASSERT_FALSE(connected->ok());
  EXPECT_EQ(connected->error().code, Errc::unavailable);
  EXPECT_EQ(connected->error().message, "hub at 127.0.0.1:" + std::to_string(listener_->port()) +
                                            " closed the connection during the handshake");
  ASSERT_EQ(hellos_.size(), 1u);
  EXPECT_EQ(hellos_[0].name, "school:0541234X");
  runFor(20ms);
  EXPECT_EQ(hub_side_, nullptr);
}

TEST_F(ProtocolConnection, TheClientRefusesAHubWithAnotherKey) {
  pinned_ = generateNodeKeys().sign_public;
  listen();
  auto connected = connect();
  ASSERT_TRUE(connected.has_value());
  ASSERT_FALSE(connected->ok());
  EXPECT_EQ(connected->error().code, Errc::permission_denied);
  EXPECT_THAT(connected->error().message, HasSubstr("not the pinned hub key"));
}

TEST_F(ProtocolConnection, NothingListensAfterStop) {
  listen();
  listener_->stop();
  runFor(20ms);
  auto connected = connect();
  ASSERT_TRUE(connected.has_value());
  ASSERT_FALSE(connected->ok());
  EXPECT_THAT(connected->error().message, StartsWith("cannot connect to hub at 127.0.0.1:"));
}

TEST_F(ProtocolConnection, OpeningRefusesABadAddress) {
  auto opened = Listener::open(
      io_, "not-an-ip", 0, peers_.hub, peers_.hub_name,
      [](const ClientHelloInfo&) { return okStatus(); }, [](std::shared_ptr<Connection>) {});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message, "listen address \"not-an-ip\" is not an IP address");
}

}  // namespace
}  // namespace cartable::federation
