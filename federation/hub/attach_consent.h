// Consent to attach: before the hub makes an account of one school the same
// person as an account of another, that person agrees at a school where they
// already have an account. Without it, any school's admin could join any
// login of the region, receive its password verifier and change it everywhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"

namespace cartable::federation::hub {

// asked, approved or refused; nullopt when never asked.
Result<std::optional<std::string>> consentState(storage::Connection& conn, const std::string& uai,
                                                const std::string& local_key,
                                                const std::string& identity_id);

// An account of the person being asked for their consent.
struct AskedAccount {
  std::string uai;
  std::string local_key;  // "<UAI>:<user id>"
};

// Records that the account `local_key` of school `uai` asks to be the person
// `identity_id`, and sends the request to each of `asked` (the person's
// active accounts). Nothing is sent again for a request already asked.
Status askConsent(storage::Connection& conn, const std::string& uai, const std::string& local_key,
                  const std::string& identity_id, const std::vector<AskedAccount>& asked,
                  Seconds now);

// The account whose attach an answer settled.
struct SettledAttach {
  std::string uai;
  std::string local_key;
};

// Records the answer `record` (kind attach_answer) from the school `uai`.
// permission_denied when `uai` is not the school asked, or no longer holds an
// active account of that person; malformed when the key or decision is not
// one; nullopt when the request was settled already (the first answer wins).
Result<std::optional<SettledAttach>> recordAnswer(storage::Connection& conn, const std::string& uai,
                                                  const Record& record, Seconds now);

}  // namespace cartable::federation::hub
