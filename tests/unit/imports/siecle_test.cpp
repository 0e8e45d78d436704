#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "imports/parsers.h"
#include "imports/xml_document.h"
#include "unit/imports/import_fixtures.h"

namespace cartable::imports {
namespace {

using directory::Role;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kToday[] = "2027-02-01";

// Each record as one line, so that a test states the whole expected batch.
std::string describe(const Problem& problem) {
  return problem.place.toString() + " | " + problem.message;
}

std::string describe(const PersonRecord& person) {
  std::string text = person.external_id + " " + std::string(directory::roleName(person.role)) +
                     " " + person.given_name + " / " + person.family_name;
  if (person.email) text += " email=" + *person.email;
  if (person.ine) text += " ine=" + *person.ine;
  if (person.birth_date) text += " born=" + *person.birth_date;
  if (person.left_on) text += " left=" + *person.left_on;
  return text + " @ " + person.place.toString();
}

std::string describe(const ClassRecord& record) {
  return record.code + " \"" + record.label + "\" " + record.level + " @ " + record.place.where;
}

std::string describe(const GroupRecord& record) {
  return record.code + " \"" + record.label + "\" @ " + record.place.where;
}

std::string describe(const EnrollmentRecord& record) {
  return record.student_id + " in " + record.class_code;
}

std::string describe(const MembershipRecord& record) {
  return record.student_id + " in " + record.group_code;
}

std::string describe(const GuardianRecord& record) {
  return record.parent_id + (record.legal_guardian ? " legal " : " other ") + "\"" +
         record.relationship + "\" of " + record.student_id + " @ " + record.place.where;
}

template <class Record>
std::vector<std::string> describeAll(const std::vector<Record>& records) {
  std::vector<std::string> lines;
  for (const auto& record : records) lines.push_back(describe(record));
  return lines;
}

std::vector<std::string> problemsOf(const Batch& batch) {
  return describeAll(batch.problems);
}

// Everything a batch says, for comparing two readings of the same export.
std::vector<std::string> describeBatch(const Batch& batch) {
  std::vector<std::string> lines{batch.uai, batch.school_year, batch.id_prefix};
  for (const auto& group :
       {describeAll(batch.people), describeAll(batch.classes), describeAll(batch.groups),
        describeAll(batch.enrollments), describeAll(batch.memberships),
        describeAll(batch.guardians), describeAll(batch.problems)}) {
    lines.insert(lines.end(), group.begin(), group.end());
  }
  return lines;
}

// A small BEE_ELEVES file: the ELEVE elements start at line 5, one per line,
// and the STRUCTURES_ELEVE elements follow, one per line, after one more line.
std::string studentsXml(const std::vector<std::string>& students,
                        const std::vector<std::string>& structures) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<BEE_ELEVES VERSION=\"2.1\">\n"
      "<PARAMETRES><UAJ>0541234Y</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>\n"
      "<DONNEES><ELEVES>\n";
  for (const auto& student : students) xml += student + "\n";
  xml += "</ELEVES><STRUCTURES>\n";
  for (const auto& structure : structures) xml += structure + "\n";
  return xml + "</STRUCTURES></DONNEES></BEE_ELEVES>\n";
}

std::string eleve(const std::string& id, const std::string& fields) {
  return "<ELEVE ELEVE_ID=\"" + id + "\">" + fields + "</ELEVE>";
}

std::string named(const std::string& family, const std::string& given) {
  return "<NOM_DE_FAMILLE>" + family + "</NOM_DE_FAMILLE><PRENOM>" + given + "</PRENOM>";
}

std::string structures(const std::string& id, const std::vector<std::string>& code_and_types) {
  std::string xml = "<STRUCTURES_ELEVE ELEVE_ID=\"" + id + "\">";
  for (const auto& code_and_type : code_and_types) {
    const auto space = code_and_type.find(' ');
    xml += "<STRUCTURE><CODE_STRUCTURE>" + code_and_type.substr(0, space) +
           "</CODE_STRUCTURE><TYPE_STRUCTURE>" + code_and_type.substr(space + 1) +
           "</TYPE_STRUCTURE></STRUCTURE>";
  }
  return xml + "</STRUCTURES_ELEVE>";
}

Batch parseStudents(const std::string& xml, const std::string& today = kToday) {
  return parseSiecleStudents(xml, "eleves.xml", today);
}

// A BEE_RESPONSABLES file: PERSONNE elements from line 5, one per line, then
// the RESPONSABLE_ELEVE elements, one per line, after one more line.
std::string guardiansXml(const std::vector<std::string>& persons,
                         const std::vector<std::string>& links) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<BEE_RESPONSABLES VERSION=\"1.7\">\n"
      "<PARAMETRES><UAJ>0541234Y</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>\n"
      "<DONNEES><PERSONNES>\n";
  for (const auto& person : persons) xml += person + "\n";
  xml += "</PERSONNES><RESPONSABLES>\n";
  for (const auto& link : links) xml += link + "\n";
  return xml + "</RESPONSABLES></DONNEES></BEE_RESPONSABLES>\n";
}

