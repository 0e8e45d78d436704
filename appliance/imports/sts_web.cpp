// STS-Web sts_emp_<UAI>_<YEAR>.xml. The subset read (the rest is ignored):
//
// STS_EDT
//   PARAMETRES: UAJ, ANNEE_SCOLAIRE (the starting year: 2026 -> "2026-2027")
//   DONNEES
//     NOMENCLATURES/MATIERES/MATIERE @CODE: CODE_GESTION, LIBELLE_LONG (or LIBELLE_COURT)
//     INDIVIDUS/INDIVIDU @ID: NOM_USAGE (or NOM_PATRONYMIQUE), PRENOM, DATE_NAISSANCE,
//       FONCTION, PROFS_PRINC/PROF_PRINC: CODE_STRUCTURE
//     STRUCTURE
//       DIVISIONS/DIVISION @CODE: LIBELLE_LONG (or LIBELLE_COURT),
//         SERVICES/SERVICE @CODE_MATIERE: ENSEIGNANTS/ENSEIGNANT @ID
//       GROUPES/GROUPE @CODE: LIBELLE_LONG (or LIBELLE_COURT),
//         DIVISIONS_APPARTENANCE/DIVISION_APPARTENANCE @CODE (checked to exist),
//         SERVICES/SERVICE @CODE_MATIERE: ENSEIGNANTS/ENSEIGNANT @ID
//
// Services refer to a MATIERE by its CODE; assignments carry its CODE_GESTION.
// A PROF_PRINC sets main_teacher on that teacher's services in the division.
// A main teacher with no service in the division is a problem rather than a
// silent loss: the flag has nothing to sit on, and the file should be fixed.
#include <Poco/DOM/Element.h>

#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "directory/validate.h"
#include "imports/class_level.h"
#include "imports/parsers.h"
#include "imports/xml_document.h"

