#include "config/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <system_error>

#include "config/detail/network_address.h"
#include "config/detail/yaml_document.h"
#include "config/detail/yaml_reader.h"
#include "config/uai.h"

namespace cartable::config {
namespace {

namespace fs = std::filesystem;
using detail::Entry;
using detail::ProblemList;
using detail::Section;

// A configuration file is a few kilobytes; anything this large is a mistake.
constexpr std::size_t kMaxFileBytes = 1 << 20;
constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * kKiB;
constexpr std::uint64_t kGiB = kMiB * kKiB;
constexpr std::int64_t kMaxPort = 65535;

// Reads the section `name` of `parent` with `read`, if the file has it.
template <class Read>
void readSection(Section& parent, std::string_view name, Read read) {
  if (const Entry* entry = parent.claim(name)) {
    Section section(*entry, parent.problems());
    read(section);
    section.finish();
  }
}

bool isBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

void requireText(Section& section, std::string_view name, std::string& out) {
  const Entry* entry = section.require(name);
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return;
  if (isBlank(*text)) {
    section.problems().add(entry->valueMark(), entry->path, "must not be empty");
    return;
  }
  out = *text;
}

bool isDepartmentCode(std::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  if (code.size() == 2) {
    const int number = std::stoi(std::string(code));
    return number >= 1 && number <= 95 && number != 20;  // 20 became 2A and 2B
  }
  if (code.size() == 3) {
    const int number = std::stoi(std::string(code));
    return number >= 971 && number <= 976;
  }
  return false;
}

void readUai(Section& section, std::string& out) {
  const Entry* entry = section.require("uai");
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return;
  if (auto problem = uaiProblem(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "invalid UAI " + detail::quoted(*text) + ": " + *problem);
    return;
  }
  out = *text;
}

void readDepartment(Section& section, std::string& out) {
  const Entry* entry = section.require("department");
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return;
  if (!isDepartmentCode(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected an INSEE department code (01 to 95, 2A, 2B, or 971 to "
                           "976), got " +
                               detail::describeFound(entry->value));
    return;
  }
  out = *text;
}

SchoolIdentity readSchool(Section& section) {
  SchoolIdentity school;
  readUai(section, school.uai);
  requireText(section, "name", school.name);
  requireText(section, "academie", school.academie);
  readDepartment(section, school.department);
  return school;
}

HubIdentity readHub(Section& section) {
  HubIdentity hub;
  requireText(section, "name", hub.name);
  requireText(section, "region", hub.region);
  return hub;
}

// `text` made absolute against `base`, without "." and ".." or a trailing slash.
std::string resolvePath(const std::string& text, const fs::path& base) {
  std::string resolved = (base / text).lexically_normal().string();
  while (resolved.size() > 1 && resolved.back() == '/') resolved.pop_back();
  return resolved;
}

// Reads a path, made absolute against `base`; an empty value stays empty.
const Entry* readPath(Section& section, std::string_view name, const fs::path& base,
                      std::string& out) {
  const Entry* entry = section.claim(name);
  if (entry == nullptr) return nullptr;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return nullptr;
  if (text->find('\0') != std::string::npos) {
    section.problems().add(entry->valueMark(), entry->path,
                           "a path cannot contain a NUL character");
    return nullptr;
  }
  out = text->empty() ? std::string() : resolvePath(*text, base);
  return entry;
}

// Reads an IP address literal; returns whether the value is usable.
bool readIpAddress(Section& section, std::string_view name, std::string& out) {
  const Entry* entry = section.claim(name);
  if (entry == nullptr) return true;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return false;
  if (!detail::isIpLiteral(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected an IPv4 or IPv6 address such as 0.0.0.0, 127.0.0.1 or ::, "
                           "got " +
                               detail::describeFound(entry->value));
    return false;
  }
  out = *text;
  return true;
}

// A list of IP address literals; each bad item is named by its index.
void readTrustedProxies(Section& section, std::vector<std::string>& out) {
  const Entry* entry = section.claim("trusted_proxies");
  if (entry == nullptr || entry->value.IsNull()) return;
  if (!entry->value.IsSequence()) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected a list of IP addresses such as [127.0.0.1], got " +
                               detail::describeFound(entry->value));
    return;
  }
  for (std::size_t i = 0; i < entry->value.size(); ++i) {
    const YAML::Node item = entry->value[i];
    const std::string path = entry->path + "[" + std::to_string(i) + "]";
    const std::string text = item.IsScalar() ? item.Scalar() : std::string();
    if (!detail::isIpLiteral(text)) {
      section.problems().add(item.Mark(), path,
                             "expected the IPv4 or IPv6 address of a reverse proxy such as "
                             "127.0.0.1, got " +
                                 detail::describeFound(item));
      continue;
    }
    out.push_back(text);
  }
}

void readHttp(Section& section, const fs::path& base, HttpSettings& out) {
  const bool listen_ok = readIpAddress(section, "listen", out.listen_address);
  section.readInteger("port", 0, kMaxPort, out.port);
  section.readBoolean("plain_http", out.plain_http);
  readPath(section, "tls_certificate", base, out.tls_certificate);
  readPath(section, "tls_private_key", base, out.tls_private_key);
  readTrustedProxies(section, out.trusted_proxies);
  readPath(section, "web_root", base, out.web_root);

  const Entry* plain_http = section.claim("plain_http");
  if (plain_http != nullptr && out.plain_http && listen_ok &&
      !detail::isLoopbackLiteral(out.listen_address)) {
    section.problems().add(
        plain_http->valueMark(), plain_http->path,
        "plain HTTP is only allowed on a loopback address (127.0.0.0/8 or ::1), but http.listen "
        "is " +
            detail::quoted(out.listen_address) +
            "; serving plain HTTP on the network is refused because TLS is required there");
  }
}

void readLimits(Section& section, LimitSettings& out) {
  section.readInteger("threads", 1, 1024, out.threads);
  section.readInteger("queue", 1, 65536, out.queue);
  section.readByteSize("max_body_bytes", kKiB, 64 * kMiB, out.max_body_bytes);
  section.readByteSize("max_upload_bytes", kKiB, 4 * kGiB, out.max_upload_bytes);
  section.readInteger("max_json_depth", 2, 256, out.max_json_depth);
  section.readInteger("max_header_fields", 8, 1000, out.max_header_fields);
  section.readInteger("keep_alive_seconds", 1, 300, out.keep_alive_seconds);
  section.readInteger("request_timeout_seconds", 1, 600, out.request_timeout_seconds);
  section.readInteger("max_connections_per_address", 1, 100000, out.max_connections_per_address);
  section.readInteger("max_live_streams", 1, 100000, out.max_live_streams);
}

void readPasswords(Section& section, PasswordSettings& out) {
  constexpr std::int64_t kOwaspMinimumMemoryKib = 19 * 1024;
  constexpr std::int64_t kMaxMemoryKib = 4 * kMiB;  // 4 GiB, counted in KiB
  section.readInteger("argon2_memory_kib", kOwaspMinimumMemoryKib, kMaxMemoryKib,
                      out.argon2_memory_kib);
  section.readInteger("argon2_iterations", 2, 100, out.argon2_iterations);
  section.readInteger("min_length", 8, 128, out.min_length);
  section.readInteger("max_failures_per_account", 1, 1000, out.max_failures_per_account);
  section.readInteger("max_failures_per_address", 1, 100000, out.max_failures_per_address);
  section.readInteger("throttle_window_seconds", 10, 86400, out.throttle_window_seconds);
}

void readSessions(Section& section, SessionSettings& out) {
  section.readInteger("idle_minutes", 1, 1440, out.idle_minutes);
  section.readInteger("absolute_hours", 1, 720, out.absolute_hours);
  section.readInteger("bearer_days", 1, 365, out.bearer_days);
}

void readRetention(Section& section, RetentionSettings& out) {
  section.readInteger("departed_account_days", 1, 92, out.departed_account_days);
}

void readLogging(Section& section, LoggingSettings& out) {
  if (const Entry* entry = section.claim("level")) {
    auto level =
        detail::readChoice(*entry, {"debug", "info", "warning", "error"}, section.problems());
    if (level == "debug") out.level = LogLevel::debug;
    if (level == "info") out.level = LogLevel::info;
    if (level == "warning") out.level = LogLevel::warning;
    if (level == "error") out.level = LogLevel::error;
  }
  section.readBoolean("access_log", out.access_log);
}

void readHubAddress(Section& section, std::string& out) {
  const Entry* entry = section.claim("hub_address");
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text || text->empty()) return;
  if (auto problem = detail::hostPortProblem(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected host:port with a port from 1 to 65535, got " +
                               detail::quoted(*text) + ": " + *problem);
    return;
  }
  out = *text;
}

