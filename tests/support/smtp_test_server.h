// A tiny SMTP server on 127.0.0.1 (port 0) for tests: it speaks EHLO, HELO,
// MAIL, RCPT, DATA, RSET, NOOP and QUIT, one connection at a time, records
// each message it accepts, and can be told to refuse recipients or messages
// with a given reply (451 for a temporary refusal, 550 for a permanent one).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Net {
class DialogSocket;
}

namespace cartable::testing {

class SmtpTestServer {
 public:
  struct Message {
    std::string from;             // MAIL FROM address, without brackets
    std::vector<std::string> to;  // RCPT TO addresses
    std::string data;             // the text after DATA, dots unstuffed, CRLF kept
  };

  SmtpTestServer();
  ~SmtpTestServer();  // stops
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  // Closes the listening socket and ends the serving thread.
  void stop();

  // The reply to every following RCPT TO, e.g. "550 5.1.1 No such user";
  // empty: "250 OK".
  void replyToRecipients(const std::string& reply);
  // The reply at the end of every following message's data; empty: "250 OK".
  void replyToData(const std::string& reply);

  // Offers STARTTLS with this certificate and key (PEM files). The server
  // only goes as far as the TLS handshake, then hangs up: enough to see
  // whether a client accepts the certificate.
  void offerStartTls(const std::string& certificate_file, const std::string& key_file);
  // How many TLS handshakes completed after STARTTLS.
  int tlsHandshakes() const { return tls_handshakes_; }

  std::vector<Message> messages() const;
  // Every command line received, in order (AUTH lines included).
  std::vector<std::string> commands() const;
  int connections() const { return connections_; }

 private:
  struct Impl;
  void serve();
  void converse(Poco::Net::DialogSocket& client);
  void receiveData(Poco::Net::DialogSocket& client, Message& message);
  void handshake(Poco::Net::DialogSocket& client);

  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> tls_handshakes_{0};
  std::string certificate_file_, key_file_;
  mutable std::mutex mutex_;
  std::string recipient_reply_, data_reply_;
  std::vector<Message> messages_;
  std::vector<std::string> commands_;
  std::thread thread_;
};

}  // namespace cartable::testing
