#include "support/test_node.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "core/auth/totp.h"
#include "directory/users.h"

namespace cartable::testing {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  auto found = headers.find(lower(name));
  return found == headers.end() ? std::string() : found->second;
}

TestNode::TestNode(const std::function<void(config::Settings&)>& tweak) {
  settings_.role = config::Role::school;
  settings_.school = config::SchoolIdentity{"0541234Y", "Collège Test", "Nancy-Metz", "54"};
  settings_.data_dir = dir_.file("data");
  settings_.http.listen_address = "127.0.0.1";
  settings_.http.port = 0;
  settings_.http.plain_http = true;
  settings_.http.web_root = "";  // API only, whatever is installed on the machine
  settings_.logging.access_log = false;
  settings_.limits.threads = 8;
  if (tweak) tweak(settings_);
  std::filesystem::create_directories(settings_.data_dir);
  auto created = node::initialiseDatabase(settings_, clock_);
  if (!created.ok()) throw std::runtime_error("initialise: " + created.error().message);
  auto opened = node::Node::open(settings_, clock_);
  if (!opened.ok()) throw std::runtime_error("open: " + opened.error().message);
  node_ = std::move(opened).value();
  Status started = node_->start();
  if (!started.ok()) throw std::runtime_error("start: " + started.error().message);
}

TestNode::~TestNode() { node_.reset(); }

HttpResult TestNode::request(const std::string& method, const std::string& path,
                             const std::string& body, const Credentials* credentials,
                             const std::map<std::string, std::string>& extra_headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (credentials && credentials->browser) {
    request.set("Cookie", std::string("cartable_session=") + credentials->token);
    if (!credentials->csrf.empty()) request.set("X-CSRF-Token", credentials->csrf);
  } else if (credentials) {
    request.set("Authorization", "Bearer " + credentials->token);
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  // Last, so that a test can override any header (e.g. declare a larger Content-Length).
  for (const auto& [name, value] : extra_headers) request.set(name, value);
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& stream = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(stream, result.body);
  for (const auto& [name, value] : response) result.headers.emplace(lower(name), value);
  return result;
}

std::int64_t TestNode::addPerson(const std::string& login, directory::RoleSet roles,
                                 const std::string& password) {
  directory::NewUser user;
  user.login = login;
  user.given_name = "Prénom";
  user.family_name = login;
  user.roles = roles;
  std::int64_t id = 0;
  Status done = node_->database().write([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(id, node_->accounts().createAccountWithPassword(
                                      db, user, password, false, std::nullopt, {"test", "test"}));
    return okStatus();
  });
  if (!done.ok()) throw std::runtime_error("addPerson " + login + ": " + done.error().message);
  return id;
}

std::vector<std::uint8_t> TestNode::enrollTotp(std::int64_t user_id) {
  auto enrollment = node_->accounts().beginTotp(user_id);
  if (!enrollment.ok()) throw std::runtime_error("beginTotp: " + enrollment.error().message);
  auto secret = auth::base32Decode(enrollment->secret_base32).value();
  const std::string code = std::to_string(1000000 + auth::totp(secret, clock_.now())).substr(1);
  Status confirmed = node_->accounts().confirmTotp(user_id, code, 0, {"test", "test"});
  if (!confirmed.ok()) throw std::runtime_error("confirmTotp: " + confirmed.error().message);
  // The next code must come from a later step (replays are refused).
  clock_.advance(30);
  return secret;
}

Credentials TestNode::sessionFor(std::int64_t user_id, bool browser, bool second_factor) {
  Credentials credentials;
  credentials.browser = browser;
  Status done = node_->database().write([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auth::IssuedSession issued,
        node_->accounts().sessions().create(
            db, user_id, browser ? auth::SessionKind::browser : auth::SessionKind::bearer,
            second_factor, "127.0.0.1", "test"));
    credentials.token = issued.token;
    credentials.csrf = issued.csrf_token;
    return okStatus();
  });
  if (!done.ok()) throw std::runtime_error("sessionFor: " + done.error().message);
  return credentials;
}

HttpResult TestNode::signIn(const std::string& login, const std::string& password,
                            const std::string& totp_code, bool browser) {
  std::string body = "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"";
  if (!totp_code.empty()) body += ",\"totp_code\":\"" + totp_code + "\"";
  body += std::string(",\"client\":\"") + (browser ? "browser" : "mobile") + "\"}";
  return request("POST", "/api/v1/session", body);
}

}  // namespace cartable::testing
