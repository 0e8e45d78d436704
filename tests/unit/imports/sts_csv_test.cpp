#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "imports/parsers.h"

namespace cartable::imports {
namespace {

using directory::Role;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string fixturePath(const std::string& name) {
  const char* source = std::getenv("CARTABLE_SOURCE_DIR");
  return std::string(source != nullptr ? source : ".") + "/tests/unit/imports/fixtures/" + name;
}

std::string readFixture(const std::string& name) {
  std::ifstream in(fixturePath(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open fixture " << fixturePath(name);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Each record as one line, so that a test states the whole expected batch.
std::string describe(const Problem& problem) {
  return problem.place.toString() + ": " + problem.message;
}

std::string describe(const PersonRecord& person) {
  std::string text = person.external_id + " " + std::string(directory::roleName(person.role)) +
                     " " + person.given_name + " / " + person.family_name;
  if (person.email) text += " email=" + *person.email;
  if (person.ine) text += " ine=" + *person.ine;
  if (person.birth_date) text += " born=" + *person.birth_date;
  if (person.left_on) text += " left=" + *person.left_on;
  return text + " @" + person.place.where;
}

std::string describe(const ClassRecord& record) {
  return record.code + " \"" + record.label + "\" " + record.level + " @" + record.place.where;
}

std::string describe(const GroupRecord& record) {
  return record.code + " \"" + record.label + "\" @" + record.place.where;
}

std::string describe(const SubjectRecord& record) {
  return record.code + " \"" + record.label + "\" @" + record.place.where;
}

std::string describe(const EnrollmentRecord& record) {
  return record.student_id + " -> " + record.class_code + " @" + record.place.where;
}

std::string describe(const MembershipRecord& record) {
  return record.student_id + " -> " + record.group_code + " @" + record.place.where;
}

std::string describe(const GuardianRecord& record) {
  return record.parent_id + " -> " + record.student_id + " " +
         (record.legal_guardian ? "legal" : "other") + " \"" + record.relationship + "\" @" +
         record.place.where;
}

std::string describe(const AssignmentRecord& record) {
  std::string text = record.teacher_id + " " + record.subject_code + " ";
  text += record.class_code.empty() ? "group " + record.group_code : "class " + record.class_code;
  if (record.main_teacher) text += " main";
  return text + " @" + record.place.where;
}

template <class Record>
std::vector<std::string> describeAll(const std::vector<Record>& records) {
  std::vector<std::string> lines;
  for (const auto& record : records) lines.push_back(describe(record));
  return lines;
}

Batch csvFixture(CsvKind kind, const std::string& name) {
  return parseCsv(kind, readFixture(name), name);
}

TEST(ImportsCsvStudents, ReadsEveryColumnOfACommaSeparatedFile) {
  const Batch batch = csvFixture(CsvKind::students, "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E001 student Zoé / Lefèvre ine=123456789AB born=2014-03-14 "
                          "@line 2",
                          "csv-eleve:E002 student Malo / Nguyen born=2014-07-02 @line 3",
                          "csv-eleve:E003 student Inès / Bérard born=2013-11-02 @line 4",
                          "csv-eleve:E004 student Timéo / Kowalczyk left=2026-06-30 @line 5"));
  EXPECT_EQ(batch.people[0].place.file, "eleves.csv");
}

TEST(ImportsCsvStudents, IsCompleteForStudentsWithItsOwnPrefixAndNoSchool) {
  const Batch batch = csvFixture(CsvKind::students, "eleves.csv");

  EXPECT_EQ(batch.complete_roles, std::set<Role>{Role::student});
  EXPECT_EQ(batch.id_prefix, "csv-eleve:");
  EXPECT_EQ(batch.uai, "");
  EXPECT_EQ(batch.school_year, "");
}

TEST(ImportsCsvStudents, ListsEachClassOnceAndEnrollsEveryStudent) {
  const Batch batch = csvFixture(CsvKind::students, "eleves.csv");

  EXPECT_THAT(describeAll(batch.classes),
              ElementsAre("6A \"6A\" 6e @line 2", "6B \"6B\" 6e @line 4"));
  EXPECT_THAT(describeAll(batch.enrollments),
              ElementsAre("csv-eleve:E001 -> 6A @line 2", "csv-eleve:E002 -> 6A @line 3",
                          "csv-eleve:E003 -> 6B @line 4", "csv-eleve:E004 -> 6B @line 5"));
}

TEST(ImportsCsvStudents, SplitsGroupsOnPipesAndListsEachGroupOnce) {
  const Batch batch = csvFixture(CsvKind::students, "eleves.csv");

  EXPECT_THAT(describeAll(batch.groups),
              ElementsAre("6A-ANG1 \"6A-ANG1\" @line 2", "LATIN \"LATIN\" @line 2"));
  EXPECT_THAT(describeAll(batch.memberships),
              ElementsAre("csv-eleve:E001 -> 6A-ANG1 @line 2", "csv-eleve:E001 -> LATIN @line 2",
                          "csv-eleve:E002 -> 6A-ANG1 @line 3", "csv-eleve:E004 -> LATIN @line 5"));
}

TEST(ImportsCsvStudents, ReadsSemicolonsQuotesCrlfBlankLinesAndAnyColumnOrder) {
  const Batch batch = csvFixture(CsvKind::students, "eleves-semicolon-quoted.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  // The quoted name spans lines 4 and 5; the next row is on line 6.
  EXPECT_THAT(
      describeAll(batch.people),
      ElementsAre("csv-eleve:E101 student Léa / Dupont; dit \"Dudu\" born=2014-09-01 @line 2",
                  "csv-eleve:E102 student Jean-Baptiste / Martin\r\nDurand @line 4",
                  "csv-eleve:E103 student Noé / Petit @line 6"));
  EXPECT_THAT(describeAll(batch.classes),
              ElementsAre("6A \"6A\" 6e @line 2", "6B \"6B\" 6e @line 4"));
  EXPECT_THAT(describeAll(batch.memberships),
              ElementsAre("csv-eleve:E102 -> ANG1 @line 4", "csv-eleve:E102 -> ESP1 @line 4",
                          "csv-eleve:E103 -> ESP1 @line 6"));
}

TEST(ImportsCsvStudents, ColumnNamesIgnoreCaseAccentsSpacesAndHyphens) {
  const Batch batch = parseCsv(CsvKind::students,
                               "IDENTIFIANT;Nom;PRÉNOM;Classe;Date-Naissance;Date sortie\n"
                               "E1;Roux;Léon;6A;01/02/2014;\n",
                               "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E1 student Léon / Roux born=2014-02-01 @line 2"));
}

TEST(ImportsCsvStudents, TakesTheSeparatorThatSplitsTheHeaderIntoColumns) {
  const Batch batch = parseCsv(CsvKind::students,
                               "identifiant,nom,prenom,classe\n"
                               "E1,Roux;Martin,Léon,6A\n",
                               "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E1 student Léon / Roux;Martin @line 2"));
}

TEST(ImportsCsvStudents, IgnoresAUtf8ByteOrderMark) {
  const Batch batch =
      parseCsv(CsvKind::students,
               "\xEF\xBB\xBFidentifiant;nom;prenom;classe\r\nE1;Roux;Léon;6A\r\n", "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people), ElementsAre("csv-eleve:E1 student Léon / Roux @line 2"));
}

TEST(ImportsCsvStudents, TellsTheLevelFromTheFirstCharacterOfTheClassCode) {
  const Batch batch = parseCsv(CsvKind::students,
                               "identifiant;nom;prenom;classe\n"
                               "E1;A;A;5B\nE2;B;B;4C\nE3;C;C;3D\n"
                               "E4;D;D;2NDE1\nE5;E;E;1G2\nE6;F;F;TSTMG\n",
                               "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.classes),
              ElementsAre("5B \"5B\" 5e @line 2", "4C \"4C\" 4e @line 3", "3D \"3D\" 3e @line 4",
                          "2NDE1 \"2NDE1\" 2nde @line 5", "1G2 \"1G2\" 1re @line 6",
                          "TSTMG \"TSTMG\" Tle @line 7"));
}

TEST(ImportsCsvStudents, NiveauColumnAcceptsTheUsualSpellings) {
  const Batch batch = parseCsv(CsvKind::students,
                               "identifiant;nom;prenom;classe;niveau\n"
                               "E1;A;A;ULIS;6ème\nE2;B;B;S1;Seconde\nE3;C;C;P1;1ère\n"
                               "E4;D;D;X1;terminale\n",
                               "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.classes),
              ElementsAre("ULIS \"ULIS\" 6e @line 2", "S1 \"S1\" 2nde @line 3",
                          "P1 \"P1\" 1re @line 4", "X1 \"X1\" Tle @line 5"));
}

TEST(ImportsCsvStudents, WritesTheIneInCapitals) {
  const Batch batch =
      parseCsv(CsvKind::students,
               "identifiant;nom;prenom;classe;ine\nE1;Roux;Léon;6A;123456789ab\n", "eleves.csv");

  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E1 student Léon / Roux ine=123456789AB @line 2"));
}

TEST(ImportsCsvStudents, MissingRequiredColumnIsOneProblemAndNoRowIsRead) {
  const Batch batch = csvFixture(CsvKind::students, "csv-bad-missing-column.csv");

  EXPECT_THAT(
      describeAll(batch.problems),
      ElementsAre("csv-bad-missing-column.csv: line 1: missing required column \"classe\""));
  EXPECT_THAT(batch.people, IsEmpty());
}

TEST(ImportsCsvStudents, UnknownColumnIsNamedAsWrittenAndTheRowsAreStillRead) {
  const Batch batch = csvFixture(CsvKind::students, "csv-bad-unknown-column.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("csv-bad-unknown-column.csv: line 1: unknown column \"téléphone\" "
                          "(expected: identifiant, nom, prenom, date_naissance, ine, classe, "
                          "niveau, groupes, date_sortie)"));
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E001 student Zoé / Lefèvre @line 2"));
}

TEST(ImportsCsvStudents, EachBadRowIsReportedAtItsLineNamingTheColumn) {
  const Batch batch = csvFixture(CsvKind::students, "csv-bad-rows.csv");

  const std::string at = "csv-bad-rows.csv: line ";
  EXPECT_THAT(
      describeAll(batch.problems),
      ElementsAre(
          at + "3: the row has 6 fields but the header has 7",
          at + "4: column \"identifiant\": \"E001\" already appears on line 2",
          at + "5: column \"prenom\" is empty",
          at + "5: column \"date_naissance\": \"31/02/2014\" is not a date written dd/mm/yyyy or "
               "yyyy-mm-dd",
          at + "5: column \"ine\": \"12345\" is not an INE (11 digits and capital letters)",
          at + "6: column \"niveau\": \"7e\" is not a level (6e, 5e, 4e, 3e, 2nde, 1re, Tle)",
          at + "7: column \"classe\": the level of class \"ULIS\" cannot be told from its first "
               "character; fill in the \"niveau\" column",
          at + "8: column \"niveau\": class \"6A\" is \"5e\" here but \"6e\" on line 2"));
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E001 student Zoé / Lefèvre ine=123456789AB born=2014-03-14 "
                          "@line 2"));
}

TEST(ImportsCsvStudents, QuotingMistakesAreReportedAndTheOtherRowsRead) {
  const Batch batch = csvFixture(CsvKind::students, "csv-bad-quote.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("csv-bad-quote.csv: line 2: text after the closing quote of a field; a "
                          "quote inside a quoted field is written twice (\"\")",
                          "csv-bad-quote.csv: line 4: a quoted field is never closed"));
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-eleve:E002 student Malo / Nguyen @line 3"));
}

