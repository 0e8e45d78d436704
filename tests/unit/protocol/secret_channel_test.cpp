#include "federation/protocol/secret_channel.h"

#include <gtest/gtest.h>

#include <vector>

#include "handshake_support.h"

namespace cartable::federation {
namespace {

class ProtocolSecretChannel : public ::testing::Test {
 protected:
  void SetUp() override {
    auto linked = testing::link(peers_);
    ASSERT_TRUE(linked);
    linked_.emplace(std::move(*linked));
  }

  SecretChannel& school() { return linked_->client.channel; }
  SecretChannel& hub() { return linked_->server.channel; }

  std::vector<std::string> sealThree() {
    return {school().seal("one", Tag::message), school().seal("two", Tag::message),
            school().seal("three", Tag::end_of_batch)};
  }

  static void expectCorrupt(const Result<Opened>& opened, const std::string& message) {
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Errc::corrupt);
    EXPECT_EQ(opened.error().message, message);
  }

  testing::Peers peers_;
  std::optional<testing::LinkedOutcomes> linked_;
};

TEST_F(ProtocolSecretChannel, OpensFramesInOrderWithTheirTags) {
  const auto frames = sealThree();
  const Tag tags[] = {Tag::message, Tag::message, Tag::end_of_batch};
  const char* texts[] = {"one", "two", "three"};
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto opened = hub().open(frames[i]);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->plaintext, texts[i]);
    EXPECT_EQ(opened->tag, tags[i]);
  }
  EXPECT_EQ(hub().framesOpened(), 3u);
}

TEST_F(ProtocolSecretChannel, AddsTheSeventeenByteOverhead) {
  EXPECT_EQ(school().seal("", Tag::message).size(), 17u);
  EXPECT_EQ(school().seal("abc", Tag::message).size(), 20u);
}

TEST_F(ProtocolSecretChannel, EveryFlippedByteIsRefused) {
  const std::size_t size = school().seal("payload", Tag::message).size();
  for (std::size_t i = 0; i < size; ++i) {
    auto fresh = testing::link(peers_);
    ASSERT_TRUE(fresh);
    std::string tampered = fresh->client.channel.seal("payload", Tag::message);
    tampered[i] = static_cast<char>(tampered[i] ^ 0x80);
    expectCorrupt(fresh->server.channel.open(tampered), "frame 1 does not authenticate");
  }
}

TEST_F(ProtocolSecretChannel, RefusesReorderedFrames) {
  const auto frames = sealThree();
  expectCorrupt(hub().open(frames[1]), "frame 1 does not authenticate");
}

TEST_F(ProtocolSecretChannel, RefusesADuplicatedFrame) {
  const auto frames = sealThree();
  ASSERT_TRUE(hub().open(frames[0]).ok());
  expectCorrupt(hub().open(frames[0]), "frame 2 does not authenticate");
}

TEST_F(ProtocolSecretChannel, RefusesAFrameFromAnotherSession) {
  testing::Peers others;
  auto other = testing::link(others);
  ASSERT_TRUE(other);
  expectCorrupt(hub().open(other->client.channel.seal("one", Tag::message)),
                "frame 1 does not authenticate");
}

TEST_F(ProtocolSecretChannel, RefusesACutFrame) {
  const std::string frame = school().seal("payload", Tag::message);
  expectCorrupt(hub().open(frame.substr(0, frame.size() - 1)), "frame 1 does not authenticate");
}

TEST_F(ProtocolSecretChannel, RefusesAFrameShorterThanItsTag) {
  expectCorrupt(hub().open("short"),
                "frame 1 is 5 bytes, shorter than the 17-byte authentication tag");
}

TEST_F(ProtocolSecretChannel, StaysFailedAfterAFailure) {
  const auto frames = sealThree();
  ASSERT_FALSE(hub().open(frames[1]).ok());
  expectCorrupt(hub().open(frames[0]), "frame 1 does not authenticate");
}

TEST_F(ProtocolSecretChannel, RefusesAnythingAfterTheClose) {
  ASSERT_TRUE(hub().open(school().seal("last", Tag::message)).ok());
  const std::string close_frame = school().seal("", Tag::close);
  auto closed = hub().open(close_frame);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->tag, Tag::close);
  EXPECT_TRUE(hub().peerClosed());
  EXPECT_TRUE(school().closedBySelf());
  expectCorrupt(hub().open(close_frame), "frame 3 arrives after the peer's close frame");
}

TEST_F(ProtocolSecretChannel, ADirectionCannotOpenItsOwnFrames) {
  expectCorrupt(school().open(school().seal("echo", Tag::message)),
                "frame 1 does not authenticate");
}

}  // namespace
}  // namespace cartable::federation
