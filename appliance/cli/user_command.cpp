// `cartable user add|list|disable|enable|reset-password|revoke-sessions|attach|
// confirm-attach`:
// account administration from the shell, with the same rules and audit log
// as the admin API.
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/auth/audit.h"
#include "federated/attach_requests.h"
#include "federated/regional_accounts.h"
#include "node/node.h"

namespace cartable::cli {
namespace {

const accounts::Origin kOrigin{"cli", "cartable user"};

Result<directory::User> userByLogin(node::Node& node, const std::string& login) {
  std::optional<directory::User> user;
  CARTABLE_RETURN_IF_ERROR(node.database().read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(user, directory::findUserByLogin(db, login));
    return okStatus();
  }));
  if (!user) return makeError(Errc::not_found, "no account with login " + login, "login");
  return *user;
}

Result<directory::NewUser> newUserFrom(const Args& args, node::Node& node) {
  directory::NewUser user;
  user.given_name = args.value("given-name").value_or("");
  user.family_name = args.value("family-name").value_or("");
  user.email = args.value("email");
  user.ine = args.value("ine");
  user.birth_date = args.value("birth-date");
  for (const std::string& name : args.values("role")) {
    auto role = directory::parseRole(name);
    if (!role) {
      return makeError(Errc::invalid_argument,
                       "--role " + name + ": expected student, parent, teacher, staff or admin",
                       "role");
    }
    user.roles.add(*role);
  }
  if (auto login = args.value("login")) {
    user.login = *login;
  } else {
    CARTABLE_RETURN_IF_ERROR(node.database().read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(user.login,
                                directory::proposeLogin(db, user.given_name, user.family_name));
      return okStatus();
    }));
  }
  return user;
}

int add(node::Node& node, const Args& args) {
  auto user = newUserFrom(args, node);
  if (!user.ok()) return fail("user add", user.error());
  auto created = node.accounts().createAccount(*user, std::nullopt, kOrigin);
  if (!created.ok()) return fail("user add", created.error());
  std::cout << "Created " << created->login << " (id " << created->id << "), one-time password "
            << created->initial_password << "\n";
  return kExitOk;
}

int list(node::Node& node, const Args& args) {
  directory::UserFilter filter;
  filter.include_disabled = true;
  filter.limit = 1000;
  if (auto role = args.value("role")) {
    filter.role = directory::parseRole(*role);
    if (!filter.role) return usage("user list", "--role " + *role + " is not a role");
  }
  int shown = 0;
  for (;;) {
    std::vector<directory::User> users;
    Status read = node.database().read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(users, directory::listUsers(db, filter));
      return okStatus();
    });
    if (!read.ok()) return fail("user list", read.error());
    for (const directory::User& user : users) {
      std::string roles;
      for (directory::Role role : user.roles.list()) {
        roles += (roles.empty() ? "" : ",") + std::string(directory::roleName(role));
      }
      std::cout << std::left << std::setw(8) << user.id << std::setw(32) << user.login
                << std::setw(24) << roles << user.displayName()
                << (user.active() ? "" : "  [disabled]") << "\n";
      ++shown;
    }
    if (static_cast<int>(users.size()) < filter.limit) break;
    filter.after_id = users.back().id;
  }
  std::cout << shown << " account" << (shown == 1 ? "" : "s") << "\n";
  return kExitOk;
}

// Commands that act on one existing account named by its login.
int onAccount(node::Node& node, const std::string& verb, const std::string& login) {
  auto user = userByLogin(node, login);
  if (!user.ok()) return fail("user " + verb, user.error());
  auto& accounts = node.accounts();
  if (verb == "reset-password") {
    auto password = accounts.resetPassword(user->id, std::nullopt, kOrigin);
    if (!password.ok()) return fail("user " + verb, password.error());
    std::cout << login << ": new one-time password " << *password << "\n";
    return kExitOk;
  }
  if (verb == "revoke-sessions") {
    auto revoked = accounts.revokeAllSessions(user->id, std::nullopt, kOrigin);
    if (!revoked.ok()) return fail("user " + verb, revoked.error());
    std::cout << login << ": " << *revoked << " session(s) ended\n";
    return kExitOk;
  }
  Status changed = accounts.setDisabled(user->id, verb == "disable", std::nullopt, kOrigin);
  if (!changed.ok()) return fail("user " + verb, changed.error());
  std::cout << login << ": " << (verb == "disable" ? "disabled" : "enabled") << "\n";
  return kExitOk;
}

