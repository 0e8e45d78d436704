#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/storage/migrations.h"
#include "imports/formats.h"
#include "schema/schema.h"
#include "support/temp_dir.h"
#include "tests/tools/generator/school_export.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {
namespace {

using imports::Format;

constexpr char kUai[] = "0999001K";
constexpr char kYear[] = "2026";

// 08:00 UTC on 2026-09-01, the first day of the generated school year.
Seconds firstDayOfTheYear() {
  const auto day = std::chrono::sys_days{std::chrono::year{2026} / 9 / 1};
  return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() +
         8 * 3600;
}

std::string fileId(const GeneratedPerson& person) {
  return person.external_id.substr(person.external_id.find_last_of('-') + 1);
}

std::vector<std::string> sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

std::string describe(const std::vector<imports::Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.place.toString() + ": " + p.message + "\n";
  return out;
}

std::string describe(const std::vector<imports::Change>& changes) {
  std::string out;
  for (const auto& c : changes) {
    out +=
        c.entity + " " + std::string(imports::changeKindName(c.kind)) + " " + c.description + "\n";
  }
  return out;
}

class GeneratorExport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::Database::open(directory_ + "/school.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    auto applied = storage::applyMigrations(*db_, schema::migrations(), clock_);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }

  void TearDown() override { db_.reset(); }

  static GeneratedSchool smallSchool() {
    GeneratorOptions options;
    options.students = 60;
    options.classes = 3;
    options.teachers = 15;
    options.staff = 2;
    return generateSchool(options).value();
  }

  std::string exportsDirectory() const { return directory_ + "/exports"; }

  std::string readExport(const std::string& name) const {
    std::ifstream in(exportsDirectory() + "/" + name, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  void writeExports(const GeneratedSchool& school) {
    const Status written = writeSiecleAndStsExports(school, kUai, kYear, exportsDirectory());
    ASSERT_TRUE(written.ok()) << written.error().message;
  }

  imports::ImportReport importFile(const std::string& name, Format format) {
    const auto options = imports::importOptions(kUai, clock_.now());
    const imports::Batch batch = imports::parseBatch(format, readExport(name), name, options.today);
    EXPECT_TRUE(batch.problems.empty()) << describe(batch.problems);
    auto report = imports::applyImport(*db_, batch, options, clock_.now(), std::nullopt);
    EXPECT_TRUE(report.ok()) << report.error().message;
    if (!report.ok()) return {};
    EXPECT_TRUE(report->problems.empty()) << describe(report->problems);
    EXPECT_TRUE(report->applied) << name;
    return std::move(report).value();
  }

  // The three files, in the order an admin imports them.
  std::vector<imports::ImportReport> importExports() {
    const ExportFileNames names = exportFileNames(kUai, kYear);
    return {importFile(names.students, Format::siecle_students),
            importFile(names.guardians, Format::siecle_guardians),
            importFile(names.sts, Format::sts_web)};
  }

  // The first column of every row, sorted.
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> values;
    const Status status = db_->read([&](storage::Connection& c) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto rows, c.query(sql));
      for (;;) {
        CARTABLE_ASSIGN_OR_RETURN(const bool has_row, rows.step());
        if (!has_row) break;
        values.push_back(rows.text(0));
      }
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return sorted(std::move(values));
  }

  ManualClock clock_{firstDayOfTheYear()};
  cartable::testing::TempDir temp_;
  std::string directory_ = temp_.path().string();
  std::unique_ptr<storage::Database> db_;
};

std::vector<std::string> expectedPeople(const std::vector<GeneratedPerson>& people,
                                        const std::string& prefix) {
  std::vector<std::string> rows;
  for (const auto& p : people) {
    rows.push_back(prefix + fileId(p) + " " + p.given_name + " " + p.family_name);
  }
  return sorted(rows);
}

std::string peopleWithRole(const std::string& role) {
  return "SELECT u.external_id || ' ' || u.given_name || ' ' || u.family_name FROM users u "
         "JOIN user_roles r ON r.user_id = u.id WHERE r.role = '" +
         role + "'";
}

TEST_F(GeneratorExport, ImportedExportsHoldEveryPersonOfTheModel) {
  const GeneratedSchool school = smallSchool();
  writeExports(school);
  importExports();

  EXPECT_EQ(column(peopleWithRole("student")), expectedPeople(school.students, "siecle-eleve:"));
  EXPECT_EQ(column(peopleWithRole("parent")), expectedPeople(school.parents, "siecle-personne:"));
  EXPECT_EQ(column(peopleWithRole("teacher")), expectedPeople(school.teachers, "sts:"));
  EXPECT_EQ(column(peopleWithRole("staff")), expectedPeople(school.staff, "sts:"));
  EXPECT_EQ(column("SELECT count(*) FROM users"),
            std::vector<std::string>{std::to_string(school.userCount())});

  std::vector<std::string> students;
  for (const auto& s : school.students) {
    students.push_back("siecle-eleve:" + fileId(s) + " " + *s.ine + " " + *s.birth_date);
  }
  EXPECT_EQ(column("SELECT external_id || ' ' || ine || ' ' || birth_date FROM users "
                   "WHERE ine IS NOT NULL"),
            sorted(students));
  std::vector<std::string> emails;
  for (const auto& p : school.parents) emails.push_back(*p.email);
  EXPECT_EQ(column("SELECT email FROM users WHERE external_id LIKE 'siecle-personne:%'"),
            sorted(emails));
}

TEST_F(GeneratorExport, ImportedExportsHoldTheStructureOfTheModel) {
  const GeneratedSchool school = smallSchool();
  writeExports(school);
  importExports();

  std::vector<std::string> classes, groups, subjects;
  for (const auto& c : school.classes) {
    classes.push_back(c.code + " " + c.label + " " + c.level + " 2026-2027");
  }
  for (const auto& g : school.groups) groups.push_back(g.code);
  for (const auto& s : school.subjects) subjects.push_back(s.code + " " + s.label);
  EXPECT_EQ(
      column("SELECT code || ' ' || label || ' ' || level || ' ' || school_year FROM classes"),
      sorted(classes));
  EXPECT_EQ(column("SELECT code FROM groups"), sorted(groups));
  EXPECT_EQ(column("SELECT code || ' ' || label FROM subjects"), sorted(subjects));
}

TEST_F(GeneratorExport, LyceeClassesGetTheLevelOfTheirMef) {
  GeneratorOptions options;
  options.kind = GeneratorOptions::Kind::lycee;
  options.students = 60;
  options.classes = 3;
  options.teachers = 15;
  options.staff = 2;
  writeExports(generateSchool(options).value());
  importExports();

  EXPECT_EQ(column("SELECT code || ' ' || level FROM classes"),
            (std::vector<std::string>{"1A 1re", "2A 2nde", "TA Tle"}));
}

TEST_F(GeneratorExport, ImportedExportsHoldEveryLinkOfTheModel) {
  const GeneratedSchool school = smallSchool();
  writeExports(school);
  importExports();

  std::vector<std::string> enrollments, members, guardianships, assignments;
  for (const auto& e : school.enrollments) {
    enrollments.push_back("siecle-eleve:" + fileId(school.students[e.student]) + " " +
                          school.classes[e.school_class].code);
  }
  for (const auto& m : school.group_members) {
    members.push_back("siecle-eleve:" + fileId(school.students[m.student]) + " " +
                      school.groups[m.group].code);
  }
  for (const auto& g : school.guardianships) {
    guardianships.push_back("siecle-personne:" + fileId(school.parents[g.parent]) + " " +
                            "siecle-eleve:" + fileId(school.students[g.student]) + " legal " +
                            (g.legal_guardian ? "1" : "0"));
  }
  for (const auto& a : school.assignments) {
    assignments.push_back(
        "sts:" + fileId(school.teachers[a.teacher]) + " " + school.subjects[a.subject].code + " " +
        (a.school_class ? school.classes[*a.school_class].code : "") + "/" +
        (a.group ? school.groups[*a.group].code : "") + " main " + (a.main_teacher ? "1" : "0"));
  }
  EXPECT_EQ(column("SELECT u.external_id || ' ' || c.code FROM enrollments e "
                   "JOIN users u ON u.id = e.student_id JOIN classes c ON c.id = e.class_id "
                   "WHERE e.until IS NULL"),
            sorted(enrollments));
  EXPECT_EQ(column("SELECT u.external_id || ' ' || g.code FROM group_members m "
                   "JOIN users u ON u.id = m.student_id JOIN groups g ON g.id = m.group_id"),
            sorted(members));
  EXPECT_EQ(column("SELECT p.external_id || ' ' || s.external_id || ' legal ' || g.legal_guardian "
                   "FROM guardianships g JOIN users p ON p.id = g.parent_id "
                   "JOIN users s ON s.id = g.student_id"),
            sorted(guardianships));
  EXPECT_EQ(column("SELECT t.external_id || ' ' || s.code || ' ' || ifnull(c.code, '') || '/' || "
                   "ifnull(g.code, '') || ' main ' || a.main_teacher FROM teaching_assignments a "
                   "JOIN users t ON t.id = a.teacher_id JOIN subjects s ON s.id = a.subject_id "
                   "LEFT JOIN classes c ON c.id = a.class_id "
                   "LEFT JOIN groups g ON g.id = a.group_id"),
            sorted(assignments));
  EXPECT_EQ(column("SELECT count(*) FROM teaching_assignments WHERE main_teacher = 1"),
            std::vector<std::string>{std::to_string(school.classes.size())});
}

TEST_F(GeneratorExport, MothersAndFathersKeepTheirRelationship) {
  const GeneratedSchool school = smallSchool();
  writeExports(school);
  importExports();

  std::vector<std::string> parents;
  for (const auto& g : school.guardianships) {
    if (g.relationship != "mère" && g.relationship != "père") continue;
    parents.push_back("siecle-personne:" + fileId(school.parents[g.parent]) + " " +
                      "siecle-eleve:" + fileId(school.students[g.student]) + " " + g.relationship);
  }
  ASSERT_FALSE(parents.empty());
  EXPECT_EQ(column("SELECT p.external_id || ' ' || s.external_id || ' ' || g.relationship "
                   "FROM guardianships g JOIN users p ON p.id = g.parent_id "
                   "JOIN users s ON s.id = g.student_id "
                   "WHERE g.relationship IN ('mère', 'père')"),
            sorted(parents));
}

TEST_F(GeneratorExport, SecondImportOfTheSameFilesChangesNothing) {
  writeExports(smallSchool());
  for (const auto& report : importExports()) EXPECT_FALSE(report.changes.empty());

  for (const auto& report : importExports()) {
    EXPECT_TRUE(report.changes.empty()) << describe(report.changes);
  }
}

TEST_F(GeneratorExport, SiecleFilesAreIso885915) {
  GeneratedSchool school = smallSchool();
  school.students[0].family_name = "Lœuillet";
  school.parents[0].given_name = "Zoé";
  writeExports(school);

  const std::string students = readExport("ElevesSansAdresses.xml");
  EXPECT_TRUE(students.starts_with("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n"));
  EXPECT_NE(students.find("<NOM_DE_FAMILLE>L\xBDuillet</NOM_DE_FAMILLE>"), std::string::npos);
  const std::string guardians = readExport("ResponsablesAvecAdresses.xml");
  EXPECT_NE(guardians.find("<PRENOM>Zo\xE9</PRENOM>"), std::string::npos);
  const std::string sts = readExport("sts_emp_0999001K_2026.xml");
  EXPECT_TRUE(sts.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));

  importExports();
  EXPECT_EQ(column("SELECT family_name FROM users WHERE external_id = 'siecle-eleve:100001'"),
            std::vector<std::string>{"Lœuillet"});
}

TEST_F(GeneratorExport, MarkupCharactersInNamesComeBackUnchanged) {
  GeneratedSchool school = smallSchool();
  school.parents[0].family_name = "Dupont & <Fils>";
  school.teachers[0].family_name = "L'Hôte \"dit\" Martin";
  writeExports(school);
  importExports();

  EXPECT_EQ(column("SELECT family_name FROM users WHERE external_id = 'siecle-personne:" +
                   fileId(school.parents[0]) + "'"),
            std::vector<std::string>{"Dupont & <Fils>"});
  EXPECT_EQ(column("SELECT family_name FROM users WHERE external_id = 'sts:" +
                   fileId(school.teachers[0]) + "'"),
            std::vector<std::string>{"L'Hôte \"dit\" Martin"});
}

TEST_F(GeneratorExport, CharacterOutsideLatin9IsRefusedWithItsPlace) {
  GeneratedSchool school = smallSchool();
  school.students[0].given_name = "Zhōu";

  const Status written = writeSiecleAndStsExports(school, kUai, kYear, exportsDirectory());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, Errc::invalid_argument);
  EXPECT_EQ(written.error().field, "PRENOM");
  EXPECT_EQ(written.error().message,
            "ElevesSansAdresses.xml line 15 (PRENOM): U+014D \"ō\" has no ISO-8859-15 encoding");
  EXPECT_FALSE(std::filesystem::exists(exportsDirectory() + "/ElevesSansAdresses.xml"));
}

