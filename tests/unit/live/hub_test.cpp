// The live hub on its own, with short intervals: a signed-out session ends
// its streams, a person's extra stream closes their oldest, a client that
// leaves frees its place, and a client that stops reading is given up
// without holding the others back.
#include "live/hub.h"

#include <gtest/gtest.h>

#include "core/http/server.h"
#include "notifications/notifications.h"
#include "support/event_stream_client.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::EventStreamClient;
using testing::TestNode;
using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 100 && !condition(); ++i) std::this_thread::sleep_for(50ms);
  return condition();
}

class LiveHub : public ::testing::Test {
 protected:
  void SetUp() override {
    live::HubOptions options;
    options.max_streams_per_person = 2;
    options.poll_interval = 50ms;
    options.heartbeat = 200ms;
    hub_ = std::make_unique<live::Hub>(node_.node().database(), node_.node().accounts().sessions(),
                                       metrics_, options);
    ASSERT_TRUE(hub_->start().ok());
    // Opens a stream for the person and session named in the query.
    router_.add(http::Method::get, "/events", [this](http::Request& request) {
      const live::Opening opening{std::stoll(request.query.at("user")),
                                  std::stoll(request.query.at("session")), 0};
      http::Response answer{200, "text/event-stream", "", {}};
      answer.stream = [this, opening](std::unique_ptr<http::StreamConnection> connection) {
        hub_->adopt(std::move(connection), opening);
      };
      return answer;
    });
    http::ServerOptions server_options;
    server_options.access_log = false;
    server_ = std::make_unique<http::Server>(server_options, router_, metrics_);
    ASSERT_TRUE(server_->start().ok());
    student_ = node_.addPerson("eleve.un", {Role::student});
  }
  void TearDown() override {
    hub_->stop();
    server_->stop();
  }

  std::unique_ptr<EventStreamClient> open(std::int64_t person, std::int64_t session) {
    auto client = std::make_unique<EventStreamClient>(
        server_->port(),
        "/events?user=" + std::to_string(person) + "&session=" + std::to_string(session),
        std::map<std::string, std::string>{});
    EXPECT_EQ(client->readHead(), 200);
    EXPECT_TRUE(eventually([&] { return hub_->stats().streams > 0; }));
    return client;
  }

  // A live session of `person`: streams of ended sessions close at each heartbeat.
  std::int64_t newSession(std::int64_t person) {
    node_.sessionFor(person);
    std::int64_t id = 0;
    EXPECT_TRUE(node_.node()
                    .database()
                    .read([&](storage::Connection& db) -> Status {
                      CARTABLE_ASSIGN_OR_RETURN(
                          auto latest,
                          db.scalarInt64("SELECT max(id) FROM sessions WHERE user_id = ?", person));
                      id = latest.value_or(0);
                      return okStatus();
                    })
                    .ok());
    return id;
  }

  void tell(std::int64_t person, const std::string& title, const std::string& body = "") {
    ASSERT_TRUE(node_.node()
                    .database()
                    .write([&](storage::Connection& db) {
                      return notifications::notify(db, {person}, {"test.notice", title, body, ""},
                                                   0, node_.clock().now());
                    })
                    .ok());
  }

  TestNode node_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<live::Hub> hub_;
  std::unique_ptr<http::Server> server_;
  std::int64_t student_ = 0;
};

TEST_F(LiveHub, SigningOutEndsTheStreamAtTheNextHeartbeat) {
  const std::int64_t session_id = newSession(student_);
  auto stream = open(student_, session_id);
  EXPECT_FALSE(stream->closedWithin(500ms)) << "a live session's stream must stay open";
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) {
                    return node_.node().accounts().sessions().revoke(db, student_, session_id);
                  })
                  .ok());
  EXPECT_TRUE(stream->closedWithin(3s));
  EXPECT_TRUE(eventually([&] { return hub_->stats().streams == 0; }));
}

TEST_F(LiveHub, APersonsExtraStreamClosesTheirOldest) {
  const std::int64_t session = newSession(student_);
  auto first = open(student_, session);
  auto second = open(student_, session);
  auto third = open(student_, session);
  EXPECT_TRUE(first->closedWithin(3s));
  tell(student_, "Pour les deux derniers");
  EXPECT_TRUE(second->next(3s));
  EXPECT_TRUE(third->next(3s));
}

TEST_F(LiveHub, AClientThatLeavesFreesItsPlace) {
  auto stream = open(student_, newSession(student_));
  EXPECT_EQ(hub_->stats().streams, 1);
  stream->close();
  EXPECT_TRUE(eventually([&] { return hub_->stats().streams == 0; }));
}

TEST_F(LiveHub, AClientThatStopsReadingIsGivenUpAndOthersStillReceive) {
  const std::int64_t other = node_.addPerson("eleve.deux", {Role::student});
  auto stalled = open(student_, newSession(student_));  // never read from again
  auto reader = open(other, newSession(other));
  const std::string big(60000, 'x');  // notices far larger than real ones fill buffers fast
  for (int i = 0; i < 200 && hub_->stats().slow_clients_dropped == 0; ++i) {
    tell(student_, "Avis " + std::to_string(i), big);
    if (i % 20 == 19) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(eventually([&] { return hub_->stats().slow_clients_dropped > 0; }))
      << hub_->stats().events_sent << " events sent, " << hub_->stats().streams << " streams";
  tell(other, "Toujours là");
  const auto event = reader->next(5s);
  ASSERT_TRUE(event);
  EXPECT_NE(event->data.find("Toujours là"), std::string::npos);
}

TEST_F(LiveHub, ABurstLargerThanOneReadArrivesWholeAndInOrder) {
  auto stream = open(student_, newSession(student_));
  constexpr int kBurst = 2500;  // more than the hub reads at once
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) -> Status {
                    for (int i = 0; i < kBurst; ++i) {
                      CARTABLE_RETURN_IF_ERROR(notifications::notify(
                          db, {student_}, {"test.notice", "Avis " + std::to_string(i), "", ""}, 0,
                          node_.clock().now()));
                    }
                    return okStatus();
                  })
                  .ok());
  for (int i = 0; i < kBurst; ++i) {
    const auto event = stream->next(5s);
    ASSERT_TRUE(event) << "event " << i << " missing";
    ASSERT_NE(event->data.find("\"Avis " + std::to_string(i) + "\""), std::string::npos)
        << event->data;
  }
}

}  // namespace
}  // namespace cartable
