// Each kind of problem, with the place, key and message a user would see.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "config/loader.h"
#include "config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::kSchoolIdentity;
using testing::problemsOf;
using testing::schoolProblems;
using testing::TempDir;

TEST(ConfigLoader, MissingFileIsReportedWithoutLine) {
  TempDir dir;
  const std::string path = (dir.path() / "absent.yaml").string();
  const LoadResult result = loadSettingsFile(path);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].line, 0);
  EXPECT_EQ(result.problems[0].toString(),
            path + ": cannot open the configuration file: No such file or directory");
}

TEST(ConfigLoader, UnreadableFileIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  const auto path = dir.write("cartable.yaml", kSchoolIdentity);
  std::filesystem::permissions(path, std::filesystem::perms::none);
  const LoadResult result = loadSettingsFile(path.string());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].toString(),
            path.string() + ": cannot open the configuration file: Permission denied");
}

TEST(ConfigLoader, PathThroughARegularFileIsReported) {
  TempDir dir;
  const auto file = dir.write("cartable.yaml", kSchoolIdentity);
  const std::string path = (file / "cartable.yaml").string();
  const LoadResult result = loadSettingsFile(path);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].toString(),
            path + ": cannot open the configuration file: Not a directory");
}

TEST(ConfigLoader, DirectoryInsteadOfFileIsReported) {
  TempDir dir;
  const LoadResult result = loadSettingsFile(dir.path().string());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].toString(),
            dir.path().string() + ": is a directory, expected a YAML configuration file");
}

TEST(ConfigLoader, FileLargerThanOneMebibyteIsRefused) {
  TempDir dir;
  const auto path = dir.write("cartable.yaml", std::string(1 << 20, '#') + "\n");
  const LoadResult result = loadSettingsFile(path.string());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].message,
            "the file is larger than 1 MiB; this is not a configuration file");
}

TEST(ConfigLoader, ProblemsInAFileNameThatFile) {
  TempDir dir;
  const auto path =
      dir.write("cartable.yaml", "limits: {threads: 0}\n" + std::string(kSchoolIdentity));
  const LoadResult result = loadSettingsFile(path.string());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].toString(),
            path.string() + ":1:19: limits.threads: expected an integer from 1 to 1024, got 0");
}

TEST(ConfigLoader, YamlSyntaxErrorGivesOneBasedPlace) {
  EXPECT_THAT(problemsOf("role: school\nschool: {uai: \"0541234Y\"\n  bad: [\n"),
              ElementsAre("cartable.yaml:3:3: YAML syntax error: end of map flow not found"));
  EXPECT_THAT(problemsOf("role: school\n  name: x\n"),
              ElementsAre("cartable.yaml:2:7: YAML syntax error: illegal map value"));
}

TEST(ConfigLoader, EmptyFileIsReported) {
  const std::string expected =
      "cartable.yaml: the file is empty; it needs at least \"role: school\" or \"role: hub\"";
  EXPECT_THAT(problemsOf(""), ElementsAre(expected));
  EXPECT_THAT(problemsOf("# only a comment\n"), ElementsAre(expected));
  EXPECT_THAT(problemsOf("---\n"), ElementsAre(expected));
}

TEST(ConfigLoader, TopLevelThatIsNotAMappingIsReported) {
  EXPECT_THAT(problemsOf("- role\n- school\n"),
              ElementsAre("cartable.yaml:1:1: the top level must be a mapping of keys to values "
                          "(role: ..., school: ...), got a list"));
  EXPECT_THAT(problemsOf("school\n"),
              ElementsAre("cartable.yaml:1:1: the top level must be a mapping of keys to values "
                          "(role: ..., school: ...), got \"school\""));
}

TEST(ConfigLoader, StrayCommaAtTopLevelIsASyntaxError) {
  EXPECT_THAT(problemsOf(",role: school\n"),
              ElementsAre("cartable.yaml:1:1: YAML syntax error: unexpected \",\""));
  EXPECT_THAT(problemsOf("[a],\n"),
              ElementsAre("cartable.yaml:1:4: YAML syntax error: unexpected \",\""));
}

