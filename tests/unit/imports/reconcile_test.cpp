// Importing exports into a real database: first import, re-import, a later
// export, the yearly rollover, people leaving, every encoding and packaging,
// refusals that apply nothing, login sheets and the retention purge.
#include <gtest/gtest.h>

#include "accounts/accounts.h"
#include "core/auth/password.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "imports/formats.h"
#include "imports/login_sheets.h"
#include "imports/reconcile.h"
#include "imports/retention.h"
#include "import_fixtures.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::imports {
namespace {

constexpr const char* kUai = "0541234Y";
constexpr Seconds kFeb2027 = 1801900800;  // 2027-02-06, school year 2026-2027

class ImportsReconcile : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
  }
  void TearDown() override { db_.reset(); }

  Batch batchOf(Format format, const std::string& fixture) {
    return parseBatch(format, readFixture(fixture), fixture, isoDate(clock_.now()));
  }

  ImportReport run(Format format, const std::string& fixture, bool apply = true,
                   const std::string& uai = kUai) {
    const Batch batch = batchOf(format, fixture);
    const ImportOptions options{uai, isoDate(clock_.now()), schoolYearOf(isoDate(clock_.now()))};
    auto report = apply ? applyImport(*db_, batch, options, clock_.now(), std::nullopt)
                        : previewImport(*db_, batch, options, clock_.now());
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : ImportReport{};
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(auto v, c.scalarInt64(sql));
                    n = v.value_or(0);
                    return okStatus();
                  }).ok());
    return n;
  }

  std::string problemsOf(const ImportReport& report) {
    std::string out;
    for (const Problem& p : report.problems) out += p.place.toString() + ": " + p.message + "\n";
    return out;
  }

  testing::TempDir dir_;
  ManualClock clock_{kFeb2027};
  std::unique_ptr<storage::Database> db_;
};

TEST_F(ImportsReconcile, FirstStudentImportCreatesPeopleClassesAndGroups) {
  const ImportReport report = run(Format::siecle_students, "ElevesSansAdresses.xml");
  ASSERT_TRUE(report.problems.empty()) << problemsOf(report);
  EXPECT_TRUE(report.applied);
  // Eight students, one of whom left in December before ever being imported.
  EXPECT_EQ(report.count(ChangeKind::create, "person"), 7);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'student'"), 7);
  EXPECT_EQ(count("SELECT count(*) FROM enrollments WHERE until IS NULL"), 7);
  EXPECT_EQ(count("SELECT count(*) FROM classes WHERE school_year = '2026-2027'"),
            report.count(ChangeKind::create, "class"));
  EXPECT_GT(count("SELECT count(*) FROM group_members"), 0);
  // No one can sign in before a login sheet issues a password.
  EXPECT_EQ(count("SELECT count(*) FROM credentials"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE event = 'import.apply'"), 1);
}

TEST_F(ImportsReconcile, PreviewShowsTheChangesAndWritesNothing) {
  const ImportReport preview = run(Format::siecle_students, "ElevesSansAdresses.xml", false);
  EXPECT_FALSE(preview.applied);
  EXPECT_EQ(preview.count(ChangeKind::create, "person"), 7);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM classes"), 0);
  const ImportReport applied = run(Format::siecle_students, "ElevesSansAdresses.xml");
  EXPECT_EQ(applied.changes.size(), preview.changes.size());
}

TEST_F(ImportsReconcile, ReimportingTheSameFilesChangesNothing) {
  for (int pass = 0; pass < 2; ++pass) {
    const auto students = run(Format::siecle_students, "ElevesSansAdresses.xml");
    const auto parents = run(Format::siecle_guardians, "ResponsablesAvecAdresses.xml");
    const auto staff = run(Format::sts_web, "sts_emp_0541234Y_2026.xml");
    ASSERT_TRUE(students.problems.empty() && parents.problems.empty() && staff.problems.empty())
        << problemsOf(students) << problemsOf(parents) << problemsOf(staff);
    if (pass == 1) {
      EXPECT_TRUE(students.changes.empty()) << students.changes.front().description;
      EXPECT_TRUE(parents.changes.empty()) << parents.changes.front().description;
      EXPECT_TRUE(staff.changes.empty()) << staff.changes.front().description;
    }
  }
}

TEST_F(ImportsReconcile, Latin9AndZippedExportsGiveTheSameDirectory) {
  auto snapshot = [&] {
    std::string out;
    EXPECT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                    CARTABLE_ASSIGN_OR_RETURN(
                        auto rows, c.query("SELECT login, given_name, family_name, ine FROM users "
                                           "ORDER BY external_id"));
                    for (;;) {
                      CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                      if (!more) return okStatus();
                      out += rows.text(0) + "|" + rows.text(1) + "|" + rows.text(2) + "|" +
                             rows.text(3) + "\n";
                    }
                  }).ok());
    return out;
  };
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  const std::string from_utf8 = snapshot();
  EXPECT_NE(from_utf8.find("Élodie"), std::string::npos) << from_utf8;
  for (const char* other : {"ElevesSansAdresses-latin9.xml", "ExportXML_ElevesSansAdresses.zip"}) {
    const ImportReport again = run(Format::siecle_students, other);
    EXPECT_TRUE(again.problems.empty()) << other << ": " << problemsOf(again);
    EXPECT_TRUE(again.changes.empty()) << other << ": " << again.changes.front().description;
    EXPECT_EQ(snapshot(), from_utf8) << other;
  }
}

