// The hub's register of the region's schools: adding one (with a one-time
// enrollment code), redeeming the code at enrollment, admitting an enrolled
// school's connections, revoking, and the state of each school's link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/enrollment/enrollment.h"

namespace cartable::federation::hub {

struct School {
  std::string uai;
  std::string name;
  std::string department;
  Seconds added_at = 0;
  std::optional<Seconds> enrolled_at;
  std::optional<Seconds> certificate_expires_at;
  std::optional<std::int64_t> certificate_serial;
  std::optional<Seconds> revoked_at;
  std::string revoked_reason;
  std::string link_state;  // never, up, down
  std::optional<Seconds> link_changed_at;
  std::optional<Seconds> last_sync_at;
  std::string last_error;
  std::optional<Seconds> last_error_at;
};

struct IssuedCode {
  std::string code;
  Seconds expires_at = 0;
};

// Wrong proofs of the current codes before they are all withdrawn.
inline constexpr int kMaxEnrollmentFailures = 5;

// Registers the school `uai` (or finds it) and makes a one-time code valid
// for `validity` seconds; earlier unused codes of the school are withdrawn.
// Refused (already_exists) while the school is enrolled and not revoked, and
// (invalid_argument, field "uai") for a malformed UAI.
Result<IssuedCode> addSchool(storage::Connection& conn, const std::string& uai,
                             const std::string& name, const std::string& department,
                             Seconds validity, Seconds now, Random& random);

Result<std::vector<School>> listSchools(storage::Connection& conn);
Result<std::optional<School>> findSchool(storage::Connection& conn, const std::string& uai);

// Revokes the school: its certificate no longer admits it and its live link
// is dropped by the hub. not_found for an unknown school.
Status revokeSchool(storage::Connection& conn, const std::string& uai, const std::string& reason,
                    Seconds now);

// What enrollment records once the school proved it holds a valid code.
struct Enrolled {
  Key32 code_key{};  // for the hub's proof
  std::int64_t serial = 0;
};

// Checks `proof` against the school's codes (bound to the channel's
// transcript). On success the code is used up and the school's keys and new
// certificate serial recorded. Refusals name the cause for the school's
// admin: unknown school, revoked school, wrong code, expired code, used code,
// too many wrong codes (all codes withdrawn).
Result<Enrolled> redeemCode(storage::Connection& conn, const std::string& uai, const Key32& proof,
                            const Key32& transcript_hash, const Key32& sign_public,
                            const Key32& box_public, Seconds certificate_expires_at, Seconds now);

// Whether a school presenting a certificate with `serial` may connect: it is
// enrolled, not revoked, and the serial is the one last issued to it.
Status admitSchool(storage::Connection& conn, const std::string& uai, std::int64_t serial);

// Records the link going up or down (with the error that ended it, if any).
Status recordLink(storage::Connection& conn, const std::string& uai, bool up,
                  const std::string& error, Seconds now);
Status recordSync(storage::Connection& conn, const std::string& uai, Seconds now);
// Takes the name and department from the profile a school published
// (federated/school_profile.h); the school knows them best.
Status applySchoolProfile(storage::Connection& conn, const std::string& uai,
                          const std::string& profile_json);
// Forgets the link events before `before`, keeping each school's last one
// (the link's state from then on, from which an uptime is counted). Returns
// the events removed.
Result<int> purgeLinkEventsBefore(storage::Connection& conn, Seconds before);
// At hub start: no link survived the previous run.
Status markAllLinksDown(storage::Connection& conn, Seconds now);

}  // namespace cartable::federation::hub
