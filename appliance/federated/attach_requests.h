// Requests from other schools to attach one of their accounts to a person who
// has an account here. The hub asks each school of that person; the person
// answers here (or the school's operator for them), and the answer goes back
// to the hub, which joins the accounts only once it is "approved".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"

namespace cartable::federated {

// Records the hub's request `record` (kind attach_request) and tells the
// person in their notifications. malformed (field named) when it does not
// name one of this school's accounts.
Status applyAttachRequest(storage::Connection& conn, const std::string& uai,
                          const federation::Record& record, Seconds now);

struct AttachRequest {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string login;  // the person's login here
  std::string from_uai;
  std::string from_name;
  Seconds requested_at = 0;
  std::optional<std::string> decision;  // approved, refused; nullopt while unanswered
};

// The requests made to `user_id` (every account's when nullopt), unanswered
// first, then the newest; at most `limit`.
Result<std::vector<AttachRequest>> listAttachRequests(storage::Connection& conn,
                                                      std::optional<std::int64_t> user_id,
                                                      int limit);

// Answers request `id` with `decision` ("approved" or "refused"). When
// `user_id` is set, only that person's requests exist for them (not_found
// otherwise, as for an unknown id). invalid_argument (field "decision") for
// another word; failed_precondition when it was answered already.
Status answerAttachRequest(storage::Connection& conn, std::int64_t id,
                           std::optional<std::int64_t> user_id, const std::string& decision,
                           Seconds now);

// Whether answers wait to be sent to the hub (a cheap read).
Result<bool> hasAttachAnswers(storage::Connection& conn);

// Writes the answers not yet sent to the change log, for the hub, in the
// caller's transaction; returns how many.
Result<int> sendAttachAnswers(storage::Connection& conn, const std::string& uai, Seconds now);

}  // namespace cartable::federated
