// Early warning through the HTTP API: staff compute the alerts, the class's
// teachers read them with their reasons, students and parents never do, and
// the admin sets the thresholds (bad input named).
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "core/base/civil_date.h"
#include "directory/structure.h"
#include "early_warning/thresholds.h"
#include "support/test_node.h"

namespace cartable {
namespace {

using directory::Role;
using testing::TestNode;

Seconds at(const std::string& date, int hour) {
  return Seconds{civil::parseDay(date)->time_since_epoch().count()} * 86400 + hour * 3600;
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// Class 6A: student 1 (parent 1) slipping, student 2 fine; teacher 1 its main
// teacher; a CPE; the admin. Monday 30 November 2026, 18:00.
class EarlyWarningApi : public ::testing::Test {
 protected:
  void SetUp() override {
    student1_ = node_.addPerson("eleve.un", {Role::student});
    student2_ = node_.addPerson("eleve.deux", {Role::student});
    parent1_ = node_.addPerson("parent.un", {Role::parent});
    teacher1_ = node_.addPerson("prof.un", {Role::teacher});
    staff_ = node_.addPerson("cpe", {Role::staff});
    admin_ = node_.addPerson("direction", {Role::admin});
    node_.enrollTotp(staff_);
    node_.enrollTotp(admin_);
    node_.clock().set(at("2026-11-30", 18));
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(class_,
                                directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
      CARTABLE_ASSIGN_OR_RETURN(auto maths, directory::insertSubject(db, {0, "MATHS", "Maths"}));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student1_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db, student2_, class_, "2026-09-01"));
      CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db, {parent1_, student1_, true, "mère"}));
      CARTABLE_RETURN_IF_ERROR(
          directory::insertAssignment(db, {0, teacher1_, maths, class_, std::nullopt, true}));
      // Student 1: absent, unjustified, on four days of three weeks.
      for (const char* day : {"2026-11-12", "2026-11-17", "2026-11-24", "2026-11-26"}) {
        CARTABLE_RETURN_IF_ERROR(
            db.exec("INSERT INTO roll_calls(on_date, subject_id, starts_at, ends_at, taken_at) "
                    "VALUES (?, ?, '08:00', '09:00', 0)",
                    std::string(day), maths));
        CARTABLE_RETURN_IF_ERROR(
            db.exec("INSERT INTO attendance_marks(roll_call_id, student_id, status) VALUES (?, ?, "
                    "'absent')",
                    db.lastInsertId(), student1_));
      }
      // The per-indicator thresholds rule, whose reasons these tests read.
      auto rule = early_warning::defaultThresholds();
      rule.rule = early_warning::RuleKind::thresholds;
      CARTABLE_RETURN_IF_ERROR(early_warning::saveThresholds(db, rule, admin_, 0));
      // And three hand-ins missing, due in three weeks.
      for (const char* due : {"2026-11-13", "2026-11-20", "2026-11-27"}) {
        CARTABLE_RETURN_IF_ERROR(db.exec(
            "INSERT INTO homework(teacher_id, subject_id, class_id, due_on, instructions, "
            "hand_in_expected, created_at, updated_at) VALUES (?, ?, ?, ?, 'Exercice', 1, 0, 0)",
            teacher1_, maths, class_, std::string(due)));
        CARTABLE_RETURN_IF_ERROR(db.exec(
            "INSERT INTO hand_ins(homework_id, student_id, handed_in_at, late) VALUES (?, ?, 0, 0)",
            db.lastInsertId(), student2_));
      }
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }

  testing::HttpResult call(std::int64_t who, const std::string& method, const std::string& path,
                           const std::string& body = "") {
    const auto credentials = node_.sessionFor(who);
    return node_.request(method, path, body, &credentials);
  }

  TestNode node_;
  std::int64_t student1_ = 0, student2_ = 0, parent1_ = 0, teacher1_ = 0, staff_ = 0;
  std::int64_t admin_ = 0, class_ = 0;
};