TEST(ImportsCsvStudents, EmptyFileAsksForAHeader) {
  const Batch batch = parseCsv(CsvKind::students, "\n\n", "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("eleves.csv: line 1: the file is empty; a header row naming the columns "
                          "is expected"));
}

TEST(ImportsCsvStudents, HeaderWithoutAnyExpectedColumnIsOneProblem) {
  const Batch batch = parseCsv(
      CsvKind::students, "\nidentifiant\tnom\tprenom\tclasse\nE1\tRoux\tLéon\t6A\n", "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("eleves.csv: line 2: the header names none of the expected columns "
                          "(identifiant, nom, prenom, date_naissance, ine, classe, niveau, "
                          "groupes, date_sortie), separated by ';' or ','"));
  EXPECT_THAT(batch.people, IsEmpty());
}

TEST(ImportsCsvStudents, ColumnGivenTwiceIsReported) {
  const Batch batch = parseCsv(
      CsvKind::students, "identifiant;nom;prenom;classe;Nom\nE1;Roux;Léon;6A;Roux\n", "eleves.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("eleves.csv: line 1: column \"nom\" appears twice"));
}

TEST(ImportsCsvParents, ListsEachParentOnceAndOneLinkPerRow) {
  const Batch batch = csvFixture(CsvKind::parents, "responsables.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-responsable:R01 parent Sophie / Lefèvre "
                          "email=sophie.lefevre@example.org @line 2",
                          "csv-responsable:R02 parent Thanh / Nguyen @line 4",
                          "csv-responsable:R03 parent Paul / Bérard email=paul.berard@example.net "
                          "@line 5"));
  EXPECT_THAT(describeAll(batch.guardians),
              ElementsAre("csv-responsable:R01 -> csv-eleve:E001 legal \"mère\" @line 2",
                          "csv-responsable:R01 -> csv-eleve:E004 legal \"mère\" @line 3",
                          "csv-responsable:R02 -> csv-eleve:E002 legal \"père\" @line 4",
                          "csv-responsable:R03 -> siecle-eleve:4120 other \"tuteur\" @line 5"));
  EXPECT_EQ(batch.complete_roles, std::set<Role>{Role::parent});
  EXPECT_EQ(batch.id_prefix, "csv-responsable:");
}

