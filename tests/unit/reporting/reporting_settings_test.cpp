// The reporting: section: k, its default, its range, and the problem a user
// sees for a wrong value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "config/loader.h"
#include "unit/config/config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::loadSchool;
using testing::schoolProblems;

TEST(ReportingSettings, KIsTenByDefaultAndReadFromTheFile) {
  EXPECT_EQ(loadSchool("").settings.reporting.k, 10);
  const LoadResult result = loadSchool("reporting:\n  k: 15\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.reporting.k, 15);
}

TEST(ReportingSettings, AKOutOfRangeIsRefusedNamingTheKey) {
  const auto problems = schoolProblems("reporting:\n  k: 3\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("cartable.yaml:2:6: reporting.k:"));
  EXPECT_THAT(problems[0], HasSubstr("5"));
  EXPECT_THAT(problems[0], HasSubstr("1000"));
  EXPECT_THAT(schoolProblems("reporting: {k: ten}\n"), ElementsAre(HasSubstr("reporting.k:")));
  EXPECT_THAT(schoolProblems("reporting: {kk: 10}\n"),
              ElementsAre("cartable.yaml:1:13: reporting.kk: unknown key; did you mean \"k\"?"));
}

std::string readSource(const char* file) {
  std::ifstream in(testing::sourceDir() / file);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(ReportingSettings, TheKeyIsDocumentedAndBothExamplesSetIt) {
  EXPECT_THAT(readSource("config/REFERENCE.md"), HasSubstr("## `reporting`"));
  EXPECT_THAT(readSource("config/REFERENCE.md"), HasSubstr("| `k` | integer | `10` | 5 to 1000 |"));
  for (const char* example : {"config/examples/school.yaml", "config/examples/hub.yaml"}) {
    EXPECT_THAT(readSource(example), HasSubstr("\nreporting:\n")) << example;
    const LoadResult loaded = loadSettingsText(readSource(example), example);
    EXPECT_THAT(loaded.problems, IsEmpty()) << example;
    EXPECT_EQ(loaded.settings.reporting.k, 10) << example;
  }
}

}  // namespace
}  // namespace cartable::config
