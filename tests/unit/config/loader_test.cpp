#include "config/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "config_test_support.h"

namespace cartable::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::kSchoolIdentity;
using testing::loadSchool;
using testing::TempDir;

constexpr std::string_view kFullSchool = R"(role: school
school:
  uai: "0750654D"
  name: "Lycée Henri-IV"
  academie: Paris
  department: "75"
data_dir: /srv/cartable
http:
  listen: "::"
  port: 443
  plain_http: false
  tls_certificate: /etc/ssl/cartable.pem
  tls_private_key: /etc/ssl/private/cartable.key
  trusted_proxies: [127.0.0.1, "::1"]
limits:
  threads: 8
  queue: 128
  max_body_bytes: 2MiB
  max_upload_bytes: 1GiB
  max_json_depth: 16
  max_header_fields: 100
  keep_alive_seconds: 10
  request_timeout_seconds: 60
  max_connections_per_address: 500
  max_live_streams: 2500
passwords:
  argon2_memory_kib: 65536
  argon2_iterations: 3
  min_length: 12
  max_failures_per_account: 10
  max_failures_per_address: 100
  throttle_window_seconds: 600
sessions:
  idle_minutes: 15
  absolute_hours: 8
  bearer_days: 90
logging:
  level: warning
  access_log: false
federation:
  hub_address: "hub.grand-est.example:7443"
  keys_dir: /srv/cartable/federation-keys
)";

TEST(ConfigLoader, FullSchoolFileGivesEveryTypedValue) {
  const LoadResult result = loadSettingsText(kFullSchool, "cartable.yaml");
  ASSERT_THAT(result.problems, IsEmpty());
  const Settings& s = result.settings;
  EXPECT_EQ(s.role, Role::school);
  ASSERT_TRUE(s.school.has_value());
  EXPECT_EQ(s.school->uai, "0750654D");
  EXPECT_EQ(s.school->name, "Lycée Henri-IV");
  EXPECT_EQ(s.school->academie, "Paris");
  EXPECT_EQ(s.school->department, "75");
  EXPECT_FALSE(s.hub.has_value());
  EXPECT_EQ(s.data_dir, "/srv/cartable");
  EXPECT_EQ(s.databasePath(), "/srv/cartable/cartable.db");
  EXPECT_EQ(s.http.listen_address, "::");
  EXPECT_EQ(s.http.port, 443);
  EXPECT_FALSE(s.http.plain_http);
  EXPECT_EQ(s.http.trusted_proxies, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(s.certificatePath(), "/etc/ssl/cartable.pem");
  EXPECT_EQ(s.privateKeyPath(), "/etc/ssl/private/cartable.key");
  EXPECT_EQ(s.limits.threads, 8);
  EXPECT_EQ(s.limits.queue, 128);
  EXPECT_EQ(s.limits.max_body_bytes, 2u << 20);
  EXPECT_EQ(s.limits.max_upload_bytes, 1u << 30);
  EXPECT_EQ(s.limits.max_json_depth, 16);
  EXPECT_EQ(s.limits.max_header_fields, 100);
  EXPECT_EQ(s.limits.keep_alive_seconds, 10);
  EXPECT_EQ(s.limits.request_timeout_seconds, 60);
  EXPECT_EQ(s.limits.max_connections_per_address, 500);
  EXPECT_EQ(s.limits.max_live_streams, 2500);
  EXPECT_EQ(s.passwords.argon2_memory_kib, 65536u);
  EXPECT_EQ(s.passwords.argon2_iterations, 3u);
  EXPECT_EQ(s.passwords.min_length, 12u);
  EXPECT_EQ(s.passwords.max_failures_per_account, 10u);
  EXPECT_EQ(s.passwords.max_failures_per_address, 100u);
  EXPECT_EQ(s.passwords.throttle_window_seconds, 600u);
  EXPECT_EQ(s.sessions.idle_minutes, 15u);
  EXPECT_EQ(s.sessions.absolute_hours, 8u);
  EXPECT_EQ(s.sessions.bearer_days, 90u);
  EXPECT_EQ(s.logging.level, LogLevel::warning);
  EXPECT_FALSE(s.logging.access_log);
  EXPECT_EQ(s.federation.hub_address, "hub.grand-est.example:7443");
  EXPECT_EQ(s.keysDir(), "/srv/cartable/federation-keys");
}

TEST(ConfigLoader, FullHubFileGivesEveryTypedValue) {
  const LoadResult result = loadSettingsText(R"(role: hub
hub:
  name: "Hub Grand Est"
  region: "Grand Est"
data_dir: /var/lib/cartable-hub
http:
  listen: 127.0.0.1
  port: 8080
  plain_http: true
logging: {level: debug, access_log: true}
federation:
  listen_address: "2001:db8::10"
  listen_port: 7000
)",
                                             "hub.yaml");
  ASSERT_THAT(result.problems, IsEmpty());
  const Settings& s = result.settings;
  EXPECT_EQ(s.role, Role::hub);
  ASSERT_TRUE(s.hub.has_value());
  EXPECT_EQ(s.hub->name, "Hub Grand Est");
  EXPECT_EQ(s.hub->region, "Grand Est");
  EXPECT_FALSE(s.school.has_value());
  EXPECT_EQ(s.data_dir, "/var/lib/cartable-hub");
  EXPECT_EQ(s.http.listen_address, "127.0.0.1");
  EXPECT_EQ(s.http.port, 8080);
  EXPECT_TRUE(s.http.plain_http);
  EXPECT_EQ(s.logging.level, LogLevel::debug);
  EXPECT_TRUE(s.logging.access_log);
  EXPECT_EQ(s.federation.listen_address, "2001:db8::10");
  EXPECT_EQ(s.federation.listen_port, 7000);
  EXPECT_EQ(s.federation.hub_address, "");
}