TEST(ConfigLoader, SecondYamlDocumentIsReported) {
  EXPECT_THAT(problemsOf(std::string(kSchoolIdentity) + "---\nrole: hub\n"),
              ElementsAre("cartable.yaml:3:1: the file holds more than one YAML document; only "
                          "one is allowed"));
}

TEST(ConfigLoader, UnknownTopLevelKeySuggestsTheClosest) {
  EXPECT_THAT(schoolProblems("limit:\n  threads: 4\n"),
              ElementsAre("cartable.yaml:1:1: limit: unknown key; did you mean \"limits\"?"));
}

TEST(ConfigLoader, UnknownNestedKeySuggestsTheClosest) {
  EXPECT_THAT(schoolProblems("limits:\n  thread: 4\n"),
              ElementsAre("cartable.yaml:2:3: limits.thread: unknown key; did you mean "
                          "\"threads\"?"));
  EXPECT_THAT(schoolProblems("http:\n  prot: 80\n"),
              ElementsAre("cartable.yaml:2:3: http.prot: unknown key; did you mean \"port\"?"));
}

TEST(ConfigLoader, UnknownKeyFarFromAnyListsTheAllowedKeys) {
  EXPECT_THAT(schoolProblems("sessions:\n  colour: blue\n"),
              ElementsAre("cartable.yaml:2:3: sessions.colour: unknown key; allowed keys: "
                          "idle_minutes, absolute_hours, bearer_days"));
}

TEST(ConfigLoader, UnknownKeyInIdentitySectionIsReported) {
  EXPECT_THAT(problemsOf("role: school\nschool: {uai: \"0541234Y\", name: X, academie: Y, "
                         "department: \"54\", nmae: Z}\n"),
              ElementsAre("cartable.yaml:2:67: school.nmae: unknown key; did you mean \"name\"?"));
}

TEST(ConfigLoader, DuplicateKeyIsReportedAtItsSecondPlace) {
  EXPECT_THAT(schoolProblems("limits:\n  threads: 4\n  queue: 8\n  threads: 8\n"),
              ElementsAre("cartable.yaml:4:3: limits.threads: duplicate key; first given at "
                          "line 2"));
  EXPECT_THAT(schoolProblems("data_dir: /a\ndata_dir: /b\n"),
              ElementsAre("cartable.yaml:2:1: data_dir: duplicate key; first given at line 1"));
}

TEST(ConfigLoader, KeyThatIsNotANameIsReported) {
  EXPECT_THAT(schoolProblems("limits:\n  ? [threads]\n  : 4\n"),
              ElementsAre("cartable.yaml:2:5: limits: expected a key name, got a list as a key"));
}

TEST(ConfigLoader, WordWhereIntegerExpectedIsReported) {
  EXPECT_THAT(schoolProblems("limits:\n  threads: lots\n"),
              ElementsAre("cartable.yaml:2:12: limits.threads: expected an integer from 1 to "
                          "1024, got \"lots\""));
}

TEST(ConfigLoader, DecimalOrOtherNumberFormsAreNotIntegers) {
  EXPECT_THAT(schoolProblems("limits: {threads: 4.5}\nsessions: {bearer_days: 0x10}\n"),
              ElementsAre("cartable.yaml:1:19: limits.threads: expected an integer from 1 to "
                          "1024, got \"4.5\"",
                          "cartable.yaml:2:25: sessions.bearer_days: expected an integer from 1 "
                          "to 365, got \"0x10\""));
}

TEST(ConfigLoader, MappingOrListWhereScalarExpectedIsReported) {
  EXPECT_THAT(schoolProblems("http:\n  port: {number: 80}\n  listen: [0.0.0.0]\n"),
              ElementsAre("cartable.yaml:2:9: http.port: expected an integer from 0 to 65535, "
                          "got a mapping",
                          "cartable.yaml:3:11: http.listen: expected a string, got a list"));
}