TEST(ImportsCsvParents, RowsOfOneParentMustAgreeAndEachLinkAppearsOnce) {
  const Batch batch = csvFixture(CsvKind::parents, "csv-bad-parents.csv");

  const std::string at = "csv-bad-parents.csv: line ";
  EXPECT_THAT(
      describeAll(batch.problems),
      ElementsAre(
          at + "3: column \"nom\": responsable \"R01\" is \"Lefebvre\" here but \"Lefèvre\" on "
               "line 2",
          at + "3: column \"email\": responsable \"R01\" is \"s.lefevre@example.org\" here but "
               "\"sophie.lefevre@example.org\" on line 2",
          at + "4: column \"identifiant_eleve\": responsable \"R01\" is already linked to "
               "\"E001\" on line 2",
          at + "5: column \"email\": \"thanh.nguyen\" is not an email address",
          at + "5: column \"responsable_legal\": \"peut-être\" must be 1, 0, oui or non"));
  EXPECT_THAT(describeAll(batch.guardians),
              ElementsAre("csv-responsable:R01 -> csv-eleve:E001 legal \"mère\" @line 2"));
}

TEST(ImportsCsvStaff, MapsFrenchAndEnglishRoleNames) {
  const Batch batch = csvFixture(CsvKind::staff, "personnels.csv");

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-personnel:P01 teacher Claire / Marchal "
                          "email=claire.marchal@example.org @line 2",
                          "csv-personnel:P02 staff Karim / Haddad @line 3",
                          "csv-personnel:P03 admin Anne / Rousseau email=anne.rousseau@example.org "
                          "@line 4",
                          "csv-personnel:P04 teacher Lucas / Schmitt "
                          "email=lucas.schmitt@example.org @line 5"));
  EXPECT_EQ(batch.id_prefix, "csv-personnel:");
}

