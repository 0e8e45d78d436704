// Offers a running node a fixed rate of GET requests (open loop: request i
// is due at start + i / rate whether or not the earlier ones were answered,
// and its time counts from then), each on its own connection as many
// different users would, optionally while slow clients trickle request
// headers one byte at a time (every --slow-interval-ms) from another
// address. Prints the statuses, the requests left without an answer, and
// the times of the admitted ones;
// exits 1 when an invariant does not hold: an answer other than 200 or 503,
// or a request without an answer within --answer-deadline-ms.
//   cartable-overload-bench --port N --targets FILE --rate R --seconds S
//     [--slow-clients N] [--slow-address 127.0.0.2] [--slow-interval-ms N]
//     [--senders N] [--answer-deadline-ms D]
// FILE: one "PATH TOKEN" per line (TOKEN "-": no Authorization header).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;

struct Options {
  int port = 0;
  std::string targets_file;
  double rate = 100;
  double seconds = 5;
  int slow_clients = 0;
  std::string slow_address = "127.0.0.2";
  int slow_interval_ms = 1000;
  int senders = 256;
  int answer_deadline_ms = 10000;
};

struct Target {
  std::string path;
  std::string token;
};

// What one request came to: its status (0: no answer) and its time from
// when it was due.
struct Outcome {
  int status = 0;
  double millis = 0;
};

bool parseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--port") {
      options.port = std::stoi(value);
    } else if (name == "--targets") {
      options.targets_file = value;
    } else if (name == "--rate") {
      options.rate = std::stod(value);
    } else if (name == "--seconds") {
      options.seconds = std::stod(value);
    } else if (name == "--slow-clients") {
      options.slow_clients = std::stoi(value);
    } else if (name == "--slow-address") {
      options.slow_address = value;
    } else if (name == "--slow-interval-ms") {
      options.slow_interval_ms = std::stoi(value);
    } else if (name == "--senders") {
      options.senders = std::stoi(value);
    } else if (name == "--answer-deadline-ms") {
      options.answer_deadline_ms = std::stoi(value);
    } else {
      std::cerr << "cartable-overload-bench: unknown option " << name << "\n";
      return false;
    }
  }
  if (argc % 2 == 0 || options.port <= 0 || options.targets_file.empty() || options.rate <= 0) {
    std::cerr << "usage: cartable-overload-bench --port N --targets FILE --rate R --seconds S "
                 "[--slow-clients N] [--slow-address A] [--slow-interval-ms N] [--senders N] "
                 "[--answer-deadline-ms D]\n";
    return false;
  }
  return true;
}

std::vector<Target> readTargets(const std::string& file) {
  std::vector<Target> targets;
  std::ifstream input(file);
  std::string line;
  while (std::getline(input, line)) {
    std::istringstream fields(line);
    Target target;
    if (!(fields >> target.path)) continue;
    fields >> target.token;
    if (target.token == "-") target.token.clear();
    targets.push_back(target);
  }
  return targets;
}

sockaddr_in addressOf(const std::string& ip, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  return address;
}

// A connected socket to the node, from `source` when not empty; -1 on failure.
int connectTo(int port, const std::string& source, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  if (!source.empty()) {
    const sockaddr_in from = addressOf(source, 0);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
      close(fd);
      return -1;
    }
  }
  const sockaddr_in to = addressOf("127.0.0.1", port);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool sendAll(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t count = send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (count <= 0) return false;
    sent += static_cast<std::size_t>(count);
  }
  return true;
}

// Sends one GET with "Connection: close" and reads the answer to its end;
// its status, or 0 when none came in time.
int fetch(int port, const Target& target, int timeout_ms) {
  const int fd = connectTo(port, "", timeout_ms);
  if (fd < 0) return 0;
  std::string request = "GET " + target.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!target.token.empty()) request += "Authorization: Bearer " + target.token + "\r\n";
  request += "Connection: close\r\n\r\n";
  std::string answer;
  if (sendAll(fd, request)) {
    char buffer[16384];
    for (;;) {
      const ssize_t count = recv(fd, buffer, sizeof buffer, 0);
      if (count <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(count));
    }
  }
  close(fd);
  int status = 0;
  if (std::sscanf(answer.c_str(), "HTTP/1.%*d %d", &status) != 1) return 0;
  return status;
}

// The senders: each takes the next due request, waits for its time, sends it.
std::vector<Outcome> offerLoad(const Options& options, const std::vector<Target>& targets) {
  const auto total = static_cast<std::size_t>(options.rate * options.seconds);
  std::vector<Outcome> outcomes(total);
  std::atomic<std::size_t> next{0};
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(100);
  const auto period = std::chrono::duration<double>(1.0 / options.rate);
  std::vector<std::thread> senders;
  for (int i = 0; i < options.senders; ++i) {
    senders.emplace_back([&] {
      for (std::size_t k = next++; k < total; k = next++) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(period * k);
        std::this_thread::sleep_until(due);
        outcomes[k].status =
            fetch(options.port, targets[k % targets.size()], options.answer_deadline_ms);
        outcomes[k].millis = Millis(Clock::now() - due).count();
      }
    });
  }
  for (std::thread& sender : senders) sender.join();
  return outcomes;
}

