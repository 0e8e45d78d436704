// The live notification stream through the API of a real node: opening
// state, delivery of new notices with the delay measured, replay after a
// reconnection, one's own notices only, streams off the worker pool, and the
// school's stream limit.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <iostream>

#include "notifications/notifications.h"
#include "support/event_stream_client.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::Credentials;
using testing::EventStreamClient;
using testing::TestNode;
using namespace std::chrono_literals;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::map<std::string, std::string> bearer(const Credentials& credentials) {
  return {{"Authorization", "Bearer " + credentials.token}};
}

class LiveStream : public ::testing::Test {
 protected:
  explicit LiveStream(const std::function<void(config::Settings&)>& tweak = {}) : node_(tweak) {
    student_ = node_.addPerson("eleve.un", {Role::student});
    parent_ = node_.addPerson("parent.un", {Role::parent});
  }

  void tell(std::int64_t person, const std::string& title) {
    ASSERT_TRUE(node_.node()
                    .database()
                    .write([&](storage::Connection& db) {
                      return notifications::notify(db, {person},
                                                   {"homework.new", title, "", "/h/1"}, 0,
                                                   node_.clock().now());
                    })
                    .ok());
  }

  std::unique_ptr<EventStreamClient> open(std::int64_t person,
                                          const std::string& path = "/api/v1/me/events") {
    auto client =
        std::make_unique<EventStreamClient>(node_.port(), path, bearer(node_.sessionFor(person)));
    EXPECT_EQ(client->readHead(), 200);
    return client;
  }

  TestNode node_;
  std::int64_t student_ = 0, parent_ = 0;
};

TEST_F(LiveStream, SignInIsRequired) {
  const auto answer = node_.request("GET", "/api/v1/me/events");
  EXPECT_EQ(answer.status, 401);
}

TEST_F(LiveStream, OpensWithTheUnreadCountThenDeliversEachNewNotice) {
  tell(student_, "Avant");
  auto stream = open(student_);
  EXPECT_EQ(stream->header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(stream->header("cache-control"), "no-store");
  const auto opening = stream->next(5s);
  ASSERT_TRUE(opening);
  EXPECT_EQ(opening->name, "unread");
  EXPECT_EQ(parse(opening->data)->getValue<int>("unread"), 1);

  const auto written = std::chrono::steady_clock::now();
  tell(student_, "Exercice 3 page 42");
  const auto event = stream->next(10s);
  const auto delay = std::chrono::steady_clock::now() - written;
  ASSERT_TRUE(event) << "no notification event within 10 s";
  std::cout << "live delivery delay: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(delay).count() << " ms\n";
  EXPECT_EQ(event->name, "notification");
  const auto notice = parse(event->data);
  EXPECT_EQ(notice->getValue<std::string>("title"), "Exercice 3 page 42");
  EXPECT_EQ(notice->getValue<std::string>("kind"), "homework.new");
  EXPECT_EQ(notice->getValue<int>("unread"), 2);
  EXPECT_EQ(event->id, std::to_string(notice->getValue<std::int64_t>("id")));
}

TEST_F(LiveStream, EachPersonReceivesOnlyTheirOwnNotices) {
  auto student = open(student_);
  auto parent = open(parent_);
  ASSERT_TRUE(student->next(5s));  // unread
  ASSERT_TRUE(parent->next(5s));
  tell(parent_, "Pour le parent");
  tell(student_, "Pour l'élève");
  const auto to_student = student->next(10s);
  const auto to_parent = parent->next(10s);
  ASSERT_TRUE(to_student && to_parent);
  EXPECT_EQ(parse(to_student->data)->getValue<std::string>("title"), "Pour l'élève");
  EXPECT_EQ(parse(to_parent->data)->getValue<std::string>("title"), "Pour le parent");
  EXPECT_FALSE(student->next(1500ms)) << "the parent's notice reached the student";
}

TEST_F(LiveStream, AReconnectingClientGetsWhatItMissedInOrder) {
  tell(student_, "Vu");
  std::int64_t seen = 0;
  ASSERT_TRUE(node_.node()
                  .database()
                  .read([&](storage::Connection& db) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(seen, notifications::latestId(db));
                    return okStatus();
                  })
                  .ok());
  tell(student_, "Manqué 1");
  tell(parent_, "Pas pour l'élève");
  tell(student_, "Manqué 2");
  EventStreamClient client(node_.port(), "/api/v1/me/events",
                           {{"Authorization", "Bearer " + node_.sessionFor(student_).token},
                            {"Last-Event-ID", std::to_string(seen)}});
  ASSERT_EQ(client.readHead(), 200);
  const auto first = client.next(5s), second = client.next(5s), count = client.next(5s);
  ASSERT_TRUE(first && second && count);
  EXPECT_EQ(parse(first->data)->getValue<std::string>("title"), "Manqué 1");
  EXPECT_EQ(parse(second->data)->getValue<std::string>("title"), "Manqué 2");
  EXPECT_EQ(count->name, "unread");
  EXPECT_EQ(parse(count->data)->getValue<int>("unread"), 3);
}

TEST_F(LiveStream, ABadLastEventIdIsNamed) {
  auto session = node_.sessionFor(student_);
  const auto answer =
      node_.request("GET", "/api/v1/me/events", "", &session, {{"Last-Event-ID", "douze"}});
  EXPECT_EQ(answer.status, 422);
  EXPECT_NE(answer.body.find("Last-Event-ID"), std::string::npos) << answer.body;
}

class LiveStreamOnTwoWorkers : public LiveStream {
 protected:
  LiveStreamOnTwoWorkers()
      : LiveStream([](config::Settings& settings) {
          settings.limits.threads = 2;
          settings.limits.max_live_streams = 12;
        }) {}
};

TEST_F(LiveStreamOnTwoWorkers, StreamsDoNotHoldWorkersAndTheSchoolLimitAnswers503) {
  std::vector<std::unique_ptr<EventStreamClient>> streams;
  std::vector<std::int64_t> people;
  for (int i = 0; i < 12; ++i) {
    people.push_back(node_.addPerson("eleve.x" + std::to_string(i), {Role::student}));
    streams.push_back(open(people.back()));
  }
  // Twelve open streams on two workers: ordinary requests are still answered.
  EXPECT_EQ(node_.request("GET", "/healthz").status, 200);
  auto session = node_.sessionFor(student_);
  const auto refused = node_.request("GET", "/api/v1/me/events", "", &session);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("retry-after"), "30");
  // Each stream still gets its own notice.
  for (std::size_t i = 0; i < people.size(); ++i) tell(people[i], "Avis " + std::to_string(i));
  for (std::size_t i = 0; i < people.size(); ++i) {
    ASSERT_TRUE(streams[i]->next(5s));  // unread
    const auto event = streams[i]->next(10s);
    ASSERT_TRUE(event) << "stream " << i;
    EXPECT_EQ(parse(event->data)->getValue<std::string>("title"), "Avis " + std::to_string(i));
  }
}

}  // namespace
}  // namespace cartable
