// The outbox of notification emails. Rows are written in the transaction of
// the event that caused them (through notifications::notify), so a rolled-back
// event leaves no email; the mailer (mailer.h) sends them later.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::mail {

// What one email says: the notice, exactly as the feed shows it.
struct NoticeEmail {
  std::int64_t user_id = 0;
  std::string kind, title, body, link;
};

// Queues `email`, due at once.
Status enqueue(storage::Connection& db, const NoticeEmail& email, Seconds now);

// Withdraws `user_id`'s emails of `kind` about `link` that no attempt has
// sent yet (a newer notice replaces them).
Status withdrawUnsent(storage::Connection& db, std::int64_t user_id, const std::string& kind,
                      const std::string& link);

enum class OutboxState { pending, sent, failed };

struct QueuedEmail {
  std::int64_t id = 0;
  NoticeEmail notice;
  Seconds created_at = 0;
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  Seconds next_attempt_at = 0;
  std::optional<std::string> message_id;
  std::optional<std::string> last_error;
  std::optional<Seconds> finished_at;
  // The recipient's address now: absent when the account has none or is disabled.
  std::optional<std::string> address;
};

// Pending emails due at `now`, oldest first, at most `limit`.
Result<std::vector<QueuedEmail>> dueEmails(storage::Connection& db, Seconds now, int limit);

// Every row of the outbox, oldest first (tests and diagnostics).
Result<std::vector<QueuedEmail>> listOutbox(storage::Connection& db);

// Records that email `id` was accepted by the relay.
Status recordSent(storage::Connection& db, std::int64_t id, const std::string& message_id,
                  int attempts, Seconds now);
// Records a failed attempt: retried at `retry_at`, or given up (failed) when
// it is absent. `error` says why, for the administrator.
Status recordFailure(storage::Connection& db, std::int64_t id, const std::string& message_id,
                     int attempts, const std::string& error, std::optional<Seconds> retry_at,
                     Seconds now);

// Deletes sent emails finished before `sent_before` and given-up ones
// finished before `failed_before`; returns how many went.
Result<int> purgeFinished(storage::Connection& db, Seconds sent_before, Seconds failed_before);

}  // namespace cartable::mail