TEST(ConfigLoader, AbsentSectionsTakeTheDefaultsOfSettingsH) {
  const LoadResult result = loadSettingsText(kSchoolIdentity, "cartable.yaml");
  ASSERT_THAT(result.problems, IsEmpty());
  const Settings defaults;
  const Settings& s = result.settings;
  EXPECT_EQ(s.data_dir, "/var/lib/cartable");
  EXPECT_EQ(s.http.listen_address, "127.0.0.1");
  EXPECT_EQ(s.http.port, 8443);
  EXPECT_FALSE(s.http.plain_http);
  EXPECT_EQ(s.certificatePath(), "/var/lib/cartable/tls/cert.pem");
  EXPECT_EQ(s.privateKeyPath(), "/var/lib/cartable/tls/key.pem");
  EXPECT_EQ(s.keysDir(), "/var/lib/cartable/keys");
  EXPECT_EQ(s.limits.threads, defaults.limits.threads);
  EXPECT_EQ(s.limits.max_body_bytes, 1u << 20);
  EXPECT_EQ(s.limits.max_upload_bytes, 50u << 20);
  EXPECT_EQ(s.passwords.argon2_memory_kib, 19456u);
  EXPECT_EQ(s.passwords.argon2_iterations, 2u);
  EXPECT_EQ(s.sessions.idle_minutes, 30u);
  EXPECT_EQ(s.logging.level, LogLevel::info);
  EXPECT_TRUE(s.logging.access_log);
  EXPECT_EQ(s.federation.hub_address, "");
  EXPECT_EQ(s.federation.listen_address, "0.0.0.0");
  EXPECT_EQ(s.federation.listen_port, 7443);
}

