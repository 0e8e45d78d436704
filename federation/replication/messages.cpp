#include "federation/replication/messages.h"

#include <Poco/DeflatingStream.h>
#include <Poco/Exception.h>
#include <Poco/InflatingStream.h>

#include <sstream>

#include "federation/replication/wire.h"

namespace cartable::federation {

namespace {

enum Type : std::uint8_t { kHello = 1, kBatch = 2, kAck = 3, kRefusal = 4 };

constexpr std::size_t kMaxName = 256;  // epochs, partitions, kinds, owners
constexpr std::size_t kMaxKey = 1024;
constexpr std::size_t kMaxPositions = 1024;
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

void writePartitions(ByteWriter& out, const std::vector<std::string>& partitions) {
  out.integer(partitions.size());
  for (const auto& partition : partitions) out.bytes(partition);
}

Result<std::vector<std::string>> readPartitions(ByteReader& in) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t count, in.integer("partitions"));
  if (count > kMaxPositions) return makeError(Errc::malformed, "too many partitions", "partitions");
  std::vector<std::string> partitions;
  for (std::uint64_t i = 0; i < count; ++i) {
    CARTABLE_ASSIGN_OR_RETURN(std::string partition, in.bytes("partition", kMaxName));
    partitions.push_back(std::move(partition));
  }
  return partitions;
}

void writeRecord(ByteWriter& out, const Record& record) {
  out.integer(static_cast<std::uint64_t>(record.seq));
  out.bytes(record.partition);
  out.bytes(record.kind);
  out.bytes(record.key);
  out.bytes(record.owner);
  out.integer(static_cast<std::uint64_t>(record.version));
  out.bytes(record.body);
}

Result<Record> readRecord(ByteReader& in) {
  Record record;
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t seq, in.integer("seq"));
  CARTABLE_ASSIGN_OR_RETURN(record.partition, in.bytes("partition", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(record.kind, in.bytes("kind", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(record.key, in.bytes("key", kMaxKey));
  CARTABLE_ASSIGN_OR_RETURN(record.owner, in.bytes("owner", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t version, in.integer("version"));
  CARTABLE_ASSIGN_OR_RETURN(record.body, in.bytes("body", kMaxRecordBody));
  if (seq == 0 || seq > INT64_MAX || version == 0 || version > INT64_MAX) {
    return makeError(Errc::malformed, "record seq and version must be positive", "seq");
  }
  record.seq = static_cast<std::int64_t>(seq);
  record.version = static_cast<std::int64_t>(version);
  return record;
}

std::string encodeBatchRecords(const std::vector<Record>& records) {
  ByteWriter raw;
  raw.integer(records.size());
  for (const auto& record : records) writeRecord(raw, record);
  return compress(raw.take());
}

Result<std::vector<Record>> decodeBatchRecords(std::string_view compressed) {
  CARTABLE_ASSIGN_OR_RETURN(std::string raw, decompress(compressed, kMaxBatchRawBytes));
  ByteReader in(raw);
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t count, in.integer("record count"));
  if (count > kMaxRecordsPerBatch) {
    return makeError(Errc::malformed,
                     "batch holds " + std::to_string(count) + " records, above the limit of " +
                         std::to_string(kMaxRecordsPerBatch),
                     "records");
  }
  std::vector<Record> records;
  records.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    CARTABLE_ASSIGN_OR_RETURN(Record record, readRecord(in));
    records.push_back(std::move(record));
  }
  if (!in.atEnd()) return makeError(Errc::malformed, "bytes after the last record", "records");
  return records;
}

Result<std::int64_t> readSeq(ByteReader& in, std::string_view field) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t value, in.integer(field));
  if (value > INT64_MAX) return makeError(Errc::malformed, "seq out of range", std::string(field));
  return static_cast<std::int64_t>(value);
}

struct Encoder {
  ByteWriter& out;
  void operator()(const Hello& hello) const {
    out.integer(kHello);
    out.bytes(hello.epoch);
    out.integer(hello.applied.size());
    for (const auto& position : hello.applied) {
      out.bytes(position.partition);
      out.bytes(position.epoch);
      out.integer(static_cast<std::uint64_t>(position.seq));
    }
  }
  void operator()(const Batch& batch) const {
    out.integer(kBatch);
    out.bytes(batch.epoch);
    writePartitions(out, batch.partitions);
    out.integer(static_cast<std::uint64_t>(batch.through));
    out.raw(encodeBatchRecords(batch.records));
  }
  void operator()(const Ack& ack) const {
    out.integer(kAck);
    out.bytes(ack.epoch);
    writePartitions(out, ack.partitions);
    out.integer(static_cast<std::uint64_t>(ack.through));
  }
  void operator()(const Refusal& refusal) const {
    out.integer(kRefusal);
    out.bytes(refusal.reason);
  }
};

Result<Message> decodeHello(ByteReader& in) {
  Hello hello;
  CARTABLE_ASSIGN_OR_RETURN(hello.epoch, in.bytes("epoch", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t count, in.integer("applied"));
  if (count > kMaxPositions) return makeError(Errc::malformed, "too many positions", "applied");
  for (std::uint64_t i = 0; i < count; ++i) {
    LogPosition position;
    CARTABLE_ASSIGN_OR_RETURN(position.partition, in.bytes("partition", kMaxName));
    CARTABLE_ASSIGN_OR_RETURN(position.epoch, in.bytes("epoch", kMaxName));
    CARTABLE_ASSIGN_OR_RETURN(position.seq, readSeq(in, "seq"));
    hello.applied.push_back(std::move(position));
  }
  return Message(std::move(hello));
}

Result<Message> decodeBatch(ByteReader& in) {
  Batch batch;
  CARTABLE_ASSIGN_OR_RETURN(batch.epoch, in.bytes("epoch", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(batch.partitions, readPartitions(in));
  CARTABLE_ASSIGN_OR_RETURN(batch.through, readSeq(in, "through"));
  CARTABLE_ASSIGN_OR_RETURN(batch.records, decodeBatchRecords(in.rest()));
  for (const auto& record : batch.records) {
    if (record.seq > batch.through) {
      return makeError(Errc::malformed, "a record's seq is beyond the batch's end", "through");
    }
  }
  return Message(std::move(batch));
}

Result<Message> decodeAck(ByteReader& in) {
  Ack ack;
  CARTABLE_ASSIGN_OR_RETURN(ack.epoch, in.bytes("epoch", kMaxName));
  CARTABLE_ASSIGN_OR_RETURN(ack.partitions, readPartitions(in));
  CARTABLE_ASSIGN_OR_RETURN(ack.through, readSeq(in, "through"));
  return Message(std::move(ack));
}

}  // namespace

std::string encodeMessage(const Message& message) {
  ByteWriter out;
  std::visit(Encoder{out}, message);
  return out.take();
}

Result<Message> decodeMessage(std::string_view bytes) {
  ByteReader in(bytes);
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t type, in.integer("type"));
  Result<Message> message = makeError(Errc::malformed, "unknown message type", "type");
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
      CARTABLE_ASSIGN_OR_RETURN(std::string reason, in.bytes("reason", kMaxReason));
      message = Message(Refusal{std::move(reason)});
      break;
    }
    default:
      return makeError(Errc::malformed, "unknown message type " + std::to_string(type), "type");
  }
  if (message.ok() && !in.atEnd()) {
    return makeError(Errc::malformed, "bytes after the end of the message", "type");
  }
  return message;
}

}  // namespace cartable::federation
