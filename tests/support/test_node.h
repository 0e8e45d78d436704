// One fixture that starts a real school node in-process: a fresh data
// directory, an initialised SQLite database, a Poco server on 127.0.0.1 port 0
// (plain HTTP), a manual clock, and helpers to create people and call the API.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/settings.h"
#include "core/base/clock.h"
#include "directory/roles.h"
#include "node/node.h"
#include "support/temp_dir.h"

namespace cartable::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names in lower case

  std::string header(const std::string& name) const;
};

struct Credentials {
  std::string token;  // bearer token, or session cookie value for browser sessions
  std::string csrf;   // browser sessions only
  bool browser = false;
};

class TestNode {
 public:
  // `tweak` may change the settings before the node starts.
  explicit TestNode(const std::function<void(config::Settings&)>& tweak = {});
  ~TestNode();

  // Sends one request; `credentials` adds the Authorization header (bearer)
  // or the session cookie and X-CSRF-Token (browser).
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = {}, const Credentials* credentials = nullptr,
                     const std::map<std::string, std::string>& extra_headers = {});

  // Creates a person with `password` (no change required) and these roles.
  std::int64_t addPerson(const std::string& login, directory::RoleSet roles,
                         const std::string& password = kPassword);
  // Enrolls TOTP for `user_id` through the account service; returns the secret.
  std::vector<std::uint8_t> enrollTotp(std::int64_t user_id);
  // Issues a session without going through the password check (fast).
  Credentials sessionFor(std::int64_t user_id, bool browser = false, bool second_factor = true);
  // Signs in through POST /api/v1/session.
  HttpResult signIn(const std::string& login, const std::string& password,
                    const std::string& totp_code = {}, bool browser = false);

  node::Node& node() { return *node_; }
  ManualClock& clock() { return clock_; }
  const config::Settings& settings() const { return settings_; }
  std::uint16_t port() const { return node_->port(); }

  static constexpr const char* kPassword = "correct horse battery";

 private:
  TempDir dir_;
  config::Settings settings_;
  ManualClock clock_;
  std::unique_ptr<node::Node> node_;
};

}  // namespace cartable::testing
