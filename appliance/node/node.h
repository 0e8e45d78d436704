// One running Cartable node: its database (migrated), services, routes and
// HTTP server, assembled from settings. Used by `cartable serve` and by tests
// that need a real node.
#pragma once

#include <cstdint>
#include <memory>

#include "accounts/accounts.h"
#include "config/settings.h"
#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/storage/database.h"

namespace cartable::node {

class Node {
 public:
  // Opens the database named by `settings` and applies pending migrations.
  // Fails when the node was never initialised (`cartable init`) or the
  // database is newer than this program.
  static Result<std::unique_ptr<Node>> open(const config::Settings& settings,
                                            const Clock& clock = SystemClock::instance(),
                                            Random& random = SecureRandom::instance());
  ~Node();

  // Starts serving HTTP(S). After it returns ok, port() is the bound port.
  Status start();
  void stop();
  std::uint16_t port() const;
  // Turns the HTTP access log on or off while serving (configuration reload).
  void setAccessLog(bool enabled);

  storage::Database& database();
  accounts::AccountService& accounts();
  // The federation link in a few words (systemd's status line).
  std::string federationSummary() const;
  // The hub's bound federation port while serving as a hub; 0 otherwise.
  std::uint16_t federationPort() const;

 private:
  struct Impl;
  explicit Node(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The account policy (Argon2, sessions, throttling) that `settings` describe.
accounts::AccountPolicy accountPolicy(const config::Settings& settings);

// Creates the database of a new node: applies the migrations, then records in
// one transaction the node's role and identity and, when given, its first
// administrator with a generated one-time password (returned). Fails with
// already_exists when it was done before; a failure records nothing, so it
// can be run again once its cause is removed.
Result<std::optional<accounts::CreatedAccount>> initialiseDatabase(
    const config::Settings& settings, const Clock& clock, Random& random = SecureRandom::instance(),
    const std::optional<directory::NewUser>& first_admin = std::nullopt);

// Opens the database of `settings` and applies pending migrations.
Result<std::unique_ptr<storage::Database>> openDatabase(const config::Settings& settings,
                                                        const Clock& clock);

}  // namespace cartable::node