TEST(ImportsCsvStaff, AnAdminMissingFromTheFileIsNotTreatedAsGone) {
  const Batch batch = csvFixture(CsvKind::staff, "personnels.csv");

  EXPECT_EQ(batch.complete_roles, (std::set<Role>{Role::teacher, Role::staff}));
}

TEST(ImportsCsvStaff, SubjectsAreRefusedAndUnknownRolesReported) {
  const Batch batch = csvFixture(CsvKind::staff, "csv-bad-staff.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("csv-bad-staff.csv: line 1: column \"matieres\" is not read: teaching "
                          "assignments come from STS-Web or the API",
                          "csv-bad-staff.csv: line 2: column \"role\": \"professeur\" is not a "
                          "role (enseignant, vie_scolaire, direction)"));
  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("csv-personnel:P02 staff Karim / Haddad @line 3"));
}

TEST(ImportsCsvStaff, DuplicateIdentifiantNamesBothLines) {
  const Batch batch = parseCsv(CsvKind::staff,
                               "identifiant,nom,prenom,role\n"
                               "P1,Marchal,Claire,enseignant\n"
                               "P2,Haddad,Karim,vie_scolaire\n"
                               "P1,Martin,Claire,direction\n",
                               "personnels.csv");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("personnels.csv: line 4: column \"identifiant\": \"P1\" already appears "
                          "on line 2"));
}

const char kStsFile[] = "sts_emp_0541234Y_2026.xml";

