// The public indicators: weighted by the cells' counts, fed only by school
// cells, withheld for an area of fewer than three schools (and the smallest
// other department when one or two schools would show through), over
// validated day ranges.
#include "federation/hub/indicators.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "indicator_fixture.h"

namespace cartable::federation::hub {
namespace {

using testing::attendance;
using testing::Cell;
using testing::schoolCell;

constexpr const char* kDay = "2026-11-16";

class Indicators : public ::testing::Test {
 protected:
  std::vector<IndicatorDay> series(const std::string& name, const std::string& from = kDay,
                                   const std::string& to = kDay) {
    const Indicator* indicator = findIndicator(name);
    EXPECT_NE(indicator, nullptr) << name;
    std::vector<IndicatorDay> days;
    Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(DayRange range, parseDayRange(from, to));
      CARTABLE_ASSIGN_OR_RETURN(days, indicatorDays(conn, *indicator, range));
      return okStatus();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return days;
  }

  AreaDay regionOn(const std::string& name) { return series(name).at(0).region; }

  testing::HubReportsDatabase hub_;
};

TEST_F(Indicators, AnAttendanceRateIsTheSumOfAbsencesOverTheSumOfExpectedNotAMeanOfRates) {
  hub_.report("0540001A", "54", kDay, {attendance(100, 10)});  // 0.90
  hub_.report("0540002B", "54", kDay, {attendance(300, 0)});   // 1.00
  hub_.report("0540003C", "54", kDay, {attendance(100, 50)});  // 0.50 (mean of rates: 0.80)
  const AreaDay region = regionOn("attendance.rate");
  EXPECT_EQ(region.status, AreaStatus::published);
  EXPECT_EQ(region.schools, 3);
  EXPECT_DOUBLE_EQ(*region.value, 0.88);  // 1 - 60/500
  EXPECT_DOUBLE_EQ(*region.numerator, 60);
  EXPECT_DOUBLE_EQ(*region.denominator, 500);
}

TEST_F(Indicators, APerHundredStudentsIndicatorDividesByTheStudentsTheSchoolCellsDescribe) {
  hub_.report("0540001A", "54", kDay, {schoolCell(200, {{"homework.posted", 10}})});
  hub_.report("0540002B", "54", kDay, {schoolCell(300, {{"homework.posted", 20}})});
  hub_.report("0540003C", "54", kDay, {schoolCell(500, {})});
  const AreaDay region = regionOn("homework.posted_per_100");
  EXPECT_DOUBLE_EQ(*region.value, 3.0);  // 100 × 30 / 1000
  EXPECT_DOUBLE_EQ(*region.denominator, 1000);
}

TEST_F(Indicators, LevelClassSubjectAndRoleCellsNeverFeedAnIndicator) {
  Cell level = attendance(1000, 1000);
  level.scope = "level";
  level.level = "6e";
  Cell klass = attendance(1000, 1000);
  klass.scope = "class";
  klass.level = "6e";
  klass.class_code = "6A";
  Cell subject = schoolCell(40, {{"handin.expected", 500}, {"handin.missing", 500}});
  subject.scope = "subject";
  subject.level = "6e";
  subject.subject = "MATHS";
  Cell role = schoolCell(40, {{"homework.posted", 900}});
  role.scope = "role";
  role.role = "teacher";
  for (const char* uai : {"0540001A", "0540002B", "0540003C"}) {
    hub_.report(uai, "54", kDay, {attendance(100, 10), level, klass, subject, role});
  }
  EXPECT_DOUBLE_EQ(*regionOn("attendance.rate").value, 0.9);
  EXPECT_DOUBLE_EQ(*regionOn("attendance.rate").denominator, 300);
  EXPECT_FALSE(regionOn("handin.missing_rate").value.has_value());  // no hand-in due
  EXPECT_DOUBLE_EQ(*regionOn("homework.posted_per_100").value, 0);
}

TEST_F(Indicators, ADepartmentOfFewerThanThreeSchoolsIsWithheldAndSaysHowMany) {
  hub_.schools("54", 4, kDay, attendance(100, 10));
  hub_.schools("57", 3, kDay, attendance(100, 20));
  hub_.schools("55", 2, kDay, attendance(100, 30));
  hub_.schools("88", 1, kDay, attendance(100, 40));
  const IndicatorDay day = series("attendance.rate").at(0);
  const AreaDay& meuse = day.departments.at("55");
  EXPECT_EQ(meuse.status, AreaStatus::too_few_schools);
  EXPECT_EQ(meuse.schools, 2);
  EXPECT_FALSE(meuse.value || meuse.numerator || meuse.denominator);
  EXPECT_EQ(day.departments.at("88").status, AreaStatus::too_few_schools);
  EXPECT_EQ(statusName(day.departments.at("88").status), "too_few_schools");
  // Three schools withheld together: the departments shown stay shown.
  EXPECT_DOUBLE_EQ(*day.departments.at("54").value, 0.9);
  EXPECT_DOUBLE_EQ(*day.departments.at("57").value, 0.8);
  EXPECT_EQ(day.region.schools, 10);
  EXPECT_DOUBLE_EQ(*day.region.value, 0.8);  // 1 - 200/1000
}

TEST_F(Indicators, ALoneWithheldSchoolAlsoWithholdsTheSmallestOtherDepartment) {
  hub_.schools("54", 4, kDay, attendance(100, 10));
  hub_.schools("57", 3, kDay, attendance(100, 20));
  hub_.schools("88", 1, kDay, attendance(100, 40));
  const IndicatorDay day = series("attendance.rate").at(0);
  EXPECT_EQ(day.departments.at("88").status, AreaStatus::too_few_schools);
  // Else the region minus 54 and 57 would give the school of 88 back.
  EXPECT_EQ(day.departments.at("57").status, AreaStatus::complementary);
  EXPECT_FALSE(day.departments.at("57").value.has_value());
  EXPECT_EQ(day.departments.at("57").schools, 3);
  EXPECT_EQ(day.departments.at("54").status, AreaStatus::published);
  EXPECT_EQ(day.region.status, AreaStatus::published);
}

TEST_F(Indicators, ARegionOfFewerThanThreeSchoolsIsWithheld) {
  hub_.schools("54", 2, kDay, attendance(100, 10));
  EXPECT_EQ(regionOn("attendance.rate").status, AreaStatus::too_few_schools);
  EXPECT_FALSE(regionOn("attendance.rate").value.has_value());
}

TEST_F(Indicators, ASchoolWithNothingToCountDoesNotCountAsReporting) {
  hub_.schools("54", 2, kDay, attendance(100, 10));
  hub_.report("0549999Z", "54", kDay, {attendance(0, 0)});  // no roll called that day
  EXPECT_EQ(regionOn("attendance.rate").schools, 2);
  EXPECT_EQ(regionOn("attendance.rate").status, AreaStatus::too_few_schools);
}

TEST_F(Indicators, EveryDayOfTheRangeIsListedAndADayWithoutReportsSaysSo) {
  hub_.schools("54", 3, "2026-11-17", attendance(100, 10));
  const auto days = series("attendance.rate", "2026-11-16", "2026-11-18");
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].day, "2026-11-16");
  EXPECT_EQ(days[0].region.status, AreaStatus::no_report);
  EXPECT_EQ(days[0].departments.at("54").status, AreaStatus::no_report);
  EXPECT_EQ(days[1].region.status, AreaStatus::published);
  EXPECT_EQ(days[2].region.schools, 0);
}

