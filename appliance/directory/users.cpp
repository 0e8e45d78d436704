#include "directory/users.h"

#include <algorithm>

#include "directory/validate.h"

namespace cartable::directory {
namespace {

using storage::Connection;
using storage::Statement;

constexpr const char* kUserColumns =
    "SELECT u.id, u.login, u.given_name, u.family_name, u.email, u.ine, u.birth_date, "
    "u.external_id, u.disabled_at, u.created_at, u.disabled_by, "
    "(SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) FROM users u ";

RoleSet parseRoleList(const std::string& joined) {
  RoleSet roles;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t end = joined.find(',', start);
    if (end == std::string::npos) end = joined.size();
    if (auto role = parseRole(std::string_view(joined).substr(start, end - start))) {
      roles.add(*role);
    }
    start = end + 1;
  }
  return roles;
}

User readUser(const Statement& row) {
  User user;
  user.id = row.int64(0);
  user.login = row.text(1);
  user.given_name = row.text(2);
  user.family_name = row.text(3);
  user.email = row.optionalText(4);
  user.ine = row.optionalText(5);
  user.birth_date = row.optionalText(6);
  user.external_id = row.optionalText(7);
  user.disabled_at = row.optionalInt64(8);
  user.created_at = row.int64(9);
  user.disabled_by_import = row.text(10) == "import";
  user.roles = parseRoleList(row.text(11));
  return user;
}

// Everything but the login and the roles.
Status validateDetails(const NewUser& user) {
  CARTABLE_RETURN_IF_ERROR(validate::text(user.given_name, "given_name", 100));
  CARTABLE_RETURN_IF_ERROR(validate::text(user.family_name, "family_name", 100));
  CARTABLE_RETURN_IF_ERROR(validate::email(user.email));
  CARTABLE_RETURN_IF_ERROR(validate::ine(user.ine));
  CARTABLE_RETURN_IF_ERROR(validate::optionalDate(user.birth_date, "birth_date"));
  if (user.external_id) {
    CARTABLE_RETURN_IF_ERROR(validate::text(*user.external_id, "external_id", 64));
  }
  return okStatus();
}

Status validateNewUser(const NewUser& user) {
  CARTABLE_RETURN_IF_ERROR(validate::login(user.login));
  CARTABLE_RETURN_IF_ERROR(validateDetails(user));
  if (user.roles.empty()) {
    return makeError(Errc::invalid_argument, "\"roles\" must hold at least one role", "roles");
  }
  return okStatus();
}

Status insertRoles(Connection& db, std::int64_t id, RoleSet roles) {
  for (Role role : roles.list()) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO user_roles(user_id, role) VALUES (?, ?)", id, roleName(role)));
  }
  return okStatus();
}

// Names the field and the value of a uniqueness failure, from the
// constraint in SQLite's message.
Error uniqueFieldError(const Error& error, const NewUser& user) {
  const std::pair<const char*, std::string> columns[] = {
      {"login", user.login},
      {"ine", user.ine.value_or("")},
      {"external_id", user.external_id.value_or("")}};
  for (const auto& [column, value] : columns) {
    if (error.message.find(std::string("users.") + column) != std::string::npos) {
      return makeError(Errc::already_exists,
                       std::string("\"") + column + "\" " + value +
                           " is already used by another account",
                       column);
    }
  }
  return error;
}

Status requireExists(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64("SELECT 1 FROM users WHERE id = ?", id));
  if (!found) {
    return makeError(Errc::not_found, "no user with id " + std::to_string(id), "id");
  }
  return okStatus();
}

