// A student moving to another school of the region. The old school's admin
// asks for the transfer: the student's enrollment ends and their account here
// is closed, in one transaction. The dossier the admin chose (attendance
// summary, latest averages) is built once the account has its regional
// identity, signed by this school and sealed to the new one; the hub relays it
// unread. At the new school the student keeps their login (the regional
// directory joins the accounts by INE) and the dossier waits for its staff.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"
#include "federation/sealed/sealed_payload.h"

namespace cartable::federated {

inline constexpr const char* kDossierPurpose = "dossier";

struct TransferRequest {
  std::int64_t student_id = 0;
  std::string to_uai;
  bool include_attendance = true;
  bool include_averages = true;
  std::optional<std::int64_t> requested_by;
};

// Records the transfer, ends the student's current enrollment today and
// disables their account here (the caller ends their sessions). Errors:
// not_found (user_id) for an unknown account; invalid_argument on
// "student_id" when not a student, on "to_uai" for this school itself or a
// school the hub has not published (or revoked); already_exists when the same
// transfer was asked before.
Result<std::int64_t> requestTransfer(storage::Connection& conn, const TransferRequest& request,
                                     const std::string& own_uai, Seconds now);

// Whether a requested transfer's dossier has not been sent yet.
Result<bool> hasRequestedTransfers(storage::Connection& conn);

// Seals the dossiers of requested transfers whose student has a regional
// identity, in the caller's transaction; returns how many it sent.
Result<int> sendRequestedTransfers(storage::Connection& conn, const federation::NodeKeys& keys,
                                   const std::string& uai, Seconds now);

// Keeps a dossier received from `header.from` (opened and verified).
Status receiveDossier(storage::Connection& conn, const federation::SealedHeader& header,
                      const std::string& content, Seconds now);

struct TransferView {
  std::int64_t id = 0;
  std::string direction;                // "out" or "in"
  std::string school;                   // the other school's UAI
  std::optional<std::int64_t> user_id;  // the local account, when there is one
  std::string name;                     // the student's, from the local account or the dossier
  Seconds at = 0;                       // requested (out) or received (in)
  std::optional<Seconds> sent_at;       // out: when sealed; nothing while waiting
  std::string content;                  // in: the dossier, JSON; out: ""
};

// Transfers out then in, newest first.
Result<std::vector<TransferView>> listTransfers(storage::Connection& conn, int limit);

}  // namespace cartable::federated
