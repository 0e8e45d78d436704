#include "node/data_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cartable::node {

Result<DataLock> DataLock::acquire(const std::string& data_dir) {
  const std::string path = data_dir + "/cartable.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0 && errno == ENOENT) {
    return makeError(Errc::failed_precondition,
                     "the data directory " + data_dir + " does not exist; run `cartable init` first");
  }
  if (fd < 0) {
    return makeError(Errc::io_error, "cannot open " + path + ": " + std::strerror(errno));
  }
  // flock is released by the kernel when the process dies, even by kill -9.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return makeError(Errc::unavailable,
                     "a cartable server is running on " + data_dir + "; stop it first");
  }
  return DataLock(fd);
}

DataLock::DataLock(DataLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

DataLock::~DataLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace cartable::node
