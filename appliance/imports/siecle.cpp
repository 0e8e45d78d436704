// SIECLE "BEE" exports: ElevesSansAdresses.xml (students, classes, groups)
// and ResponsablesAvecAdresses.xml (parents and their links to students).
#include <Poco/Exception.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <set>

#include "imports/bee_export.h"
#include "imports/class_level.h"
#include "imports/parsers.h"
#include "imports/xml_document.h"

namespace cartable::imports {
namespace {

using bee::attribute;
using bee::Reading;
using Poco::XML::Element;

constexpr char kStudentPrefix[] = "siecle-eleve:";
constexpr char kPersonPrefix[] = "siecle-personne:";

bool isIne(const std::string& ine) {
  return ine.size() == 11 && std::all_of(ine.begin(), ine.end(),
                                         [](char c) { return bee::isDigit(c) || bee::isUpper(c); });
}

// The level of a MEF code (the national code of a course of study), by its
// first four digits; empty when it is not a collège or general lycée year.
std::string levelOfMef(const std::string& mef) {
  static const std::map<std::string, std::string> kLevels = {
      {"1001", "6e"},   {"1011", "5e"},  {"1021", "4e"}, {"1031", "3e"},
      {"2001", "2nde"}, {"2011", "1re"}, {"2021", "Tle"}};
  const auto it = kLevels.find(mef.substr(0, 4));
  return it == kLevels.end() ? std::string() : it->second;
}

struct StudentEntry {
  std::size_t person_index = 0;
  std::string mef;
  std::string division;
};

class StudentsReader {
 public:
  StudentsReader(Reading& reading, const std::string& today) : reading_(reading), today_(today) {}

  void readStudents(const Element* students) {
    // An empty list would read as every student having left.
    if (children(students, "ELEVE").empty()) {
      reading_.problem(Place{reading_.file(), ""}, "DONNEES/ELEVES lists no ELEVE");
      return;
    }
    std::size_t position = 0;
    for (const Element* element : children(students, "ELEVE")) readStudent(element, ++position);
  }

  void readStructures(const Element* structures) {
    for (const Element* element : children(structures, "STRUCTURES_ELEVE")) {
      readStudentStructures(element);
    }
  }

  void finish() {
    checkEveryStudentHasADivision();
    assignClassLevels();
  }

 private:
  void readStudent(const Element* element, std::size_t position) {
    const std::string id = attribute(element, "ELEVE_ID");
    if (id.empty()) {
      reading_.problem(reading_.place(element, "ELEVE #" + std::to_string(position)),
                       "ELEVE has no ELEVE_ID attribute");
      return;
    }
    const Place place = reading_.place(element, "ELEVE ELEVE_ID=" + id);
    if (const auto seen = places_.find(id); seen != places_.end()) {
      reading_.problem(place,
                       "ELEVE_ID " + id + " appears twice; the first is at " + seen->second.where);
      return;
    }
    places_.emplace(id, place);
    auto person = readPerson(element, id, place);
    Batch& batch = reading_.batch();
    students_[id] = StudentEntry{batch.people.size(), childText(element, "CODE_MEF"), {}};
    batch.people.push_back(std::move(person));
  }

  PersonRecord readPerson(const Element* element, const std::string& id, const Place& place) {
    PersonRecord person;
    person.external_id = kStudentPrefix + id;
    person.role = directory::Role::student;
    person.place = place;
    person.family_name = childText(element, "NOM_USAGE");
    if (person.family_name.empty()) person.family_name = childText(element, "NOM_DE_FAMILLE");
    if (person.family_name.empty()) {
      reading_.problem(place, "ELEVE has no NOM_DE_FAMILLE (nor NOM_USAGE)");
    }
    person.given_name = childText(element, "PRENOM");
    if (person.given_name.empty()) reading_.problem(place, "ELEVE has no PRENOM");
    readIne(element, place, person);
    if (auto birth = bee::optionalDate(element, "DATE_NAISS")) {
      person.birth_date = *birth;
    } else {
      reading_.problem(place, birth.error().message);
    }
    if (auto left = bee::optionalDate(element, "DATE_SORTIE")) {
      // A departure announced for a later date does not concern today's school.
      if (*left && **left <= today_) person.left_on = *left;
    } else {
      reading_.problem(place, left.error().message);
    }
    return person;
  }

