// Sends the outbox (outbox.h) through the SMTP relay of `mail:` in
// cartable.yaml, and a thread that does it periodically, off the request path.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/settings.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::mail {

// Attempts per email before it is given up, and the wait after each failed
// one (1 min, 5 min, 30 min, 2 h, 6 h: about nine hours in all).
inline constexpr int kMaxAttempts = 6;
inline constexpr Seconds kRetryDelays[kMaxAttempts - 1] = {60, 300, 1800, 7200, 21600};
// Finished rows are kept a while, so that an administrator can see what
// happened: sent ones a week, given-up ones a month.
inline constexpr Seconds kSentRetention = 7 * 86400;
inline constexpr Seconds kFailedRetention = 30 * 86400;

struct DrainReport {
  int sent = 0;
  int retried = 0;   // failed for now, tried again later
  int given_up = 0;  // failed for good: see the row's last_error
  int purged = 0;
};

class Mailer {
 public:
  // `password` is the content of mail.password_file (empty without a
  // username); `school_name` signs the emails.
  Mailer(storage::Database& db, config::MailSettings settings, std::string school_name,
         std::string password, Random& random);

  // Sends the emails due at `now` and records what became of each: sent,
  // retried later (4xx reply, relay unreachable), or given up (5xx reply,
  // kMaxAttempts reached, no address any more, no relay configured). Then
  // purges finished rows past their retention. Never holds a write
  // transaction while talking to the relay. Fails only when the database does.
  Result<DrainReport> drain(Seconds now);

  // Asks a running drain to stop after the email in hand (from any thread).
  void requestStop() { stop_ = true; }

 private:
  struct Batch;
  Result<DrainReport> send(Batch& batch, Seconds now);

  storage::Database& db_;
  config::MailSettings settings_;
  std::string school_name_;
  std::string password_;
  Random& random_;
  std::atomic<bool> stop_{false};
};

// Reads the relay password from `path` (one line; the final line break is
// not part of it). Errors name mail.password_file.
Result<std::string> readPasswordFile(const std::string& path);

// Runs a Mailer's drain on its own thread every `interval`, so that email
// never slows a request and a relay that is down only delays email.
class Courier {
 public:
  // The courier of `settings` (reads mail.password_file when a username is set).
  static Result<std::unique_ptr<Courier>> create(
      storage::Database& db, const config::Settings& settings, const Clock& clock, Random& random,
      std::chrono::milliseconds interval = std::chrono::seconds(30));
  Courier(std::unique_ptr<Mailer> mailer, const Clock& clock, std::chrono::milliseconds interval);
  ~Courier();  // stops

  void start();
  // Stops after the email in hand; returns once the thread has ended.
  void stop();
  // Drains now rather than at the end of the interval.
  void wake();

  Mailer& mailer() { return *mailer_; }

 private:
  void run();

  std::unique_ptr<Mailer> mailer_;
  const Clock& clock_;
  std::chrono::milliseconds interval_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
};

}  // namespace cartable::mail
