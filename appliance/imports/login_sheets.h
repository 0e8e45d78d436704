// Printable login sheets per class, students' and parents' separate, for
// teachers to hand out. Printing issues fresh one-time passwords to accounts
// that were never activated; passwords are never stored in clear.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/storage/database.h"

namespace cartable::imports {

enum class SheetAudience { students, parents };

struct SheetEntry {
  std::string person;    // "Léa Martin"
  std::string login;
  std::string password;  // one-time; empty when the account is already activated
  std::string child;     // parents: the child in this class
};

struct LoginSheet {
  std::string class_code;
  std::string class_label;
  SheetAudience audience = SheetAudience::students;
  std::vector<SheetEntry> entries;  // by family then given name
};

// Builds the sheet of class `class_id` for `audience`. Accounts that have no
// password yet, or still have a one-time one, get a new one-time password;
// activated accounts are listed without one (print again after an admin
// reset). Disabled accounts are left out.
Result<LoginSheet> issueLoginSheet(storage::Database& db, accounts::AccountService& accounts,
                                   std::int64_t class_id, SheetAudience audience,
                                   std::optional<std::int64_t> actor,
                                   const accounts::Origin& origin);

// A self-contained HTML page, one card per person, ready to print and cut.
std::string renderLoginSheet(const LoginSheet& sheet, const std::string& school_name,
                             const std::string& address);

}  // namespace cartable::imports
