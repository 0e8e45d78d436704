// The documented CSV files (CSV.md): one row per person (per parent-child link
// for parents), a header row naming the columns in any order.
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "directory/validate.h"
#include "imports/class_level.h"
#include "imports/csv_table.h"
#include "imports/parsers.h"

namespace cartable::imports {
namespace {

using csv::Column;
using csv::fold;
using csv::quoted;
using csv::RowView;
using csv::trim;
using directory::Role;

constexpr std::string_view kStudentPrefix = "csv-eleve:";
constexpr std::string_view kParentPrefix = "csv-responsable:";
constexpr std::string_view kStaffPrefix = "csv-personnel:";
// Student ids a parents file may give as they are, to link parents to
// students imported from another source.
constexpr std::string_view kStudentIdPrefixes[] = {"siecle-eleve:", "csv-eleve:"};

constexpr Column kStudentColumns[] = {
    {"identifiant", true},     {"nom", true},      {"prenom", true},
    {"date_naissance", false}, {"ine", false},     {"classe", true},
    {"niveau", false},         {"groupes", false}, {"date_sortie", false}};
constexpr Column kParentColumns[] = {{"identifiant", true},
                                     {"nom", true},
                                     {"prenom", true},
                                     {"email", false},
                                     {"identifiant_eleve", true},
                                     {"lien", false},
                                     {"responsable_legal", false}};
constexpr std::string_view kAssignmentsElsewhere =
    "teaching assignments come from STS-Web or the API";
constexpr Column kStaffColumns[] = {{"identifiant", true},
                                    {"nom", true},
                                    {"prenom", true},
                                    {"email", false},
                                    {"role", true},
                                    {"matieres", false, kAssignmentsElsewhere},
                                    {"classes", false, kAssignmentsElsewhere}};

std::string_view withoutBom(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  return text.starts_with(kBom) ? text.substr(kBom.size()) : text;
}

std::optional<std::string> parseLevel(std::string_view text) {
  static const std::map<std::string, std::string, std::less<>> kLevels = {
      {"6e", "6e"},     {"6eme", "6e"},      {"5e", "5e"},        {"5eme", "5e"},
      {"4e", "4e"},     {"4eme", "4e"},      {"3e", "3e"},        {"3eme", "3e"},
      {"2nde", "2nde"}, {"2de", "2nde"},     {"seconde", "2nde"}, {"1re", "1re"},
      {"1ere", "1re"},  {"premiere", "1re"}, {"tle", "Tle"},      {"terminale", "Tle"}};
  const auto found = kLevels.find(fold(text));
  if (found == kLevels.end()) return std::nullopt;
  return found->second;
}

class StudentRows {
 public:
  explicit StudentRows(Batch& batch) : batch_(batch) {}

  void add(RowView& row) {
    const std::string id = row.required("identifiant");
    const std::string family_name = row.required("nom");
    const std::string given_name = row.required("prenom");
    const std::string class_code = row.required("classe");
    auto birth_date = row.date("date_naissance");
    auto left_on = row.date("date_sortie");
    auto ine = readIne(row);
    row.checkUnique(id, id_lines_);
    const auto level = class_code.empty() ? std::nullopt : readLevel(row, class_code);
    if (row.hasProblems()) return;

    const std::string student_id = std::string(kStudentPrefix) + id;
    batch_.people.push_back(PersonRecord{student_id, Role::student, given_name, family_name,
                                         std::nullopt, std::move(ine), std::move(birth_date),
                                         std::move(left_on), row.place()});
    if (classes_added_.insert(class_code).second) {
      batch_.classes.push_back(ClassRecord{class_code, class_code, *level, row.place()});
    }
    batch_.enrollments.push_back(EnrollmentRecord{student_id, class_code, row.place()});
    addGroups(row, student_id);
  }