Batch stsFixture(const std::string& name) {
  return parseStsWeb(readFixture(name), name);
}

TEST(ImportsStsWeb, ReadsTheSchoolAndTheSchoolYear) {
  const Batch batch = stsFixture(kStsFile);

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_EQ(batch.uai, "0541234Y");
  EXPECT_EQ(batch.school_year, "2026-2027");
  EXPECT_EQ(batch.id_prefix, "sts:");
}

TEST(ImportsStsWeb, ListsTeachersAndStaffInFullButNotTheDirection) {
  const Batch batch = stsFixture(kStsFile);

  EXPECT_EQ(batch.complete_roles, (std::set<Role>{Role::teacher, Role::staff}));
}

TEST(ImportsStsWeb, ReadsSubjectsByCodeGestionWithTheLongOrShortLabel) {
  const Batch batch = stsFixture(kStsFile);

  EXPECT_THAT(describeAll(batch.subjects),
              ElementsAre("MATHS \"MATHÉMATIQUES\" @MATIERE CODE=061300",
                          "FRANCAIS \"FRANÇAIS\" @MATIERE CODE=020100",
                          "ANGLAIS \"ANGLAIS LV1\" @MATIERE CODE=030201"));
}

TEST(ImportsStsWeb, ReadsPeopleWithTheRoleOfTheirFonction) {
  const Batch batch = stsFixture(kStsFile);

  EXPECT_THAT(describeAll(batch.people),
              ElementsAre("sts:1501 teacher Claire / MARCHAL born=1981-04-17 @INDIVIDU ID=1501",
                          "sts:1502 teacher Étienne / Cœurdevey born=1976-11-30 @INDIVIDU ID=1502",
                          "sts:1503 teacher Thi Lan / NGUYEN born=1988-02-05 @INDIVIDU ID=1503",
                          "sts:1504 teacher Sarah / BENALI @INDIVIDU ID=1504",
                          "sts:1505 teacher Hugo / LAMBERT born=1995-06-21 @INDIVIDU ID=1505",
                          "sts:1601 staff Élodie / ROUSSEL @INDIVIDU ID=1601",
                          "sts:1602 staff Bernard / PETIT @INDIVIDU ID=1602",
                          "sts:1701 admin Philippe / GARNIER born=1970-01-09 @INDIVIDU ID=1701"));
}

TEST(ImportsStsWeb, ReadsDivisionsAsClassesAndGroups) {
  const Batch batch = stsFixture(kStsFile);

  EXPECT_THAT(describeAll(batch.classes),
              ElementsAre("6A \"6EME A\" 6e @DIVISION CODE=6A", "6B \"6B\" 6e @DIVISION CODE=6B"));
  EXPECT_THAT(describeAll(batch.groups),
              ElementsAre("6ANG1 \"6EME ANGLAIS GROUPE 1\" @GROUPE CODE=6ANG1",
                          "6ANG2 \"6EME ANGLAIS GROUPE 2\" @GROUPE CODE=6ANG2"));
}

TEST(ImportsStsWeb, ServicesBecomeOneAssignmentPerTeacherSubjectAndClassOrGroup) {
  const Batch batch = stsFixture(kStsFile);

  // 6A's MATHS is given twice (CG and AP) and listed once; PROF_PRINC marks
  // the main teacher's services in that division.
  const std::string a = "@DIVISION CODE=6A / SERVICE CODE_MATIERE=";
  const std::string b = "@DIVISION CODE=6B / SERVICE CODE_MATIERE=";
  EXPECT_THAT(describeAll(batch.assignments),
              ElementsAre("sts:1501 MATHS class 6A main " + a + "061300",
                          "sts:1502 FRANCAIS class 6A " + a + "020100",
                          "sts:1501 MATHS class 6B " + b + "061300",
                          "sts:1502 FRANCAIS class 6B main " + b + "020100",
                          "sts:1505 FRANCAIS class 6B " + b + "020100",
                          "sts:1503 ANGLAIS group 6ANG1 @GROUPE CODE=6ANG1 / SERVICE "
                          "CODE_MATIERE=030201",
                          "sts:1504 ANGLAIS group 6ANG2 @GROUPE CODE=6ANG2 / SERVICE "
                          "CODE_MATIERE=030201"));
}