TEST(ConfigLoader, TrustedProxiesAreAListOfAddressesEachBadOneNamed) {
  EXPECT_THAT(schoolProblems("http:\n  trusted_proxies: [127.0.0.1, nginx.local, \"::1\"]\n"),
              ElementsAre("cartable.yaml:2:32: http.trusted_proxies[1]: expected the IPv4 or "
                          "IPv6 address of a reverse proxy such as 127.0.0.1, got "
                          "\"nginx.local\""));
  EXPECT_THAT(schoolProblems("http:\n  trusted_proxies: 127.0.0.1\n"),
              ElementsAre("cartable.yaml:2:20: http.trusted_proxies: expected a list of IP "
                          "addresses such as [127.0.0.1], got \"127.0.0.1\""));
}

TEST(ConfigLoader, EmptyValueWhereIntegerExpectedIsReportedAtItsKey) {
  EXPECT_THAT(schoolProblems("limits:\n  threads:\n"),
              ElementsAre("cartable.yaml:2:3: limits.threads: expected an integer from 1 to "
                          "1024, got an empty value"));
}

TEST(ConfigLoader, BooleansMustBeTrueOrFalse) {
  EXPECT_THAT(schoolProblems("logging:\n  access_log: yes\n  level: info\n"),
              ElementsAre("cartable.yaml:2:15: logging.access_log: expected true or false, got "
                          "\"yes\""));
  EXPECT_THAT(schoolProblems("http: {plain_http: 1}\n"),
              ElementsAre("cartable.yaml:1:20: http.plain_http: expected true or false, got "
                          "\"1\""));
}

TEST(ConfigLoader, SectionThatIsNotAMappingIsReported) {
  EXPECT_THAT(schoolProblems("limits: 5\n"),
              ElementsAre("cartable.yaml:1:9: limits: expected a mapping of keys to values, got "
                          "\"5\""));
}

TEST(ConfigLoader, LogLevelOutsideTheListIsReported) {
  EXPECT_THAT(schoolProblems("logging: {level: warn}\n"),
              ElementsAre("cartable.yaml:1:18: logging.level: expected debug, info, warning or "
                          "error, got \"warn\""));
}

TEST(ConfigLoader, NumbersOutOfRangeAreReported) {
  EXPECT_THAT(
      schoolProblems(
          "limits:\n  threads: 0\n  queue: 70000\npasswords:\n  argon2_memory_kib: 1024\n"
          "  argon2_iterations: 1\n"),
      ElementsAre(
          "cartable.yaml:2:12: limits.threads: expected an integer from 1 to 1024, got 0",
          "cartable.yaml:3:10: limits.queue: expected an integer from 1 to 65536, got 70000",
          "cartable.yaml:5:22: passwords.argon2_memory_kib: expected an integer from 19456 to "
          "4194304, got 1024",
          "cartable.yaml:6:22: passwords.argon2_iterations: expected an integer from 2 to 100, "
          "got 1"));
}

TEST(ConfigLoader, NegativeNumbersAreReported) {
  EXPECT_THAT(schoolProblems("sessions:\n  idle_minutes: -5\nhttp:\n  port: -1\n"),
              ElementsAre("cartable.yaml:2:17: sessions.idle_minutes: expected an integer from 1 "
                          "to 1440, got -5",
                          "cartable.yaml:4:9: http.port: expected an integer from 0 to 65535, "
                          "got -1"));
}

TEST(ConfigLoader, NumbersTooLargeForAnyIntegerAreReported) {
  EXPECT_THAT(schoolProblems("http: {port: 99999999999999999999999999}\n"),
              ElementsAre("cartable.yaml:1:14: http.port: expected an integer from 0 to 65535, "
                          "got 99999999999999999999999999"));
}