// Keeps ASCII letters, digits and hyphens; folds common accented letters.
std::string foldForLogin(const std::string& name) {
  static const std::pair<std::string_view, std::string_view> kFolds[] = {
      {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"}, {"ç", "c"}, {"é", "e"}, {"è", "e"},
      {"ê", "e"}, {"ë", "e"}, {"î", "i"}, {"ï", "i"}, {"í", "i"}, {"ô", "o"}, {"ö", "o"},
      {"ó", "o"}, {"û", "u"}, {"ù", "u"}, {"ü", "u"}, {"ú", "u"}, {"ÿ", "y"}, {"ñ", "n"},
      {"œ", "oe"}, {"æ", "ae"}, {"À", "a"}, {"Â", "a"}, {"Ç", "c"}, {"É", "e"}, {"È", "e"},
      {"Ê", "e"}, {"Ë", "e"}, {"Î", "i"}, {"Ï", "i"}, {"Ô", "o"}, {"Û", "u"}, {"Ù", "u"},
      {"Ü", "u"}, {"Œ", "oe"}, {"Æ", "ae"}};
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    const char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == '-' || c == ' ' || c == '\'') {
      if (!out.empty() && out.back() != '-') out.push_back('-');
    } else {
      const auto fold = std::find_if(std::begin(kFolds), std::end(kFolds), [&](const auto& f) {
        return std::string_view(name).substr(i).starts_with(f.first);
      });
      if (fold != std::end(kFolds)) {
        out.append(fold->second);
        i += fold->first.size();
        continue;
      }
    }
    ++i;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

Result<std::int64_t> insertUser(Connection& db, const NewUser& user, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateNewUser(user));
  Status inserted = db.exec(
      "INSERT INTO users(login, given_name, family_name, email, ine, birth_date, external_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      user.login, user.given_name, user.family_name, user.email, user.ine, user.birth_date,
      user.external_id, now, now);
  if (!inserted.ok()) {
    if (inserted.error().code == Errc::already_exists) {
      return uniqueFieldError(inserted.error(), user);
    }
    return inserted.error();
  }
  const std::int64_t id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(insertRoles(db, id, user.roles));
  return id;
}

