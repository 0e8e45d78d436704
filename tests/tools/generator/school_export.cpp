#include "tests/tools/generator/school_export.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <vector>

#include "tests/tools/generator/french_names.h"
#include "tests/tools/generator/xml_text.h"

namespace cartable::generator {
namespace {

constexpr std::string_view kStreets[] = {
    "rue des Tilleuls",  "avenue Jean Jaurès", "impasse du Moulin", "place de l'Église",
    "chemin des Vignes", "rue Victor Hugo",    "allée des Œillets", "boulevard Pasteur",
    "rue de la Gare",    "route de Lyon",      "rue du Château",    "square des Peupliers"};
constexpr std::string_view kTowns[] = {"VILLENEUVE-SUR-EXEMPLE", "SAINT-INVENTÉ",
                                       "MONTFICTIF-LÈS-BOIS"};

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, message, field);
}

bool allDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string zeroPadded(std::size_t value, std::size_t width) {
  std::string text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

// "2026-09-01" -> "01/09/2026", as SIECLE writes dates.
std::string frenchDate(const std::string& iso) {
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

bool listed(std::span<const std::string_view> names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool isWoman(const GeneratedPerson& person) {
  return listed(names::adultWomen(), person.given_name);
}

// The national code of the course of study (MEF) of each level; the
// importer tells the level from its first four digits.
std::string mefOf(const std::string& level) {
  static const std::map<std::string, std::string> kMef = {
      {"6e", "10010012110"},   {"5e", "10110001110"},  {"4e", "10210001110"}, {"3e", "10310019110"},
      {"2nde", "20010018110"}, {"1re", "20111000110"}, {"Tle", "20211000110"}};
  const auto found = kMef.find(level);
  return found == kMef.end() ? std::string() : found->second;
}

// SIECLE's CODE_PARENTE for a relationship of the model.
std::string_view relationshipCode(const std::string& relationship) {
  if (relationship == "mère") return "10";
  if (relationship == "père") return "20";
  if (relationship == "tuteur" || relationship == "tutrice") return "38";
  if (relationship.starts_with("grand-")) return "37";
  if (relationship.empty()) return "90";
  return "30";  // another member of the family: beau-père, tante, ...
}

// The digits ending each person's external_id: the id of the export.
Result<std::vector<std::string>> fileIds(const std::vector<GeneratedPerson>& people,
                                         std::set<std::string>& taken) {
  std::vector<std::string> ids;
  ids.reserve(people.size());
  for (const GeneratedPerson& person : people) {
    const auto dash = person.external_id.find_last_of('-');
    const std::string digits =
        dash == std::string::npos ? person.external_id : person.external_id.substr(dash + 1);
    if (!allDigits(digits)) {
      return invalid("external_id", "external_id \"" + person.external_id +
                                        "\" does not end with digits, which the export uses as id");
    }
    if (!taken.insert(digits).second) {
      return invalid("external_id", "external_id \"" + person.external_id + "\" gives id " +
                                        digits + ", already given to someone else");
    }
    ids.push_back(digits);
  }
  return ids;
}

struct FileIds {
  std::vector<std::string> students, parents, teachers, staff;
};

// The school with what the three files need looked up once.
struct ExportContext {
  const GeneratedSchool& school;
  std::string uai;
  std::string year;       // "2026"
  std::string first_day;  // "2026-09-01"
  FileIds ids;
  std::vector<std::size_t> class_of;                  // per student
  std::vector<std::vector<std::size_t>> groups_of;    // per student
  std::vector<std::vector<std::size_t>> class_units;  // assignment indexes per class
  std::vector<std::vector<std::size_t>> group_units;  // assignment indexes per group
};

Status indexIds(ExportContext& c) {
  std::set<std::string> siecle_students, siecle_people, sts_people;
  CARTABLE_ASSIGN_OR_RETURN(c.ids.students, fileIds(c.school.students, siecle_students));
  CARTABLE_ASSIGN_OR_RETURN(c.ids.parents, fileIds(c.school.parents, siecle_people));
  CARTABLE_ASSIGN_OR_RETURN(c.ids.teachers, fileIds(c.school.teachers, sts_people));
  CARTABLE_ASSIGN_OR_RETURN(c.ids.staff, fileIds(c.school.staff, sts_people));
  return okStatus();
}

Status indexLinks(ExportContext& c) {
  const GeneratedSchool& school = c.school;
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  c.class_of.assign(school.students.size(), kNone);
  for (const GeneratedEnrollment& e : school.enrollments) c.class_of[e.student] = e.school_class;
  for (std::size_t s = 0; s < school.students.size(); ++s) {
    if (c.class_of[s] == kNone) {
      return invalid("enrollments",
                     "student " + school.students[s].external_id + " is in no class");
    }
  }
  c.groups_of.assign(school.students.size(), {});
  for (const GeneratedMembership& m : school.group_members)
    c.groups_of[m.student].push_back(m.group);
  c.class_units.assign(school.classes.size(), {});
  c.group_units.assign(school.groups.size(), {});
  for (std::size_t a = 0; a < school.assignments.size(); ++a) {
    const GeneratedAssignment& assignment = school.assignments[a];
    if (assignment.school_class.has_value() == assignment.group.has_value()) {
      return invalid("assignments",
                     "assignment " + std::to_string(a) + " must name exactly one class or group");
    }
    if (assignment.school_class) c.class_units[*assignment.school_class].push_back(a);
    if (assignment.group) c.group_units[*assignment.group].push_back(a);
  }
  return okStatus();
}

void writeBeeParameters(XmlText& xml, const ExportContext& c) {
  xml.open("PARAMETRES");
  xml.leaf("UAJ", c.uai);
  xml.leaf("ANNEE_SCOLAIRE", c.year);
  xml.leaf("DATE_EXPORT", frenchDate(c.first_day));
  xml.leaf("HORODATAGE", frenchDate(c.first_day) + " 08:00:00");
  xml.close();
}

void writeStudent(XmlText& xml, const ExportContext& c, std::size_t s) {
  const GeneratedPerson& student = c.school.students[s];
  const std::string& id = c.ids.students[s];
  xml.open("ELEVE", {{"ELEVE_ID", id}, {"ELENOET", id}});
  if (student.ine) {
    xml.leaf("ID_NATIONAL", *student.ine);
    xml.leaf("INE_RNIE", *student.ine);
  }
  xml.leaf("NOM_DE_FAMILLE", student.family_name);
  xml.leaf("PRENOM", student.given_name);
  if (student.birth_date) xml.leaf("DATE_NAISS", frenchDate(*student.birth_date));
  xml.leaf("CODE_SEXE", listed(names::childGirls(), student.given_name) ? "2" : "1");
  xml.leaf("CODE_MEF", mefOf(c.school.classes[c.class_of[s]].level));
  xml.leaf("CODE_STATUT", "ST");
  xml.leaf("CODE_REGIME", "2");
  xml.leaf("DATE_ENTREE", frenchDate(c.first_day));
  xml.leaf("CODE_PAYS", "100");
  xml.close();
}

void writeStructure(XmlText& xml, const std::string& code, std::string_view type) {
  xml.open("STRUCTURE");
  xml.leaf("CODE_STRUCTURE", code);
  xml.leaf("TYPE_STRUCTURE", type);
  xml.close();
}

Result<std::string> studentsFile(const ExportContext& c, const std::string& file_name) {
  XmlText xml(XmlCharset::latin9);
  xml.open("BEE_ELEVES", {{"VERSION", "3.1"}});
  writeBeeParameters(xml, c);
  xml.open("DONNEES");
  xml.open("ELEVES");
  for (std::size_t s = 0; s < c.school.students.size(); ++s) writeStudent(xml, c, s);
  xml.close();
  xml.open("STRUCTURES");
  for (std::size_t s = 0; s < c.school.students.size(); ++s) {
    xml.open("STRUCTURES_ELEVE", {{"ELEVE_ID", c.ids.students[s]}});
    writeStructure(xml, c.school.classes[c.class_of[s]].code, "D");
    for (std::size_t g : c.groups_of[s]) writeStructure(xml, c.school.groups[g].code, "G");
    xml.close();
  }
  return xml.encoded(file_name);
}

// Legal guardians of a family share the address of the first of them; other
// contacts live elsewhere. Returns the PERSONNE_ID index whose address each
// parent uses.
std::vector<std::size_t> addressOwners(const GeneratedSchool& school) {
  std::vector<std::size_t> owner(school.parents.size());
  for (std::size_t p = 0; p < owner.size(); ++p) owner[p] = p;
  std::map<std::size_t, std::size_t> first_legal_of_student;
  for (const GeneratedGuardianship& g : school.guardianships) {
    if (!g.legal_guardian) continue;
    const auto [first, added] = first_legal_of_student.emplace(g.student, g.parent);
    if (!added) owner[g.parent] = std::min(owner[g.parent], owner[first->second]);
  }
  return owner;
}

void writeParent(XmlText& xml, const ExportContext& c, std::size_t p, std::size_t address) {
  const GeneratedPerson& parent = c.school.parents[p];
  xml.open("PERSONNE", {{"PERSONNE_ID", c.ids.parents[p]}});
  xml.leaf("NOM_DE_FAMILLE", parent.family_name);
  xml.leaf("PRENOM", parent.given_name);
  xml.leaf("LC_CIVILITE", isWoman(parent) ? "MME" : "M.");
  xml.leaf("TEL_PORTABLE", "06" + zeroPadded(std::stoul(c.ids.parents[p]) % 100000000, 8));
  if (parent.email) xml.leaf("MEL", *parent.email);
  xml.leaf("ADRESSE_ID", c.ids.parents[address]);
  xml.close();
}

void writeAddress(XmlText& xml, const ExportContext& c, std::size_t p) {
  const std::size_t number = std::stoul(c.ids.parents[p]);
  xml.open("ADRESSE", {{"ADRESSE_ID", c.ids.parents[p]}});
  xml.leaf("LIGNE1_ADRESSE", std::to_string(1 + number % 97) + " " +
                                 std::string(kStreets[number % std::size(kStreets)]));
  const std::size_t town = number % std::size(kTowns);
  xml.leaf("CODE_POSTAL", "99" + zeroPadded(100 * (town + 1), 3));
  xml.leaf("LIBELLE_POSTAL", kTowns[town]);
  xml.leaf("LL_PAYS", "FRANCE");
  xml.close();
}

void writeLinks(XmlText& xml, const ExportContext& c) {
  std::map<std::size_t, int> legal_rank;  // per student: the RESP_LEGAL given last
  xml.open("RESPONSABLES");
  for (const GeneratedGuardianship& g : c.school.guardianships) {
    const int rank = g.legal_guardian ? std::min(++legal_rank[g.student], 2) : 0;
    xml.open("RESPONSABLE_ELEVE");
    xml.leaf("ELEVE_ID", c.ids.students[g.student]);
    xml.leaf("PERSONNE_ID", c.ids.parents[g.parent]);
    xml.leaf("RESP_LEGAL", std::to_string(rank));
    xml.leaf("CODE_PARENTE", relationshipCode(g.relationship));
    xml.leaf("RESP_FINANCIER", rank == 1 ? "1" : "0");
    xml.leaf("PERS_PAIMENT", rank == 1 ? "1" : "0");
    xml.leaf("PERS_CONTACT", "1");
    xml.close();
  }
  xml.close();
}

Result<std::string> guardiansFile(const ExportContext& c, const std::string& file_name) {
  const std::vector<std::size_t> owner = addressOwners(c.school);
  XmlText xml(XmlCharset::latin9);
  xml.open("BEE_RESPONSABLES", {{"VERSION", "1.7"}});
  writeBeeParameters(xml, c);
  xml.open("DONNEES");
  xml.open("PERSONNES");
  for (std::size_t p = 0; p < c.school.parents.size(); ++p) writeParent(xml, c, p, owner[p]);
  xml.close();
  writeLinks(xml, c);
  xml.open("ADRESSES");
  for (std::size_t p = 0; p < c.school.parents.size(); ++p) {
    if (owner[p] == p) writeAddress(xml, c, p);
  }
  return xml.encoded(file_name);
}

// STS-Web's nomenclature code of a subject (six digits) and of a teacher's
// discipline ("L" and four digits), from the subject's place in the model.
std::string matiereCode(std::size_t subject) {
  return zeroPadded(10000 + 100 * subject, 6);
}

std::string disciplineCode(std::size_t subject) {
  return "L" + zeroPadded(100 * (subject + 1) % 10000, 4);
}

std::optional<std::size_t> subjectNamed(const GeneratedSchool& school, const std::string& code) {
  for (std::size_t s = 0; s < school.subjects.size(); ++s) {
    if (school.subjects[s].code == code) return s;
  }
  return std::nullopt;
}

void writeSubjects(XmlText& xml, const GeneratedSchool& school) {
  xml.open("NOMENCLATURES");
  xml.open("MATIERES");
  for (std::size_t s = 0; s < school.subjects.size(); ++s) {
    xml.open("MATIERE", {{"CODE", matiereCode(s)}});
    xml.leaf("CODE_GESTION", school.subjects[s].code);
    xml.leaf("LIBELLE_COURT", school.subjects[s].code);
    xml.leaf("LIBELLE_LONG", school.subjects[s].label);
    xml.leaf("LIBELLE_EDITION", school.subjects[s].label);
    xml.close();
  }
  xml.close();
  xml.close();
}

void openIndividual(XmlText& xml, const GeneratedPerson& person, const std::string& id) {
  xml.open("INDIVIDU", {{"ID", id}, {"TYPE", "epp"}});
  xml.leaf("SEXE", isWoman(person) ? "F" : "M");
  xml.leaf("CIVILITE", isWoman(person) ? "2" : "1");
  xml.leaf("NOM_USAGE", person.family_name);
  xml.leaf("NOM_PATRONYMIQUE", person.family_name);
  xml.leaf("PRENOM", person.given_name);
}

void writeTeacher(XmlText& xml, const ExportContext& c, std::size_t t) {
  const GeneratedSchool& school = c.school;
  const GeneratedPerson& teacher = school.teachers[t];
  openIndividual(xml, teacher, c.ids.teachers[t]);
  xml.leaf("GRADE", "CERTIFIE");
  xml.leaf("FONCTION", "ENS");
  std::vector<std::size_t> main_classes;
  for (const GeneratedAssignment& a : school.assignments) {
    if (a.teacher == t && a.main_teacher && a.school_class) main_classes.push_back(*a.school_class);
  }
  if (!main_classes.empty()) {
    xml.open("PROFS_PRINC");
    for (std::size_t cls : main_classes) {
      xml.open("PROF_PRINC");
      xml.leaf("CODE_STRUCTURE", school.classes[cls].code);
      xml.leaf("DATE_DEBUT", c.first_day);
      xml.close();
    }
    xml.close();
  }
  if (const auto subject = subjectNamed(school, teacher.position)) {
    xml.open("DISCIPLINES");
    xml.open("DISCIPLINE", {{"CODE", disciplineCode(*subject)}});
    xml.leaf("LIBELLE_COURT", school.subjects[*subject].label);
    xml.leaf("NB_HEURES", "18");
    xml.close();
    xml.close();
  }
  xml.close();
}

Status writeStaffMember(XmlText& xml, const ExportContext& c, std::size_t s) {
  const GeneratedPerson& member = c.school.staff[s];
  std::string_view function;
  if (member.position == "CPE") {
    function = "EDU";
  } else if (member.position == "AED") {
    function = "SUR";
  } else {
    return invalid("position", "staff member " + member.external_id + " has position \"" +
                                   member.position + "\"; the export knows CPE and AED");
  }
  openIndividual(xml, member, c.ids.staff[s]);
  xml.leaf("FONCTION", function);
  xml.close();
  return okStatus();
}

// SERVICES: one SERVICE per subject, listing its teachers, in model order.
void writeServices(XmlText& xml, const ExportContext& c, const std::vector<std::size_t>& units) {
  std::vector<std::pair<std::size_t, std::vector<std::size_t>>> services;
  for (std::size_t a : units) {
    const GeneratedAssignment& assignment = c.school.assignments[a];
    auto service = std::find_if(services.begin(), services.end(),
                                [&](const auto& s) { return s.first == assignment.subject; });
    if (service == services.end())
      service = services.insert(services.end(), {assignment.subject, {}});
    service->second.push_back(assignment.teacher);
  }
  if (services.empty()) return;
  xml.open("SERVICES");
  for (const auto& [subject, teachers] : services) {
    xml.open("SERVICE", {{"CODE_MATIERE", matiereCode(subject)}, {"CODE_MOD_COURS", "CG"}});
    xml.open("ENSEIGNANTS");
    for (std::size_t t : teachers)
      xml.empty("ENSEIGNANT", {{"ID", c.ids.teachers[t]}, {"TYPE", "epp"}});
    xml.close();
    xml.close();
  }
  xml.close();
}

void writeDivisions(XmlText& xml, const ExportContext& c) {
  xml.open("DIVISIONS");
  for (std::size_t cls = 0; cls < c.school.classes.size(); ++cls) {
    const GeneratedClass& division = c.school.classes[cls];
    xml.open("DIVISION", {{"CODE", division.code}});
    xml.leaf("LIBELLE_LONG", division.label);
    writeServices(xml, c, c.class_units[cls]);
    xml.close();
  }
  xml.close();
}

void writeGroups(XmlText& xml, const ExportContext& c) {
  std::vector<std::set<std::size_t>> divisions_of(c.school.groups.size());
  for (const GeneratedMembership& m : c.school.group_members) {
    divisions_of[m.group].insert(c.class_of[m.student]);
  }
  xml.open("GROUPES");
  for (std::size_t g = 0; g < c.school.groups.size(); ++g) {
    const GeneratedGroup& group = c.school.groups[g];
    xml.open("GROUPE", {{"CODE", group.code}});
    xml.leaf("LIBELLE_LONG", group.label);
    xml.open("DIVISIONS_APPARTENANCE");
    for (std::size_t cls : divisions_of[g]) {
      xml.empty("DIVISION_APPARTENANCE", {{"CODE", c.school.classes[cls].code}});
    }
    xml.close();
    writeServices(xml, c, c.group_units[g]);
    xml.close();
  }
  xml.close();
}

Result<std::string> stsFile(const ExportContext& c, const std::string& file_name) {
  XmlText xml(XmlCharset::utf8);
  xml.open("STS_EDT");
  xml.open("PARAMETRES");
  xml.leaf("UAJ", c.uai);
  xml.leaf("ANNEE_SCOLAIRE", c.year);
  xml.leaf("DATE_EXPORT", c.first_day);
  xml.leaf("HORODATAGE", frenchDate(c.first_day) + " 08:00:00");
  xml.close();
  xml.open("DONNEES");
  writeSubjects(xml, c.school);
  xml.open("INDIVIDUS");
  for (std::size_t t = 0; t < c.school.teachers.size(); ++t) writeTeacher(xml, c, t);
  for (std::size_t s = 0; s < c.school.staff.size(); ++s) {
    CARTABLE_RETURN_IF_ERROR(writeStaffMember(xml, c, s));
  }
  xml.close();
  xml.open("STRUCTURE");
  writeDivisions(xml, c);
  writeGroups(xml, c);
  return xml.encoded(file_name);
}

Status writeFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return makeError(Errc::io_error, "cannot create " + path.string(), "directory");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return makeError(Errc::io_error, "cannot write " + path.string(), "directory");
  return okStatus();
}

Status checkArguments(const std::string& uai, const std::string& year) {
  if (uai.size() != 8 || !allDigits(std::string_view(uai).substr(0, 7)) || uai[7] < 'A' ||
      uai[7] > 'Z') {
    return invalid("uai", "uai \"" + uai + "\" is not a UAI (7 digits and a capital letter)");
  }
  if (year.size() != 4 || !allDigits(year)) {
    return invalid("school_year_start",
                   "school_year_start \"" + year + "\" is not a year such as 2026");
  }
  return okStatus();
}

Status writeAll(const GeneratedSchool& school, const std::string& uai, const std::string& year,
                const std::string& directory) {
  CARTABLE_RETURN_IF_ERROR(checkArguments(uai, year));
  ExportContext c{school, uai, year, year + "-09-01", {}, {}, {}, {}, {}};
  if (school.enrollment_date.starts_with(year + "-")) c.first_day = school.enrollment_date;
  CARTABLE_RETURN_IF_ERROR(indexIds(c));
  CARTABLE_RETURN_IF_ERROR(indexLinks(c));
  const ExportFileNames names = exportFileNames(uai, year);
  CARTABLE_ASSIGN_OR_RETURN(const std::string students, studentsFile(c, names.students));
  CARTABLE_ASSIGN_OR_RETURN(const std::string guardians, guardiansFile(c, names.guardians));
  CARTABLE_ASSIGN_OR_RETURN(const std::string sts, stsFile(c, names.sts));
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return makeError(Errc::io_error, "cannot create " + directory + ": " + error.message(),
                     "directory");
  }
  const std::filesystem::path base(directory);
  CARTABLE_RETURN_IF_ERROR(writeFile(base / names.students, students));
  CARTABLE_RETURN_IF_ERROR(writeFile(base / names.guardians, guardians));
  return writeFile(base / names.sts, sts);
}

}  // namespace

ExportFileNames exportFileNames(const std::string& uai, const std::string& school_year_start) {
  ExportFileNames names;
  names.sts = "sts_emp_" + uai + "_" + school_year_start + ".xml";
  return names;
}

Status writeSiecleAndStsExports(const GeneratedSchool& school, const std::string& uai,
                                const std::string& school_year_start,
                                const std::string& directory) {
  try {
    return writeAll(school, uai, school_year_start, directory);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, std::string("writing the exports failed: ") + e.what());
  }
}

}  // namespace cartable::generator