TEST(ConfigLoader, EmptySectionsTakeTheDefaults) {
  const LoadResult result = loadSchool("limits:\nhttp: {}\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.limits.threads, 32);
  EXPECT_EQ(result.settings.http.port, 8443);
}

TEST(ConfigLoader, ExampleSchoolFileLoadsWithoutProblems) {
  ASSERT_FALSE(testing::sourceDir().empty()) << "CARTABLE_SOURCE_DIR is not set";
  const auto path = testing::sourceDir() / "config/examples/school.yaml";
  const LoadResult result = loadSettingsFile(path.string());
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.role, Role::school);
  ASSERT_TRUE(result.settings.school.has_value());
  EXPECT_EQ(result.settings.school->uai, "0541234Y");
  EXPECT_EQ(result.settings.school->name, "Collège Jean Moulin");
}

TEST(ConfigLoader, ExampleHubFileLoadsWithoutProblems) {
  ASSERT_FALSE(testing::sourceDir().empty()) << "CARTABLE_SOURCE_DIR is not set";
  const auto path = testing::sourceDir() / "config/examples/hub.yaml";
  const LoadResult result = loadSettingsFile(path.string());
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.role, Role::hub);
  ASSERT_TRUE(result.settings.hub.has_value());
  EXPECT_EQ(result.settings.hub->name, "Hub Grand Est");
}

