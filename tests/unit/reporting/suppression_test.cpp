// Small-cell suppression: what is removed, and why a total never gives a
// removed cell back.
#include "reporting/suppression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cartable::reporting {
namespace {

ReportCell make(std::string scope, std::string level, std::string name, std::int64_t n) {
  ReportCell cell;
  cell.scope = std::move(scope);
  cell.level = std::move(level);
  if (cell.scope == "class") cell.class_code = name;
  if (cell.scope == "subject") cell.subject = name;
  if (cell.scope == "role") cell.role = name;
  cell.n = n;
  cell.values["x"] = 1;
  return cell;
}

std::vector<std::string> names(const std::vector<ReportCell>& cells) {
  std::vector<std::string> out;
  for (const auto& c : cells) {
    out.push_back(c.scope + ":" + c.level + c.class_code + c.subject + c.role);
  }
  return out;
}

using ::testing::ElementsAre;

TEST(Suppression, ACellUnderKIsRemovedAndCounted) {
  std::vector<ReportCell> cells{make("school", "", "", 60), make("role", "", "teacher", 30),
                                make("role", "", "admin", 2)};
  EXPECT_EQ(suppressSmallCells(cells, 10), 1);
  EXPECT_THAT(names(cells), ElementsAre("school:", "role:teacher"));
}

TEST(Suppression, TheSmallestSiblingGoesTooSoThatTheLevelMinusTheClassesShownHidesAtLeastK) {
  std::vector<ReportCell> cells{make("school", "", "", 80),    make("level", "6e", "", 80),
                                make("class", "6e", "6A", 25), make("class", "6e", "6B", 24),
                                make("class", "6e", "6C", 27), make("class", "6e", "6D", 4)};
  EXPECT_EQ(suppressSmallCells(cells, 10), 2);
  // 6D alone (4) could be read as 6e − 6A − 6B − 6C; with 6B (24) gone too, 28 are hidden.
  EXPECT_THAT(names(cells), ElementsAre("school:", "level:6e", "class:6e6A", "class:6e6C"));
}

TEST(Suppression, SiblingsAreRemovedUntilTheHiddenOnesReachK) {
  std::vector<ReportCell> cells{make("school", "", "", 40),   make("level", "5e", "", 40),
                                make("class", "5e", "5A", 3), make("class", "5e", "5B", 4),
                                make("class", "5e", "5C", 5), make("class", "5e", "5D", 28)};
  EXPECT_EQ(suppressSmallCells(cells, 10), 3);  // 5A, 5B (primary), then 5C: 3+4 < 10 ≤ 3+4+5
  EXPECT_THAT(names(cells), ElementsAre("school:", "level:5e", "class:5e5D"));
}

TEST(Suppression, SubjectsOfALevelAreSiblingsAndRolesAreNot) {
  std::vector<ReportCell> cells{make("school", "", "", 50),
                                make("level", "4e", "", 50),
                                make("subject", "4e", "MATHS", 50),
                                make("subject", "4e", "LATIN", 6),
                                make("subject", "4e", "ALLEMAND", 12),
                                make("role", "", "staff", 12),
                                make("role", "", "admin", 3)};
  EXPECT_EQ(suppressSmallCells(cells, 10), 3);
  EXPECT_THAT(names(cells), ElementsAre("school:", "level:4e", "subject:4eMATHS", "role:staff"));
}

TEST(Suppression, ASchoolUnderKSendsNoCellAtAll) {
  std::vector<ReportCell> cells{make("school", "", "", 8), make("role", "", "parent", 14)};
  EXPECT_EQ(suppressSmallCells(cells, 10), 2);
  EXPECT_TRUE(cells.empty());
}

TEST(Suppression, AfterSuppressionNoCellIsUnderK) {
  std::vector<ReportCell> cells;
  cells.push_back(make("school", "", "", 200));
  for (int i = 0; i < 30; ++i) {
    cells.push_back(make("class", "6e", "C" + std::to_string(i), i));
  }
  suppressSmallCells(cells, 10);
  EXPECT_EQ(firstCellUnder(cells, 10), std::nullopt);
  EXPECT_EQ(firstCellUnder({make("class", "6e", "6A", 9)}, 10)->class_code, "6A");
}

}  // namespace
}  // namespace cartable::reporting