TEST(ConfigLoader, PortAboveRangeIsNotTruncated) {
  const LoadResult result =
      loadSettingsText("http: {port: 65536}\n" + std::string(kSchoolIdentity), "cartable.yaml");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].key, "http.port");
}

TEST(ConfigLoader, ByteSizesOutOfRangeOrMalformedAreReported) {
  EXPECT_THAT(
      schoolProblems("limits:\n  max_body_bytes: 128MiB\n  max_upload_bytes: 50MB\n"),
      ElementsAre("cartable.yaml:2:19: limits.max_body_bytes: expected a size from 1KiB to 64MiB "
                  "(a number of bytes, or a number with a KiB, MiB or GiB suffix), got \"128MiB\"",
                  "cartable.yaml:3:21: limits.max_upload_bytes: expected a size from 1KiB to "
                  "4GiB (a number of bytes, or a number with a KiB, MiB or GiB suffix), got "
                  "\"50MB\""));
  EXPECT_THAT(schoolProblems("limits: {max_body_bytes: 512}\n"),
              ElementsAre("cartable.yaml:1:26: limits.max_body_bytes: expected a size from 1KiB "
                          "to 64MiB (a number of bytes, or a number with a KiB, MiB or GiB "
                          "suffix), got 512"));
}

TEST(ConfigLoader, ByteSizeThatOverflowsIsReported) {
  EXPECT_THAT(schoolProblems("limits: {max_upload_bytes: 99999999999GiB}\n"),
              ElementsAre("cartable.yaml:1:28: limits.max_upload_bytes: expected a size from "
                          "1KiB to 4GiB (a number of bytes, or a number with a KiB, MiB or GiB "
                          "suffix), got \"99999999999GiB\""));
}

TEST(ConfigLoader, UaiWithWrongCheckLetterNamesTheRightOne) {
  EXPECT_THAT(problemsOf("role: school\nschool:\n  uai: \"0541234X\"\n  name: X\n  academie: Y\n"
                         "  department: \"54\"\n"),
              ElementsAre("cartable.yaml:3:8: school.uai: invalid UAI \"0541234X\": the check "
                          "letter for 0541234 should be \"Y\", got \"X\""));
}

TEST(ConfigLoader, UaiOfWrongShapeIsReported) {
  const auto uaiProblems = [](const std::string& uai) {
    return problemsOf("role: school\nschool: {uai: " + uai +
                      ", name: X, academie: Y, department: \"54\"}\n");
  };
  EXPECT_THAT(uaiProblems("\"054123Y\""),
              ElementsAre("cartable.yaml:2:15: school.uai: invalid UAI \"054123Y\": a UAI has 8 "
                          "characters (7 digits and a check letter), got 7"));
  EXPECT_THAT(uaiProblems("\"05412A4Y\""),
              ElementsAre("cartable.yaml:2:15: school.uai: invalid UAI \"05412A4Y\": the first 7 "
                          "characters of a UAI must be digits, got \"A\" at position 6"));
}

TEST(ConfigLoader, InvalidDepartmentCodesAreReported) {
  for (const char* code : {"20", "00", "96", "977", "2C", "2a", "5", "054"}) {
    EXPECT_THAT(problemsOf("role: school\nschool: {uai: \"0541234Y\", name: X, academie: Y, "
                           "department: \"" +
                           std::string(code) + "\"}\n"),
                ElementsAre("cartable.yaml:2:61: school.department: expected an INSEE department "
                            "code (01 to 95, 2A, 2B, or 971 to 976), got \"" +
                            std::string(code) + "\""))
        << code;
  }
}