void readFederation(Section& section, const fs::path& base, FederationSettings& out) {
  readHubAddress(section, out.hub_address);
  readIpAddress(section, "listen_address", out.listen_address);
  section.readInteger("listen_port", 0, kMaxPort, out.listen_port);
  readPath(section, "keys_dir", base, out.keys_dir);
}

// A DNS name: dot-separated labels of letters, digits and hyphens.
bool isHostName(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t label = 0;
  char previous = '.';
  for (const char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '.') {
      if (label == 0 || previous == '-') return false;
      label = 0;
    } else if (alnum || (c == '-' && label > 0)) {
      if (++label > 63) return false;
    } else {
      return false;
    }
    previous = c;
  }
  return label > 0 && previous != '-';
}

// local@domain, with nothing a mail header would read otherwise.
bool isMailAddress(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.size() > 254) return false;
  if (text.find('@', at + 1) != std::string_view::npos) return false;
  for (const char c : text.substr(0, at)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte >= 127 ||
        std::string_view("<>()[],;:\\\"").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return isHostName(text.substr(at + 1));
}

void readSmtpHost(Section& section, std::string& out) {
  const Entry* entry = section.claim("smtp_host");
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text || text->empty()) return;
  if (!isHostName(*text) && !detail::isIpLiteral(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected a host name or an IP address such as smtp.example.org or "
                           "192.0.2.25, got " +
                               detail::describeFound(entry->value));
    return;
  }
  out = *text;
}

