// Hostile or broken input must give problems, never a crash or a hang.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "config/loader.h"
#include "config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::kSchoolIdentity;
using testing::problemsOf;
using testing::schoolProblems;
using ::testing::SizeIs;

TEST(ConfigLoaderRobustness, DeeplyNestedFlowListsAreASyntaxError) {
  const std::string deep = "limits: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  const auto problems = problemsOf(deep + std::string(kSchoolIdentity));
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("YAML syntax error"));
}

TEST(ConfigLoaderRobustness, DeeplyNestedBlockMappingsAreASyntaxError) {
  std::string deep;
  for (int depth = 0; depth < 5000; ++depth) {
    deep += std::string(static_cast<std::size_t>(depth), ' ') + "k:\n";
  }
  const auto problems = problemsOf(deep);
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("YAML syntax error"));
}

TEST(ConfigLoaderRobustness, AliasesAreReadLikeTheAnchoredValue) {
  const LoadResult result = loadSettingsText(
      "sessions: {idle_minutes: &minutes 45}\nlimits: {keep_alive_seconds: "
      "*minutes}\n" +
          std::string(kSchoolIdentity),
      "cartable.yaml");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.limits.keep_alive_seconds, 45);
}

TEST(ConfigLoaderRobustness, SelfReferencingAliasIsReportedNotFollowed) {
  EXPECT_THAT(schoolProblems("limits: &loop {threads: *loop}\n"),
              ElementsAre("cartable.yaml:1:9: limits.threads: expected an integer from 1 to "
                          "1024, got a mapping"));
}

TEST(ConfigLoaderRobustness, AliasExpansionBombIsNotExpanded) {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 30; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [" + previous;
    for (int copy = 1; copy < 10; ++copy) bomb += ", " + previous;
    bomb += "]\n";
  }
  bomb += "limits: *a29\n";
  const auto problems = schoolProblems(bomb);
  EXPECT_EQ(problems.back(),
            "cartable.yaml:30:6: limits: expected a mapping of keys to values, got a list");
}

TEST(ConfigLoaderRobustness, UndefinedAliasIsASyntaxError) {
  EXPECT_THAT(schoolProblems("limits: *nowhere\n"),
              ElementsAre(HasSubstr("cartable.yaml:1:9: YAML syntax error: ")));
}

TEST(ConfigLoaderRobustness, HugeNumbersAreReportedNotWrapped) {
  const std::string numbers[] = {"18446744073709551616", "9223372036854775808",
                                 "-9223372036854775809", std::string(5000, '9')};
  for (const std::string& number : numbers) {
    const auto problems = schoolProblems("limits: {threads: " + number + "}\n");
    ASSERT_THAT(problems, SizeIs(1)) << number;
    EXPECT_THAT(problems[0], HasSubstr("limits.threads: expected an integer from 1 to 1024, got"));
  }
}

TEST(ConfigLoaderRobustness, ControlCharactersInValuesAreEscapedInMessages) {
  EXPECT_THAT(schoolProblems("logging: {level: \"in\\x01fo\\n\"}\n"),
              ElementsAre("cartable.yaml:1:18: logging.level: expected debug, info, warning or "
                          "error, got \"in\\x01fo\\x0a\""));
}

TEST(ConfigLoaderRobustness, LongValuesAreCutInMessages) {
  const auto problems = schoolProblems("logging: {level: " + std::string(10000, 'x') + "}\n");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_THAT(problems[0], HasSubstr("got \"" + std::string(60, 'x') + "\"..."));
}

TEST(ConfigLoaderRobustness, NulInsidePathIsReported) {
  EXPECT_THAT(schoolProblems("data_dir: \"/var/lib\\0/cartable\"\n"),
              ElementsAre("cartable.yaml:1:11: data_dir: a path cannot contain a NUL character"));
}

TEST(ConfigLoaderRobustness, ManyProblemsAreCappedAtAHundred) {
  std::string many;
  for (int index = 0; index < 1000; ++index) many += "unknown" + std::to_string(index) + ": 1\n";
  const auto problems = schoolProblems(many);
  ASSERT_THAT(problems, SizeIs(101));
  EXPECT_EQ(problems.back(), "cartable.yaml: too many problems; only the first 100 are shown");
}

TEST(ConfigLoaderRobustness, BinaryGarbageGivesProblemsNotCrashes) {
  std::mt19937 generator(20240901);  // fixed seed: the same garbage on every run
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 200; ++round) {
    std::string garbage(static_cast<std::size_t>(round * 13 % 700), '\0');
    for (char& c : garbage) c = static_cast<char>(byte(generator));
    const LoadResult result = loadSettingsText(garbage, "garbage.yaml");
    EXPECT_FALSE(result.ok()) << "round " << round;
  }
}

TEST(ConfigLoaderRobustness, MutatedValidFilesNeverCrash) {
  const std::string valid =
      "role: school\nschool: {uai: \"0541234Y\", name: X, academie: Y, "
      "department: \"54\"}\nlimits: {threads: 4, max_body_bytes: 2MiB}\n"
      "http:\n  listen: 127.0.0.1\n  plain_http: true\n";
  const std::string alphabet = "[]{}:,-?&*!|>'\"#%@` \n\t\\0aZ9~.";
  std::mt19937 generator(7);
  for (int round = 0; round < 1000; ++round) {
    std::string mutated = valid;
    std::uniform_int_distribution<std::size_t> position(0, mutated.size() - 1);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int edit = 0; edit < 3; ++edit) mutated[position(generator)] = alphabet[pick(generator)];
    const LoadResult result = loadSettingsText(mutated, "mutated.yaml");
    for (const auto& problem : result.problems) EXPECT_FALSE(problem.message.empty());
  }
}

TEST(ConfigLoaderRobustness, Utf16FileWithByteOrderMarkIsRead) {
  std::string utf16 = "\xFF\xFE";  // little-endian byte order mark
  for (char c : std::string(kSchoolIdentity)) {
    if (static_cast<unsigned char>(c) >= 0x80) continue;  // keep the test ASCII
    utf16 += c;
    utf16 += '\0';
  }
  const LoadResult result = loadSettingsText(utf16, "cartable.yaml");
  EXPECT_THAT(result.problems, IsEmpty());
}

}  // namespace
}  // namespace cartable::config
