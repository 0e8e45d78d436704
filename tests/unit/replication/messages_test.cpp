#include "federation/replication/messages.h"

#include <gtest/gtest.h>

#include <Poco/DeflatingStream.h>

#include <sstream>

#include "federation/protocol/wire.h"

namespace cartable::federation {
namespace {

Batch sampleBatch() {
  Batch batch{"e1", {"school:A", "region"}, 42, {}};
  for (int i = 1; i <= 3; ++i) {
    batch.records.push_back({i * 10, "school:A", "member", "key" + std::to_string(i), "hub", i,
                             std::string(100, static_cast<char>('a' + i))});
  }
  return batch;
}

TEST(ReplicationMessages, EachMessageSurvivesEncodingAndDecoding) {
  const Hello hello{"epoch-1", {{"hub", "epoch-9", 17}, {"region", "epoch-9", 3}}};
  auto decoded = decodeMessage(encodeMessage(hello));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  const auto& got = std::get<Hello>(*decoded);
  EXPECT_EQ(got.epoch, "epoch-1");
  ASSERT_EQ(got.applied.size(), 2u);
  EXPECT_EQ(got.applied[1].partition, "region");
  EXPECT_EQ(got.applied[0].seq, 17);

  auto batch = decodeMessage(encodeMessage(sampleBatch()));
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  const auto& records = std::get<Batch>(*batch).records;
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].key, "key3");
  EXPECT_EQ(records[2].body, std::string(100, 'd'));
  EXPECT_EQ(std::get<Batch>(*batch).through, 42);

  auto ack = decodeMessage(encodeMessage(Ack{"e1", {"hub"}, 9}));
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(std::get<Ack>(*ack).through, 9);
  auto refusal = decodeMessage(encodeMessage(Refusal{"school revoked"}));
  ASSERT_TRUE(refusal.ok());
  EXPECT_EQ(std::get<Refusal>(*refusal).reason, "school revoked");
}

TEST(ReplicationMessages, ABatchIsCompressed) {
  const std::string encoded = encodeMessage(sampleBatch());
  EXPECT_LT(encoded.size(), 200u);  // 300 bytes of bodies, highly repetitive
}

TEST(ReplicationMessages, EveryTruncationIsRefusedAsMalformed) {
  for (const Message& message : {Message(Hello{"e", {{"hub", "f", 5}}}), Message(sampleBatch()),
                                 Message(Ack{"e", {"hub"}, 3})}) {
    const std::string encoded = encodeMessage(message);
    for (std::size_t cut = 0; cut < encoded.size(); ++cut) {
      auto decoded = decodeMessage(std::string_view(encoded).substr(0, cut));
      ASSERT_FALSE(decoded.ok()) << "cut at " << cut;
      EXPECT_EQ(decoded.error().code, Errc::malformed);
    }
  }
}

TEST(ReplicationMessages, TrailingBytesAndUnknownTypesAreRefused) {
  EXPECT_EQ(decodeMessage(encodeMessage(Ack{"e", {}, 1}) + "x").error().message,
            "Replication message: 1 unexpected bytes after the last field");
  EXPECT_EQ(decodeMessage("\x09").error().message, "unknown message type 9");
  EXPECT_FALSE(decodeMessage("").ok());
}

TEST(ReplicationMessages, ALengthAboveItsLimitIsRefusedBeforeReading) {
  wire::Writer out;
  out.u8(1);       // Hello
  out.u16(65535);  // epoch length
  auto decoded = decodeMessage(out.take());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().field, "Replication message.epoch");
  EXPECT_EQ(decoded.error().message,
            "Replication message: field \"epoch\" announces 65535 bytes, above the limit of 256");
  wire::Writer many;
  many.u8(1);
  many.shortString("e");
  many.u32(1u << 30);  // positions
  EXPECT_EQ(decodeMessage(many.take()).error().message,
            "Replication message: field \"applied\" announces 1073741824 entries, above the "
            "limit of 1024");
}

TEST(ReplicationMessages, ABatchThatInflatesBeyondTheLimitIsRefused) {
  std::ostringstream compressed;
  {
    Poco::DeflatingOutputStream deflate(compressed, Poco::DeflatingStreamBuf::STREAM_ZLIB, 9);
    const std::string zeros(1 << 20, '\0');
    for (int i = 0; i < 4; ++i)
      deflate.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    deflate.close();
  }
  wire::Writer out;
  out.u8(2);  // Batch
  out.shortString("e");
  out.u32(0);
  out.u64(1);
  out.raw(compressed.str());
  auto decoded = decodeMessage(out.take());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message, "batch records inflate beyond 2097152 bytes");
}

TEST(ReplicationMessages, ARecordBeyondTheBatchEndIsRefused) {
  Batch batch = sampleBatch();
  batch.through = 5;
  auto decoded = decodeMessage(encodeMessage(batch));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message, "a record's seq is beyond the batch's end");
}

}  // namespace
}  // namespace cartable::federation
