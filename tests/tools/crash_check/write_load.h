// Writer threads that write back to back through the API, each in turn a
// subject, an announcement and a document upload (mixed_writes.h), and note
// what became of each one.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace cartable::crash {

// The codes sent during one round, by outcome.
struct RoundWrites {
  std::vector<std::string> acknowledged;  // 201: the server says it is committed
  std::vector<std::string> unknown;       // sent, but no response came back
  std::vector<std::string> rejected;      // any other status; normally none
  std::string first_rejection;            // status and body of the first one
  bool token_refused = false;             // a 401 was among the rejections
};

class WriteLoad {
 public:
  // Starts `writers` threads writing to 127.0.0.1:`port` with codes
  // "<code_prefix>W<writer>N<count><kind letter>"; documents go to the folder
  // `folder_id`.
  WriteLoad(std::uint16_t port, std::string token, std::string code_prefix, int writers,
            std::int64_t folder_id);
  ~WriteLoad();
  WriteLoad(const WriteLoad&) = delete;
  WriteLoad& operator=(const WriteLoad&) = delete;

  // Tells the writers to stop, waits for their current request to end and
  // returns every code sent, by outcome.
  RoundWrites stop();

 private:
  void runWriter(int writer);

  std::uint16_t port_;
  std::string token_;
  std::string code_prefix_;
  std::int64_t folder_id_;
  std::atomic<bool> stopping_{false};
  std::vector<RoundWrites> outcomes_;  // one per writer, each touched by its own thread
  std::vector<std::thread> threads_;
};

}  // namespace cartable::crash