TEST(ConfigLoader, ExampleFilesShowEveryDefault) {
  // Apart from the identity and http.listen, the examples restate the defaults.
  for (const char* name : {"school.yaml", "hub.yaml"}) {
    const auto path = testing::sourceDir() / "config/examples" / name;
    const Settings loaded = loadSettingsFile(path.string()).settings;
    const Settings defaults;
    EXPECT_EQ(loaded.data_dir, defaults.data_dir) << name;
    EXPECT_EQ(loaded.http.listen_address, "0.0.0.0") << name;
    EXPECT_EQ(loaded.http.port, defaults.http.port) << name;
    EXPECT_EQ(loaded.http.tls_certificate, defaults.http.tls_certificate) << name;
    EXPECT_EQ(loaded.http.web_root, defaults.http.web_root) << name;
    EXPECT_EQ(loaded.limits.threads, defaults.limits.threads) << name;
    EXPECT_EQ(loaded.limits.queue, defaults.limits.queue) << name;
    EXPECT_EQ(loaded.limits.max_body_bytes, defaults.limits.max_body_bytes) << name;
    EXPECT_EQ(loaded.limits.max_upload_bytes, defaults.limits.max_upload_bytes) << name;
    EXPECT_EQ(loaded.limits.max_json_depth, defaults.limits.max_json_depth) << name;
    EXPECT_EQ(loaded.limits.max_header_fields, defaults.limits.max_header_fields) << name;
    EXPECT_EQ(loaded.limits.keep_alive_seconds, defaults.limits.keep_alive_seconds) << name;
    EXPECT_EQ(loaded.limits.request_timeout_seconds, defaults.limits.request_timeout_seconds)
        << name;
    EXPECT_EQ(loaded.limits.max_connections_per_address,
              defaults.limits.max_connections_per_address)
        << name;
    EXPECT_EQ(loaded.limits.max_live_streams, defaults.limits.max_live_streams) << name;
    EXPECT_EQ(loaded.passwords.argon2_memory_kib, defaults.passwords.argon2_memory_kib) << name;
    EXPECT_EQ(loaded.passwords.argon2_iterations, defaults.passwords.argon2_iterations) << name;
    EXPECT_EQ(loaded.passwords.min_length, defaults.passwords.min_length) << name;
    EXPECT_EQ(loaded.passwords.max_failures_per_account,
              defaults.passwords.max_failures_per_account)
        << name;
    EXPECT_EQ(loaded.passwords.max_failures_per_address,
              defaults.passwords.max_failures_per_address)
        << name;
    EXPECT_EQ(loaded.passwords.throttle_window_seconds, defaults.passwords.throttle_window_seconds)
        << name;
    EXPECT_EQ(loaded.sessions.idle_minutes, defaults.sessions.idle_minutes) << name;
    EXPECT_EQ(loaded.sessions.absolute_hours, defaults.sessions.absolute_hours) << name;
    EXPECT_EQ(loaded.sessions.bearer_days, defaults.sessions.bearer_days) << name;
    EXPECT_EQ(loaded.logging.level, defaults.logging.level) << name;
    EXPECT_EQ(loaded.logging.access_log, defaults.logging.access_log) << name;
    EXPECT_EQ(loaded.federation.hub_address, defaults.federation.hub_address) << name;
    EXPECT_EQ(loaded.federation.listen_address, defaults.federation.listen_address) << name;
    EXPECT_EQ(loaded.federation.listen_port, defaults.federation.listen_port) << name;
    EXPECT_EQ(loaded.federation.keys_dir, defaults.federation.keys_dir) << name;
  }
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(ConfigLoader, ExamplesAndReferenceNameEveryKey) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> sections = {
      {"http",
       {"listen", "port", "plain_http", "tls_certificate", "tls_private_key", "trusted_proxies",
        "web_root"}},
      {"limits",
       {"threads", "queue", "max_body_bytes", "max_upload_bytes", "max_json_depth",
        "max_header_fields", "keep_alive_seconds", "request_timeout_seconds",
        "max_connections_per_address", "max_live_streams"}},
      {"passwords",
       {"argon2_memory_kib", "argon2_iterations", "min_length", "max_failures_per_account",
        "max_failures_per_address", "throttle_window_seconds"}},
      {"sessions", {"idle_minutes", "absolute_hours", "bearer_days"}},
      {"logging", {"level", "access_log"}},
      {"federation", {"hub_address", "listen_address", "listen_port", "keys_dir"}},
  };
  const std::string reference = readText(testing::sourceDir() / "config/REFERENCE.md");
  const std::string school = readText(testing::sourceDir() / "config/examples/school.yaml");
  const std::string hub = readText(testing::sourceDir() / "config/examples/hub.yaml");
  for (const auto& [section, keys] : sections) {
    // The loader's own list of allowed keys, so that a new key cannot be missed here.
    std::string allowed;
    for (const auto& key : keys) allowed += (allowed.empty() ? "" : ", ") + key;
    EXPECT_THAT(testing::schoolProblems(section + ": {zzzzzzzzzz: 1}\n"),
                ElementsAre("cartable.yaml:1:" + std::to_string(section.size() + 4) + ": " +
                            section + ".zzzzzzzzzz: unknown key; allowed keys: " + allowed));
    EXPECT_THAT(reference, HasSubstr("## `" + section + "`"));
    EXPECT_THAT(school, HasSubstr("\n" + section + ":\n"));
    EXPECT_THAT(hub, HasSubstr("\n" + section + ":\n"));
    for (const auto& key : keys) {
      EXPECT_THAT(reference, HasSubstr("| `" + key + "` |")) << section << "." << key;
      EXPECT_THAT(school, HasSubstr("\n  " + key + ":")) << section << "." << key;
      EXPECT_THAT(hub, HasSubstr("\n  " + key + ":")) << section << "." << key;
    }
  }
}

TEST(ConfigLoader, ByteSizesAcceptBytesAndBinarySuffixes) {
  const auto sizeOf = [](std::string_view value) {
    return loadSchool("limits: {max_upload_bytes: " + std::string(value) + "}\n")
        .settings.limits.max_upload_bytes;
  };
  EXPECT_EQ(sizeOf("2048"), 2048u);
  EXPECT_EQ(sizeOf("\"4096\""), 4096u);
  EXPECT_EQ(sizeOf("64KiB"), 64u * 1024);
  EXPECT_EQ(sizeOf("50MiB"), 50u * 1024 * 1024);
  EXPECT_EQ(sizeOf("\"50 MiB\""), 50u * 1024 * 1024);
  EXPECT_EQ(sizeOf("4GiB"), 4ull * 1024 * 1024 * 1024);
}