TEST_F(ImportsReconcile, GuardiansAreLinkedWithTheLegalFlag) {
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  const ImportReport report = run(Format::siecle_guardians, "ResponsablesAvecAdresses.xml");
  ASSERT_TRUE(report.problems.empty()) << problemsOf(report);
  EXPECT_GT(report.count(ChangeKind::create, "guardian"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM guardianships"), report.count(ChangeKind::create, "guardian"));
  EXPECT_GT(count("SELECT count(*) FROM guardianships WHERE legal_guardian = 1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'parent'"),
            report.count(ChangeKind::create, "person"));
}

TEST_F(ImportsReconcile, StsWebBringsStaffSubjectsAndAssignments) {
  const ImportReport report = run(Format::sts_web, "sts_emp_0541234Y_2026.xml");
  ASSERT_TRUE(report.problems.empty()) << problemsOf(report);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'teacher'"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'admin'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM user_roles WHERE role = 'staff'"), 2);
  EXPECT_GT(count("SELECT count(*) FROM teaching_assignments"), 0);
  EXPECT_GT(count("SELECT count(*) FROM teaching_assignments WHERE main_teacher = 1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM subjects"), report.count(ChangeKind::create, "subject"));
}

TEST_F(ImportsReconcile, ALaterExportAppliesOnlyTheDifferencesAndRollsTheYearOver) {
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  const auto before = count("SELECT count(*) FROM users WHERE disabled_at IS NULL");
  clock_.advance(220 * 86400);  // September 2027
  const ImportReport report = run(Format::siecle_students, "ElevesSansAdresses-2027.xml");
  ASSERT_TRUE(report.problems.empty()) << problemsOf(report);
  // Last year's classes are archived, this year's created, every student moved.
  EXPECT_GT(report.count(ChangeKind::archive, "class"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM classes WHERE school_year = '2026-2027' AND "
                  "archived_at IS NULL"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM enrollments e JOIN classes c ON c.id = e.class_id "
                  "WHERE e.until IS NULL AND c.school_year = '2026-2027'"),
            0);
  // 4104 left in December (never imported), 4109 is new, 4106's name is corrected.
  EXPECT_EQ(report.count(ChangeKind::leave, "person"), 0);
  EXPECT_EQ(report.count(ChangeKind::create, "person"), 1);
  EXPECT_GE(report.count(ChangeKind::update, "person"), 1);
  // Accounts are kept: no one who stays gets a new account.
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE disabled_at IS NULL"),
            before - report.count(ChangeKind::leave, "person") +
                report.count(ChangeKind::create, "person"));
  // And the same file again changes nothing.
  EXPECT_TRUE(run(Format::siecle_students, "ElevesSansAdresses-2027.xml").changes.empty());
}

TEST_F(ImportsReconcile, AFileOfAnotherSchoolIsRefusedAndNothingApplied) {
  const ImportReport report = run(Format::siecle_students, "ElevesSansAdresses.xml", true, "0750654D");
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].message,
            "the file belongs to school 0541234Y, this node serves 0750654D");
  EXPECT_FALSE(report.applied);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
}

TEST_F(ImportsReconcile, MalformedFilesApplyNothing) {
  for (const char* bad : {"Eleves-malformed.xml", "Eleves-wrong-root.xml",
                          "Eleves-duplicate-id.xml", "Eleves-doctype-entities.xml"}) {
    const ImportReport report = run(Format::siecle_students, bad);
    EXPECT_FALSE(report.problems.empty()) << bad;
    EXPECT_FALSE(report.applied) << bad;
  }
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM classes"), 0);
}