TEST_F(EarlyWarningApi, StaffComputeTheAlertsAndTheClasssTeacherReadsTheirReasons) {
  const auto refreshed = call(staff_, "POST", "/api/v1/early-warning/refresh");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_EQ(parse(refreshed.body)->getValue<int>("open_alerts"), 1);
  // The node's own daily run, started with it, may raise the alert before this
  // refresh does: either way the class's teacher is told once.
  const std::string notices = call(teacher1_, "GET", "/api/v1/me/notifications").body;
  const auto first = notices.find("early_warning.alert");
  ASSERT_NE(first, std::string::npos) << notices;
  EXPECT_EQ(notices.find("early_warning.alert", first + 1), std::string::npos) << notices;
  const auto listed =
      call(teacher1_, "GET", "/api/v1/classes/" + std::to_string(class_) + "/alerts");
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto items = parse(listed.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  auto alert = items->getObject(0);
  EXPECT_EQ(alert->getValue<std::int64_t>("student_id"), student1_);
  // Absences (4 unjustified half-days: strong) and homework: two kinds, one strong.
  EXPECT_EQ(alert->getValue<std::string>("level_name"), "alerte");
  EXPECT_EQ(alert->getValue<std::string>("first_seen_on"), "2026-11-30");
  EXPECT_TRUE(alert->getValue<bool>("new"));
  auto reasons = alert->getArray("reasons");
  ASSERT_EQ(reasons->size(), 3u);
  EXPECT_EQ(reasons->getObject(0)->getValue<std::string>("indicator"), "absence.half_days");
  EXPECT_EQ(reasons->getObject(0)->getValue<int>("value"), 4);
  EXPECT_EQ(reasons->getObject(0)->getValue<int>("threshold"), 4);
  EXPECT_EQ(reasons->getObject(1)->getValue<std::string>("indicator"),
            "absence.unjustified_half_days");
  EXPECT_EQ(reasons->getObject(1)->getValue<std::string>("label"),
            "demi-journées d'absence non justifiées");
  EXPECT_EQ(reasons->getObject(2)->getValue<std::string>("indicator"), "homework.missing");
  EXPECT_EQ(reasons->getObject(2)->getValue<int>("usual"), 0);
}

TEST_F(EarlyWarningApi, NeitherTheStudentNorTheirParentSeesTheirAlerts) {
  ASSERT_EQ(call(staff_, "POST", "/api/v1/early-warning/refresh").status, 200);
  const std::string path = "/api/v1/early-warning/students/" + std::to_string(student1_);
  EXPECT_EQ(call(student1_, "GET", path).status, 403);
  EXPECT_EQ(call(parent1_, "GET", path).status, 403);
  const auto seen = call(teacher1_, "GET", path);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(parse(seen.body)->getArray("items")->size(), 1u);
  EXPECT_EQ(call(student1_, "GET", "/api/v1/me/notifications").body.find("early_warning"),
            std::string::npos);
}

TEST_F(EarlyWarningApi, TheAdminSetsThresholdsAndBadValuesAreRefusedNamingTheField) {
  const std::string path = "/api/v1/early-warning/thresholds";
  auto refused =
      call(admin_, "PUT", path, R"({"indicators":{"homework.missing":{"threshold":-1}}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("indicators.homework.missing.threshold"), std::string::npos)
      << refused.body;
  refused = call(admin_, "PUT", path, R"({"indicators":{"grades.gap":{"threshold":2.555}}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "indicators.grades.gap.threshold");
  EXPECT_NE(refused.body.find("must be a number of points from 0 to 20 with at most 2 decimals"),
            std::string::npos)
      << refused.body;
  refused = call(admin_, "PUT", path, R"({"indicators":{"absences":{"threshold":2}}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("indicators.absences"), std::string::npos) << refused.body;
  refused = call(admin_, "PUT", path, R"({"alert_count":1})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("alert_count"), std::string::npos) << refused.body;
  const auto set =
      call(admin_, "PUT", path, R"({"indicators":{"grades.gap":{"threshold":2.5}},"min_weeks":3})");
  ASSERT_EQ(set.status, 200) << set.body;
  const auto read = parse(call(admin_, "GET", path).body);
  EXPECT_EQ(read->getObject("indicators")->getObject("grades.gap")->getValue<double>("threshold"),
            2.5);
  EXPECT_EQ(read->getValue<int>("min_weeks"), 3);
  EXPECT_EQ(read->getObject("indicators")->getObject("grades.gap")->getValue<double>("strong"), 5);
}

TEST_F(EarlyWarningApi, TheAdminChoosesTheRuleAndSetsTheEvidenceLevels) {
  const std::string path = "/api/v1/early-warning/thresholds";
  auto read = parse(call(admin_, "GET", path).body);
  EXPECT_EQ(read->getValue<std::string>("rule"), "thresholds");
  EXPECT_EQ(read->getObject("evidence")->getValue<double>("vigilance"), 4);
  EXPECT_EQ(read->getObject("evidence")->getValue<double>("lasting_alert"), 10);
  auto refused = call(admin_, "PUT", path, R"({"rule":"seuils"})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "rule") << refused.body;
  refused = call(admin_, "PUT", path, R"({"evidence":{"alert":3.5}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "evidence.alert");
  EXPECT_NE(refused.body.find("must be between evidence.vigilance (4) and 100"), std::string::npos)
      << refused.body;
  refused = call(admin_, "PUT", path, R"({"evidence":{"vigilance":0}})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(parse(refused.body)->getValue<std::string>("field"), "evidence.vigilance");
  EXPECT_NE(refused.body.find("must be a number from 0.01 to 100 with at most 2 decimals"),
            std::string::npos)
      << refused.body;
  refused = call(admin_, "PUT", path, R"({"evidence":{"surprise":2}})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  const auto set = call(admin_, "PUT", path,
                        R"({"rule":"evidence","evidence":{"vigilance":3.5,"lasting_alert":12}})");
  ASSERT_EQ(set.status, 200) << set.body;
  read = parse(call(admin_, "GET", path).body);
  EXPECT_EQ(read->getValue<std::string>("rule"), "evidence");
  EXPECT_EQ(read->getObject("evidence")->getValue<double>("vigilance"), 3.5);
  EXPECT_EQ(read->getObject("evidence")->getValue<double>("alert"), 6);
  EXPECT_EQ(read->getObject("evidence")->getValue<double>("lasting_alert"), 12);
}

TEST_F(EarlyWarningApi, UnderTheEvidenceRuleEachReasonTellsItsEvidenceAndShare) {
  ASSERT_EQ(call(admin_, "PUT", "/api/v1/early-warning/thresholds",
                 R"({"rule":"evidence","evidence":{"vigilance":1,"alert":2}})")
                .status,
            200);
  ASSERT_EQ(call(staff_, "POST", "/api/v1/early-warning/refresh").status, 200);
  const auto listed =
      call(teacher1_, "GET", "/api/v1/classes/" + std::to_string(class_) + "/alerts");
  auto items = parse(listed.body)->getArray("items");
  ASSERT_EQ(items->size(), 1u) << listed.body;
  auto reasons = items->getObject(0)->getArray("reasons");
  ASSERT_GE(reasons->size(), 1u);
  int shares = 0;
  for (std::size_t i = 0; i < reasons->size(); ++i) {
    auto reason = reasons->getObject(static_cast<unsigned>(i));
    EXPECT_GT(reason->getValue<double>("evidence"), 0) << listed.body;
    shares += reason->getValue<int>("share");
  }
  EXPECT_NEAR(shares, 100, 1) << listed.body;
}

}  // namespace
}  // namespace cartable