// Returns whether a sender was written, valid or not.
bool readMailFrom(Section& section, std::string& out) {
  const Entry* entry = section.claim("from");
  if (entry == nullptr) return false;
  auto text = detail::readString(*entry, section.problems());
  if (!text) return true;
  if (text->empty()) return false;
  if (!isMailAddress(*text)) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected an email address such as ent@college.example.fr, got " +
                               detail::describeFound(entry->value));
    return true;
  }
  out = *text;
  return true;
}

void readPublicUrl(Section& section, std::string& out) {
  const Entry* entry = section.claim("public_url");
  if (entry == nullptr) return;
  auto text = detail::readString(*entry, section.problems());
  if (!text || text->empty()) return;
  std::string url = *text;
  while (url.ends_with('/')) url.pop_back();
  const std::size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  const bool plain = std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#' || c == 127;
  });
  if (scheme == 0 || url.size() == scheme || url[scheme] == '/' || !plain) {
    section.problems().add(entry->valueMark(), entry->path,
                           "expected an absolute http:// or https:// URL without query or "
                           "fragment, such as https://ent.college.example.fr, got " +
                               detail::describeFound(entry->value));
    return;
  }
  out = url;
}

void checkMailSettings(Section& section, const MailSettings& out, bool from_given) {
  const Entry* host = section.claim("smtp_host");
  const Entry* username = section.claim("username");
  const Entry* password_file = section.claim("password_file");
  if (out.enabled() && !from_given) {
    section.problems().add(host->valueMark(), "mail.from",
                           "missing; mail.smtp_host is set, so mail.from must give the sender "
                           "address of the emails");
  }
  if (!out.username.empty() && out.password_file.empty()) {
    section.problems().add(username->valueMark(), username->path,
                           "requires mail.password_file: the password is read from that file");
  }
  if (out.username.empty() && !out.password_file.empty()) {
    section.problems().add(password_file->valueMark(), password_file->path,
                           "has no use without mail.username");
  }
  if (!out.username.empty() && !out.starttls) {
    section.problems().add(username->valueMark(), username->path,
                           "requires mail.starttls: true; the password is never sent in clear");
  }
}

