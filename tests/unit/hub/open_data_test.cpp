// The open-data export: its rows, the CSV's header, quoting and figures.
#include "federation/hub/open_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "indicator_fixture.h"

namespace cartable::federation::hub {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(OpenDataCsv, QuotesAFieldWithACommaAQuoteOrALineBreakAndDoublesItsQuotes) {
  EXPECT_EQ(csvField("54"), "54");
  EXPECT_EQ(csvField("Demi-journées d'absence"), "Demi-journées d'absence");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("dit \"oui\""), "\"dit \"\"oui\"\"\"");
  EXPECT_EQ(csvField("deux\nlignes"), "\"deux\nlignes\"");
  EXPECT_EQ(csvField("cr\r"), "\"cr\r\"");
}

TEST(OpenDataCsv, FiguresUseAPointAndNoTrailingZeros) {
  EXPECT_EQ(formatFigure(0.88, 4), "0.88");
  EXPECT_EQ(formatFigure(500, 2), "500");
  EXPECT_EQ(formatFigure(2.0 / 3.0, 4), "0.6667");
  EXPECT_EQ(formatFigure(-0.00001, 2), "0");
}

class OpenData : public ::testing::Test {
 protected:
  std::vector<OpenDataRow> rows(const std::string& from, const std::string& to) {
    std::vector<OpenDataRow> out;
    Status read = hub_.db().read([&](storage::Connection& conn) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(DayRange range, parseDayRange(from, to));
      CARTABLE_ASSIGN_OR_RETURN(out, openDataRows(conn, range));
      return okStatus();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return out;
  }

  testing::HubReportsDatabase hub_;
};

TEST_F(OpenData, HasOneRowPerDayAreaAndIndicatorAndLeavesOutDaysWithoutReports) {
  hub_.schools("54", 3, "2026-11-16", testing::attendance(100, 10));
  hub_.schools("57", 1, "2026-11-16", testing::attendance(100, 10));
  const auto all = rows("2026-11-15", "2026-11-17");
  const std::size_t indicators = publicIndicators().size();
  ASSERT_EQ(all.size(), 3 * indicators);  // the region, 54 and 57 on the 16th only
  EXPECT_EQ(all[0].scope, "region");
  EXPECT_EQ(all[0].department, "");
  EXPECT_EQ(all[0].indicator->name, "attendance.rate");
  EXPECT_EQ(all[indicators].department, "54");
  EXPECT_EQ(all[2 * indicators].department, "57");
  EXPECT_EQ(all[2 * indicators].area.status, AreaStatus::too_few_schools);
}

TEST_F(OpenData, TheCsvStartsWithItsHeaderAndLeavesAWithheldValueEmpty) {
  hub_.schools("54", 3, "2026-11-16", testing::attendance(100, 10));
  hub_.schools("57", 1, "2026-11-16", testing::attendance(100, 10));
  const std::string csv = openDataCsv(rows("2026-11-16", "2026-11-16"));
  EXPECT_THAT(csv, StartsWith("date,scope,department,indicator,label,unit,value,numerator,"
                              "denominator,schools,status\r\n"));
  EXPECT_THAT(csv, HasSubstr("2026-11-16,region,,attendance.rate,Taux de présence,ratio,0.9,40,"
                             "400,4,published\r\n"));
  EXPECT_THAT(csv, HasSubstr("2026-11-16,department,57,attendance.rate,Taux de présence,ratio,,,"
                             ",1,too_few_schools\r\n"));
  EXPECT_THAT(csv, Not(HasSubstr("\n\n")));
}

TEST_F(OpenData, ADepartmentNameWithACommaOrAQuoteIsQuoted) {
  hub_.schools("5\"4,A", 3, "2026-11-16", testing::attendance(100, 10));
  const std::string csv = openDataCsv(rows("2026-11-16", "2026-11-16"));
  EXPECT_THAT(csv, HasSubstr("2026-11-16,department,\"5\"\"4,A\",attendance.rate,"));
}

TEST_F(OpenData, TheJsonExportParsesBackToTheCsvsCells) {
  hub_.schools("5\"4\\A\n", 3, "2026-11-16", testing::attendance(100, 10));
  const auto exported = rows("2026-11-16", "2026-11-16");
  const auto parsed = Poco::JSON::Parser().parse(openDataJson(exported));
  const auto items = parsed.extract<Poco::JSON::Object::Ptr>()->getArray("rows");
  ASSERT_EQ(items->size(), exported.size());
  const auto& columns = openDataColumns();
  for (std::size_t r = 0; r < exported.size(); ++r) {
    const auto cells = openDataCells(exported[r]);
    const auto item = items->getObject(static_cast<unsigned>(r));
    for (std::size_t i = 0; i < columns.size(); ++i) {
      EXPECT_EQ(item->getValue<std::string>(columns[i]), cells[i]) << columns[i];
    }
  }
}

}  // namespace
}  // namespace cartable::federation::hub