TEST(ImportsStsWeb, Latin9FileConvertedToUtf8ReadsTheSameAsTheUtf8File) {
  const std::string name = "sts_emp_0541234Y_2026-latin9.xml";
  const std::string bytes = readFixture(name);
  ASSERT_NE(bytes.find("C\xBDurdevey"), std::string::npos) << "the fixture is not ISO-8859-15";

  const Batch batch = parseStsWeb(latin9ToUtf8(bytes), name);

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_EQ(describeAll(batch.people), describeAll(stsFixture(kStsFile).people));
  EXPECT_EQ(batch.people[1].family_name, "Cœurdevey");
}

TEST(ImportsStsWeb, Latin9FileReadThroughReadImportFile) {
  const std::string name = "sts_emp_0541234Y_2026-latin9.xml";
  const auto text = readImportFile(fixturePath(name));
  ASSERT_TRUE(text.ok()) << text.error().message;

  const Batch batch = parseStsWeb(*text, name);

  EXPECT_THAT(describeAll(batch.problems), IsEmpty());
  EXPECT_EQ(batch.people[1].family_name, "Cœurdevey");
}

TEST(ImportsStsWeb, AnotherExportIsRefusedByItsRootElement) {
  const Batch batch = stsFixture("sts-bad-root.xml");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("sts-bad-root.xml: root element is BEE_ELEVES, expected STS_EDT"));
  EXPECT_EQ(batch.uai, "");
}

TEST(ImportsStsWeb, MalformedXmlIsOneProblemWithItsPosition) {
  const Batch batch = stsFixture("sts-bad-syntax.xml");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("sts-bad-syntax.xml: XML syntax error at line 4, column 20: Tag "
                          "mismatch"));
}

TEST(ImportsStsWeb, MissingUajAndBadYearAreReported) {
  const Batch batch = stsFixture("sts-bad-parametres.xml");

  EXPECT_THAT(describeAll(batch.problems),
              ElementsAre("sts-bad-parametres.xml: PARAMETRES: UAJ is missing",
                          "sts-bad-parametres.xml: PARAMETRES: ANNEE_SCOLAIRE \"2026/27\" is not a "
                          "year such as 2026",
                          "sts-bad-parametres.xml: STS_EDT: DONNEES is missing"));
}

TEST(ImportsStsWeb, EveryBadReferenceIsReportedWithItsPlace) {
  const Batch batch = stsFixture("sts-bad-references.xml");

  const std::string at = "sts-bad-references.xml: ";
  EXPECT_THAT(
      describeAll(batch.problems),
      ElementsAre(
          at + "MATIERE CODE=099999: CODE_GESTION is missing",
          at + "INDIVIDU ID=1502: FONCTION \"XYZ\" is not known (ENS teacher, DIR direction, or a "
               "staff function: EDU, DOC, SUR, AED, ASE, ADF, ORI, MDS, LAB, OUV)",
          at + "INDIVIDU ID=1503: NOM_USAGE and NOM_PATRONYMIQUE are both missing",
          at + "INDIVIDU ID=1503: PRENOM is missing",
          at + "INDIVIDU ID=1503: DATE_NAISSANCE \"1980-13-01\" is not a date",
          at + "DIVISION CODE=6A / SERVICE CODE_MATIERE=030201: matière 030201 is not in "
               "NOMENCLATURES/MATIERES",
          at + "DIVISION CODE=6A / SERVICE CODE_MATIERE=061300: ENSEIGNANT ID=9999 is not in "
               "INDIVIDUS",
          at + "DIVISION CODE=ULIS: the level of division \"ULIS\" cannot be told from its first "
               "character (6, 5, 4, 3, 2, 1 or T)",
          at + "GROUPE CODE=6GRP: DIVISION_APPARTENANCE 6C is not in DIVISIONS",
          at + "INDIVIDU ID=1501 / PROF_PRINC CODE_STRUCTURE=6B: the main teacher (PROF_PRINC) "
               "has no service in division 6B",
          at + "INDIVIDU ID=1501 / PROF_PRINC CODE_STRUCTURE=6C: division 6C is not in "
               "DIVISIONS"));
  EXPECT_THAT(describeAll(batch.assignments),
              ElementsAre("sts:1501 MATHS class 6A @DIVISION CODE=6A / SERVICE "
                          "CODE_MATIERE=061300"));
}

}  // namespace
}  // namespace cartable::imports
