// The replication messages exchanged inside an authenticated channel, and
// their binary encoding. A batch's records are compressed (zlib) before the
// channel encrypts them; decoding bounds every size before allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.h"
#include "federation/replication/change_log.h"
#include "federation/replication/cursors.h"

namespace cartable::federation {

// Sizes a batch must respect (the channel's frame cap is 1 MiB).
inline constexpr std::size_t kMaxRecordsPerBatch = 500;
inline constexpr std::size_t kBatchBodyBudget = 256 * 1024;  // bodies per batch, about
inline constexpr std::size_t kMaxRecordBody = 256 * 1024;
inline constexpr std::size_t kMaxBatchRawBytes = 2 * 1024 * 1024;  // after decompression

// First message each side sends: its log's epoch, and how far it has applied
// the other side's log (so the other side resumes from there).
struct Hello {
  std::string epoch;
  std::vector<LogPosition> applied;
};

// Records of the sender's log, in seq order. Once applied, the receiver
// holds every record of `partitions` up to `through` in `epoch`.
struct Batch {
  std::string epoch;
  std::vector<std::string> partitions;
  std::int64_t through = 0;
  std::vector<Record> records;
};

// Sent after the receiver committed a batch.
struct Ack {
  std::string epoch;
  std::vector<std::string> partitions;
  std::int64_t through = 0;
};

// The sender refuses to go on; the connection closes after it.
struct Refusal {
  std::string reason;
};

using Message = std::variant<Hello, Batch, Ack, Refusal>;

std::string encodeMessage(const Message& message);
// Fails with Errc::malformed naming the field for anything out of shape.
Result<Message> decodeMessage(std::string_view bytes);

}  // namespace cartable::federation
