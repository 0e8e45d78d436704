// One SMTP conversation with the school's relay (Poco SMTPClientSession,
// upgraded with STARTTLS when asked). Private to the mail module.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace cartable::mail {

struct RelaySettings {
  std::string host;
  std::uint16_t port = 25;
  bool starttls = false;
  std::string username;  // empty: no AUTH
  std::string password;
  std::chrono::seconds timeout{30};
  std::string helo_name;  // our name in EHLO
};

// What became of one attempt. A 4xx reply or a broken connection is
// temporary (try again later); a 5xx reply is permanent for that message.
enum class Outcome { sent, temporary, permanent };

struct Attempt {
  Outcome outcome = Outcome::sent;
  std::string detail;  // the relay's reply, or why it could not be reached
};

class RelayConnection {
 public:
  RelayConnection();
  ~RelayConnection();  // says QUIT when still connected
  RelayConnection(const RelayConnection&) = delete;
  RelayConnection& operator=(const RelayConnection&) = delete;

  // Connects, greets, upgrades to TLS and authenticates as `settings` say.
  // Any failure here is temporary (the relay is down or misconfigured).
  Attempt open(const RelaySettings& settings);

  // Sends `message` (CRLF lines, headers included) from `from` to `to`.
  // After a temporary failure that broke the connection, connected() is false.
  Attempt send(const std::string& from, const std::string& to, const std::string& message);

  bool connected() const;

 private:
  struct Session;
  std::unique_ptr<Session> session_;
};

}  // namespace cartable::mail
