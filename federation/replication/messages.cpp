#include "federation/replication/messages.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>

#include <sstream>

#include "federation/protocol/wire.h"

namespace cartable::federation {

namespace {

enum Type : std::uint8_t { kHello = 1, kBatch = 2, kAck = 3, kRefusal = 4 };

constexpr std::size_t kMaxName = 256;  // epochs, partitions, kinds, owners
constexpr std::size_t kMaxKey = 1024;
constexpr std::uint32_t kMaxPositions = 1024;
constexpr std::size_t kMaxReason = 4096;

std::string compress(const std::string& raw) {
  std::ostringstream out;
  Poco::DeflatingOutputStream deflate(out, Poco::DeflatingStreamBuf::STREAM_ZLIB, 6);
  deflate.write(raw.data(), static_cast<std::streamsize>(raw.size()));
  deflate.close();
  return out.str();
}

// Inflates at most `limit` bytes: a batch announcing more is refused before
// it can exhaust memory.
Result<std::string> decompress(std::string_view compressed, std::size_t limit) {
  try {
    std::istringstream in{std::string(compressed)};
    Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_ZLIB);
    std::string raw;
    char chunk[16384];
    while (inflate.read(chunk, sizeof chunk) || inflate.gcount() > 0) {
      raw.append(chunk, static_cast<std::size_t>(inflate.gcount()));
      if (raw.size() > limit) {
        return makeError(Errc::malformed,
                         "batch records inflate beyond " + std::to_string(limit) + " bytes",
                         "records");
      }
    }
    return raw;
  } catch (const Poco::Exception& e) {
    return makeError(Errc::malformed, "batch records do not decompress: " + e.displayText(),
                     "records");
  }
}

using wire::Reader;
using wire::Writer;

Error malformed(std::string message, std::string field) {
  return makeError(Errc::malformed, std::move(message), std::move(field));
}

void writePartitions(Writer& out, const std::vector<std::string>& partitions) {
  out.u32(static_cast<std::uint32_t>(partitions.size()));
  for (const auto& partition : partitions) out.shortString(partition);
}

// A count read from the wire, refused above `max` before anything is allocated.
Result<std::uint32_t> readCount(Reader& in, std::string_view field, std::uint32_t max) {
  std::uint32_t count = 0;
  CARTABLE_RETURN_IF_ERROR(in.u32(field, count));
  if (count > max) {
    return in.fieldError(field, "announces " + std::to_string(count) +
                                    " entries, above the limit of " + std::to_string(max));
  }
  return count;
}

Result<std::vector<std::string>> readPartitions(Reader& in) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint32_t count, readCount(in, "partitions", kMaxPositions));
  std::vector<std::string> partitions(count);
  for (auto& partition : partitions) {
    CARTABLE_RETURN_IF_ERROR(in.shortString("partition", kMaxName, partition));
  }
  return partitions;
}

// Seqs and versions are positive and fit an int64 (SQLite's integers).
Result<std::int64_t> readPositive(Reader& in, std::string_view field, bool zero_allowed) {
  std::uint64_t value = 0;
  CARTABLE_RETURN_IF_ERROR(in.u64(field, value));
  if (value > INT64_MAX || (!zero_allowed && value == 0)) {
    return in.fieldError(field, "is out of range: " + std::to_string(value));
  }
  return static_cast<std::int64_t>(value);
}

void writeRecord(Writer& out, const Record& record) {
  out.u64(static_cast<std::uint64_t>(record.seq));
  out.shortString(record.partition);
  out.shortString(record.kind);
  out.shortString(record.key);
  out.shortString(record.owner);
  out.u64(static_cast<std::uint64_t>(record.version));
  out.longString(record.body);
}

Result<Record> readRecord(Reader& in) {
  Record record;
  CARTABLE_ASSIGN_OR_RETURN(record.seq, readPositive(in, "seq", false));
  CARTABLE_RETURN_IF_ERROR(in.shortString("partition", kMaxName, record.partition));
  CARTABLE_RETURN_IF_ERROR(in.shortString("kind", kMaxName, record.kind));
  CARTABLE_RETURN_IF_ERROR(in.shortString("key", kMaxKey, record.key));
  CARTABLE_RETURN_IF_ERROR(in.shortString("owner", kMaxName, record.owner));
  CARTABLE_ASSIGN_OR_RETURN(record.version, readPositive(in, "version", false));
  CARTABLE_RETURN_IF_ERROR(in.longString("body", kMaxRecordBody, record.body));
  return record;
}

std::string encodeBatchRecords(const std::vector<Record>& records) {
  Writer raw;
  raw.u32(static_cast<std::uint32_t>(records.size()));
  for (const auto& record : records) writeRecord(raw, record);
  return compress(raw.take());
}