std::string personne(const std::string& id, const std::string& fields) {
  return "<PERSONNE PERSONNE_ID=\"" + id + "\">" + fields + "</PERSONNE>";
}

std::string link(const std::string& person, const std::string& student, const std::string& legal,
                 const std::string& code = "10") {
  return "<RESPONSABLE_ELEVE><ELEVE_ID>" + student + "</ELEVE_ID><PERSONNE_ID>" + person +
         "</PERSONNE_ID><RESP_LEGAL>" + legal + "</RESP_LEGAL><CODE_PARENTE>" + code +
         "</CODE_PARENTE></RESPONSABLE_ELEVE>";
}

Batch parseGuardians(const std::string& xml) {
  return parseSiecleGuardians(xml, "responsables.xml");
}

// --- XmlDocument ---

TEST(ImportsSiecleXml, ParsesAndWalksTheTreeIgnoringWhitespaceAndTrimmingText) {
  auto document =
      XmlDocument::parse("<a>\n  <b>  x y \n</b>\n  <c><d>1</d></c>\n  <b>2</b>\n</a>", "t.xml");
  ASSERT_TRUE(document.ok()) << document.error().message;
  const auto* root = document->root();
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->firstChild()->nodeName(), "b");  // no whitespace text node before it
  EXPECT_EQ(childText(root, "b"), "x y");
  EXPECT_EQ(childText(root, "missing"), "");
  EXPECT_EQ(children(root, "b").size(), 2u);
  EXPECT_EQ(childText(descend(root, "c"), "d"), "1");
  EXPECT_EQ(descend(root, "c/d"), child(child(root, "c"), "d"));
  EXPECT_EQ(descend(root, "c/missing/d"), nullptr);
  EXPECT_EQ(child(nullptr, "b"), nullptr);
  EXPECT_THAT(children(nullptr, "b"), IsEmpty());
}

TEST(ImportsSiecleXml, SyntaxErrorNamesFileLineAndCharacterColumn) {
  auto document = XmlDocument::parse("<a>\n  <b>Été</c>\n</a>", "t.xml");
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().code, Errc::invalid_argument);
  EXPECT_EQ(document.error().message, "t.xml: XML syntax error at line 2, column 11: Tag mismatch");
}

TEST(ImportsSiecleXml, RefusesAnyDoctype) {
  auto document = XmlDocument::parse(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<a/>", "t.xml");
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().message, "t.xml: a DOCTYPE is not allowed in an import file");
}

TEST(ImportsSiecleXml, TakesTheTextAsUtf8WhateverThePrologDeclares) {
  auto document =
      XmlDocument::parse("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><a>Lœuvre</a>", "t.xml");
  ASSERT_TRUE(document.ok()) << document.error().message;
  EXPECT_EQ(document->root()->innerText(), "Lœuvre");
}

TEST(ImportsSiecleXml, FrenchDatesBecomeIsoAndImpossibleDatesFail) {
  EXPECT_EQ(frenchDateToIso("14/03/2015").value(), "2015-03-14");
  EXPECT_EQ(frenchDateToIso("29/02/2016").value(), "2016-02-29");
  EXPECT_EQ(frenchDateToIso("29/02/2000").value(), "2000-02-29");
  for (const char* bad : {"29/02/2015", "29/02/1900", "31/04/2026", "00/01/2026", "01/13/2026",
                          "1/2/2026", "2026-01-01", "aa/bb/cccc", ""}) {
    auto iso = frenchDateToIso(bad);
    ASSERT_FALSE(iso.ok()) << bad;
    EXPECT_EQ(iso.error().message,
              "'" + std::string(bad) + "' is not a date in the form dd/mm/yyyy");
  }
}

// --- Students: the fixture ---

class ImportsSiecleStudentsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(std::getenv("CARTABLE_SOURCE_DIR"), nullptr) << "CARTABLE_SOURCE_DIR is not set";
  }

  Batch batch_ =
      parseSiecleStudents(readFixture("ElevesSansAdresses.xml"), "ElevesSansAdresses.xml", kToday);
};

TEST_F(ImportsSiecleStudentsFixture, ReadsTheSchoolAndTheYear) {
  EXPECT_THAT(problemsOf(batch_), IsEmpty());
  EXPECT_EQ(batch_.uai, "0541234Y");
  EXPECT_EQ(batch_.school_year, "2026-2027");
  EXPECT_EQ(batch_.complete_roles, std::set<Role>{Role::student});
  EXPECT_EQ(batch_.id_prefix, "siecle-eleve:");
}

