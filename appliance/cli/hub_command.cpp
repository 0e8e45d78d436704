// `cartable hub …`: the hub administrator's commands on the region's schools.
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/base/civil_date.h"
#include "federation/hub/authority_accounts.h"
#include "federation/hub/registry.h"
#include "federation/identity/node_keys.h"
#include "node/node.h"

namespace cartable::cli {

namespace {

namespace hub = federation::hub;

constexpr Seconds kDefaultCodeHours = 72;

std::string instant(const std::optional<Seconds>& at) {
  return at ? civil::formatInstant(*at) : "-";
}

int addSchool(storage::Database& db, const config::Settings& settings, const Args& args) {
  const auto uai = args.value("uai");
  if (!uai) return usage("hub add-school", "--uai is required, e.g. --uai 0541234Y");
  Seconds hours = kDefaultCodeHours;
  if (auto text = args.value("valid-hours")) {
    try {
      hours = std::stoll(*text);
    } catch (const std::exception&) {
      hours = 0;
    }
    if (hours < 1 || hours > 24 * 30) {
      return usage("hub add-school", "--valid-hours " + *text + " is not 1 to 720");
    }
  }
  hub::IssuedCode issued;
  Status added = db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        issued, hub::addSchool(conn, *uai, args.value("name").value_or(""),
                               args.value("department").value_or(""), hours * 3600,
                               SystemClock::instance().now(), SecureRandom::instance()));
    return okStatus();
  });
  if (!added.ok()) return fail("hub add-school", added.error());
  auto keys = federation::loadNodeKeys(settings.keysDir());
  if (!keys.ok()) return fail("hub add-school", keys.error());
  std::cout << "Enrollment code for " << *uai << ": " << issued.code << "\n"
            << "Valid until " << civil::formatInstant(issued.expires_at)
            << ", for one enrollment.\n"
            << "Hub key fingerprint (check it at the school): " << keys->fingerprint() << "\n"
            << "At the school, run:\n  cartable enroll --hub HUB_HOST:"
            << settings.federation.listen_port << " --code " << issued.code << "\n";
  return kExitOk;
}

int listSchools(storage::Database& db) {
  std::vector<hub::School> schools;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(schools, hub::listSchools(conn));
    return okStatus();
  });
  if (!read.ok()) return fail("hub schools", read.error());
  std::cout << std::left << std::setw(10) << "UAI" << std::setw(12) << "STATE" << std::setw(22)
            << "SINCE" << std::setw(22) << "LAST SYNC"
            << "NAME / LAST ERROR\n";
  for (const auto& school : schools) {
    std::string state = school.link_state;
    std::optional<Seconds> since = school.link_changed_at;
    if (school.revoked_at) {
      state = "revoked";
      since = school.revoked_at;
    } else if (!school.enrolled_at) {
      state = "waiting";
      since = school.added_at;
    }
    std::cout << std::setw(10) << school.uai << std::setw(12) << state << std::setw(22)
              << instant(since) << std::setw(22) << instant(school.last_sync_at) << school.name
              << (school.last_error.empty() ? "" : "  [" + school.last_error + "]") << "\n";
  }
  std::cout << schools.size() << " school" << (schools.size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

int revokeSchool(storage::Database& db, const Args& args) {
  const auto uai = args.value("uai");
  if (!uai) return usage("hub revoke-school", "--uai is required");
  const std::string reason = args.value("reason").value_or("");
  Status revoked = db.write([&](storage::Connection& conn) {
    return hub::revokeSchool(conn, *uai, reason, SystemClock::instance().now());
  });
  if (!revoked.ok()) return fail("hub revoke-school", revoked.error());
  std::cout << *uai << " revoked: its certificate no longer opens a link to this hub"
            << " (a running hub drops it within a minute).\n";
  return kExitOk;
}

// An account of the regional authority (dashboards), with a one-time password.
int addAuthorityUser(const config::Settings& settings, const Args& args) {
  const auto login = args.value("login");
  const auto role_name = args.value("role");
  if (!login || !role_name) {
    return usage("hub add-authority-user",
                 "--login and --role (regional-admin, analyst or department-viewer) are required");
  }
  auto role = hub::parseAuthorityRole(*role_name);
  if (!role) {
    return usage(
        "hub add-authority-user",
        "--role " + *role_name + ": expected regional-admin, analyst or department-viewer");
  }
  auto node = node::Node::open(settings);
  if (!node.ok()) return fail("hub add-authority-user", node.error());
  hub::NewAuthorityUser user;
  user.login = *login;
  user.given_name = args.value("given-name").value_or("Autorité");
  user.family_name = args.value("family-name").value_or(*login);
  user.role = *role;
  user.department = args.value("department").value_or("");
  auto created = hub::createAuthorityUser((*node)->accounts(), (*node)->database(), user,
                                          std::nullopt, {"cli", "cartable hub"},
                                          SecureRandom::instance(), SystemClock::instance().now());
  if (!created.ok()) return fail("hub add-authority-user", created.error());
  std::cout << "Created " << created->login << " (id " << created->id << "), "
            << hub::authorityRoleName(*role)
            << (user.department.empty() ? "" : " of department " + user.department)
            << ", one-time password " << created->initial_password << "\n";
  return kExitOk;
}

// A lost authenticator of an authority account, e.g. the last regional admin's.
int resetSecondFactor(const config::Settings& settings, const Args& args) {
  const auto login = args.value("login");
  if (!login) return usage("hub reset-second-factor", "--login is required");
  auto node = node::Node::open(settings);
  if (!node.ok()) return fail("hub reset-second-factor", node.error());
  std::optional<directory::User> user;
  Status found = (*node)->database().read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(user, directory::findUserByLogin(conn, *login));
    return okStatus();
  });
  if (!found.ok()) return fail("hub reset-second-factor", found.error());
  if (!user) {
    return fail("hub reset-second-factor",
                makeError(Errc::not_found, "no account with login " + *login, "login"));
  }
  Status reset = hub::resetAuthoritySecondFactor((*node)->accounts(), (*node)->database(), user->id,
                                                 std::nullopt, {"cli", "cartable hub"});
  if (!reset.ok()) return fail("hub reset-second-factor", reset.error());
  std::cout << "Two-factor sign-in of " << *login
            << " reset: its sessions ended; it enrolls again at its next sign-in"
            << " (required for a regional admin).\n";
  return kExitOk;
}