Result<std::vector<Record>> decodeBatchRecords(std::string_view compressed) {
  CARTABLE_ASSIGN_OR_RETURN(std::string raw, decompress(compressed, kMaxBatchRawBytes));
  Reader in(raw, "Batch records");
  CARTABLE_ASSIGN_OR_RETURN(
      std::uint32_t count, readCount(in, "count", static_cast<std::uint32_t>(kMaxRecordsPerBatch)));
  std::vector<Record> records;
  records.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    CARTABLE_ASSIGN_OR_RETURN(Record record, readRecord(in));
    records.push_back(std::move(record));
  }
  CARTABLE_RETURN_IF_ERROR(in.finish());
  return records;
}

struct Encoder {
  Writer& out;
  void operator()(const Hello& hello) const {
    out.u8(kHello);
    out.shortString(hello.epoch);
    out.u32(static_cast<std::uint32_t>(hello.applied.size()));
    for (const auto& position : hello.applied) {
      out.shortString(position.partition);
      out.shortString(position.epoch);
      out.u64(static_cast<std::uint64_t>(position.seq));
    }
  }
  void operator()(const Batch& batch) const {
    out.u8(kBatch);
    out.shortString(batch.epoch);
    writePartitions(out, batch.partitions);
    out.u64(static_cast<std::uint64_t>(batch.through));
    out.raw(encodeBatchRecords(batch.records));
  }
  void operator()(const Ack& ack) const {
    out.u8(kAck);
    out.shortString(ack.epoch);
    writePartitions(out, ack.partitions);
    out.u64(static_cast<std::uint64_t>(ack.through));
  }
  void operator()(const Refusal& refusal) const {
    out.u8(kRefusal);
    out.shortString(refusal.reason);
  }
};

Result<Message> decodeHello(Reader& in) {
  Hello hello;
  CARTABLE_RETURN_IF_ERROR(in.shortString("epoch", kMaxName, hello.epoch));
  CARTABLE_ASSIGN_OR_RETURN(std::uint32_t count, readCount(in, "applied", kMaxPositions));
  hello.applied.resize(count);
  for (auto& position : hello.applied) {
    CARTABLE_RETURN_IF_ERROR(in.shortString("partition", kMaxName, position.partition));
    CARTABLE_RETURN_IF_ERROR(in.shortString("epoch", kMaxName, position.epoch));
    CARTABLE_ASSIGN_OR_RETURN(position.seq, readPositive(in, "seq", true));
  }
  return Message(std::move(hello));
}

Result<Message> decodeBatch(Reader& in) {
  Batch batch;
  CARTABLE_RETURN_IF_ERROR(in.shortString("epoch", kMaxName, batch.epoch));
  CARTABLE_ASSIGN_OR_RETURN(batch.partitions, readPartitions(in));
  CARTABLE_ASSIGN_OR_RETURN(batch.through, readPositive(in, "through", true));
  CARTABLE_ASSIGN_OR_RETURN(batch.records, decodeBatchRecords(in.rest()));
  for (const auto& record : batch.records) {
    if (record.seq > batch.through) {
      return malformed("a record's seq is beyond the batch's end", "through");
    }
  }
  return Message(std::move(batch));
}

Result<Message> decodeAck(Reader& in) {
  Ack ack;
  CARTABLE_RETURN_IF_ERROR(in.shortString("epoch", kMaxName, ack.epoch));
  CARTABLE_ASSIGN_OR_RETURN(ack.partitions, readPartitions(in));
  CARTABLE_ASSIGN_OR_RETURN(ack.through, readPositive(in, "through", true));
  return Message(std::move(ack));
}

}  // namespace

std::string encodeMessage(const Message& message) {
  Writer out;
  std::visit(Encoder{out}, message);
  return out.take();
}

Result<Message> decodeMessage(std::string_view bytes) {
  Reader in(bytes, "Replication message");
  std::uint8_t type = 0;
  CARTABLE_RETURN_IF_ERROR(in.u8("type", type));
  Result<Message> message = malformed("unknown message type", "type");
  switch (type) {
    case kHello:
      message = decodeHello(in);
      break;
    case kBatch:
      return decodeBatch(in);  // the records run to the end
    case kAck:
      message = decodeAck(in);
      break;
    case kRefusal: {
      std::string reason;
      CARTABLE_RETURN_IF_ERROR(in.shortString("reason", kMaxReason, reason));
      message = Message(Refusal{std::move(reason)});
      break;
    }
    default:
      return malformed("unknown message type " + std::to_string(type), "type");
  }
  if (message.ok()) CARTABLE_RETURN_IF_ERROR(in.finish());
  return message;
}

}  // namespace cartable::federation