TEST_F(GeneratorExport, ControlCharacterIsRefusedEvenInUtf8) {
  GeneratedSchool school = smallSchool();
  school.teachers[0].given_name = "Anne\x01";

  const Status written = writeSiecleAndStsExports(school, kUai, kYear, exportsDirectory());
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().field, "PRENOM");
  EXPECT_TRUE(written.error().message.starts_with("sts_emp_0999001K_2026.xml line "))
      << written.error().message;
  EXPECT_TRUE(
      written.error().message.ends_with("(PRENOM): control character U+0001 cannot be "
                                        "written"))
      << written.error().message;
}

TEST_F(GeneratorExport, MalformedArgumentsAreRefusedByName) {
  const GeneratedSchool school = smallSchool();
  const Status bad_uai = writeSiecleAndStsExports(school, "099901K", kYear, exportsDirectory());
  ASSERT_FALSE(bad_uai.ok());
  EXPECT_EQ(bad_uai.error().field, "uai");
  EXPECT_EQ(bad_uai.error().message,
            "uai \"099901K\" is not a UAI (7 digits and a capital letter)");

  const Status bad_year = writeSiecleAndStsExports(school, kUai, "26", exportsDirectory());
  ASSERT_FALSE(bad_year.ok());
  EXPECT_EQ(bad_year.error().field, "school_year_start");

  GeneratedSchool unnumbered = school;
  unnumbered.parents[0].external_id = "siecle-resp-x";
  const Status bad_id = writeSiecleAndStsExports(unnumbered, kUai, kYear, exportsDirectory());
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().field, "external_id");
  EXPECT_EQ(bad_id.error().message,
            "external_id \"siecle-resp-x\" does not end with digits, which the export uses as id");
}

}  // namespace
}  // namespace cartable::generator
