// Typed settings of one Cartable node, as read from cartable.yaml.
// Defaults here are the values used when a key is absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cartable::config {

enum class Role { school, hub };

// The school this node serves (role: school only).
struct SchoolIdentity {
  std::string uai;         // 7 characters and a check letter, e.g. 0750654D
  std::string name;        // e.g. "Collège Jean Moulin"
  std::string academie;    // e.g. "Nancy-Metz"
  std::string department;  // INSEE department code, e.g. "54", "2A", "974"
};

// The regional hub's own identity (role: hub only).
struct HubIdentity {
  std::string name;    // e.g. "Hub Grand Est"
  std::string region;  // e.g. "Grand Est"
};

struct HttpSettings {
  std::string listen_address = "127.0.0.1";
  std::uint16_t port = 8443;  // 0 asks the OS for a free port (tests)
  // TLS is on unless plain_http is true; plain HTTP on a non-loopback
  // address is refused by validation.
  bool plain_http = false;
  std::string tls_certificate;  // PEM; empty means <data_dir>/tls/cert.pem
  std::string tls_private_key;  // PEM; empty means <data_dir>/tls/key.pem
  // Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
  // (IP literals). Empty: the peer is the client.
  std::vector<std::string> trusted_proxies;
  // Folder of the web client's built files, served for paths outside the API.
  // Empty: no web client (API only).
  std::string web_root = "/usr/share/cartable/web";
};

struct LimitSettings {
  int threads = 32;                            // Poco worker threads, 1..1024
  int queue = 64;                              // accepted connections waiting, 1..65536
  std::uint64_t max_body_bytes = 1 << 20;      // JSON and form bodies, 1 KiB..64 MiB
  std::uint64_t max_upload_bytes = 50u << 20;  // one uploaded file, 1 KiB..4 GiB
  int max_json_depth = 32;                     // 2..256
  int max_header_fields = 64;                  // 8..1000
  int keep_alive_seconds = 5;                  // idle keep-alive before closing, 1..300
  int request_timeout_seconds = 30;            // socket receive/send timeout, 1..600
  int max_connections_per_address = 64;        // 1..100000
  int max_live_streams = 4000;                 // open notification streams, 1..100000
};

struct PasswordSettings {
  std::uint64_t argon2_memory_kib = 19 * 1024;  // >= 19456 (OWASP minimum), <= 4 GiB
  std::uint32_t argon2_iterations = 2;          // >= 2 (OWASP minimum), <= 100
  std::uint32_t min_length = 10;                // 8..128
  // Failed sign-ins within the window before an account, or a source
  // address, is refused for the rest of the window.
  std::uint32_t max_failures_per_account = 5;   // 1..1000
  std::uint32_t max_failures_per_address = 30;  // 1..100000
  std::uint32_t throttle_window_seconds = 900;  // 10..86400
};

struct SessionSettings {
  std::uint32_t idle_minutes = 30;    // browser session without activity, 1..1440
  std::uint32_t absolute_hours = 12;  // browser session whatever the activity, 1..720
  std::uint32_t bearer_days = 30;     // mobile client token, 1..365
};

struct RetentionSettings {
  // Accounts of people who left are purged this many days after they were
  // disabled, with their data (CNIL: at most three months), 1..92.
  std::uint32_t departed_account_days = 90;
};

enum class LogLevel { debug, info, warning, error };

struct LoggingSettings {
  LogLevel level = LogLevel::info;
  bool access_log = true;
};

struct FederationSettings {
  std::string hub_address;                 // host:port of the hub (school role); empty: none
  std::string listen_address = "0.0.0.0";  // hub role: where schools connect
  std::uint16_t listen_port = 7443;        // hub role
  std::string keys_dir;                    // empty means <data_dir>/keys
};

// Email of notifications through the school's SMTP relay (role: school).
struct MailSettings {
  std::string smtp_host;         // host name or IP address; empty: no email is sent
  std::uint16_t smtp_port = 25;  // 1..65535
  std::string from;              // sender address, required when smtp_host is set
  bool starttls = false;         // upgrade the connection with STARTTLS before sending
  std::string username;          // SMTP AUTH user; empty: no authentication
  std::string password_file;     // file holding the password; required with username
  int timeout_seconds = 30;      // connect and each reply, 1..300
  std::string public_url;        // e.g. https://ent.example.fr; empty: links left out

  bool enabled() const { return !smtp_host.empty(); }
};

// Quotas of the documents space. Each version of a document counts its full
// size, even when the store keeps one copy of identical bytes.
struct DocumentSettings {
  std::uint64_t user_quota_bytes = 500ull << 20;    // one person's uploads, 1 MiB..1024 GiB
  std::uint64_t school_quota_bytes = 200ull << 30;  // all the school's, 1 MiB..65536 GiB
};

// The daily regional report (appliance/reporting, federation/hub/reports.h).
struct ReportingSettings {
  // A cell of the report describing fewer than k people is suppressed before
  // the report leaves the school; the hub refuses any report with one. 5..1000.
  int k = 10;
};

struct Settings {
  Role role = Role::school;
  std::optional<SchoolIdentity> school;  // present iff role == school
  std::optional<HubIdentity> hub;        // present iff role == hub
  std::string data_dir = "/var/lib/cartable";
  HttpSettings http;
  LimitSettings limits;
  PasswordSettings passwords;
  SessionSettings sessions;
  RetentionSettings retention;
  LoggingSettings logging;
  FederationSettings federation;
  MailSettings mail;
  DocumentSettings documents;
  ReportingSettings reporting;

  // Paths derived from data_dir where the file leaves them empty.
  std::string databasePath() const { return data_dir + "/cartable.db"; }
  std::string certificatePath() const {
    return http.tls_certificate.empty() ? data_dir + "/tls/cert.pem" : http.tls_certificate;
  }
  std::string privateKeyPath() const {
    return http.tls_private_key.empty() ? data_dir + "/tls/key.pem" : http.tls_private_key;
  }
  std::string keysDir() const {
    return federation.keys_dir.empty() ? data_dir + "/keys" : federation.keys_dir;
  }
};

}  // namespace cartable::config