TEST(ConfigLoader, EmptySchoolNameIsReported) {
  EXPECT_THAT(problemsOf("role: school\nschool:\n  uai: \"0541234Y\"\n  name: \"  \"\n"
                         "  academie: Nancy-Metz\n  department: \"54\"\n"),
              ElementsAre("cartable.yaml:4:9: school.name: must not be empty"));
  EXPECT_THAT(problemsOf("role: school\nschool:\n  uai: \"0541234Y\"\n  name:\n"
                         "  academie: Nancy-Metz\n  department: \"54\"\n"),
              ElementsAre("cartable.yaml:4:3: school.name: must not be empty"));
}

TEST(ConfigLoader, MissingIdentityKeysAreReportedAtTheSection) {
  EXPECT_THAT(problemsOf("role: school\nschool:\n  uai: \"0541234Y\"\n"),
              ElementsAre("cartable.yaml:2:1: school.name: missing required key",
                          "cartable.yaml:2:1: school.academie: missing required key",
                          "cartable.yaml:2:1: school.department: missing required key"));
  EXPECT_THAT(problemsOf("role: hub\nhub:\n  name: Hub Grand Est\n"),
              ElementsAre("cartable.yaml:2:1: hub.region: missing required key"));
}

TEST(ConfigLoader, MissingRoleIsReported) {
  EXPECT_THAT(problemsOf("school: {uai: \"0541234Y\", name: X, academie: Y, department: \"54\"}\n"),
              ElementsAre("cartable.yaml: role: missing required key; expected \"role: school\" "
                          "or \"role: hub\""));
}

TEST(ConfigLoader, UnknownRoleIsReported) {
  EXPECT_THAT(problemsOf("role: college\n"),
              ElementsAre("cartable.yaml:1:7: role: expected school or hub, got \"college\""));
}

TEST(ConfigLoader, MissingIdentitySectionIsReportedAtTheRole) {
  EXPECT_THAT(problemsOf("role: school\n"),
              ElementsAre("cartable.yaml:1:7: school: missing section; role \"school\" requires "
                          "a school section (uai, name, academie, department)"));
  EXPECT_THAT(problemsOf("role: hub\n"),
              ElementsAre("cartable.yaml:1:7: hub: missing section; role \"hub\" requires a hub "
                          "section (name, region)"));
}

TEST(ConfigLoader, SchoolSectionWithHubRoleIsRefused) {
  EXPECT_THAT(problemsOf("role: hub\nhub: {name: H, region: R}\nschool: {uai: \"0541234Y\", "
                         "name: X, academie: Y, department: \"54\"}\n"),
              ElementsAre("cartable.yaml:3:1: school: not allowed when role is \"hub\"; the "
                          "school section belongs to role: school"));
}

TEST(ConfigLoader, HubSectionWithSchoolRoleIsRefused) {
  EXPECT_THAT(schoolProblems("hub:\n  name: H\n  region: R\n"),
              ElementsAre("cartable.yaml:1:1: hub: not allowed when role is \"school\"; the hub "
                          "section belongs to role: hub"));
}

TEST(ConfigLoader, PlainHttpOnNetworkAddressIsRefused) {
  EXPECT_THAT(schoolProblems("http:\n  listen: 0.0.0.0\n  plain_http: true\n"),
              ElementsAre("cartable.yaml:3:15: http.plain_http: plain HTTP is only allowed on a "
                          "loopback address (127.0.0.0/8 or ::1), but http.listen is "
                          "\"0.0.0.0\"; serving plain HTTP on the network is refused because TLS "
                          "is required there"));
  EXPECT_THAT(schoolProblems("http: {listen: \"::\", plain_http: true}\n"), ::testing::SizeIs(1));
  EXPECT_THAT(schoolProblems("http: {listen: 128.0.0.1, plain_http: true}\n"),
              ::testing::SizeIs(1));
}