namespace cartable::imports {
namespace {

using directory::Role;
using Poco::XML::Element;

constexpr std::string_view kPrefix = "sts:";

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string attribute(const Element* element, const std::string& name) {
  return trim(element->getAttribute(name));
}

std::optional<Role> roleOfFunction(std::string_view function) {
  static const std::set<std::string_view> kStaffFunctions = {"EDU", "DOC", "SUR", "AED", "ASE",
                                                             "ADF", "ORI", "MDS", "LAB", "OUV"};
  if (function == "ENS") return Role::teacher;
  if (function == "DIR") return Role::admin;
  if (kStaffFunctions.contains(function)) return Role::staff;
  return std::nullopt;
}

bool isYear(std::string_view text) {
  return text.size() == 4 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// The label element, else the short label, else the code itself.
std::string labelOf(const Element* element, const std::string& code) {
  std::string label = childText(element, "LIBELLE_LONG");
  if (label.empty()) label = childText(element, "LIBELLE_COURT");
  return label.empty() ? code : label;
}

class StsReader {
 public:
  StsReader(Batch& batch, const std::string& file) : batch_(batch), file_(file) {}

  void read(const Element* root) {
    readParameters(child(root, "PARAMETRES"));
    const Element* data = child(root, "DONNEES");
    if (data == nullptr) {
      report("STS_EDT", "DONNEES is missing");
      return;
    }
    readSubjects(descend(data, "NOMENCLATURES/MATIERES"));
    readPeople(child(data, "INDIVIDUS"));
    readDivisions(descend(data, "STRUCTURE/DIVISIONS"));
    readGroups(descend(data, "STRUCTURE/GROUPES"));
    markMainTeachers();
  }

  void report(std::string where, std::string message) {
    batch_.problems.push_back(Problem{place(std::move(where)), std::move(message)});
  }

 private:
  struct MainTeacher {
    std::string teacher_id;  // external id
    std::string division;
    std::string where;
  };

  Place place(std::string where) const { return Place{file_, std::move(where)}; }

  void readParameters(const Element* parameters) {
    batch_.uai = childText(parameters, "UAJ");
    if (batch_.uai.empty()) report("PARAMETRES", "UAJ is missing");
    const std::string year = childText(parameters, "ANNEE_SCOLAIRE");
    if (isYear(year)) {
      batch_.school_year = year + "-" + std::to_string(std::stoi(year) + 1);
    } else if (year.empty()) {
      report("PARAMETRES", "ANNEE_SCOLAIRE is missing");
    } else {
      report("PARAMETRES", "ANNEE_SCOLAIRE \"" + year + "\" is not a year such as 2026");
    }
  }

  void readSubjects(const Element* subjects) {
    std::set<std::string> gestion_codes;
    for (const Element* subject : children(subjects, "MATIERE")) {
      const std::string code = attribute(subject, "CODE");
      const std::string where = "MATIERE CODE=" + code;
      if (code.empty()) {
        report("MATIERES/MATIERE", "a MATIERE has no CODE attribute");
        continue;
      }
      const std::string gestion = childText(subject, "CODE_GESTION");
      if (gestion.empty()) {
        report(where, "CODE_GESTION is missing");
        continue;
      }
      if (!subject_codes_.emplace(code, gestion).second) {
        report(where, "CODE " + code + " appears twice");
        continue;
      }
      if (gestion_codes.insert(gestion).second) {
        batch_.subjects.push_back(SubjectRecord{gestion, labelOf(subject, gestion), place(where)});
      }
    }
  }

  void readPeople(const Element* people) {
    for (const Element* person : children(people, "INDIVIDU")) {
      const std::string id = attribute(person, "ID");
      if (id.empty()) {
        report("INDIVIDUS/INDIVIDU", "an INDIVIDU has no ID attribute");
        continue;
      }
      const std::string where = "INDIVIDU ID=" + id;
      if (!people_ids_.insert(id).second) {
        report(where, "ID " + id + " appears twice");
        continue;
      }
      readPerson(person, id, where);
      readMainTeacher(person, id, where);
    }
  }

  void readPerson(const Element* person, const std::string& id, const std::string& where) {
    const std::size_t problems_before = batch_.problems.size();
    std::string family_name = childText(person, "NOM_USAGE");
    if (family_name.empty()) family_name = childText(person, "NOM_PATRONYMIQUE");
    if (family_name.empty()) report(where, "NOM_USAGE and NOM_PATRONYMIQUE are both missing");
    const std::string given_name = childText(person, "PRENOM");
    if (given_name.empty()) report(where, "PRENOM is missing");
    const auto birth_date = readBirthDate(person, where);
    const auto role = readRole(person, where);
    if (batch_.problems.size() != problems_before) return;
    batch_.people.push_back(PersonRecord{std::string(kPrefix) + id, *role, given_name, family_name,
                                         std::nullopt, std::nullopt, birth_date, std::nullopt,
                                         place(where)});
  }

  // STS writes yyyy-mm-dd; dd/mm/yyyy, as in SIECLE, is taken too.
  std::optional<std::string> readBirthDate(const Element* person, const std::string& where) {
    const std::string date = childText(person, "DATE_NAISSANCE");
    if (date.empty()) return std::nullopt;
    if (directory::validate::date(date, "DATE_NAISSANCE")) return date;
    if (auto iso = frenchDateToIso(date)) return std::move(iso).value();
    report(where, "DATE_NAISSANCE \"" + date + "\" is not a date");
    return std::nullopt;
  }

  std::optional<Role> readRole(const Element* person, const std::string& where) {
    const std::string function = childText(person, "FONCTION");
    if (function.empty()) {
      report(where, "FONCTION is missing");
      return std::nullopt;
    }
    const auto role = roleOfFunction(function);
    if (!role) {
      report(where, "FONCTION \"" + function +
                        "\" is not known (ENS teacher, DIR direction, or a staff function: EDU, "
                        "DOC, SUR, AED, ASE, ADF, ORI, MDS, LAB, OUV)");
    }
    return role;
  }

  void readMainTeacher(const Element* person, const std::string& id, const std::string& where) {
    for (const Element* main : children(child(person, "PROFS_PRINC"), "PROF_PRINC")) {
      const std::string division = childText(main, "CODE_STRUCTURE");
      if (division.empty()) {
        report(where + " / PROF_PRINC", "CODE_STRUCTURE is missing");
        continue;
      }
      main_teachers_.push_back(MainTeacher{std::string(kPrefix) + id, division,
                                           where + " / PROF_PRINC CODE_STRUCTURE=" + division});
    }
  }

  void readDivisions(const Element* divisions) {
    for (const Element* division : children(divisions, "DIVISION")) {
      const std::string code = attribute(division, "CODE");
      if (code.empty()) {
        report("DIVISIONS/DIVISION", "a DIVISION has no CODE attribute");
        continue;
      }
      const std::string where = "DIVISION CODE=" + code;
      if (!division_codes_.insert(code).second) {
        report(where, "CODE " + code + " appears twice");
        continue;
      }
      const auto level = levelFromClassCode(code);
      if (level) {
        batch_.classes.push_back(ClassRecord{code, labelOf(division, code), *level, place(where)});
      } else {
        report(where, "the level of division \"" + code +
                          "\" cannot be told from its first character (6, 5, 4, 3, 2, 1 or T)");
      }
      readServices(division, where, code, "");
    }
  }

  void readGroups(const Element* groups) {
    std::set<std::string> group_codes;
    for (const Element* group : children(groups, "GROUPE")) {
      const std::string code = attribute(group, "CODE");
      if (code.empty()) {
        report("GROUPES/GROUPE", "a GROUPE has no CODE attribute");
        continue;
      }
      const std::string where = "GROUPE CODE=" + code;
      if (!group_codes.insert(code).second) {
        report(where, "CODE " + code + " appears twice");
        continue;
      }
      for (const Element* member :
           children(child(group, "DIVISIONS_APPARTENANCE"), "DIVISION_APPARTENANCE")) {
        const std::string division = attribute(member, "CODE");
        if (!division_codes_.contains(division)) {
          report(where, "DIVISION_APPARTENANCE " + division + " is not in DIVISIONS");
        }
      }
      batch_.groups.push_back(GroupRecord{code, labelOf(group, code), place(where)});
      readServices(group, where, "", code);
    }
  }

  // One assignment per (teacher, subject, class or group): a subject taught
  // in several modes (CODE_MOD_COURS) is listed once.
  void readServices(const Element* owner, const std::string& owner_where,
                    const std::string& class_code, const std::string& group_code) {
    for (const Element* service : children(child(owner, "SERVICES"), "SERVICE")) {
      const std::string matiere = attribute(service, "CODE_MATIERE");
      if (matiere.empty()) {
        report(owner_where + " / SERVICE", "CODE_MATIERE is missing");
        continue;
      }
      const std::string where = owner_where + " / SERVICE CODE_MATIERE=" + matiere;
      const auto subject = subject_codes_.find(matiere);
      if (subject == subject_codes_.end()) {
        report(where, "matière " + matiere + " is not in NOMENCLATURES/MATIERES");
        continue;
      }
      for (const Element* teacher : children(child(service, "ENSEIGNANTS"), "ENSEIGNANT")) {
        const std::string id = attribute(teacher, "ID");
        if (!people_ids_.contains(id)) {
          report(where, id.empty() ? "an ENSEIGNANT has no ID attribute"
                                   : "ENSEIGNANT ID=" + id + " is not in INDIVIDUS");
          continue;
        }
        const std::string teacher_id = std::string(kPrefix) + id;
        const std::string key =
            teacher_id + "\n" + subject->second + "\n" + class_code + "\n" + group_code;
        if (!assignment_keys_.insert(key).second) continue;
        batch_.assignments.push_back(AssignmentRecord{teacher_id, subject->second, class_code,
                                                      group_code, false, place(where)});
      }
    }
  }

  void markMainTeachers() {
    for (const auto& main : main_teachers_) {
      if (!division_codes_.contains(main.division)) {
        report(main.where, "division " + main.division + " is not in DIVISIONS");
        continue;
      }
      bool marked = false;
      for (auto& assignment : batch_.assignments) {
        if (assignment.teacher_id == main.teacher_id && assignment.class_code == main.division) {
          assignment.main_teacher = true;
          marked = true;
        }
      }
      if (!marked) {
        report(main.where,
               "the main teacher (PROF_PRINC) has no service in division " + main.division);
      }
    }
  }

  Batch& batch_;
  const std::string& file_;
  std::map<std::string, std::string> subject_codes_;  // MATIERE CODE -> CODE_GESTION
  std::set<std::string> people_ids_;
  std::set<std::string> division_codes_;
  std::set<std::string> assignment_keys_;
  std::vector<MainTeacher> main_teachers_;
};

// XmlDocument's message starts with the file name, which the place already gives.
std::string withoutFileName(const std::string& message, const std::string& file) {
  const std::string prefix = file + ": ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

}  // namespace

Batch parseStsWeb(std::string_view utf8_xml, const std::string& file_name) {
  Batch batch;
  // Admins are not listed in full: a director missing from the file keeps
  // their account.
  batch.complete_roles = {Role::teacher, Role::staff};
  batch.id_prefix = kPrefix;
  StsReader reader(batch, file_name);
  try {
    auto document = XmlDocument::parse(utf8_xml, file_name);
    if (!document) {
      reader.report("", withoutFileName(document.error().message, file_name));
      return batch;
    }
    const Element* root = document->root();
    if (root->nodeName() != "STS_EDT") {
      reader.report("", "root element is " + root->nodeName() + ", expected STS_EDT");
      return batch;
    }
    reader.read(root);
  } catch (const std::exception& e) {
    reader.report("", std::string("cannot read the file: ") + e.what());
  }
  return batch;
}

}  // namespace cartable::imports
