// The school's public profile, published to its hub through the change log:
// who the school is and how many active accounts it has per role. Counts
// only: no person's data is in it.
#pragma once

#include <string>

#include "config/settings.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::federated {

// The profile as JSON, e.g. {"uai":"0541234Y","name":"Collège …",
// "academie":"Nancy-Metz","department":"54","url":"https://ent.…" or "",
// "accounts":{"student":1200,…}}. `public_url` is where its people reach it:
// the hub tells the other schools, which link to it for people of both.
Result<std::string> schoolProfile(storage::Connection& conn, const config::SchoolIdentity& school,
                                  const std::string& public_url);

// Appends the profile to the change log when it differs from the last one
// published; returns whether it did. Runs in the caller's transaction.
Result<bool> publishSchoolProfile(storage::Connection& conn, const config::SchoolIdentity& school,
                                  const std::string& public_url, Seconds now);

}  // namespace cartable::federated
