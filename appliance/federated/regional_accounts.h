// The school's side of cross-school accounts. Every local account is
// published to the hub's directory as digests (login, a student's INE) with
// its roles; the hub answers whether the login is the region's (confirmed),
// already someone else's (collision), and which other schools hold an account
// of the same person. The school holding the latest login and password of a
// person seals them to each of those schools, through the hub, which cannot
// read them: each school then signs the person in by itself, link up or down.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/identity/node_keys.h"

namespace cartable::federated {

// A login or INE as the hub sees it: BLAKE2b keyed with the region's
// directory key, hex; nothing before the key has come from the hub.
Result<std::optional<std::string>> regionalDigest(storage::Connection& conn,
                                                  std::string_view value);

// Writes to the change log, in the caller's transaction, the account records
// of accounts changed since the last call, and the login and password of each
// account whose latest version this school set, sealed to each member school
// that lacks it. At most `limit` of each; returns how many were written.
Result<int> publishAccountChanges(storage::Connection& conn, const federation::NodeKeys& keys,
                                  const std::string& uai, Seconds now, int limit = 500);

// Whether publishAccountChanges() has anything to write: a cheap read, so
// that the once-a-second loop takes the writer only when it must.
Result<bool> hasAccountChanges(storage::Connection& conn, const std::string& uai);

// Asks the hub to make the local account `user_id` the same person as the
// region's account `login` (a teacher or parent already known at another
// school): once confirmed, the login and password come from that school.
// not_found for an unknown account; invalid_argument (field "login") for an
// empty login.
Status requestAttach(storage::Connection& conn, std::int64_t user_id, const std::string& login);

struct RegionalAccount {
  std::int64_t user_id = 0;
  std::string login;
  std::string display_name;
  std::string state;  // pending, confirmed, collision, attach_failed
  std::string message;
  std::optional<std::string> regional_id;
  std::vector<std::string> other_schools;  // UAIs
};

// Accounts in `state` (all when empty), by login, at most `limit`.
Result<std::vector<RegionalAccount>> listRegionalAccounts(storage::Connection& conn,
                                                          const std::string& state, int limit);

// Another school where the person of a local account also has one.
struct OtherSchool {
  std::string uai;
  std::string name;  // the UAI when the hub has not said
  std::string url;   // where to sign in there (same login and password); may be empty
};

// The other schools of `user_id`'s person, as the hub last said, by name;
// a revoked school is left out.
Result<std::vector<OtherSchool>> otherSchoolsOf(storage::Connection& conn, std::int64_t user_id);

// How many accounts are in each state, and sealed payloads refused.
struct RegionalSummary {
  std::int64_t pending = 0;
  std::int64_t confirmed = 0;
  std::int64_t collision = 0;
  std::int64_t attach_failed = 0;
  std::int64_t shared = 0;  // accounts of people who also have one at another school
  std::int64_t refused_payloads = 0;
};
Result<RegionalSummary> regionalSummary(storage::Connection& conn);

}  // namespace cartable::federated