 private:
  static std::optional<std::string> readIne(RowView& row) {
    auto ine = row.optional("ine");
    if (!ine) return std::nullopt;
    for (char& c : *ine) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (!directory::validate::ine(ine)) {
      row.problem("ine", quoted(*ine) + " is not an INE (11 digits and capital letters)");
      return std::nullopt;
    }
    return ine;
  }

  // The "niveau" column when filled, else the class code's first character;
  // every row of a class must agree.
  std::optional<std::string> readLevel(RowView& row, const std::string& class_code) {
    std::optional<std::string> level;
    if (const auto given = row.optional("niveau")) {
      level = parseLevel(*given);
      if (!level) {
        row.problem("niveau", quoted(*given) + " is not a level (6e, 5e, 4e, 3e, 2nde, 1re, Tle)");
        return std::nullopt;
      }
    } else {
      level = levelFromClassCode(class_code);
      if (!level) {
        row.problem("classe", "the level of class " + quoted(class_code) +
                                  " cannot be told from its first character; fill in the "
                                  "\"niveau\" column");
        return std::nullopt;
      }
    }
    const auto [known, inserted] = class_levels_.try_emplace(class_code, *level, row.line());
    if (!inserted && known->second.first != *level) {
      row.problem("niveau", "class " + quoted(class_code) + " is " + quoted(*level) + " here but " +
                                quoted(known->second.first) + " on line " +
                                std::to_string(known->second.second));
      return std::nullopt;
    }
    return level;
  }

  void addGroups(const RowView& row, const std::string& student_id) {
    const std::string list = row.text("groupes");
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= list.size()) {
      auto end = list.find('|', start);
      if (end == std::string::npos) end = list.size();
      const std::string code = trim(std::string_view(list).substr(start, end - start));
      start = end + 1;
      if (code.empty() || !seen.insert(code).second) continue;
      if (groups_added_.insert(code).second) {
        batch_.groups.push_back(GroupRecord{code, code, row.place()});
      }
      batch_.memberships.push_back(MembershipRecord{student_id, code, row.place()});
    }
  }

  Batch& batch_;
  std::map<std::string, int> id_lines_;
  std::map<std::string, std::pair<std::string, int>> class_levels_;  // code -> level, line
  std::set<std::string> classes_added_;
  std::set<std::string> groups_added_;
};

class ParentRows {
 public:
  explicit ParentRows(Batch& batch) : batch_(batch) {}

  void add(RowView& row) {
    const std::string id = row.required("identifiant");
    const std::string family_name = row.required("nom");
    const std::string given_name = row.required("prenom");
    const std::string student = row.required("identifiant_eleve");
    auto email = row.email("email");
    const bool legal_guardian = readLegalGuardian(row);
    if (row.hasProblems()) return;

    const std::string parent_id = std::string(kParentPrefix) + id;
    const std::string student_id = studentId(student);
    const auto [link, new_link] = link_lines_.try_emplace({id, student_id}, row.line());
    if (!new_link) {
      row.problem("identifiant_eleve", "responsable " + quoted(id) + " is already linked to " +
                                           quoted(student) + " on line " +
                                           std::to_string(link->second));
    }
    const Seen seen{family_name, given_name, email, row.line()};
    const auto [known, new_parent] = parents_.try_emplace(id, seen);
    if (!new_parent) checkSame(row, id, known->second, seen);
    if (row.hasProblems()) return;

    if (new_parent) {
      batch_.people.push_back(PersonRecord{parent_id, Role::parent, given_name, family_name,
                                           std::move(email), std::nullopt, std::nullopt,
                                           std::nullopt, row.place()});
    }
    batch_.guardians.push_back(
        GuardianRecord{parent_id, student_id, legal_guardian, row.text("lien"), row.place()});
  }

 private:
  struct Seen {
    std::string family_name;
    std::string given_name;
    std::optional<std::string> email;
    int line;
  };

  static std::string studentId(const std::string& value) {
    for (const auto prefix : kStudentIdPrefixes) {
      if (value.starts_with(prefix)) return value;
    }
    return std::string(kStudentPrefix) + value;
  }

