// `cartable init`: data directory, database, node keys, TLS certificate and
// the first admin account with a one-time password printed once.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "accounts/accounts.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/http/tls.h"
#include "federation/identity/node_keys.h"
#include "node/node.h"
#include "schema/schema.h"

namespace cartable::cli {
namespace {

namespace fs = std::filesystem;

Status makePrivateDirectory(const std::string& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    return makeError(Errc::io_error, "cannot create " + path + ": " + error.message(), "data_dir");
  }
  if (::chmod(path.c_str(), 0750) != 0) {
    return makeError(Errc::io_error, "cannot set the mode of " + path, "data_dir");
  }
  return okStatus();
}

Status ensureCertificate(const config::Settings& settings) {
  if (settings.http.plain_http) return okStatus();
  const std::string cert = settings.certificatePath();
  const std::string key = settings.privateKeyPath();
  if (fs::exists(cert) && fs::exists(key)) return okStatus();
  const std::string host = settings.school ? settings.school->uai : std::string("cartable-hub");
  CARTABLE_RETURN_IF_ERROR(http::writeSelfSignedCertificate(
      cert, key, host, {"localhost", host + ".local"}, 825));
  std::cout << "TLS: a self-signed certificate was written to " << cert
            << "; replace it with one signed for the school's address.\n";
  return okStatus();
}

directory::NewUser firstAdmin(const Args& args) {
  directory::NewUser admin;
  admin.login = args.value("admin-login").value_or("admin");
  admin.given_name = args.value("admin-given-name").value_or("Administrateur");
  admin.family_name = args.value("admin-family-name").value_or("Cartable");
  admin.roles.add(directory::Role::admin);
  return admin;
}

// Keys from an earlier, interrupted init are kept when complete and valid.
Result<federation::NodeKeys> ensureNodeKeys(const std::string& dir) {
  if (fs::exists(dir + "/sign.key")) return federation::loadNodeKeys(dir);
  federation::NodeKeys keys = federation::generateNodeKeys();
  CARTABLE_RETURN_IF_ERROR(federation::saveNodeKeys(keys, dir));
  return keys;
}

}  // namespace

int runInit(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "admin-login", "admin-given-name",
                                          "admin-family-name"}, {});
  if (!args.ok()) return usage("init", args.error().message);
  if (!args->positional().empty()) {
    return usage("init", "unexpected word " + args->positional().front());
  }
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) return fail("init", owner.error());
  if (Status made = makePrivateDirectory(settings->data_dir); !made.ok()) return fail("init", made.error());
  // Files first, database last: the node counts as initialised only once all
  // of it exists, so a failed init can simply be run again.
  auto keys = ensureNodeKeys(settings->keysDir());
  if (!keys.ok()) return fail("init", keys.error());
  if (Status tls = ensureCertificate(*settings); !tls.ok()) return fail("init", tls.error());
  auto admin = node::initialiseDatabase(*settings, SystemClock::instance(),
                                        SecureRandom::instance(), firstAdmin(*args));
  if (!admin.ok()) return fail("init", admin.error());
  std::cout << "Initialised " << settings->data_dir << " (database schema version "
            << schema::latestVersion() << ").\n"
            << "Node key fingerprint: " << keys->fingerprint() << "\n"
            << "First administrator: login " << (*admin)->login << ", one-time password "
            << (*admin)->initial_password << "\n"
            << "This password is shown once and must be changed at first sign-in.\n"
            << "Next: `cartable serve --config <file>` (or `systemctl start cartable`).\n";
  return kExitOk;
}

}  // namespace cartable::cli