void readMail(Section& section, const fs::path& base, MailSettings& out) {
  readSmtpHost(section, out.smtp_host);
  section.readInteger("smtp_port", 1, kMaxPort, out.smtp_port);
  const bool from_given = readMailFrom(section, out.from);
  section.readBoolean("starttls", out.starttls);
  if (const Entry* entry = section.claim("username")) {
    if (auto text = detail::readString(*entry, section.problems())) out.username = *text;
  }
  readPath(section, "password_file", base, out.password_file);
  section.readInteger("timeout_seconds", 1, 300, out.timeout_seconds);
  readPublicUrl(section, out.public_url);
  checkMailSettings(section, out, from_given);
}

void readReporting(Section& section, ReportingSettings& out) {
  section.readInteger("k", 5, 1000, out.k);
}

void readDocuments(Section& section, DocumentSettings& out) {
  section.readByteSize("user_quota_bytes", kMiB, 1024 * kGiB, out.user_quota_bytes);
  section.readByteSize("school_quota_bytes", kMiB, 65536 * kGiB, out.school_quota_bytes);
  if (out.user_quota_bytes <= out.school_quota_bytes) return;
  const std::string user = detail::formatByteSize(out.user_quota_bytes);
  const std::string school = detail::formatByteSize(out.school_quota_bytes);
  // Blame the key the file sets: the other one holds its default.
  if (const Entry* entry = section.claim("user_quota_bytes")) {
    section.problems().add(entry->valueMark(), entry->path,
                           "one person's quota (" + user +
                               ") cannot be larger than the school's "
                               "(documents.school_quota_bytes: " +
                               school + ")");
  } else if (const Entry* school_entry = section.claim("school_quota_bytes")) {
    section.problems().add(school_entry->valueMark(), school_entry->path,
                           "the school's quota (" + school +
                               ") cannot be smaller than one person's "
                               "(documents.user_quota_bytes: " +
                               user + ")");
  }
}

void readDataDir(Section& root, const fs::path& base, std::string& out) {
  const Entry* entry = readPath(root, "data_dir", base, out);
  if (entry != nullptr && out.empty()) {
    root.problems().add(entry->valueMark(), entry->path,
                        "must not be empty: the node keeps its database and keys there");
  }
}

std::optional<Role> readRole(Section& root) {
  const Entry* entry = root.require("role", "expected \"role: school\" or \"role: hub\"");
  if (entry == nullptr) return std::nullopt;
  const auto role = detail::readChoice(*entry, {"school", "hub"}, root.problems());
  if (role == "school") return Role::school;
  if (role == "hub") return Role::hub;
  return std::nullopt;
}

// Checks that the identity section matching the role is there, and the other is not.
void checkIdentitySections(Section& root, std::optional<Role> role) {
  const Entry* role_entry = root.claim("role");
  const Entry* school = root.claim("school");
  const Entry* hub = root.claim("hub");
  if (!role) return;
  const bool is_school = *role == Role::school;
  const Entry* required = is_school ? school : hub;
  const Entry* refused = is_school ? hub : school;
  const std::string role_name = is_school ? "school" : "hub";
  const std::string other_name = is_school ? "hub" : "school";
  if (required == nullptr) {
    root.problems().add(role_entry->valueMark(), role_name,
                        "missing section; role \"" + role_name + "\" requires a " + role_name +
                            " section (" +
                            (is_school ? "uai, name, academie, department" : "name, region") + ")");
  }
  if (refused != nullptr) {
    root.problems().add(refused->key.Mark(), other_name,
                        "not allowed when role is \"" + role_name + "\"; the " + other_name +
                            " section belongs to role: " + other_name);
  }
}