  void readIne(const Element* element, const Place& place, PersonRecord& person) {
    const std::string ine = childText(element, "ID_NATIONAL");
    if (ine.empty()) return;
    if (!isIne(ine)) {
      reading_.problem(place,
                       "ID_NATIONAL '" + ine + "' is not an INE (11 digits or capital letters)");
      return;
    }
    if (const auto seen = ines_.find(ine); seen != ines_.end()) {
      reading_.problem(place, "INE " + ine + " is also given to " + seen->second.where);
      return;
    }
    ines_.emplace(ine, place);
    person.ine = ine;
  }

  void readStudentStructures(const Element* element) {
    const std::string id = attribute(element, "ELEVE_ID");
    const Place place = reading_.place(element, "STRUCTURES_ELEVE ELEVE_ID=" + id);
    const auto student = students_.find(id);
    if (student == students_.end()) {
      reading_.problem(place, id.empty() ? "STRUCTURES_ELEVE has no ELEVE_ID attribute"
                                         : "STRUCTURES_ELEVE refers to ELEVE_ID " + id +
                                               ", which is not in ELEVES");
      return;
    }
    for (const Element* structure : children(element, "STRUCTURE")) {
      readStructure(structure, student->second, place);
    }
  }

  void readStructure(const Element* structure, StudentEntry& student, const Place& place) {
    const std::string code = childText(structure, "CODE_STRUCTURE");
    const std::string type = childText(structure, "TYPE_STRUCTURE");
    const std::string& student_id = reading_.batch().people[student.person_index].external_id;
    if (code.empty()) {
      reading_.problem(place, "STRUCTURE has no CODE_STRUCTURE");
    } else if (type == "D") {
      addEnrollment(student, student_id, code, place);
    } else if (type == "G") {
      addMembership(student_id, code, place);
    } else {
      reading_.problem(place, "STRUCTURE " + code + " has TYPE_STRUCTURE '" + type +
                                  "', expected D (division) or G (group)");
    }
  }

  void addEnrollment(StudentEntry& student, const std::string& student_id, const std::string& code,
                     const Place& place) {
    if (!student.division.empty()) {
      if (student.division != code) {
        reading_.problem(place,
                         "the student is in two divisions, " + student.division + " and " + code);
      }
      return;
    }
    student.division = code;
    Batch& batch = reading_.batch();
    batch.enrollments.push_back(EnrollmentRecord{student_id, code, place});
    auto [level, added] = class_levels_from_mef_.try_emplace(code);
    if (added) batch.classes.push_back(ClassRecord{code, code, {}, place});
    if (level->second.empty()) level->second = levelOfMef(student.mef);
  }

  void addMembership(const std::string& student_id, const std::string& code, const Place& place) {
    Batch& batch = reading_.batch();
    // The same group listed twice for a student says nothing more.
    if (!memberships_.emplace(student_id, code).second) return;
    batch.memberships.push_back(MembershipRecord{student_id, code, place});
    if (groups_.insert(code).second) batch.groups.push_back(GroupRecord{code, code, place});
  }

  void checkEveryStudentHasADivision() {
    for (const PersonRecord& person : reading_.batch().people) {
      const std::string id = person.external_id.substr(sizeof kStudentPrefix - 1);
      // Someone who has left may have been taken out of every division.
      if (students_.at(id).division.empty() && !person.left_on) {
        reading_.problem(person.place, "ELEVE_ID " + id +
                                           " is in no division (no STRUCTURE of TYPE_STRUCTURE D)");
      }
    }
  }

  void assignClassLevels() {
    for (ClassRecord& record : reading_.batch().classes) {
      const std::string& code = record.code;
      const std::string& from_mef = class_levels_from_mef_.at(code);
      record.level = from_mef.empty() ? levelFromClassCode(code).value_or("") : from_mef;
      if (record.level.empty()) {
        reading_.problem(record.place,
                         "the level of division " + code +
                             " is unknown: no known CODE_MEF among its students, "
                             "and its code does not start with 6, 5, 4, 3, 2, 1 or T");
      }
    }
  }