TEST(ConfigLoader, RelativePathsAreTakenFromTheFileDirectory) {
  TempDir dir;
  const auto file = dir.write("etc/cartable.yaml", std::string(R"(data_dir: ../data/
http:
  tls_certificate: tls/cert.pem
  tls_private_key: ./tls/../tls/key.pem
federation:
  keys_dir: keys
)") + std::string(kSchoolIdentity));
  const LoadResult result = loadSettingsFile(file.string());
  ASSERT_THAT(result.problems, IsEmpty());
  const std::string etc = (dir.path() / "etc").string();
  EXPECT_EQ(result.settings.data_dir, (dir.path() / "data").string());
  EXPECT_EQ(result.settings.http.tls_certificate, etc + "/tls/cert.pem");
  EXPECT_EQ(result.settings.http.tls_private_key, etc + "/tls/key.pem");
  EXPECT_EQ(result.settings.federation.keys_dir, etc + "/keys");
}

TEST(ConfigLoader, RelativePathsInTextAreTakenFromTheCurrentDirectory) {
  const LoadResult result = loadSchool("data_dir: state\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.data_dir, (std::filesystem::current_path() / "state").string());
}

TEST(ConfigLoader, AbsolutePathsAreKeptWithoutTrailingSlash) {
  const LoadResult result = loadSchool("data_dir: /var/lib/cartable/\n");
  ASSERT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(result.settings.data_dir, "/var/lib/cartable");
  EXPECT_EQ(result.settings.databasePath(), "/var/lib/cartable/cartable.db");
}

TEST(ConfigLoader, PlainHttpIsAllowedOnLoopbackAddresses) {
  for (const char* address : {"127.0.0.1", "127.10.0.3", "\"::1\"", "\"::ffff:127.0.0.1\""}) {
    EXPECT_THAT(
        testing::schoolProblems("http: {listen: " + std::string(address) + ", plain_http: true}\n"),
        IsEmpty())
        << address;
  }
}

TEST(ConfigLoader, HubAddressMayBeANameOrAnAddress) {
  for (const char* address : {"hub:1", "hub.example.org:7443", "10.0.0.1:65535", "[::1]:7443"}) {
    const LoadResult result =
        loadSchool("federation: {hub_address: \"" + std::string(address) + "\"}\n");
    EXPECT_THAT(result.problems, IsEmpty()) << address;
    EXPECT_EQ(result.settings.federation.hub_address, address);
  }
}

TEST(ConfigLoader, DepartmentCodesOfCorsicaAndOverseasAreAccepted) {
  for (const char* code : {"01", "2A", "2B", "95", "971", "976"}) {
    const LoadResult result = loadSettingsText(
        "role: school\nschool: {uai: \"0541234Y\", name: X, academie: Y, department: \"" +
            std::string(code) + "\"}\n",
        "cartable.yaml");
    EXPECT_THAT(result.problems, IsEmpty()) << code;
    EXPECT_EQ(result.settings.school->department, code);
  }
}

TEST(ConfigLoader, ProblemRendersAsFileLineColumnKeyMessage) {
  EXPECT_EQ((ConfigProblem{"/etc/cartable/cartable.yaml", 12, 3, "limits.threads",
                           "expected an integer from 1 to 1024, got \"lots\""})
                .toString(),
            "/etc/cartable/cartable.yaml:12:3: limits.threads: expected an integer from 1 to "
            "1024, got \"lots\"");
  EXPECT_EQ((ConfigProblem{"cartable.yaml", 0, 0, "", "file not found"}).toString(),
            "cartable.yaml: file not found");
  EXPECT_EQ((ConfigProblem{"cartable.yaml", 0, 0, "role", "missing required key"}).toString(),
            "cartable.yaml: role: missing required key");
  EXPECT_EQ((ConfigProblem{"cartable.yaml", 4, 0, "", "bad"}).toString(), "cartable.yaml:4: bad");
  EXPECT_EQ((ConfigProblem{"", 4, 2, "role", "bad"}).toString(), "4:2: role: bad");
}

}  // namespace
}  // namespace cartable::config