int listAuthorityUsers(storage::Database& db) {
  std::vector<hub::AuthorityUser> users;
  Status read = db.read([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(users, hub::listAuthorityUsers(conn));
    return okStatus();
  });
  if (!read.ok()) return fail("hub authority-users", read.error());
  for (const auto& user : users) {
    std::cout << std::left << std::setw(8) << user.grant.user_id << std::setw(32) << user.login
              << std::setw(20) << hub::authorityRoleName(user.grant.role) << std::setw(6)
              << user.grant.department << (user.second_factor ? "  [totp]" : "")
              << (user.disabled ? "  [disabled]" : "") << "\n";
  }
  std::cout << users.size() << " authority account" << (users.size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

}  // namespace

int runHub(int argc, char** argv) {
  if (argc < 3) {
    return usage("hub",
                 "expected add-school, schools, revoke-school, add-authority-user, "
                 "authority-users or reset-second-factor");
  }
  const std::string verb = argv[2];
  if (verb != "add-school" && verb != "schools" && verb != "revoke-school" &&
      verb != "add-authority-user" && verb != "authority-users" && verb != "reset-second-factor") {
    return usage("hub", "unknown subcommand " + verb);
  }
  auto args = Args::parse(argc, argv, 3,
                          {"config", "uai", "name", "department", "valid-hours", "reason", "login",
                           "role", "given-name", "family-name"},
                          {});
  if (!args.ok()) return usage("hub " + verb, args.error().message);
  if (!args->positional().empty()) {
    return usage("hub " + verb, "unexpected word " + args->positional().front());
  }
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (settings->role != config::Role::hub) {
    return fail("hub " + verb, makeError(Errc::failed_precondition,
                                         "this node is a school; `cartable hub` runs on the hub"));
  }
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) {
    return fail("hub " + verb, owner.error());
  }
  if (verb == "add-authority-user") return addAuthorityUser(*settings, *args);
  if (verb == "reset-second-factor") return resetSecondFactor(*settings, *args);
  auto db = node::openDatabase(*settings, SystemClock::instance());
  if (!db.ok()) return fail("hub " + verb, db.error());
  if (verb == "add-school") return addSchool(**db, *settings, *args);
  if (verb == "schools") return listSchools(**db);
  if (verb == "authority-users") return listAuthorityUsers(**db);
  return revokeSchool(**db, *args);
}

}  // namespace cartable::cli
