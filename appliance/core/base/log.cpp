#include "core/base/log.h"

#include <unistd.h>

#include <atomic>
#include <string>

namespace cartable::log {
namespace {
std::atomic<Level> gLevel{Level::info};
}

void setLevel(Level value) { gLevel = value; }
Level level() { return gLevel; }

void write(Level value, std::string_view message) {
  if (static_cast<int>(value) > static_cast<int>(gLevel.load())) return;
  // "<N>" is the syslog priority that journald reads from the line start.
  std::string line;
  line.reserve(message.size() + 4);
  line.push_back('<');
  line.push_back(static_cast<char>('0' + static_cast<int>(value)));
  line.push_back('>');
  line.append(message);
  line.push_back('\n');
  // One write(2) per line keeps lines from different threads whole.
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n <= 0) return;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace cartable::log