TEST_F(ImportsSiecleStudentsFixture, ReadsEveryStudentWithNamesIneBirthDateAndDeparture) {
  EXPECT_THAT(
      describeAll(batch_.people),
      ElementsAre("siecle-eleve:4101 student Élodie / BERTIN ine=0900000001A born=2015-03-14 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4101 (line 11)",
                  "siecle-eleve:4102 student Loïc / CARRÉ ine=0900000002B born=2014-11-02 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4102 (line 25)",
                  // NOM_USAGE wins over NOM_DE_FAMILLE.
                  "siecle-eleve:4103 student Anaïs / Lœuvre ine=0900000003C born=2016-02-29 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4103 (line 34)",
                  // DATE_SORTIE 18/12/2026, before today: he has left.
                  "siecle-eleve:4104 student Hugo / MOREAU ine=0900000004D born=2015-07-07 "
                  "left=2026-12-18 @ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4104 (line 43)",
                  "siecle-eleve:4105 student Clémence / NGUYEN ine=0900000005E born=2014-05-21 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4105 (line 53)",
                  "siecle-eleve:4106 student Théo / ŒSTERLÉ ine=0900000006F born=2014-09-30 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4106 (line 61)",
                  // DATE_SORTIE 30/06/2027 is still to come: still here.
                  "siecle-eleve:4107 student Jérôme / SCHMITT ine=0900000007G born=2014-01-11 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4107 (line 69)",
                  "siecle-eleve:4108 student Zoé / NGUYEN ine=0900000008H born=2014-05-21 "
                  "@ ElevesSansAdresses.xml: ELEVE ELEVE_ID=4108 (line 78)"));
}

TEST_F(ImportsSiecleStudentsFixture, ListsEachDivisionOnceWithItsLevelFromTheMef) {
  EXPECT_THAT(describeAll(batch_.classes),
              ElementsAre("6A \"6A\" 6e @ STRUCTURES_ELEVE ELEVE_ID=4101 (line 97)",
                          "5B \"5B\" 5e @ STRUCTURES_ELEVE ELEVE_ID=4105 (line 121)"));
  EXPECT_THAT(
      describeAll(batch_.enrollments),
      ElementsAre("siecle-eleve:4101 in 6A", "siecle-eleve:4102 in 6A", "siecle-eleve:4103 in 6A",
                  "siecle-eleve:4104 in 6A", "siecle-eleve:4105 in 5B", "siecle-eleve:4106 in 5B",
                  "siecle-eleve:4107 in 5B", "siecle-eleve:4108 in 5B"));
  EXPECT_EQ(batch_.enrollments[0].place.toString(),
            "ElevesSansAdresses.xml: STRUCTURES_ELEVE ELEVE_ID=4101 (line 97)");
}

TEST_F(ImportsSiecleStudentsFixture, ListsEachGroupOnceAndItsMembers) {
  EXPECT_THAT(describeAll(batch_.groups),
              ElementsAre("5LATIN \"5LATIN\" @ STRUCTURES_ELEVE ELEVE_ID=4105 (line 121)"));
  EXPECT_THAT(describeAll(batch_.memberships),
              ElementsAre("siecle-eleve:4105 in 5LATIN", "siecle-eleve:4106 in 5LATIN"));
  EXPECT_THAT(batch_.subjects, IsEmpty());
  EXPECT_THAT(batch_.guardians, IsEmpty());
  EXPECT_THAT(batch_.assignments, IsEmpty());
}

TEST(ImportsSiecleStudents, DepartureOnTodayCountsAsLeft) {
  const Batch batch = parseSiecleStudents(readFixture("ElevesSansAdresses.xml"),
                                          "ElevesSansAdresses.xml", "2027-06-30");
  ASSERT_EQ(batch.people.size(), 8u);
  EXPECT_EQ(batch.people[6].left_on, "2027-06-30");
}

TEST(ImportsSiecleStudents, NextYearsExportShowsTheChanges) {
  const Batch batch = parseSiecleStudents(readFixture("ElevesSansAdresses-2027.xml"),
                                          "ElevesSansAdresses-2027.xml", "2027-09-04");
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  EXPECT_EQ(batch.school_year, "2027-2028");
  std::vector<std::string> ids;
  for (const auto& person : batch.people) ids.push_back(person.external_id);
  // 4104 is gone, 4109 is new.
  EXPECT_THAT(ids, ElementsAre("siecle-eleve:4101", "siecle-eleve:4102", "siecle-eleve:4103",
                               "siecle-eleve:4105", "siecle-eleve:4106", "siecle-eleve:4107",
                               "siecle-eleve:4108", "siecle-eleve:4109"));
  ASSERT_EQ(batch.people.size(), 8u);
  EXPECT_EQ(batch.people[4].family_name, "ŒSTERLÉ-VIDAL");  // corrected
  EXPECT_EQ(batch.people[5].left_on, std::nullopt);         // departure cancelled
  EXPECT_THAT(
      describeAll(batch.enrollments),
      ElementsAre("siecle-eleve:4101 in 6A", "siecle-eleve:4102 in 5B",  // moved
                  "siecle-eleve:4103 in 6A", "siecle-eleve:4105 in 5B", "siecle-eleve:4106 in 5B",
                  "siecle-eleve:4107 in 5B", "siecle-eleve:4108 in 5B", "siecle-eleve:4109 in 6A"));
}

