// `cartable enroll --hub HOST:PORT --code CODE`: links this school to its
// regional hub with the one-time code the hub's administrator gave.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/base/civil_date.h"
#include "federation/agent/agent.h"
#include "federation/agent/enroll.h"
#include "federation/identity/node_keys.h"
#include "node/node.h"

namespace cartable::cli {

namespace {

std::string fingerprintOf(const std::array<std::uint8_t, 32>& key) {
  federation::NodeKeys keys;
  keys.sign_public = key;
  return keys.fingerprint();
}

}  // namespace

int runEnroll(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "hub", "code"}, {"replace"});
  if (!args.ok()) return usage("enroll", args.error().message);
  const auto hub = args->value("hub");
  const auto code = args->value("code");
  if (!hub || !code) return usage("enroll", "--hub HOST:PORT and --code CODE are required");
  const auto address = federation::parseHubAddress(*hub);
  if (!address) return usage("enroll", "--hub " + *hub + " is not HOST:PORT");
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (settings->role != config::Role::school || !settings->school) {
    return fail("enroll", makeError(Errc::failed_precondition,
                                    "this node is a hub; `cartable enroll` runs at a school"));
  }
  if (Status owner = checkDataDirOwner(*settings); !owner.ok())
    return fail("enroll", owner.error());
  auto keys = federation::loadNodeKeys(settings->keysDir());
  if (!keys.ok()) return fail("enroll", keys.error());
  auto db = node::openDatabase(*settings, SystemClock::instance());
  if (!db.ok()) return fail("enroll", db.error());

  std::optional<federation::HubLink> existing;
  Status read = (*db)->read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(existing, federation::readHubLink(conn));
    return okStatus();
  });
  if (!read.ok()) return fail("enroll", read.error());
  if (existing && !args->flag("replace")) {
    return fail("enroll", makeError(Errc::already_exists,
                                    "already enrolled with " + existing->hub_name + " (" +
                                        existing->hub_address + ") since " +
                                        civil::formatInstant(existing->enrolled_at) +
                                        "; add --replace to enroll again with a new code"));
  }
  federation::EnrollParams params{address->host, address->port, *code, settings->school->uai};
  auto link = federation::enrollWithHub(**db, *keys, params, SystemClock::instance(),
                                        SecureRandom::instance());
  if (!link.ok()) return fail("enroll", link.error());
  std::cout << "Enrolled " << settings->school->uai << " with " << link->hub_name << " at "
            << link->hub_address << ".\n"
            << "Hub key fingerprint: " << fingerprintOf(link->hub_sign_public)
            << " (it should match the one printed with the code).\n"
            << "Certificate valid until " << civil::formatInstant(link->certificate_expires_at)
            << ".\nA running `cartable serve` links to the hub within seconds.\n";
  return kExitOk;
}

}  // namespace cartable::cli