Settings readSettings(Section& root, const fs::path& base) {
  Settings settings;
  const std::optional<Role> role = readRole(root);
  settings.role = role.value_or(Role::school);
  std::optional<SchoolIdentity> school;
  std::optional<HubIdentity> hub;
  readSection(root, "school", [&](Section& s) { school = readSchool(s); });
  readSection(root, "hub", [&](Section& s) { hub = readHub(s); });
  checkIdentitySections(root, role);
  if (settings.role == Role::school) settings.school = school;
  if (settings.role == Role::hub) settings.hub = hub;

  readDataDir(root, base, settings.data_dir);
  readSection(root, "http", [&](Section& s) { readHttp(s, base, settings.http); });
  readSection(root, "limits", [&](Section& s) { readLimits(s, settings.limits); });
  readSection(root, "passwords", [&](Section& s) { readPasswords(s, settings.passwords); });
  readSection(root, "sessions", [&](Section& s) { readSessions(s, settings.sessions); });
  readSection(root, "retention", [&](Section& s) { readRetention(s, settings.retention); });
  readSection(root, "logging", [&](Section& s) { readLogging(s, settings.logging); });
  readSection(root, "federation",
              [&](Section& s) { readFederation(s, base, settings.federation); });
  readSection(root, "mail", [&](Section& s) { readMail(s, base, settings.mail); });
  readSection(root, "documents", [&](Section& s) { readDocuments(s, settings.documents); });
  readSection(root, "reporting", [&](Section& s) { readReporting(s, settings.reporting); });
  return settings;
}

LoadResult loadText(std::string_view text, const std::string& name, const fs::path& base) {
  LoadResult result;
  ProblemList problems(name);
  try {
    if (auto document = detail::parseConfigDocument(text, problems)) {
      Section root(Entry{"", YAML::Node(), *document}, problems);
      result.settings = readSettings(root, base);
      root.finish();
    }
  } catch (const std::exception& error) {
    problems.addUnplaced("", std::string("cannot read the configuration: ") + error.what());
  }
  result.problems = problems.take();
  return result;
}

LoadResult fileProblem(const std::string& path, const std::string& message) {
  LoadResult result;
  result.problems.push_back(ConfigProblem{path, 0, 0, "", message});
  return result;
}

}  // namespace

std::string ConfigProblem::toString() const {
  std::string place = file;
  if (line > 0) {
    place += (place.empty() ? "" : ":") + std::to_string(line);
    if (column > 0) place += ":" + std::to_string(column);
  }
  std::string out = place.empty() ? "" : place + ": ";
  if (!key.empty()) out += key + ": ";
  return out + message;
}

LoadResult loadSettingsFile(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return fileProblem(path, "is a directory, expected a YAML configuration file");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) {
    return fileProblem(
        path, "cannot open the configuration file: " + std::generic_category().message(errno));
  }
  std::string text(kMaxFileBytes + 1, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), file.get()));
  if (std::ferror(file.get())) {
    return fileProblem(
        path, "cannot read the configuration file: " + std::generic_category().message(errno));
  }
  if (text.size() > kMaxFileBytes) {
    return fileProblem(path, "the file is larger than 1 MiB; this is not a configuration file");
  }
  const fs::path base = fs::absolute(path, error).parent_path();
  return loadText(text, path, base);
}

LoadResult loadSettingsText(std::string_view text, const std::string& name) {
  std::error_code error;
  const fs::path base = fs::current_path(error);
  return loadText(text, name, base);
}

}  // namespace cartable::config