// Slow clients: each connection sends a request line, then one byte of a
// header every interval, never finishing; a connection the node closes is opened
// again. Counts the closings.
class SlowClients {
 public:
  SlowClients(const Options& options) : options_(options) {}
  void start() {
    if (options_.slow_clients > 0) thread_ = std::thread([this] { run(); });
  }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int opened() const { return opened_; }
  int closedByNode() const { return closed_by_node_; }
  int refused() const { return refused_; }

 private:
  int open() {
    const int fd = connectTo(options_.port, options_.slow_address, 1000);
    if (fd < 0) {
      ++refused_;
      return -1;
    }
    ++opened_;
    sendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    return fd;
  }
  // Whether the node has closed `fd` (or answered on it: a 503 ends it too).
  static bool closedByPeer(int fd) {
    pollfd entry{fd, POLLIN, 0};
    if (poll(&entry, 1, 0) <= 0) return false;
    char buffer[4096];
    return recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) >= 0;
  }
  void run() {
    std::vector<int> fds;
    for (int i = 0; i < options_.slow_clients; ++i) fds.push_back(open());
    while (!stopping_) {
      for (int& fd : fds) {
        if (fd >= 0 && (closedByPeer(fd) || !sendAll(fd, "a"))) {
          ++closed_by_node_;
          close(fd);
          fd = -1;
        }
        if (fd < 0) fd = open();
      }
      const auto wake = Clock::now() + std::chrono::milliseconds(options_.slow_interval_ms);
      while (!stopping_ && Clock::now() < wake) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    for (const int fd : fds) {
      if (fd >= 0) close(fd);
    }
  }

  const Options options_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> opened_{0};
  std::atomic<int> closed_by_node_{0};
  std::atomic<int> refused_{0};
};

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[index];
}

// Prints the figures; true when every answer is 200 or 503 and every
// request had one within the deadline.
bool report(const Options& options, const std::vector<Outcome>& outcomes, const SlowClients& slow) {
  std::map<int, int> statuses;
  std::vector<double> admitted;
  std::vector<double> refused;
  int unanswered = 0;
  int late = 0;
  for (const Outcome& outcome : outcomes) {
    if (outcome.status == 0) ++unanswered;
    if (outcome.millis > options.answer_deadline_ms) ++late;
    if (outcome.status != 0) ++statuses[outcome.status];
    if (outcome.status == 200) admitted.push_back(outcome.millis);
    if (outcome.status == 503) refused.push_back(outcome.millis);
  }
  int unexpected = 0;
  std::cout << "offered " << outcomes.size() << " requests at " << options.rate << "/s for "
            << options.seconds << " s\nstatuses";
  for (const auto& [status, count] : statuses) {
    std::cout << " " << status << "=" << count;
    if (status != 200 && status != 503) unexpected += count;
  }
  std::printf(
      "\nadmitted (200): %zu, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n"
      "refused (503): %zu, p99 %.1f ms\n"
      "without an answer: %d; answered after %d ms: %d; other statuses: %d\n",
      admitted.size(), percentile(admitted, 0.5), percentile(admitted, 0.99),
      percentile(admitted, 1.0), refused.size(), percentile(refused, 0.99), unanswered,
      options.answer_deadline_ms, late, unexpected);
  if (options.slow_clients > 0) {
    std::printf("slow clients: %d held from %s, %d openings, %d closed by the node, %d refused\n",
                options.slow_clients, options.slow_address.c_str(), slow.opened(),
                slow.closedByNode(), slow.refused());
  }
  // The same figures on one line, for scripts.
  std::printf(
      "summary offered=%zu admitted=%zu p50=%.1f p99=%.1f refused=%zu unanswered=%d late=%d "
      "other=%d slow_closed=%d\n",
      outcomes.size(), admitted.size(), percentile(admitted, 0.5), percentile(admitted, 0.99),
      refused.size(), unanswered, late, unexpected, slow.closedByNode());
  return unexpected == 0 && unanswered == 0 && late == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    if (!parseOptions(argc, argv, options)) return 2;
  } catch (const std::exception&) {
    std::cerr << "cartable-overload-bench: an option's value is not a number\n";
    return 2;
  }
  const std::vector<Target> targets = readTargets(options.targets_file);
  if (targets.empty()) {
    std::cerr << "cartable-overload-bench: no target in " << options.targets_file << "\n";
    return 2;
  }
  SlowClients slow(options);
  slow.start();
  // The slow clients take their workers first.
  if (options.slow_clients > 0) std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::vector<Outcome> outcomes = offerLoad(options, targets);
  slow.stop();
  return report(options, outcomes, slow) ? 0 : 1;
}