TEST_F(ImportsReconcile, UnknownClassCodesAreNamedAndNothingIsApplied) {
  Batch batch;
  batch.uai = kUai;
  batch.people.push_back(PersonRecord{"csv-eleve:1", directory::Role::student, "Léa", "Martin",
                                      std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                      {"eleves.csv", "line 2"}});
  batch.enrollments.push_back(EnrollmentRecord{"csv-eleve:1", "9Z", {"eleves.csv", "line 2"}});
  auto report = applyImport(*db_, batch, ImportOptions{kUai, "2027-02-06", "2026-2027"},
                            clock_.now(), std::nullopt);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].place.toString() + ": " + report->problems[0].message,
            "eleves.csv: line 2: unknown class code 9Z for 2026-2027");
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
}

TEST_F(ImportsReconcile, StudentsMissingFromTheNextFileAreDisabledAndTheirSessionsEnded) {
  run(Format::csv_students, "eleves.csv");
  const auto active = count("SELECT count(*) FROM users WHERE disabled_at IS NULL");
  ASSERT_GT(active, 1);
  ASSERT_TRUE(db_->write([&](storage::Connection& c) {
                  return c.exec(
                      "INSERT INTO sessions(token_hash, user_id, kind, created_at, last_seen_at, "
                      "expires_at) SELECT x'01', id, 'bearer', 0, 0, 9999999999 FROM users "
                      "WHERE external_id = 'csv-eleve:E001'");
                }).ok());
  std::string csv = readFixture("eleves.csv");
  // Drop the first student's row (E001).
  const auto first_row = csv.find('\n') + 1;
  csv.erase(first_row, csv.find('\n', first_row) + 1 - first_row);
  const Batch batch = parseBatch(Format::csv_students, csv, "eleves.csv", "2027-02-06");
  auto report = applyImport(*db_, batch, ImportOptions{kUai, "2027-02-06", "2026-2027"},
                            clock_.now(), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->count(ChangeKind::leave, "person"), 1) << problemsOf(*report);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE disabled_at IS NULL"), active - 1);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE external_id = 'csv-eleve:E001' AND "
                  "disabled_at IS NOT NULL"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL"), 0);
}

TEST_F(ImportsReconcile, LoginSheetsIssueOneTimePasswordsOnlyToAccountsNotYetActivated) {
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  SeededRandom random(7);
  accounts::AccountPolicy policy;
  accounts::AccountService accounts(*db_, clock_, random, policy, "Cartable test");
  std::optional<directory::SchoolClass> six_a;
  ASSERT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(six_a, directory::findClass(c, "6A", "2026-2027"));
                  return okStatus();
                }).ok());
  ASSERT_TRUE(six_a.has_value());
  auto sheet = issueLoginSheet(*db_, accounts, six_a->id, SheetAudience::students, std::nullopt, {});
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  ASSERT_FALSE(sheet->entries.empty());
  const SheetEntry first = sheet->entries.front();
  EXPECT_FALSE(first.password.empty());
  // The printed password signs in, and must then be changed.
  auto signed_in = accounts.signIn({first.login, first.password, "", auth::SessionKind::bearer, {}});
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_TRUE(accounts.accessState(signed_in->user_id)->must_change_password);
  ASSERT_TRUE(accounts.changePassword(signed_in->user_id, first.password,
                                      "un nouveau mot de passe", 0, {}).ok());
  auto again = issueLoginSheet(*db_, accounts, six_a->id, SheetAudience::students, std::nullopt, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->entries.front().login, first.login);
  EXPECT_TRUE(again->entries.front().password.empty()) << "activated: no new password";
  const std::string html = renderLoginSheet(*again, "Collège <Test>", "https://ent.example/");
  EXPECT_NE(html.find("Collège &lt;Test&gt;"), std::string::npos);
  EXPECT_NE(html.find("Compte déjà activé"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM credentials WHERE password_hash LIKE '%" + first.password +
                  "%'"),
            0);
}

