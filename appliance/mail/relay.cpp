#include "mail/relay.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <mutex>
#include <optional>
#include <sstream>

namespace cartable::mail {
namespace {

using Poco::Net::Context;

// The relay's certificate is checked against the system's trusted
// authorities and its host name; a bad one is refused, never asked about.
Context::Ptr clientTlsContext() {
  static std::once_flag once;
  static Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    context = new Context(Context::TLS_CLIENT_USE, "", "", "", Context::VERIFY_RELAXED, 9, true);
    Poco::Net::SSLManager::instance().initializeClient(
        nullptr, new Poco::Net::RejectCertificateHandler(false), context);
  });
  return context;
}

// The reply without its trailing line break, on one line.
std::string oneLine(std::string reply) {
  for (char& c : reply) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  while (!reply.empty() && reply.back() == ' ') reply.pop_back();
  return reply;
}

Outcome outcomeOf(int status) {
  if (status >= 200 && status < 400) return Outcome::sent;
  return status >= 500 ? Outcome::permanent : Outcome::temporary;
}

}  // namespace

// SecureSMTPClientSession learns the relay's host name only when it opens the
// socket itself, without a connect timeout; this one is given both.
struct RelayConnection::Session : Poco::Net::SecureSMTPClientSession {
  Session(const Poco::Net::StreamSocket& socket, std::string relay_host)
      : SecureSMTPClientSession(socket), host(std::move(relay_host)) {}

  // Sends STARTTLS and, once accepted, continues over TLS; returns the
  // relay's refusal when it declines.
  std::optional<std::string> upgrade() {
    std::string reply;
    const int status = sendCommand("STARTTLS", reply);
    if (!isPositiveCompletion(status)) return oneLine(reply);
    socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, clientTlsContext());
    return std::nullopt;
  }

  std::string host;
  bool broken = false;
};

RelayConnection::RelayConnection() = default;

RelayConnection::~RelayConnection() {
  if (!connected()) return;
  try {
    session_->close();
  } catch (const Poco::Exception&) {
    // The messages are already accepted or recorded; a failed QUIT changes nothing.
  }
}

bool RelayConnection::connected() const {
  return session_ && !session_->broken;
}

Attempt RelayConnection::open(const RelaySettings& settings) {
  const std::string where = settings.host + ":" + std::to_string(settings.port);
  try {
    const Poco::Timespan timeout(static_cast<long>(settings.timeout.count()), 0);
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(settings.host, settings.port), timeout);
    session_ = std::make_unique<Session>(socket, settings.host);
    session_->setTimeout(timeout);
    session_->login(settings.helo_name);
    if (settings.starttls) {
      if (auto refusal = session_->upgrade()) {
        session_->broken = true;
        return {Outcome::temporary, "the relay " + where + " refused STARTTLS: " + *refusal};
      }
      session_->login(settings.helo_name);
    }
    if (!settings.username.empty()) {
      session_->login(settings.helo_name, Poco::Net::SMTPClientSession::AUTH_LOGIN,
                      settings.username, settings.password);
    }
    return {Outcome::sent, ""};
  } catch (const Poco::Exception& error) {
    if (session_) session_->broken = true;
    return {Outcome::temporary,
            "cannot use the relay " + where + ": " + oneLine(error.displayText())};
  }
}

Attempt RelayConnection::send(const std::string& from, const std::string& to,
                              const std::string& message) {
  if (!connected()) return {Outcome::temporary, "not connected to the relay"};
  try {
    std::string reply;
    const std::pair<std::string, int> steps[] = {
        {"MAIL FROM:<" + from + ">", 250}, {"RCPT TO:<" + to + ">", 250}, {"DATA", 354}};
    for (const auto& [command, expected] : steps) {
      const int status = session_->sendCommand(command, reply);
      if (status == expected || (expected == 250 && status == 251)) continue;
      const Outcome outcome =
          outcomeOf(status) == Outcome::sent ? Outcome::temporary : outcomeOf(status);
      std::string ignored;
      session_->sendCommand("RSET", ignored);
      return {outcome, command.substr(0, command.find(':')) + " refused: " + oneLine(reply)};
    }
    std::istringstream text(message);
    session_->sendMessage(text);
    return {Outcome::sent, ""};
  } catch (const Poco::Net::SMTPException& refused) {
    // The reply to the end of the message: the relay kept the connection.
    return {outcomeOf(refused.code()), "message refused: " + oneLine(refused.displayText())};
  } catch (const Poco::Exception& error) {
    session_->broken = true;
    return {Outcome::temporary, "connection to the relay lost: " + oneLine(error.displayText())};
  }
}

}  // namespace cartable::mail
