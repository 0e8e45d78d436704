// The `documents` section of cartable.yaml: quotas, their defaults, ranges
// and the rule that one person's quota fits in the school's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "../config/config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::loadSchool;
using testing::schoolProblems;

TEST(DocumentsConfig, QuotasDefaultTo500MiBPerPersonAnd200GiBPerSchool) {
  const LoadResult result = loadSchool("");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.documents.user_quota_bytes, 500ull << 20);
  EXPECT_EQ(result.settings.documents.school_quota_bytes, 200ull << 30);
}

TEST(DocumentsConfig, QuotasAreSizes) {
  const LoadResult result =
      loadSchool("documents:\n  user_quota_bytes: 1GiB\n  school_quota_bytes: 2048 GiB\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.documents.user_quota_bytes, 1ull << 30);
  EXPECT_EQ(result.settings.documents.school_quota_bytes, 2048ull << 30);
}

TEST(DocumentsConfig, QuotasOutsideTheirRangeAreRefusedWithTheRange) {
  EXPECT_THAT(schoolProblems("documents:\n  user_quota_bytes: 512KiB\n"),
              ElementsAre("cartable.yaml:2:21: documents.user_quota_bytes: expected a size from "
                          "1MiB to 1024GiB (a number of bytes, or a number with a KiB, MiB or GiB "
                          "suffix), got \"512KiB\""));
  EXPECT_THAT(schoolProblems("documents:\n  school_quota_bytes: 100TB\n"),
              ElementsAre("cartable.yaml:2:23: documents.school_quota_bytes: expected a size "
                          "from 1MiB to 65536GiB (a number of bytes, or a number with a KiB, MiB "
                          "or GiB suffix), got \"100TB\""));
}

TEST(DocumentsConfig, OnePersonsQuotaCannotExceedTheSchools) {
  EXPECT_THAT(schoolProblems("documents:\n  user_quota_bytes: 2GiB\n  school_quota_bytes: 1GiB\n"),
              ElementsAre("cartable.yaml:2:21: documents.user_quota_bytes: one person's quota "
                          "(2GiB) cannot be larger than the school's "
                          "(documents.school_quota_bytes: 1GiB)"));
  // Only the school's is set: it is the one at fault against the default.
  EXPECT_THAT(schoolProblems("documents:\n  school_quota_bytes: 100MiB\n"),
              ElementsAre("cartable.yaml:2:23: documents.school_quota_bytes: the school's quota "
                          "(100MiB) cannot be smaller than one person's "
                          "(documents.user_quota_bytes: 500MiB)"));
}

TEST(DocumentsConfig, UnknownKeysAreRefusedListingTheKnownOnes) {
  EXPECT_THAT(schoolProblems("documents: {zzzzzzzzzz: 1}\n"),
              ElementsAre("cartable.yaml:1:13: documents.zzzzzzzzzz: unknown key; allowed keys: "
                          "user_quota_bytes, school_quota_bytes"));
}

TEST(DocumentsConfig, TheSchoolExampleAndTheReferenceShowEveryKeyWithItsDefault) {
  ASSERT_FALSE(testing::sourceDir().empty()) << "CARTABLE_SOURCE_DIR is not set";
  const auto example = testing::sourceDir() / "config/examples/school.yaml";
  const LoadResult loaded = loadSettingsFile(example.string());
  ASSERT_THAT(loaded.problems, IsEmpty());
  const DocumentSettings defaults;
  EXPECT_EQ(loaded.settings.documents.user_quota_bytes, defaults.user_quota_bytes);
  EXPECT_EQ(loaded.settings.documents.school_quota_bytes, defaults.school_quota_bytes);
  std::ifstream in(testing::sourceDir() / "config/REFERENCE.md");
  const std::string reference((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  EXPECT_THAT(reference, HasSubstr("## `documents`"));
  EXPECT_THAT(reference, HasSubstr("| `user_quota_bytes` |"));
  EXPECT_THAT(reference, HasSubstr("| `school_quota_bytes` |"));
}

}  // namespace
}  // namespace cartable::config
