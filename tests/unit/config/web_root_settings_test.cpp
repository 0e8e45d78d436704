// http.web_root: where the built web client is read from, or "" for none.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::kSchoolIdentity;
using testing::loadSchool;
using testing::schoolProblems;
using testing::TempDir;

TEST(WebRootSettings, DefaultsToTheInstalledClient) {
  const LoadResult result = loadSchool("");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.http.web_root, "/usr/share/cartable/web");
}

TEST(WebRootSettings, EmptyStringServesNoClient) {
  const LoadResult result = loadSchool("http: {web_root: \"\"}\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.http.web_root, "");
}

TEST(WebRootSettings, RelativeFolderIsTakenFromTheFileDirectory) {
  TempDir dir;
  const auto file = dir.write("etc/cartable.yaml",
                              "http:\n  web_root: ../build/web/\n" + std::string(kSchoolIdentity));
  const LoadResult result = loadSettingsFile(file.string());
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.http.web_root, (dir.path() / "build/web").string());
}

TEST(WebRootSettings, AListIsRefusedWithItsPlace) {
  EXPECT_THAT(schoolProblems("http:\n  web_root: [a, b]\n"),
              ElementsAre("cartable.yaml:2:13: http.web_root: expected a string, got a list"));
}

}  // namespace
}  // namespace cartable::config