Result<User> getUser(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(Statement row, db.query(std::string(kUserColumns) + "WHERE u.id = ?", id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return makeError(Errc::not_found, "no user with id " + std::to_string(id), "id");
  return readUser(row);
}

Result<std::optional<User>> findUserByLogin(Connection& db, const std::string& login) {
  CARTABLE_ASSIGN_OR_RETURN(Statement row,
                            db.query(std::string(kUserColumns) + "WHERE u.login = ?", login));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<User>{};
  return std::optional<User>(readUser(row));
}

Result<std::optional<User>> findUserByExternalId(Connection& db, const std::string& external_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      Statement row, db.query(std::string(kUserColumns) + "WHERE u.external_id = ?", external_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<User>{};
  return std::optional<User>(readUser(row));
}

Result<std::optional<User>> findUserByIne(Connection& db, const std::string& ine) {
  CARTABLE_ASSIGN_OR_RETURN(Statement row,
                            db.query(std::string(kUserColumns) + "WHERE u.ine = ?", ine));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<User>{};
  return std::optional<User>(readUser(row));
}

Result<std::vector<User>> usersFromSource(Connection& db, const std::string& prefix) {
  // A range on the unique index instead of LIKE, which would need escaping.
  CARTABLE_ASSIGN_OR_RETURN(
      Statement rows, db.query(std::string(kUserColumns) +
                                   "WHERE u.external_id >= ?1 AND u.external_id < ?1 || x'ff' "
                                   "ORDER BY u.id",
                               prefix));
  std::vector<User> users;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return users;
    users.push_back(readUser(rows));
  }
}

Status updateUserDetails(Connection& db, std::int64_t id, const NewUser& details, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(validateDetails(details));
  CARTABLE_RETURN_IF_ERROR(requireExists(db, id));
  Status updated = db.exec(
      "UPDATE users SET given_name = ?, family_name = ?, email = ?, ine = ?, birth_date = ?, "
      "external_id = ?, updated_at = ? WHERE id = ?",
      details.given_name, details.family_name, details.email, details.ine, details.birth_date,
      details.external_id, now, id);
  if (!updated.ok() && updated.error().code == Errc::already_exists) {
    return uniqueFieldError(updated.error(), details);
  }
  return updated;
}

Result<std::vector<User>> listUsers(Connection& db, const UserFilter& filter) {
  const int limit = std::clamp(filter.limit, 1, 1000);
  // LIKE with an escaped prefix; NOCASE on login, lower() on names.
  std::string pattern;
  for (char c : filter.search) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  const std::optional<std::string> role =
      filter.role ? std::optional<std::string>(std::string(roleName(*filter.role))) : std::nullopt;
  CARTABLE_ASSIGN_OR_RETURN(
      Statement rows,
      db.query(std::string(kUserColumns) +
                   "WHERE u.id > ?1 AND (?2 OR u.disabled_at IS NULL) "
                   "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id "
                   "AND r.role = ?3)) "
                   "AND (?4 = '%' OR u.login LIKE ?4 ESCAPE '\\' OR u.given_name LIKE ?4 "
                   "ESCAPE '\\' OR u.family_name LIKE ?4 ESCAPE '\\') "
                   "ORDER BY u.id LIMIT ?5",
               filter.after_id, filter.include_disabled, role, pattern, limit));
  std::vector<User> users;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    users.push_back(readUser(rows));
  }
  return users;
}

Status setDisabled(Connection& db, std::int64_t id, std::optional<Seconds> at, Seconds now,
                   DisabledBy by) {
  CARTABLE_RETURN_IF_ERROR(requireExists(db, id));
  const std::optional<std::string> reason =
      at ? std::optional<std::string>(by == DisabledBy::import ? "import" : "admin") : std::nullopt;
  return db.exec("UPDATE users SET disabled_at = ?, disabled_by = ?, updated_at = ? WHERE id = ?",
                 at, reason, now, id);
}

Status setRoles(Connection& db, std::int64_t id, RoleSet roles, Seconds now) {
  if (roles.empty()) {
    return makeError(Errc::invalid_argument, "\"roles\" must hold at least one role", "roles");
  }
  CARTABLE_RETURN_IF_ERROR(requireExists(db, id));
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM user_roles WHERE user_id = ?", id));
  CARTABLE_RETURN_IF_ERROR(insertRoles(db, id, roles));
  return db.exec("UPDATE users SET updated_at = ? WHERE id = ?", now, id);
}

Result<std::string> proposeLogin(Connection& db, const std::string& given_name,
                                 const std::string& family_name) {
  std::string base = foldForLogin(given_name) + "." + foldForLogin(family_name);
  if (base.empty() || base[0] < 'a' || base[0] > 'z') base = "u" + base;
  if (base.size() > 60) base.resize(60);
  if (base.size() < 3) base.append("xx");
  for (int suffix = 1; suffix < 10000; ++suffix) {
    const std::string candidate = suffix == 1 ? base : base + std::to_string(suffix);
    CARTABLE_ASSIGN_OR_RETURN(auto taken,
                              db.scalarInt64("SELECT 1 FROM users WHERE login = ?", candidate));
    if (!taken) return candidate;
  }
  return makeError(Errc::already_exists, "no free login for " + base, "login");
}

Result<UserCounts> countUsers(Connection& db) {
  UserCounts counts;
  for (Role role : kAllRoles) counts.roles.push_back({role, 0, 0});
  CARTABLE_ASSIGN_OR_RETURN(
      auto totals, db.query("SELECT count(*) FILTER (WHERE disabled_at IS NULL), "
                            "count(*) FILTER (WHERE disabled_at IS NOT NULL) FROM users"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, totals.step());
  if (found) {
    counts.active = totals.int64(0);
    counts.disabled = totals.int64(1);
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT r.role, count(*) FILTER (WHERE u.disabled_at IS NULL), "
                          "count(*) FILTER (WHERE u.disabled_at IS NOT NULL) FROM user_roles r "
                          "JOIN users u ON u.id = r.user_id GROUP BY r.role"));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return counts;
    const auto role = parseRole(rows.text(0));
    if (!role) continue;
    auto& entry = counts.roles[static_cast<std::size_t>(*role)];
    entry.active = rows.int64(1);
    entry.disabled = rows.int64(2);
  }
}

}  // namespace cartable::directory