TEST(ConfigLoader, ListenAddressMustBeAnIpLiteral) {
  EXPECT_THAT(schoolProblems("http:\n  listen: localhost\n"),
              ElementsAre("cartable.yaml:2:11: http.listen: expected an IPv4 or IPv6 address "
                          "such as 0.0.0.0, 127.0.0.1 or ::, got \"localhost\""));
  EXPECT_THAT(schoolProblems("federation: {listen_address: \"[::]\"}\n"),
              ElementsAre("cartable.yaml:1:30: federation.listen_address: expected an IPv4 or "
                          "IPv6 address such as 0.0.0.0, 127.0.0.1 or ::, got \"[::]\""));
}

TEST(ConfigLoader, HubAddressWithoutValidPortIsReported) {
  const auto hubAddressProblems = [](const std::string& address) {
    return schoolProblems("federation: {hub_address: \"" + address + "\"}\n");
  };
  const std::string prefix =
      "cartable.yaml:1:27: federation.hub_address: expected host:port with a port from 1 to "
      "65535, got ";
  EXPECT_THAT(hubAddressProblems("hub.example.org"),
              ElementsAre(prefix + "\"hub.example.org\": the port is missing"));
  EXPECT_THAT(hubAddressProblems("hub:0"),
              ElementsAre(prefix + "\"hub:0\": the port must be a number from 1 to 65535"));
  EXPECT_THAT(hubAddressProblems("hub:65536"),
              ElementsAre(prefix + "\"hub:65536\": the port must be a number from 1 to 65535"));
  EXPECT_THAT(hubAddressProblems(":7443"), ElementsAre(prefix + "\":7443\": the host is empty"));
  EXPECT_THAT(hubAddressProblems("::1:7443"),
              ElementsAre(prefix + "\"::1:7443\": an IPv6 address must be written in brackets, "
                                   "e.g. [2001:db8::1]:7443"));
  EXPECT_THAT(hubAddressProblems("hub_1.example:7443"),
              ElementsAre(prefix + "\"hub_1.example:7443\": the host is neither a host name "
                                   "(letters, digits, '-' and '.') nor an IP address"));
}

TEST(ConfigLoader, EmptyDataDirIsReported) {
  EXPECT_THAT(schoolProblems("data_dir: \"\"\n"),
              ElementsAre("cartable.yaml:1:11: data_dir: must not be empty: the node keeps its "
                          "database and keys there"));
}

TEST(ConfigLoader, EveryProblemIsReportedInFileOrder) {
  EXPECT_THAT(problemsOf("role: school\n"
                         "school:\n"
                         "  uai: \"0541234X\"\n"
                         "  name: \"\"\n"
                         "  academie: Nancy-Metz\n"
                         "  department: \"54\"\n"
                         "sessions: {bearer_days: 0}\n"
                         "limits: {threads: lots, treads: 4}\n"),
              ElementsAre("cartable.yaml:3:8: school.uai: invalid UAI \"0541234X\": the check "
                          "letter for 0541234 should be \"Y\", got \"X\"",
                          "cartable.yaml:4:9: school.name: must not be empty",
                          "cartable.yaml:7:25: sessions.bearer_days: expected an integer from 1 "
                          "to 365, got 0",
                          "cartable.yaml:8:19: limits.threads: expected an integer from 1 to "
                          "1024, got \"lots\"",
                          "cartable.yaml:8:25: limits.treads: unknown key; did you mean "
                          "\"threads\"?"));
}

TEST(ConfigLoader, ProblemCarriesItsPartsSeparately) {
  const LoadResult result = loadSettingsText(
      "limits:\n  threads: lots\n" + std::string(kSchoolIdentity), "/etc/cartable/cartable.yaml");
  ASSERT_EQ(result.problems.size(), 1u);
  const ConfigProblem& problem = result.problems[0];
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(problem.file, "/etc/cartable/cartable.yaml");
  EXPECT_EQ(problem.line, 2);
  EXPECT_EQ(problem.column, 12);
  EXPECT_EQ(problem.key, "limits.threads");
  EXPECT_EQ(problem.message, "expected an integer from 1 to 1024, got \"lots\"");
}

}  // namespace
}  // namespace cartable::config