// --- Students: rules on small files ---

TEST(ImportsSiecleStudents, LevelComesFromTheMefBeforeTheDivisionCode) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a") + "<CODE_MEF>10210005110</CODE_MEF>"),
                   eleve("2", named("B", "b") + "<CODE_MEF>20010018110</CODE_MEF>"),
                   eleve("3", named("C", "c") + "<CODE_MEF>20110019110</CODE_MEF>"),
                   eleve("4", named("D", "d") + "<CODE_MEF>20210019110</CODE_MEF>"),
                   eleve("5", named("E", "e") + "<CODE_MEF>10310019110</CODE_MEF>")},
                  {structures("1", {"A1 D"}), structures("2", {"B1 D"}), structures("3", {"C1 D"}),
                   structures("4", {"D1 D"}), structures("5", {"6X D"})}));
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  std::vector<std::string> levels;
  for (const auto& record : batch.classes) levels.push_back(record.code + "=" + record.level);
  EXPECT_THAT(levels, ElementsAre("A1=4e", "B1=2nde", "C1=1re", "D1=Tle", "6X=3e"));
}

TEST(ImportsSiecleStudents, LevelFallsBackOnTheDivisionCode) {
  std::vector<std::string> students;
  std::vector<std::string> links;
  const std::vector<std::string> codes{"6C", "5C", "4C", "3C", "2NDE1", "1G2", "TS1", "tle3"};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::string id = std::to_string(i + 1);
    students.push_back(eleve(id, named("N", "p") + "<CODE_MEF>99999999999</CODE_MEF>"));
    links.push_back(structures(id, {codes[i] + " D"}));
  }
  const Batch batch = parseStudents(studentsXml(students, links));
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  std::vector<std::string> levels;
  for (const auto& record : batch.classes) levels.push_back(record.level);
  EXPECT_THAT(levels, ElementsAre("6e", "5e", "4e", "3e", "2nde", "1re", "Tle", "Tle"));
}

TEST(ImportsSiecleStudents, DivisionWithoutKnownLevelIsAProblem) {
  const Batch batch =
      parseStudents(studentsXml({eleve("1", named("A", "a"))}, {structures("1", {"ULIS D"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: STRUCTURES_ELEVE ELEVE_ID=1 (line 7) | the level of "
                          "division ULIS is unknown: no known CODE_MEF among its students, and "
                          "its code does not start with 6, 5, 4, 3, 2, 1 or T"));
}

TEST(ImportsSiecleStudents, StudentWithoutDivisionIsAProblemUnlessGone) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a")), eleve("2", named("B", "b")),
                   eleve("3", named("C", "c") + "<DATE_SORTIE>05/01/2027</DATE_SORTIE>")},
                  {structures("1", {"6A D"}), structures("2", {"LATIN G"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: ELEVE ELEVE_ID=2 (line 6) | ELEVE_ID 2 is in no division "
                          "(no STRUCTURE of TYPE_STRUCTURE D)"));
}

TEST(ImportsSiecleStudents, StudentInTwoDivisionsIsAProblem) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a"))}, {structures("1", {"6A D", "6B D"})}));
  EXPECT_THAT(problemsOf(batch), ElementsAre("eleves.xml: STRUCTURES_ELEVE ELEVE_ID=1 (line 7) | "
                                             "the student is in two divisions, 6A and 6B"));
}

TEST(ImportsSiecleStudents, UnknownStructureTypeOrMissingCodeIsAProblem) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a"))}, {structures("1", {"6A D", "X Z", " G"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: STRUCTURES_ELEVE ELEVE_ID=1 (line 7) | STRUCTURE X has "
                          "TYPE_STRUCTURE 'Z', expected D (division) or G (group)",
                          "eleves.xml: STRUCTURES_ELEVE ELEVE_ID=1 (line 7) | STRUCTURE has no "
                          "CODE_STRUCTURE"));
}

TEST(ImportsSiecleStudents, SameGroupTwiceMakesOneMembership) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a"))}, {structures("1", {"6A D", "G1 G", "G1 G"})}));
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  EXPECT_THAT(describeAll(batch.memberships), ElementsAre("siecle-eleve:1 in G1"));
}