  Reading& reading_;
  const std::string& today_;
  std::map<std::string, StudentEntry> students_;
  std::map<std::string, Place> places_;
  std::map<std::string, Place> ines_;
  // The level told by the first of its students whose CODE_MEF is known.
  std::map<std::string, std::string> class_levels_from_mef_;
  std::set<std::string> groups_;
  std::set<std::pair<std::string, std::string>> memberships_;
};

// CODE_PARENTE, the SIECLE nomenclature of family links. Codes whose meaning
// is not certain are kept as "code NN" rather than guessed.
std::string relationshipOf(const std::string& code) {
  static const std::map<std::string, std::string> kRelationships = {
      {"10", "mère"},
      {"20", "père"},
      {"30", "autre membre de la famille"},
      {"37", "grand-parent"},
      {"38", "tuteur"},
      {"39", "aide sociale à l'enfance"},
      {"50", "éducateur"},
      {"51", "assistant familial"},
      {"70", "code 70"}};
  const auto it = kRelationships.find(code);
  return it == kRelationships.end() ? std::string() : it->second;
}

// Enough to tell an address from the notes schools type into MEL.
bool looksLikeEmail(const std::string& text) {
  const auto at = text.find('@');
  if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const auto dot = text.find('.', at + 1);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < text.size() &&
         text.find_first_of(" \t,;<>") == std::string::npos;
}

// A PERSONNE is imported only when a RESPONSABLE_ELEVE links it to a student:
// SIECLE keeps former parents and contacts that concern nobody here. So its
// problems wait until we know it is needed.
struct PersonCandidate {
  PersonRecord record;
  std::vector<Problem> problems;
  bool linked = false;
};

class GuardiansReader {
 public:
  explicit GuardiansReader(Reading& reading) : reading_(reading) {}

  void readPersons(const Element* persons) {
    std::size_t position = 0;
    // An empty list would read as every parent having left.
    if (children(persons, "PERSONNE").empty()) {
      reading_.problem(Place{reading_.file(), ""}, "DONNEES/PERSONNES lists no PERSONNE");
    }
    for (const Element* element : children(persons, "PERSONNE")) readPerson(element, ++position);
  }

  void readLinks(const Element* links) {
    if (children(links, "RESPONSABLE_ELEVE").empty()) {
      reading_.problem(Place{reading_.file(), ""},
                       "DONNEES/RESPONSABLES lists no RESPONSABLE_ELEVE");
    }
    for (const Element* element : children(links, "RESPONSABLE_ELEVE")) readLink(element);
  }

  void finish() {
    Batch& batch = reading_.batch();
    for (auto& candidate : candidates_) {
      if (!candidate.linked) continue;
      batch.people.push_back(std::move(candidate.record));
      for (auto& problem : candidate.problems) batch.problems.push_back(std::move(problem));
    }
  }

 private:
  void readPerson(const Element* element, std::size_t position) {
    const std::string id = attribute(element, "PERSONNE_ID");
    if (id.empty()) {
      reading_.problem(reading_.place(element, "PERSONNE #" + std::to_string(position)),
                       "PERSONNE has no PERSONNE_ID attribute");
      return;
    }
    const Place place = reading_.place(element, "PERSONNE PERSONNE_ID=" + id);
    if (const auto seen = index_.find(id); seen != index_.end()) {
      reading_.problem(place, "PERSONNE_ID " + id + " appears twice; the first is at " +
                                  candidates_[seen->second].record.place.where);
      return;
    }
    index_.emplace(id, candidates_.size());
    candidates_.push_back(makeCandidate(element, id, place));
  }

  static PersonCandidate makeCandidate(const Element* element, const std::string& id,
                                       const Place& place) {
    PersonCandidate candidate;
    PersonRecord& person = candidate.record;
    person.external_id = kPersonPrefix + id;
    person.role = directory::Role::parent;
    person.place = place;
    person.family_name = childText(element, "NOM_DE_FAMILLE");
    // Exports from the SCONET years call it NOM.
    if (person.family_name.empty()) person.family_name = childText(element, "NOM");
    if (person.family_name.empty()) {
      candidate.problems.push_back(Problem{place, "PERSONNE has no NOM_DE_FAMILLE"});
    }
    person.given_name = childText(element, "PRENOM");
    if (person.given_name.empty()) {
      candidate.problems.push_back(Problem{place, "PERSONNE has no PRENOM"});
    }
    // MEL is free text in SIECLE ("néant", a phone number...): what is not an
    // address is left out without a problem, or no import would ever pass.
    const std::string email = childText(element, "MEL");
    if (looksLikeEmail(email)) person.email = email;
    return candidate;
  }