// The account `login` is the same person as the region's account `regional_login`.
int attach(node::Node& node, const std::string& login, const std::string& regional_login) {
  auto user = userByLogin(node, login);
  if (!user.ok()) return fail("user attach", user.error());
  Status asked = node.database().write([&](storage::Connection& db) -> Status {
    CARTABLE_RETURN_IF_ERROR(federated::requestAttach(db, user->id, regional_login));
    return auth::recordAudit(db, {"regional.attach", std::nullopt, user->id, "cli", "{}"},
                             SystemClock::instance().now());
  });
  if (!asked.ok()) return fail("user attach", asked.error());
  std::cout << login << ": asked the hub to attach it to " << regional_login
            << "; the login and password follow once the hub confirms\n";
  return kExitOk;
}

// Answers, for the person `login` (who asked the operator to), every request
// from another school to attach an account to theirs that is still open.
int confirmAttach(node::Node& node, const std::string& login, bool refuse) {
  auto user = userByLogin(node, login);
  if (!user.ok()) return fail("user confirm-attach", user.error());
  const std::string decision = refuse ? "refused" : "approved";
  std::vector<std::string> schools;
  Status answered = node.database().write([&](storage::Connection& db) -> Status {
    const Seconds now = SystemClock::instance().now();
    CARTABLE_ASSIGN_OR_RETURN(auto requests, federated::listAttachRequests(db, user->id, 50));
    for (const auto& request : requests) {
      if (request.decision) continue;
      CARTABLE_RETURN_IF_ERROR(
          federated::answerAttachRequest(db, request.id, user->id, decision, now));
      schools.push_back(request.from_name + " (" + request.from_uai + ")");
    }
    return auth::recordAudit(db,
                             {"regional.attach_answer", std::nullopt, user->id, "cli",
                              "{\"decision\":\"" + decision + "\"}"},
                             now);
  });
  if (!answered.ok()) return fail("user confirm-attach", answered.error());
  if (schools.empty()) {
    std::cout << login << ": no request to attach an account is waiting\n";
    return kExitOk;
  }
  for (const auto& school : schools)
    std::cout << login << ": " << decision << " " << school << "\n";
  return kExitOk;
}

}  // namespace

int runUser(int argc, char** argv) {
  if (argc < 3) {
    return usage("user",
                 "expected add, list, disable, enable, reset-password, revoke-sessions, attach or "
                 "confirm-attach");
  }
  const std::string verb = argv[2];
  auto args = Args::parse(
      argc, argv, 3,
      {"config", "login", "given-name", "family-name", "email", "ine", "birth-date", "role", "to"},
      {"refuse"});
  if (!args.ok()) return usage("user " + verb, args.error().message);
  const bool on_account = verb == "disable" || verb == "enable" || verb == "reset-password" ||
                          verb == "revoke-sessions" || verb == "attach" || verb == "confirm-attach";
  if (verb != "add" && verb != "list" && !on_account) {
    return usage("user", "unknown subcommand " + verb);
  }
  if (!on_account && !args->positional().empty()) {
    return usage("user " + verb, "unexpected word " + args->positional().front());
  }
  if (verb == "add" && args->values("role").empty()) {
    return usage("user add", "--role is required (student, parent, teacher, staff or admin)");
  }
  if (on_account && args->positional().size() != 1) {
    return usage("user " + verb,
                 "expected one login, e.g. `cartable user " + verb + " jean.dupont`");
  }
  if (verb == "attach" && !args->value("to")) {
    return usage("user attach", "--to LOGIN is required: the person's login at their other school");
  }
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) {
    return fail("user " + verb, owner.error());
  }
  auto node = node::Node::open(*settings);
  if (!node.ok()) return fail("user " + verb, node.error());
  if (verb == "add") return add(**node, *args);
  if (verb == "list") return list(**node, *args);
  if (verb == "attach") return attach(**node, args->positional().front(), *args->value("to"));
  if (verb == "confirm-attach") {
    return confirmAttach(**node, args->positional().front(), args->flag("refuse"));
  }
  return onAccount(**node, verb, args->positional().front());
}

}  // namespace cartable::cli
