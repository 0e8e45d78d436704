#include "support/smtp_test_server.h"

#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>

namespace cartable::testing {
namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// "MAIL FROM:<a@b> SIZE=10" -> "a@b".
std::string addressIn(const std::string& line) {
  const std::size_t open = line.find('<');
  const std::size_t close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

struct SmtpTestServer::Impl {
  Poco::Net::ServerSocket listener;
};

SmtpTestServer::SmtpTestServer() : impl_(std::make_unique<Impl>()) {
  impl_->listener.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
  impl_->listener.listen(8);
  port_ = impl_->listener.address().port();
  thread_ = std::thread([this] { serve(); });
}

SmtpTestServer::~SmtpTestServer() {
  stop();
}

void SmtpTestServer::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  impl_->listener.close();
}

void SmtpTestServer::replyToRecipients(const std::string& reply) {
  std::lock_guard lock(mutex_);
  recipient_reply_ = reply;
}

void SmtpTestServer::replyToData(const std::string& reply) {
  std::lock_guard lock(mutex_);
  data_reply_ = reply;
}

void SmtpTestServer::offerStartTls(const std::string& certificate_file,
                                   const std::string& key_file) {
  std::lock_guard lock(mutex_);
  certificate_file_ = certificate_file;
  key_file_ = key_file;
}

std::vector<SmtpTestServer::Message> SmtpTestServer::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::string> SmtpTestServer::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

void SmtpTestServer::serve() {
  while (!stopping_) {
    if (!impl_->listener.poll(Poco::Timespan(0, 20'000), Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::DialogSocket client(impl_->listener.acceptConnection());
    ++connections_;
    client.setReceiveTimeout(Poco::Timespan(5, 0));
    try {
      converse(client);
    } catch (const Poco::Exception&) {
      // The client went away or stalled; wait for the next one.
    }
  }
}

void SmtpTestServer::converse(Poco::Net::DialogSocket& client) {
  client.sendMessage("220 smtp.test ESMTP ready");
  bool offers_tls = false;
  {
    std::lock_guard lock(mutex_);
    offers_tls = !certificate_file_.empty();
  }
  Message message;
  std::string line;
  while (client.receiveMessage(line)) {
    {
      std::lock_guard lock(mutex_);
      commands_.push_back(line);
    }
    const std::string verb = upper(line.substr(0, 4));
    if (verb == "EHLO") {
      client.sendString(std::string("250-smtp.test\r\n250-8BITMIME\r\n") +
                        (offers_tls ? "250-STARTTLS\r\n" : "") + "250 AUTH LOGIN PLAIN\r\n");
    } else if (upper(line) == "STARTTLS" && offers_tls) {
      client.sendMessage("220 2.0.0 Ready to start TLS");
      handshake(client);
      return;
    } else if (verb == "HELO" || verb == "NOOP") {
      client.sendMessage("250 OK");
    } else if (verb == "MAIL") {
      message = Message{addressIn(line), {}, {}};
      client.sendMessage("250 OK");
    } else if (verb == "RCPT") {
      std::string reply;
      {
        std::lock_guard lock(mutex_);
        reply = recipient_reply_;
      }
      if (reply.empty()) message.to.push_back(addressIn(line));
      client.sendMessage(reply.empty() ? "250 OK" : reply);
    } else if (verb == "DATA") {
      if (message.to.empty()) {
        client.sendMessage("503 5.5.1 No valid recipients");
        continue;
      }
      client.sendMessage("354 End data with <CR><LF>.<CR><LF>");
      receiveData(client, message);
    } else if (verb == "RSET") {
      message = Message{};
      client.sendMessage("250 OK");
    } else if (verb == "QUIT") {
      client.sendMessage("221 Bye");
      return;
    } else {
      client.sendMessage("502 5.5.1 Command not recognised");
    }
  }
}

void SmtpTestServer::handshake(Poco::Net::DialogSocket& client) {
  std::unique_ptr<SSL_CTX, void (*)(SSL_CTX*)> context(SSL_CTX_new(TLS_server_method()),
                                                       &SSL_CTX_free);
  if (SSL_CTX_use_certificate_chain_file(context.get(), certificate_file_.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context.get(), key_file_.c_str(), SSL_FILETYPE_PEM) != 1) {
    return;
  }
  std::unique_ptr<SSL, void (*)(SSL*)> tls(SSL_new(context.get()), &SSL_free);
  SSL_set_fd(tls.get(), client.impl()->sockfd());
  if (SSL_accept(tls.get()) == 1) {
    ++tls_handshakes_;
    SSL_shutdown(tls.get());
  }
}

void SmtpTestServer::receiveData(Poco::Net::DialogSocket& client, Message& message) {
  std::string line;
  while (client.receiveMessage(line) && line != ".") {
    if (line.starts_with(".")) line.erase(0, 1);
    message.data += line + "\r\n";
  }
  std::string reply;
  {
    std::lock_guard lock(mutex_);
    reply = data_reply_;
    if (reply.empty()) messages_.push_back(message);
  }
  client.sendMessage(reply.empty() ? "250 OK queued" : reply);
  message = Message{};
}

}  // namespace cartable::testing
