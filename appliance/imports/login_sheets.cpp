#include "imports/login_sheets.h"

#include <algorithm>
#include <map>

#include "directory/structure.h"
#include "directory/users.h"

namespace cartable::imports {
namespace {

using storage::Connection;

struct Candidate {
  directory::User user;
  std::string child;
  bool activated = false;
};

// An account is activated once its holder replaced the one-time password.
Result<bool> isActivated(Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto activated,
      db.scalarInt64("SELECT 1 FROM credentials WHERE user_id = ? AND must_change_password = 0",
                     user_id));
  return activated.has_value();
}

Status addCandidate(Connection& db, std::map<std::int64_t, Candidate>& out, std::int64_t id,
                    const std::string& child, directory::Role expected) {
  CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(db, id));
  if (!user.active()) return okStatus();
  // Sheets go home in schoolbags: only accounts that are nothing but a student
  // (or a parent) get a password printed; anyone with more roles is left out.
  if (user.roles != directory::RoleSet{expected}) return okStatus();
  auto [it, inserted] = out.try_emplace(id);
  if (inserted) {
    it->second.user = std::move(user);
    CARTABLE_ASSIGN_OR_RETURN(it->second.activated, isActivated(db, id));
  }
  if (!child.empty()) {
    it->second.child += (it->second.child.empty() ? "" : ", ") + child;
  }
  return okStatus();
}

// The people the sheet is for, read in one snapshot.
Result<std::vector<Candidate>> candidates(storage::Database& db, std::int64_t class_id,
                                          SheetAudience audience, LoginSheet& sheet) {
  std::map<std::int64_t, Candidate> found;
  CARTABLE_RETURN_IF_ERROR(db.read([&](Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(directory::SchoolClass schoolClass, directory::getClass(conn, class_id));
    sheet.class_code = schoolClass.code;
    sheet.class_label = schoolClass.label;
    CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(conn, class_id));
    for (std::int64_t student : students) {
      if (audience == SheetAudience::students) {
        CARTABLE_RETURN_IF_ERROR(addCandidate(conn, found, student, "", directory::Role::student));
        continue;
      }
      CARTABLE_ASSIGN_OR_RETURN(directory::User child, directory::getUser(conn, student));
      if (!child.active()) continue;
      CARTABLE_ASSIGN_OR_RETURN(auto guardians, directory::guardiansOf(conn, student));
      for (const directory::Guardianship& link : guardians) {
        if (!link.legal_guardian) continue;
        CARTABLE_RETURN_IF_ERROR(
            addCandidate(conn, found, link.parent_id, child.displayName(), directory::Role::parent));
      }
    }
    return okStatus();
  }));
  std::vector<Candidate> list;
  for (auto& [id, candidate] : found) list.push_back(std::move(candidate));
  std::sort(list.begin(), list.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.user.family_name, a.user.given_name, a.user.id) <
           std::tie(b.user.family_name, b.user.given_name, b.user.id);
  });
  return list;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

Result<LoginSheet> issueLoginSheet(storage::Database& db, accounts::AccountService& accounts,
                                   std::int64_t class_id, SheetAudience audience,
                                   std::optional<std::int64_t> actor,
                                   const accounts::Origin& origin) {
  LoginSheet sheet;
  sheet.audience = audience;
  CARTABLE_ASSIGN_OR_RETURN(auto people, candidates(db, class_id, audience, sheet));
  for (const Candidate& candidate : people) {
    SheetEntry entry{candidate.user.displayName(), candidate.user.login, "", candidate.child};
    if (!candidate.activated) {
      CARTABLE_ASSIGN_OR_RETURN(entry.password,
                                accounts.resetPassword(candidate.user.id, actor, origin));
    }
    sheet.entries.push_back(std::move(entry));
  }
  return sheet;
}

std::string renderLoginSheet(const LoginSheet& sheet, const std::string& school_name,
                             const std::string& address) {
  const bool parents = sheet.audience == SheetAudience::parents;
  const std::string title = std::string(parents ? "Codes des responsables" : "Codes des élèves") +
                            " — " + sheet.class_label;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
      "</title><style>"
      "body{font-family:sans-serif;margin:1cm}h1{font-size:14pt}"
      ".card{border:1px dashed #555;padding:0.4cm;margin:0 0 0.3cm;break-inside:avoid}"
      ".name{font-weight:bold;font-size:12pt}.code{font-family:monospace;font-size:13pt}"
      "@page{size:A4;margin:1cm}</style></head><body>\n<h1>" +
      escape(school_name) + " — " + escape(title) + "</h1>\n";
  for (const SheetEntry& entry : sheet.entries) {
    html += "<div class=\"card\"><div class=\"name\">" + escape(entry.person) + "</div>";
    if (!entry.child.empty()) html += "<div>Responsable de : " + escape(entry.child) + "</div>";
    html += "<div>Adresse : " + escape(address) + "</div>";
    html += "<div>Identifiant : <span class=\"code\">" + escape(entry.login) + "</span></div>";
    if (entry.password.empty()) {
      html += "<div>Compte déjà activé : utilisez votre mot de passe.</div>";
    } else {
      html += "<div>Mot de passe provisoire : <span class=\"code\">" + escape(entry.password) +
              "</span> (à changer à la première connexion)</div>";
    }
    html += "</div>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace cartable::imports
