// The notification feed through the API: newest first, unread count, paging,
// read marks that never touch another person's feed.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "notifications/notifications.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::TestNode;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class NotificationFeed : public ::testing::Test {
 protected:
  void SetUp() override {
    parent_ = node_.addPerson("parent.un", {Role::parent});
    other_ = node_.addPerson("parent.deux", {Role::parent});
    for (int i = 1; i <= 3; ++i) tell({parent_, other_}, "Notice " + std::to_string(i));
  }

  void tell(const std::vector<std::int64_t>& people, const std::string& title) {
    ASSERT_TRUE(node_.node()
                    .database()
                    .write([&](storage::Connection& db) {
                      return notifications::notify(db, people, {"test.notice", title, "", "/x"}, 0,
                                                   node_.clock().now());
                    })
                    .ok());
  }

  TestNode node_;
  std::int64_t parent_ = 0, other_ = 0;
};

TEST_F(NotificationFeed, NewestFirstWithTheUnreadCountAndPages) {
  auto session = node_.sessionFor(parent_);
  const auto first = node_.request("GET", "/api/v1/me/notifications?limit=2", "", &session);
  ASSERT_EQ(first.status, 200) << first.body;
  auto page = parse(first.body);
  EXPECT_EQ(page->getValue<int>("unread"), 3);
  auto items = page->getArray("items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("title"), "Notice 3");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("title"), "Notice 2");
  const auto next = page->getValue<std::int64_t>("next");
  const auto second =
      parse(node_
                .request("GET", "/api/v1/me/notifications?limit=2&before=" + std::to_string(next),
                         "", &session)
                .body);
  ASSERT_EQ(second->getArray("items")->size(), 1u);
  EXPECT_EQ(second->getArray("items")->getObject(0)->getValue<std::string>("title"), "Notice 1");
  EXPECT_FALSE(second->has("next"));
}

TEST_F(NotificationFeed, MarkingReadTouchesOnlyOnesOwnFeed) {
  auto session = node_.sessionFor(parent_);
  auto items =
      parse(node_.request("GET", "/api/v1/me/notifications", "", &session).body)->getArray("items");
  const auto newest = items->getObject(0)->getValue<std::int64_t>("id");
  const auto marked = node_.request("POST", "/api/v1/me/notifications/read",
                                    R"({"up_to_id":)" + std::to_string(newest) + "}", &session);
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.body, R"({"marked":3,"unread":0})");
  auto other = node_.sessionFor(other_);
  EXPECT_EQ(parse(node_.request("GET", "/api/v1/me/notifications?unread=1", "", &other).body)
                ->getValue<int>("unread"),
            3);
  tell({parent_}, "Notice 4");
  const auto unread =
      parse(node_.request("GET", "/api/v1/me/notifications?unread=1", "", &session).body);
  ASSERT_EQ(unread->getArray("items")->size(), 1u);
  EXPECT_EQ(unread->getArray("items")->getObject(0)->getValue<std::string>("title"), "Notice 4");
}

TEST_F(NotificationFeed, BadParametersNameTheField) {
  auto session = node_.sessionFor(parent_);
  const auto bad = node_.request("GET", "/api/v1/me/notifications?limit=500", "", &session);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(parse(bad.body)->getValue<std::string>("field"), "limit");
  const auto missing = node_.request("POST", "/api/v1/me/notifications/read", "{}", &session);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(parse(missing.body)->getValue<std::string>("field"), "up_to_id");
}

}  // namespace
}  // namespace cartable

namespace cartable {
namespace {

TEST_F(NotificationFeed, OldNoticesArePurgedReadOnesSooner) {
  const Seconds start = node_.clock().now();
  auto session = node_.sessionFor(parent_);
  const auto items =
      parse(node_.request("GET", "/api/v1/me/notifications", "", &session).body)->getArray("items");
  const auto oldest = items->getObject(2)->getValue<std::int64_t>("id");
  ASSERT_EQ(node_
                .request("POST", "/api/v1/me/notifications/read",
                         R"({"up_to_id":)" + std::to_string(oldest) + "}", &session)
                .status,
            200);
  int purged = -1;
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(purged,
                                              notifications::purgeOld(db, start + 1, start - 1));
                    return okStatus();
                  })
                  .ok());
  EXPECT_EQ(purged, 1);  // the one read notice; unread ones and the other feed stay
  EXPECT_EQ(parse(node_.request("GET", "/api/v1/me/notifications", "", &session).body)
                ->getArray("items")
                ->size(),
            2u);
  ASSERT_TRUE(node_.node()
                  .database()
                  .write([&](storage::Connection& db) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(purged,
                                              notifications::purgeOld(db, start, start + 1));
                    return okStatus();
                  })
                  .ok());
  EXPECT_EQ(purged, 5);  // everything older than a year, read or not
}

TEST_F(NotificationFeed, ARepeatedNoticeReplacesTheUnreadOneAndComesFirst) {
  auto once = [&](const std::string& title) {
    ASSERT_TRUE(node_.node()
                    .database()
                    .write([&](storage::Connection& db) {
                      return notifications::notifyOnce(db, {parent_},
                                                       {"test.thread", title, "", "/thread/1"}, 0,
                                                       node_.clock().now());
                    })
                    .ok());
  };
  once("First message");
  tell({parent_}, "Notice 4");
  once("Second message");
  auto session = node_.sessionFor(parent_);
  const auto page =
      parse(node_.request("GET", "/api/v1/me/notifications?limit=3", "", &session).body);
  EXPECT_EQ(page->getValue<int>("unread"), 5);
  auto items = page->getArray("items");
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("title"), "Second message");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("title"), "Notice 4");
  EXPECT_EQ(items->getObject(2)->getValue<std::string>("title"), "Notice 3");
}

}  // namespace
}  // namespace cartable