  void readLink(const Element* element) {
    const std::string person_id = childText(element, "PERSONNE_ID");
    const std::string student_id = childText(element, "ELEVE_ID");
    const Place place = reading_.place(
        element, "RESPONSABLE_ELEVE PERSONNE_ID=" + person_id + " ELEVE_ID=" + student_id);
    if (person_id.empty() || student_id.empty()) {
      reading_.problem(place, std::string("RESPONSABLE_ELEVE has no ") +
                                  (person_id.empty() ? "PERSONNE_ID" : "ELEVE_ID"));
      return;
    }
    const auto person = index_.find(person_id);
    if (person == index_.end()) {
      reading_.problem(place, "RESPONSABLE_ELEVE refers to PERSONNE_ID " + person_id +
                                  ", which is not in PERSONNES");
      return;
    }
    const std::string legal = childText(element, "RESP_LEGAL");
    if (legal != "0" && legal != "1" && legal != "2") {
      reading_.problem(place, "RESP_LEGAL '" + legal + "' is not 0, 1 or 2");
      return;
    }
    // The same link listed twice says nothing more.
    if (!links_.emplace(person_id, student_id).second) return;
    candidates_[person->second].linked = true;
    reading_.batch().guardians.push_back(
        GuardianRecord{kPersonPrefix + person_id, kStudentPrefix + student_id, legal != "0",
                       relationshipOf(childText(element, "CODE_PARENTE")), place});
  }

  Reading& reading_;
  std::vector<PersonCandidate> candidates_;
  std::map<std::string, std::size_t> index_;
  std::set<std::pair<std::string, std::string>> links_;
};

// Nothing here should throw; if Poco or the library does, the file is refused
// with the reason rather than taking the request down.
void refuseOnException(Batch& batch, const std::string& file_name, const std::string& reason) {
  batch.problems.push_back(Problem{Place{file_name, ""}, "cannot read the file: " + reason});
}

Batch readStudentsExport(std::string_view utf8_xml, const std::string& file_name,
                         const std::string& today) {
  Batch batch;
  batch.complete_roles = {directory::Role::student};
  batch.id_prefix = kStudentPrefix;
  Reading reading(file_name, batch);
  std::optional<XmlDocument> document;
  const Element* root = bee::openExport(utf8_xml, "BEE_ELEVES", reading, document);
  if (root == nullptr) return batch;
  reading.locate(utf8_xml, root, {"PARAMETRES", "ELEVE", "STRUCTURES_ELEVE"});
  bee::readParameters(root, reading);
  StudentsReader students(reading, today);
  students.readStudents(descend(root, "DONNEES/ELEVES"));
  students.readStructures(descend(root, "DONNEES/STRUCTURES"));
  students.finish();
  return batch;
}

Batch readGuardiansExport(std::string_view utf8_xml, const std::string& file_name) {
  Batch batch;
  batch.complete_roles = {directory::Role::parent};
  batch.id_prefix = kPersonPrefix;
  Reading reading(file_name, batch);
  std::optional<XmlDocument> document;
  const Element* root = bee::openExport(utf8_xml, "BEE_RESPONSABLES", reading, document);
  if (root == nullptr) return batch;
  reading.locate(utf8_xml, root, {"PARAMETRES", "PERSONNE", "RESPONSABLE_ELEVE"});
  bee::readParameters(root, reading);
  GuardiansReader guardians(reading);
  guardians.readPersons(descend(root, "DONNEES/PERSONNES"));
  guardians.readLinks(descend(root, "DONNEES/RESPONSABLES"));
  guardians.finish();
  return batch;
}

}  // namespace

Batch parseSiecleStudents(std::string_view utf8_xml, const std::string& file_name,
                          const std::string& today) {
  try {
    return readStudentsExport(utf8_xml, file_name, today);
  } catch (const Poco::Exception& e) {
    Batch batch;
    refuseOnException(batch, file_name, e.displayText());
    return batch;
  } catch (const std::exception& e) {
    Batch batch;
    refuseOnException(batch, file_name, e.what());
    return batch;
  }
}

Batch parseSiecleGuardians(std::string_view utf8_xml, const std::string& file_name) {
  try {
    return readGuardiansExport(utf8_xml, file_name);
  } catch (const Poco::Exception& e) {
    Batch batch;
    refuseOnException(batch, file_name, e.displayText());
    return batch;
  } catch (const std::exception& e) {
    Batch batch;
    refuseOnException(batch, file_name, e.what());
    return batch;
  }
}

}  // namespace cartable::imports