TEST_F(Indicators, ARangeAcrossTwoSchoolYearsReadsBoth) {
  hub_.schools("54", 3, "2026-08-31", attendance(100, 10));
  hub_.schools("54", 3, "2026-09-01", attendance(100, 20));
  const auto days = series("attendance.rate", "2026-08-31", "2026-09-01");
  EXPECT_DOUBLE_EQ(*days.at(0).region.value, 0.9);
  EXPECT_DOUBLE_EQ(*days.at(1).region.value, 0.8);
}

TEST(IndicatorList, OffersOnlyTheDocumentedIndicatorsEachWithALabelUnitAndDefinition) {
  std::vector<std::string> names;
  for (const auto& indicator : publicIndicators()) {
    names.push_back(indicator.name);
    EXPECT_FALSE(indicator.label.empty() || indicator.definition.empty()) << indicator.name;
    EXPECT_THAT(indicator.unit, ::testing::AnyOf("ratio", "per_100_students"));
  }
  EXPECT_THAT(names, ::testing::ElementsAre("attendance.rate", "attendance.late_rate",
                                            "absence.half_days_per_100",
                                            "absence.unjustified_share", "handin.on_time_rate",
                                            "handin.missing_rate", "homework.posted_per_100"));
  EXPECT_EQ(findIndicator("grades.mean"), nullptr);
  EXPECT_EQ(findIndicator("adoption.active_day"), nullptr);
}

TEST(IndicatorRange, NamesTheParameterThatIsWrong) {
  auto bad_from = parseDayRange("2026-13-01", "2026-12-01");
  ASSERT_FALSE(bad_from.ok());
  EXPECT_EQ(bad_from.error().code, Errc::invalid_argument);
  EXPECT_EQ(bad_from.error().field, "from");
  EXPECT_EQ(bad_from.error().message, "from must be a date YYYY-MM-DD, got \"2026-13-01\"");
  EXPECT_EQ(parseDayRange("2026-12-01", "").error().field, "to");
  auto reversed = parseDayRange("2026-12-02", "2026-12-01");
  EXPECT_EQ(reversed.error().message, "from (2026-12-02) is after to (2026-12-01)");
  EXPECT_EQ(reversed.error().field, "from");
}

TEST(IndicatorRange, SpansAtMostFourHundredDays) {
  EXPECT_TRUE(parseDayRange("2026-01-01", "2027-02-04").ok());  // 400 days
  auto too_long = parseDayRange("2026-01-01", "2027-02-05");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "to");
  EXPECT_EQ(too_long.error().message, "from 2026-01-01 to 2027-02-05 spans more than 400 days");
}

}  // namespace
}  // namespace cartable::federation::hub
