// The measures of one day on a school small enough to count by hand.
#include "reporting/report_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "small_school.h"

namespace cartable::reporting {
namespace {

using ::testing::DoubleNear;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class ReportMetrics : public testing::SmallSchool {
 protected:
  void SetUp() override {
    SmallSchool::SetUp();
    const Status read = db_->read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(cells_, computeReportCells(conn, monday()));
      return okStatus();
    });
    ASSERT_TRUE(read.ok()) << read.error().message;
  }

  const ReportCell& cell(const std::string& scope, const std::string& level = "",
                         const std::string& name = "") {
    for (const auto& c : cells_) {
      const std::string& cell_name = scope == "class"     ? c.class_code
                                     : scope == "subject" ? c.subject
                                     : scope == "role"    ? c.role
                                                          : c.level;
      const std::string& wanted = scope == "role" || scope == "level" ? level : name;
      if (c.scope == scope && (scope == "role" || scope == "level" || c.level == level) &&
          cell_name == wanted) {
        return c;
      }
    }
    ADD_FAILURE() << "no cell " << scope << " " << level << " " << name;
    static const ReportCell none;
    return none;
  }

  std::vector<ReportCell> cells_;
};

TEST_F(ReportMetrics, TheSchoolCellCountsEveryEnrolledStudentAndTheDaysEvents) {
  const ReportCell& school = cell("school");
  EXPECT_EQ(school.n, 12);
  EXPECT_EQ(school.values.at("attendance.expected"), 13);  // 6A: 4 × 2 lessons, 5A: 5 × 1
  EXPECT_EQ(school.values.at("attendance.absent"), 3);
  EXPECT_EQ(school.values.at("attendance.late"), 1);
  EXPECT_THAT(school.values.at("attendance.rate"), DoubleNear(10.0 / 13, 1e-9));
  EXPECT_EQ(school.values.at("absence.half_days"), 3);
  EXPECT_EQ(school.values.at("absence.unjustified_half_days"), 2);  // s8's was accepted
  EXPECT_EQ(school.values.at("handin.expected"), 6);
  EXPECT_EQ(school.values.at("handin.on_time"), 2);
  EXPECT_EQ(school.values.at("handin.late"), 1);
  EXPECT_EQ(school.values.at("handin.missing"), 3);
  EXPECT_EQ(school.values.at("homework.posted"), 1);
  EXPECT_EQ(school.values.at("messages.sent"), 1);
  EXPECT_EQ(school.values.at("documents.shared"), 0);
  EXPECT_EQ(school.values.at("helpdesk.opened"), 1);
  EXPECT_EQ(school.values.at("helpdesk.open"), 1);
}

TEST_F(ReportMetrics, LevelsAndClassesAddUpToTheSchool) {
  EXPECT_EQ(cell("level", "6e").n, 7);
  EXPECT_EQ(cell("level", "5e").n, 5);
  const ReportCell& six_a = cell("class", "6e", "6A");
  EXPECT_EQ(six_a.n, 4);
  EXPECT_EQ(six_a.values.at("attendance.expected"), 8);
  EXPECT_EQ(six_a.values.at("attendance.absent"), 2);
  EXPECT_EQ(six_a.values.at("absence.unjustified_half_days"), 2);  // morning and afternoon
  EXPECT_EQ(six_a.values.at("handin.missing"), 2);
  EXPECT_EQ(cell("class", "6e", "6B").values.at("homework.posted"), 1);
  const ReportCell& five_a = cell("class", "5e", "5A");
  EXPECT_EQ(five_a.values.at("absence.half_days"), 1);
  EXPECT_EQ(five_a.values.at("absence.unjustified_half_days"), 0);
  EXPECT_EQ(five_a.values.at("handin.expected"), 2);  // set for two chosen students
  EXPECT_EQ(cell("level", "6e").values.at("attendance.absent"), 2);
  EXPECT_FALSE(cell("class", "6e", "6B").values.contains("attendance.rate"));  // no roll called
}

TEST_F(ReportMetrics, SubjectCellsPerLevelGiveHandInsAndTheGradeDistributionOnTwenty) {
  const ReportCell& maths = cell("subject", "6e", "MATHS");
  EXPECT_EQ(maths.n, 4);
  EXPECT_EQ(maths.values.at("handin.on_time"), 1);
  EXPECT_EQ(maths.values.at("handin.late"), 1);
  EXPECT_EQ(maths.values.at("handin.missing"), 2);
  EXPECT_EQ(maths.values.at("grades.count"), 3);  // the absent mark is no grade
  EXPECT_EQ(maths.values.at("grades.mean"), 12.67);
  EXPECT_EQ(maths.values.at("grades.q1"), 11);
  EXPECT_EQ(maths.values.at("grades.median"), 12);
  EXPECT_EQ(maths.values.at("grades.q3"), 14);
  EXPECT_EQ(cell("subject", "5e", "FRANC").n, 2);
}

TEST_F(ReportMetrics, RoleCellsCountAccountsAndWhoWasActiveThatDayAndWeek) {
  const ReportCell& teacher = cell("role", "teacher");
  EXPECT_EQ(teacher.n, 1);
  EXPECT_THAT(teacher.values,
              UnorderedElementsAre(Pair("adoption.active_day", 1), Pair("adoption.active_week", 1),
                                   Pair("adoption.sessions", 1), Pair("messages.sent", 1),
                                   Pair("documents.shared", 0)));
  EXPECT_EQ(cell("role", "parent").values.at("adoption.active_day"), 1);  // seen that day
  EXPECT_EQ(cell("role", "parent").values.at("adoption.sessions"), 0);    // opened before
  const ReportCell& student = cell("role", "student");
  EXPECT_EQ(student.n, 12);
  EXPECT_EQ(student.values.at("adoption.active_day"), 0);
  EXPECT_EQ(student.values.at("adoption.active_week"), 1);
  EXPECT_EQ(cell("role", "admin").n, 0);
}

TEST_F(ReportMetrics, ADayWithoutSchoolLifeStillDescribesTheSchool) {
  std::vector<ReportCell> sunday;
  ASSERT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(
                       sunday, computeReportCells(conn, monday() - std::chrono::days(1)));
                   return okStatus();
                 })
                  .ok());
  ASSERT_FALSE(sunday.empty());
  EXPECT_EQ(sunday.front().scope, "school");
  EXPECT_EQ(sunday.front().n, 12);
  EXPECT_EQ(sunday.front().values.at("attendance.expected"), 0);
}

}  // namespace
}  // namespace cartable::reporting