TEST(ImportsSiecleStudents, IneMustBeElevenDigitsOrCapitals) {
  const Batch batch = parseStudents(studentsXml(
      {eleve("1", named("A", "a") + "<ID_NATIONAL>123456789a0</ID_NATIONAL>"),
       eleve("2", named("B", "b") + "<ID_NATIONAL>12345</ID_NATIONAL>"),
       eleve("3", named("C", "c") + "<ID_NATIONAL> 1234567890K </ID_NATIONAL>")},
      {structures("1", {"6A D"}), structures("2", {"6A D"}), structures("3", {"6A D"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: ELEVE ELEVE_ID=1 (line 5) | ID_NATIONAL '123456789a0' is "
                          "not an INE (11 digits or capital letters)",
                          "eleves.xml: ELEVE ELEVE_ID=2 (line 6) | ID_NATIONAL '12345' is not an "
                          "INE (11 digits or capital letters)"));
  ASSERT_EQ(batch.people.size(), 3u);
  EXPECT_EQ(batch.people[0].ine, std::nullopt);
  EXPECT_EQ(batch.people[2].ine, "1234567890K");
}

TEST(ImportsSiecleStudents, DuplicateIneNamesBothStudents) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a") + "<ID_NATIONAL>1234567890K</ID_NATIONAL>"),
                   eleve("2", named("B", "b") + "<ID_NATIONAL>1234567890K</ID_NATIONAL>")},
                  {structures("1", {"6A D"}), structures("2", {"6A D"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: ELEVE ELEVE_ID=2 (line 6) | INE 1234567890K is also given "
                          "to ELEVE ELEVE_ID=1 (line 5)"));
}

TEST(ImportsSiecleStudents, MissingNamesAndBadDatesAreProblems) {
  const Batch batch = parseStudents(studentsXml(
      {eleve("1", "<PRENOM>a</PRENOM>"), eleve("2", "<NOM_DE_FAMILLE>B</NOM_DE_FAMILLE>"),
       eleve("3", named("C", "c") + "<DATE_NAISS>31/02/2015</DATE_NAISS>"),
       eleve("4", named("D", "d") + "<DATE_SORTIE>2027-01-05</DATE_SORTIE>")},
      {structures("1", {"6A D"}), structures("2", {"6A D"}), structures("3", {"6A D"}),
       structures("4", {"6A D"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: ELEVE ELEVE_ID=1 (line 5) | ELEVE has no NOM_DE_FAMILLE "
                          "(nor NOM_USAGE)",
                          "eleves.xml: ELEVE ELEVE_ID=2 (line 6) | ELEVE has no PRENOM",
                          "eleves.xml: ELEVE ELEVE_ID=3 (line 7) | DATE_NAISS '31/02/2015' is "
                          "not a date in the form dd/mm/yyyy",
                          "eleves.xml: ELEVE ELEVE_ID=4 (line 8) | DATE_SORTIE '2027-01-05' is "
                          "not a date in the form dd/mm/yyyy"));
}

TEST(ImportsSiecleStudents, EleveWithoutIdIsAProblemNamingItsPosition) {
  const Batch batch = parseStudents(
      studentsXml({eleve("1", named("A", "a")), "<ELEVE>" + named("B", "b") + "</ELEVE>"},
                  {structures("1", {"6A D"})}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: ELEVE #2 (line 6) | ELEVE has no ELEVE_ID attribute"));
}

TEST(ImportsSiecleStudents, EmptyStudentListIsAProblemNotADepartureOfEveryone) {
  const Batch batch = parseStudents(studentsXml({}, {}));
  EXPECT_THAT(problemsOf(batch), ElementsAre("eleves.xml | DONNEES/ELEVES lists no ELEVE"));
}

TEST(ImportsSiecleStudents, BadParametersAreProblems) {
  std::string xml = studentsXml({eleve("1", named("A", "a"))}, {structures("1", {"6A D"})});
  xml.replace(xml.find("0541234Y"), 8, "41234Y");
  xml.replace(xml.find("2026"), 4, "26-27");
  const Batch batch = parseStudents(xml);
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("eleves.xml: PARAMETRES (line 3) | UAJ '41234Y' is not a UAI (7 digits "
                          "and a capital letter)",
                          "eleves.xml: PARAMETRES (line 3) | ANNEE_SCOLAIRE '26-27' is not a year "
                          "such as 2026"));
  EXPECT_EQ(batch.uai, "");
  EXPECT_EQ(batch.school_year, "");
}

TEST(ImportsSiecleStudents, ElementsInCommentsDoNotShiftLineNumbers) {
  std::string xml = studentsXml({eleve("1", named("A", "a")), eleve("1", named("B", "b"))},
                                {structures("1", {"6A D"})});
  xml.insert(xml.find("<ELEVES>") + 8, "<!-- <ELEVE ELEVE_ID=\"0\"> -->");
  const Batch batch = parseStudents(xml);
  EXPECT_THAT(problemsOf(batch), ElementsAre("eleves.xml: ELEVE ELEVE_ID=1 (line 6) | ELEVE_ID 1 "
                                             "appears twice; the first is at ELEVE ELEVE_ID=1 "
                                             "(line 5)"));
}

// --- Students: bad files ---

TEST(ImportsSiecleStudents, MalformedXmlIsOneProblemWithLineAndColumn) {
  const Batch batch =
      parseSiecleStudents(readFixture("Eleves-malformed.xml"), "Eleves-malformed.xml", kToday);
  EXPECT_THAT(problemsOf(batch), ElementsAre("Eleves-malformed.xml | XML syntax error at line 11, "
                                             "column 25: Tag mismatch"));
  EXPECT_THAT(batch.people, IsEmpty());
}

TEST(ImportsSiecleStudents, WrongRootIsOneProblemAndNothingElse) {
  const Batch batch =
      parseSiecleStudents(readFixture("Eleves-wrong-root.xml"), "Eleves-wrong-root.xml", kToday);
  EXPECT_THAT(problemsOf(batch), ElementsAre("Eleves-wrong-root.xml | root element is "
                                             "BEE_NOMENCLATURES, expected BEE_ELEVES"));
  EXPECT_EQ(batch.uai, "");
  EXPECT_EQ(batch.school_year, "");
  EXPECT_THAT(batch.people, IsEmpty());
}

TEST(ImportsSiecleStudents, DuplicateEleveIdNamesBothPlaces) {
  const Batch batch = parseSiecleStudents(readFixture("Eleves-duplicate-id.xml"),
                                          "Eleves-duplicate-id.xml", kToday);
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("Eleves-duplicate-id.xml: ELEVE ELEVE_ID=4101 (line 15) | ELEVE_ID 4101 "
                          "appears twice; the first is at ELEVE ELEVE_ID=4101 (line 9)"));
}

TEST(ImportsSiecleStudents, StructuresOfAnUnknownStudentAreAProblem) {
  const Batch batch = parseSiecleStudents(readFixture("Eleves-unknown-structure.xml"),
                                          "Eleves-unknown-structure.xml", kToday);
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("Eleves-unknown-structure.xml: STRUCTURES_ELEVE ELEVE_ID=4999 (line 23) "
                          "| STRUCTURES_ELEVE refers to ELEVE_ID 4999, which is not in ELEVES"));
  EXPECT_THAT(describeAll(batch.enrollments), ElementsAre("siecle-eleve:4101 in 6A"));
}

TEST(ImportsSiecleStudents, EntityBombIsRefusedFast) {
  const auto start = std::chrono::steady_clock::now();
  const Batch batch = parseSiecleStudents(readFixture("Eleves-doctype-entities.xml"),
                                          "Eleves-doctype-entities.xml", kToday);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_THAT(problemsOf(batch), ElementsAre("Eleves-doctype-entities.xml | a DOCTYPE is not "
                                             "allowed in an import file"));
  EXPECT_LT(elapsed, std::chrono::milliseconds(100));
}

TEST(ImportsSiecleStudents, ParsesTwelveHundredStudentsQuickly) {
  std::vector<std::string> students;
  std::vector<std::string> links;
  for (int i = 0; i < 1200; ++i) {
    const std::string id = std::to_string(10000 + i);
    char ine[12];
    std::snprintf(ine, sizeof ine, "09%08dZ", i);
    students.push_back(eleve(id, named("NOM" + id, "Prénom") + "<ID_NATIONAL>" + ine +
                                     "</ID_NATIONAL><DATE_NAISS>01/02/2013</DATE_NAISS>"
                                     "<CODE_MEF>10310019110</CODE_MEF>"));
    links.push_back(structures(id, {"3" + std::string(1, static_cast<char>('A' + i % 8)) + " D",
                                    "LV2-" + std::to_string(i % 3) + " G"}));
  }
  const std::string xml = studentsXml(students, links);
  const auto start = std::chrono::steady_clock::now();
  const Batch batch = parseStudents(xml);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::cout << "[ timing ] 1200 students, " << xml.size() / 1024 << " KiB: " << elapsed.count()
            << " ms\n";
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  EXPECT_EQ(batch.people.size(), 1200u);
  EXPECT_EQ(batch.classes.size(), 8u);
  EXPECT_EQ(batch.groups.size(), 3u);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

// --- Guardians ---

TEST(ImportsSiecleGuardians, ReadsLinkedPersonsAndTheirLinks) {
  const Batch batch = parseSiecleGuardians(readFixture("ResponsablesAvecAdresses.xml"),
                                           "ResponsablesAvecAdresses.xml");
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  EXPECT_EQ(batch.uai, "0541234Y");
  EXPECT_EQ(batch.school_year, "2026-2027");
  EXPECT_EQ(batch.complete_roles, std::set<Role>{Role::parent});
  EXPECT_EQ(batch.id_prefix, "siecle-personne:");
  // 8806 is linked to no student: left out. MEL "néant" is no address.
  EXPECT_THAT(
      describeAll(batch.people),
      ElementsAre("siecle-personne:8801 parent Sophie / BERTIN email=sophie.bertin@example.org "
                  "@ ResponsablesAvecAdresses.xml: PERSONNE PERSONNE_ID=8801 (line 11)",
                  "siecle-personne:8802 parent Marc / BERTIN "
                  "@ ResponsablesAvecAdresses.xml: PERSONNE PERSONNE_ID=8802 (line 20)",
                  "siecle-personne:8803 parent Thi Lan / NGUYEN email=lan.nguyen@example.net "
                  "@ ResponsablesAvecAdresses.xml: PERSONNE PERSONNE_ID=8803 (line 27)",
                  "siecle-personne:8804 parent Gérard / ŒSTERLÉ "
                  "@ ResponsablesAvecAdresses.xml: PERSONNE PERSONNE_ID=8804 (line 34)",
                  "siecle-personne:8805 parent Hélène / CARRÉ email=helene.carre@example.org "
                  "@ ResponsablesAvecAdresses.xml: PERSONNE PERSONNE_ID=8805 (line 41)"));
  EXPECT_THAT(
      describeAll(batch.guardians),
      ElementsAre("siecle-personne:8801 legal \"mère\" of siecle-eleve:4101 @ RESPONSABLE_ELEVE "
                  "PERSONNE_ID=8801 ELEVE_ID=4101 (line 55)",
                  "siecle-personne:8802 legal \"père\" of siecle-eleve:4101 @ RESPONSABLE_ELEVE "
                  "PERSONNE_ID=8802 ELEVE_ID=4101 (line 64)",
                  "siecle-personne:8803 legal \"mère\" of siecle-eleve:4105 @ RESPONSABLE_ELEVE "
                  "PERSONNE_ID=8803 ELEVE_ID=4105 (line 73)",
                  "siecle-personne:8803 legal \"mère\" of siecle-eleve:4108 @ RESPONSABLE_ELEVE "
                  "PERSONNE_ID=8803 ELEVE_ID=4108 (line 79)",
                  "siecle-personne:8804 other \"grand-parent\" of siecle-eleve:4106 @ "
                  "RESPONSABLE_ELEVE PERSONNE_ID=8804 ELEVE_ID=4106 (line 85)",
                  "siecle-personne:8805 legal \"\" of siecle-eleve:4102 @ RESPONSABLE_ELEVE "
                  "PERSONNE_ID=8805 ELEVE_ID=4102 (line 91)"));
  EXPECT_THAT(batch.classes, IsEmpty());
  EXPECT_THAT(batch.enrollments, IsEmpty());
}

TEST(ImportsSiecleGuardians, MapsTheCommonRelationshipCodes) {
  std::vector<std::string> links;
  const std::vector<std::string> codes{"10", "20", "30", "37", "38", "39",
                                       "50", "51", "70", "99", ""};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    links.push_back(link("1", std::to_string(i + 1), "1", codes[i]));
  }
  const Batch batch = parseGuardians(guardiansXml({personne("1", named("A", "a"))}, links));
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  std::vector<std::string> relationships;
  for (const auto& guardian : batch.guardians) relationships.push_back(guardian.relationship);
  EXPECT_THAT(relationships, ElementsAre("mère", "père", "autre membre de la famille",
                                         "grand-parent", "tuteur", "aide sociale à l'enfance",
                                         "éducateur", "assistant familial", "code 70", "", ""));
}

TEST(ImportsSiecleGuardians, RespLegalOneOrTwoIsLegalZeroIsNotOtherwiseAProblem) {
  const Batch batch = parseGuardians(guardiansXml(
      {personne("1", named("A", "a"))},
      {link("1", "11", "1"), link("1", "12", "2"), link("1", "13", "0"), link("1", "14", "3")}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("responsables.xml: RESPONSABLE_ELEVE PERSONNE_ID=1 ELEVE_ID=14 (line 10) "
                          "| RESP_LEGAL '3' is not 0, 1 or 2"));
  std::vector<bool> legal;
  for (const auto& guardian : batch.guardians) legal.push_back(guardian.legal_guardian);
  EXPECT_THAT(legal, ElementsAre(true, true, false));
}

TEST(ImportsSiecleGuardians, LinkToAnUnknownPersonIsAProblem) {
  const Batch batch = parseGuardians(
      guardiansXml({personne("1", named("A", "a"))}, {link("1", "11", "1"), link("2", "11", "2")}));
  EXPECT_THAT(
      problemsOf(batch),
      ElementsAre("responsables.xml: RESPONSABLE_ELEVE PERSONNE_ID=2 ELEVE_ID=11 (line 8) "
                  "| RESPONSABLE_ELEVE refers to PERSONNE_ID 2, which is not in PERSONNES"));
}

TEST(ImportsSiecleGuardians, UnlinkedPersonsAreLeftOutWithTheirProblems) {
  const Batch batch = parseGuardians(
      guardiansXml({personne("1", named("A", "a")), personne("2", "<PRENOM>sans nom</PRENOM>"),
                    personne("3", "<NOM_DE_FAMILLE>C</NOM_DE_FAMILLE>")},
                   {link("1", "11", "1"), link("3", "11", "2")}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("responsables.xml: PERSONNE PERSONNE_ID=3 (line 7) | PERSONNE has no "
                          "PRENOM"));
  std::vector<std::string> ids;
  for (const auto& person : batch.people) ids.push_back(person.external_id);
  EXPECT_THAT(ids, ElementsAre("siecle-personne:1", "siecle-personne:3"));
}

TEST(ImportsSiecleGuardians, DuplicatePersonIdNamesBothPlaces) {
  const Batch batch = parseGuardians(guardiansXml(
      {personne("1", named("A", "a")), personne("1", named("B", "b"))}, {link("1", "11", "1")}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("responsables.xml: PERSONNE PERSONNE_ID=1 (line 6) | PERSONNE_ID 1 "
                          "appears twice; the first is at PERSONNE PERSONNE_ID=1 (line 5)"));
}

TEST(ImportsSiecleGuardians, OnlyPlausibleEmailsAreKept) {
  std::vector<std::string> persons;
  std::vector<std::string> links;
  const std::vector<std::string> mails{"a@b.fr", "néant",    "0601020304", "a@b",
                                       "@b.fr",  "a b@c.fr", "a@@b.fr",    "  x.y@z.org  "};
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const std::string id = std::to_string(i + 1);
    persons.push_back(personne(id, named("N", "p") + "<MEL>" + mails[i] + "</MEL>"));
    links.push_back(link(id, "11", "1"));
  }
  const Batch batch = parseGuardians(guardiansXml(persons, links));
  EXPECT_THAT(problemsOf(batch), IsEmpty());
  std::vector<std::string> kept;
  for (const auto& person : batch.people) kept.push_back(person.email.value_or("-"));
  EXPECT_THAT(kept, ElementsAre("a@b.fr", "-", "-", "-", "-", "-", "-", "x.y@z.org"));
}

TEST(ImportsSiecleGuardians, WrongRootIsOneProblem) {
  const Batch batch = parseSiecleGuardians(readFixture("ElevesSansAdresses.xml"), "r.xml");
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("r.xml | root element is BEE_ELEVES, expected BEE_RESPONSABLES"));
  EXPECT_THAT(batch.people, IsEmpty());
}

TEST(ImportsSiecleGuardians, EmptyListsAreProblems) {
  const Batch batch = parseGuardians(guardiansXml({}, {}));
  EXPECT_THAT(problemsOf(batch),
              ElementsAre("responsables.xml | DONNEES/PERSONNES lists no PERSONNE",
                          "responsables.xml | DONNEES/RESPONSABLES lists no RESPONSABLE_ELEVE"));
}

// --- Encodings: the same export in ISO-8859-15 ---

TEST(ImportsFiles, Latin9FixtureGivesTheSameBatchAsTheUtf8One) {
  auto utf8 = readImportFile(fixturePath("ElevesSansAdresses.xml"));
  auto latin9 = readImportFile(fixturePath("ElevesSansAdresses-latin9.xml"));
  ASSERT_TRUE(latin9.ok()) << latin9.error().message;
  ASSERT_TRUE(utf8.ok()) << utf8.error().message;
  EXPECT_EQ(latin9->substr(0, 38), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  EXPECT_THAT(*latin9, HasSubstr("<NOM_USAGE>Lœuvre</NOM_USAGE>"));
  EXPECT_THAT(*latin9, HasSubstr("<NOM_DE_FAMILLE>ŒSTERLÉ</NOM_DE_FAMILLE>"));
  const std::string name = "ElevesSansAdresses.xml";
  EXPECT_EQ(describeBatch(parseSiecleStudents(*latin9, name, kToday)),
            describeBatch(parseSiecleStudents(*utf8, name, kToday)));
}

}  // namespace
}  // namespace cartable::imports