TEST_F(ImportsReconcile, DepartedAccountsArePurgedAfterTheRetentionPeriod) {
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  clock_.advance(150 * 86400);  // July 2027: the student leaving on 30/06 has left
  const ImportReport report = run(Format::siecle_students, "ElevesSansAdresses.xml");
  ASSERT_EQ(report.count(ChangeKind::leave, "person"), 1) << problemsOf(report);
  const auto users = count("SELECT count(*) FROM users");
  EXPECT_EQ(*purgeDepartedAccounts(*db_, clock_.now() + 89 * 86400, 90), 0);
  EXPECT_EQ(*purgeDepartedAccounts(*db_, clock_.now() + 91 * 86400, 90), 1);
  EXPECT_EQ(count("SELECT count(*) FROM users"), users - 1);
  EXPECT_EQ(count("SELECT count(*) FROM enrollments e LEFT JOIN users u ON u.id = e.student_id "
                  "WHERE u.id IS NULL"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE event = 'account.purge'"), 1);
}

TEST_F(ImportsReconcile, ASameDayCorrectionLeavesTheStudentInOneClass) {
  run(Format::csv_students, "eleves.csv");
  std::string csv = readFixture("eleves.csv");
  const auto row = csv.find("E002,");
  csv.replace(csv.find(",6A,", row), 4, ",6B,");
  const Batch corrected = parseBatch(Format::csv_students, csv, "eleves.csv", "2027-02-06");
  for (int pass = 0; pass < 2; ++pass) {
    auto report = applyImport(*db_, corrected, ImportOptions{kUai, "2027-02-06", "2026-2027"},
                              clock_.now(), std::nullopt);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->problems.empty()) << problemsOf(*report);
    EXPECT_EQ(report->count(ChangeKind::update, "enrollment"), pass == 0 ? 1 : 0);
  }
  EXPECT_EQ(count("SELECT count(*) FROM enrollments e JOIN users u ON u.id = e.student_id "
                  "WHERE u.external_id = 'csv-eleve:E002' AND e.until IS NULL"),
            1);
}

TEST_F(ImportsReconcile, AnAdministratorMissingFromAStaffFileStaysEnabled) {
  run(Format::csv_staff, "personnels.csv");
  ASSERT_TRUE(db_->write([&](storage::Connection& c) {
                  return c.exec("INSERT OR IGNORE INTO user_roles(user_id, role) SELECT id, 'admin' "
                                "FROM users WHERE external_id LIKE 'csv-personnel:%'");
                }).ok());
  std::string csv = readFixture("personnels.csv");
  csv.erase(csv.find('\n') + 1);  // the header alone: everyone is missing
  const Batch empty = parseBatch(Format::csv_staff, csv, "personnels.csv", "2027-02-06");
  auto report = applyImport(*db_, empty, ImportOptions{kUai, "2027-02-06", "2026-2027"},
                            clock_.now(), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->count(ChangeKind::leave, "person"), 0);
  EXPECT_FALSE(report->warnings.empty());
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE disabled_at IS NOT NULL"), 0);
}

TEST_F(ImportsReconcile, LoginSheetsLeaveOutAccountsWithMoreThanOneRole) {
  run(Format::siecle_students, "ElevesSansAdresses.xml");
  ASSERT_TRUE(db_->write([&](storage::Connection& c) {
                  return c.exec("INSERT INTO user_roles(user_id, role) SELECT e.student_id, "
                                "'staff' FROM enrollments e JOIN classes k ON k.id = e.class_id "
                                "WHERE k.code = '6A' LIMIT 1");
                }).ok());
  SeededRandom random(3);
  accounts::AccountService accounts(*db_, clock_, random, accounts::AccountPolicy{}, "Cartable");
  std::int64_t class_id = 0;
  ASSERT_TRUE(db_->read([&](storage::Connection& c) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findClass(c, "6A", "2026-2027"));
                  if (!found) return makeError(Errc::not_found, "no class 6A");
                  class_id = found->id;
                  return okStatus();
                }).ok());
  auto sheet = issueLoginSheet(*db_, accounts, class_id, SheetAudience::students, std::nullopt, {});
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(static_cast<std::int64_t>(sheet->entries.size()),
            count("SELECT count(*) FROM enrollments e JOIN classes k ON k.id = e.class_id WHERE "
                  "k.code = '6A' AND e.until IS NULL") -
                1);
  EXPECT_EQ(count("SELECT count(*) FROM credentials c JOIN user_roles r ON r.user_id = c.user_id "
                  "WHERE r.role = 'staff'"),
            0);
}

TEST_F(ImportsReconcile, AnAccountAnAdminDisabledStaysDisabledAcrossImports) {
  run(Format::csv_students, "eleves.csv");
  ASSERT_TRUE(db_->write([&](storage::Connection& c) -> Status {
                  CARTABLE_ASSIGN_OR_RETURN(auto user,
                                            directory::findUserByExternalId(c, "csv-eleve:E001"));
                  return directory::setDisabled(c, user->id, clock_.now(), clock_.now());
                }).ok());
  const ImportReport report = run(Format::csv_students, "eleves.csv");
  EXPECT_EQ(report.count(ChangeKind::comeback, "person"), 0);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].message.find("disabled by an administrator"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE external_id = 'csv-eleve:E001' AND "
                  "disabled_at IS NOT NULL"),
            1);
}

}  // namespace
}  // namespace cartable::imports