  static bool readLegalGuardian(RowView& row) {
    const auto value = row.optional("responsable_legal");
    if (!value) return true;
    const std::string word = fold(*value);
    if (word == "1" || word == "oui") return true;
    if (word == "0" || word == "non") return false;
    row.problem("responsable_legal", quoted(*value) + " must be 1, 0, oui or non");
    return true;
  }

  // A parent on several rows (one per child) must be described the same way.
  static void checkSame(RowView& row, const std::string& id, const Seen& first, const Seen& here) {
    const auto compare = [&](std::string_view column, const std::string& was,
                             const std::string& is) {
      if (was == is) return;
      row.problem(column, "responsable " + quoted(id) + " is " + quoted(is) + " here but " +
                              quoted(was) + " on line " + std::to_string(first.line));
    };
    compare("nom", first.family_name, here.family_name);
    compare("prenom", first.given_name, here.given_name);
    compare("email", first.email.value_or(""), here.email.value_or(""));
  }

  Batch& batch_;
  std::map<std::string, Seen> parents_;
  std::map<std::pair<std::string, std::string>, int> link_lines_;
};

class StaffRows {
 public:
  explicit StaffRows(Batch& batch) : batch_(batch) {}

  void add(RowView& row) {
    const std::string id = row.required("identifiant");
    const std::string family_name = row.required("nom");
    const std::string given_name = row.required("prenom");
    auto email = row.email("email");
    const auto role = readRole(row);
    row.checkUnique(id, id_lines_);
    if (row.hasProblems()) return;

    batch_.people.push_back(PersonRecord{std::string(kStaffPrefix) + id, *role, given_name,
                                         family_name, std::move(email), std::nullopt, std::nullopt,
                                         std::nullopt, row.place()});
  }

 private:
  static std::optional<Role> readRole(RowView& row) {
    const std::string value = row.required("role");
    if (value.empty()) return std::nullopt;
    const std::string word = fold(value);
    if (word == "enseignant" || word == "teacher") return Role::teacher;
    if (word == "vie_scolaire" || word == "staff") return Role::staff;
    if (word == "direction" || word == "admin") return Role::admin;
    row.problem("role", quoted(value) + " is not a role (enseignant, vie_scolaire, direction)");
    return std::nullopt;
  }

  Batch& batch_;
  std::map<std::string, int> id_lines_;
};

void readKind(CsvKind kind, std::string_view text, csv::Sink& sink) {
  Batch& batch = sink.batch();
  switch (kind) {
    case CsvKind::students: {
      batch.complete_roles = {Role::student};
      batch.id_prefix = kStudentPrefix;
      StudentRows rows(batch);
      csv::readRows(text, kStudentColumns, sink, [&](RowView& row) { rows.add(row); });
      break;
    }
    case CsvKind::parents: {
      batch.complete_roles = {Role::parent};
      batch.id_prefix = kParentPrefix;
      ParentRows rows(batch);
      csv::readRows(text, kParentColumns, sink, [&](RowView& row) { rows.add(row); });
      break;
    }
    case CsvKind::staff: {
      // An admin missing from the file keeps their account: only teachers
      // and staff are listed in full.
      batch.complete_roles = {Role::teacher, Role::staff};
      batch.id_prefix = kStaffPrefix;
      StaffRows rows(batch);
      csv::readRows(text, kStaffColumns, sink, [&](RowView& row) { rows.add(row); });
      break;
    }
  }
}

}  // namespace

Batch parseCsv(CsvKind kind, std::string_view utf8_text, const std::string& file_name) {
  Batch batch;
  csv::Sink sink(batch, file_name);
  try {
    readKind(kind, withoutBom(utf8_text), sink);
  } catch (const std::exception& e) {
    sink.report(1, std::string("cannot read the file: ") + e.what());
  }
  return batch;
}

}  // namespace cartable::imports
