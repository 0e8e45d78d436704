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

Result<accounts::CreatedAccount> createFirstAdmin(node::Node& node, const Args& args) {
  directory::NewUser admin;
  admin.login = args.value("admin-login").value_or("admin");
  admin.given_name = args.value("admin-given-name").value_or("Administrateur");
  admin.family_name = args.value("admin-family-name").value_or("Cartable");
  admin.roles.add(directory::Role::admin);
  return node.accounts().createAccount(admin, std::nullopt, accounts::Origin{"cli", "cartable init"});
}

}  // namespace

int runInit(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config", "admin-login", "admin-given-name",
                                          "admin-family-name"}, {});
  if (!args.ok()) return usage("init", args.error().message);
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status made = makePrivateDirectory(settings->data_dir); !made.ok()) return fail("init", made.error());
  Status created = node::initialiseDatabase(*settings, SystemClock::instance());
  if (!created.ok()) return fail("init", created.error());
  const std::string keys_dir = settings->keysDir();
  if (Status saved = federation::saveNodeKeys(federation::generateNodeKeys(), keys_dir); !saved.ok()) {
    return fail("init", saved.error());
  }
  if (Status tls = ensureCertificate(*settings); !tls.ok()) return fail("init", tls.error());
  auto node = node::Node::open(*settings);
  if (!node.ok()) return fail("init", node.error());
  auto admin = createFirstAdmin(**node, *args);
  if (!admin.ok()) return fail("init", admin.error());
  auto keys = federation::loadNodeKeys(keys_dir);
  std::cout << "Initialised " << settings->data_dir << " (database schema version "
            << schema::latestVersion() << ").\n"
            << "Node key fingerprint: " << (keys.ok() ? keys->fingerprint() : "?") << "\n"
            << "First administrator: login " << admin->login << ", one-time password "
            << admin->initial_password << "\n"
            << "This password is shown once and must be changed at first sign-in.\n"
            << "Next: `cartable serve --config <file>` (or `systemctl start cartable`).\n";
  return kExitOk;
}

}  // namespace cartable::cli
