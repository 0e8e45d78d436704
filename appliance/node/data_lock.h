// An exclusive lock on a node's data directory, held by `cartable serve`, so
// that commands that must not run beside a live server (restore) can refuse.
#pragma once

#include <string>

#include "core/base/result.h"

namespace cartable::node {

class DataLock {
 public:
  // Takes the lock on <data_dir>/cartable.lock without waiting; fails with
  // unavailable when another process holds it.
  static Result<DataLock> acquire(const std::string& data_dir);

  DataLock(DataLock&& other) noexcept;
  DataLock& operator=(DataLock&&) = delete;
  DataLock(const DataLock&) = delete;
  ~DataLock();

 private:
  explicit DataLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace cartable::node
