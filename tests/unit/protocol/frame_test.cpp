#include "federation/protocol/frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cartable::federation {
namespace {

std::string header(std::uint32_t length) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(length >> shift));
  return bytes;
}

std::vector<std::string> drain(FrameDecoder& decoder) {
  std::vector<std::string> frames;
  while (auto frame = decoder.next()) frames.push_back(std::move(*frame));
  return frames;
}

TEST(ProtocolFrame, EncodesABigEndianLengthThenThePayload) {
  EXPECT_EQ(encodeFrame("abc"), std::string("\0\0\0\3abc", 7));
  EXPECT_EQ(encodeFrame(std::string(0x010203, 'x')).substr(0, 4), std::string("\0\1\2\3", 4));
}

TEST(ProtocolFrame, DecodesFramesSplitAtEveryPoint) {
  const std::string wire = encodeFrame("first") + encodeFrame("s") + encodeFrame("third frame");
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    FrameDecoder decoder;
    ASSERT_TRUE(decoder.feed(wire.substr(0, split)).ok());
    ASSERT_TRUE(decoder.feed(wire.substr(split)).ok());
    EXPECT_EQ(drain(decoder), (std::vector<std::string>{"first", "s", "third frame"}))
        << "split at " << split;
    EXPECT_EQ(decoder.buffered(), 0u);
  }
}

TEST(ProtocolFrame, DecodesFramesFedOneByteAtATime) {
  const std::string wire = encodeFrame("hello") + encodeFrame("world");
  FrameDecoder decoder;
  std::vector<std::string> frames;
  for (char byte : wire) {
    ASSERT_TRUE(decoder.feed(std::string(1, byte)).ok());
    for (auto& frame : drain(decoder)) frames.push_back(frame);
  }
  EXPECT_EQ(frames, (std::vector<std::string>{"hello", "world"}));
}

TEST(ProtocolFrame, BufferedCountsPartialAndUntakenFrames) {
  FrameDecoder decoder;
  ASSERT_TRUE(decoder.feed(encodeFrame("abcd") + header(10).substr(0, 2)).ok());
  EXPECT_EQ(decoder.buffered(), 4u + 2u);
  ASSERT_TRUE(decoder.next().has_value());
  EXPECT_EQ(decoder.buffered(), 2u);
  ASSERT_TRUE(decoder.feed(header(10).substr(2) + "12345").ok());
  EXPECT_EQ(decoder.buffered(), 5u);
  EXPECT_FALSE(decoder.next().has_value());
}

TEST(ProtocolFrame, RefusesAZeroLength) {
  FrameDecoder decoder;
  const Status fed = decoder.feed(header(0));
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().code, Errc::malformed);
  EXPECT_EQ(fed.error().message, "frame announces 0 bytes; a frame holds 1 to 1048593 bytes");
}

TEST(ProtocolFrame, RefusesALengthAboveTheCapBeforeBufferingTheBody) {
  FrameDecoder decoder;
  const Status fed = decoder.feed(header(kMaxFrameBytes + 1) + std::string(1000, 'x'));
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error().code, Errc::malformed);
  EXPECT_EQ(fed.error().message, "frame announces 1048594 bytes, above the cap of 1048593 bytes");
  EXPECT_LE(decoder.buffered(), 4u);
}

TEST(ProtocolFrame, AcceptsAFrameExactlyAtTheCap) {
  FrameDecoder decoder;
  ASSERT_TRUE(decoder.feed(encodeFrame(std::string(kMaxFrameBytes, 'x'))).ok());
  EXPECT_EQ(decoder.next()->size(), kMaxFrameBytes);
}

TEST(ProtocolFrame, StaysFailedAfterABadLength) {
  FrameDecoder decoder;
  ASSERT_FALSE(decoder.feed(header(0xffffffff)).ok());
  const Status again = decoder.feed(encodeFrame("fine"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message,
            "frame announces 4294967295 bytes, above the cap of 1048593 bytes");
  EXPECT_FALSE(decoder.next().has_value());
}

TEST(ProtocolFrame, DeliversFramesBeforeABadLengthInTheSameFeed) {
  FrameDecoder decoder;
  EXPECT_FALSE(decoder.feed(encodeFrame("good") + header(0)).ok());
  EXPECT_EQ(decoder.next(), std::optional<std::string>("good"));
}

}  // namespace
}  // namespace cartable::federation
