#include "cli_fixture.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace cartable::cli_testing {
namespace {

constexpr const char* kSchoolIdentity = R"(role: school
school:
  uai: "0541234Y"
  name: "Collège Jean Moulin"
  academie: "Nancy-Metz"
  department: "54"
)";

Poco::Net::Context::Ptr trustingClientContext() {
  [[maybe_unused]] static const bool initialised = [] {
    Poco::Net::initializeSSL();
    return true;
  }();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "",
                                                           "", "", Poco::Net::Context::VERIFY_NONE);
  context->enableExtendedCertificateVerification(false);
  return context;
}

std::unique_ptr<Poco::Net::HTTPClientSession> sessionTo(std::uint16_t port, bool https) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (https) {
    session =
        std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", port, trustingClientContext());
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
  }
  session->setTimeout(Poco::Timespan(5, 0));
  return session;
}

HttpReply exchange(std::uint16_t port, bool https, Poco::Net::HTTPRequest& request,
                   const std::string& body) {
  HttpReply reply;
  try {
    auto session = sessionTo(port, https);
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = static_cast<int>(response.getStatus());
  } catch (const Poco::Exception& error) {
    ADD_FAILURE() << request.getMethod() << " " << request.getURI() << " on port " << port
                  << " failed: " << error.displayText();
  }
  return reply;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

HttpReply httpGet(std::uint16_t port, const std::string& path, bool https) {
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  return exchange(port, https, request, "");
}

HttpReply signIn(std::uint16_t port, const std::string& login, const std::string& password) {
  const std::string body = "{\"login\":" + quoted(login) + ",\"password\":" + quoted(password) +
                           ",\"client\":\"mobile\"}";
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/session",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  return exchange(port, false, request, body);
}

bool jsonBool(const std::string& body, const std::string& key) {
  try {
    auto object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    if (object->has(key)) return object->getValue<bool>(key);
  } catch (const Poco::Exception& error) {
    ADD_FAILURE() << "not a JSON object (" << error.displayText() << "): " << body;
    return false;
  }
  ADD_FAILURE() << "no \"" << key << "\" in " << body;
  return false;
}

std::string oneTimePasswordIn(const std::string& text) {
  static const std::regex pattern("one-time password (\\S+)");
  std::smatch match;
  return std::regex_search(text, match, pattern) ? match[1].str() : std::string();
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

unsigned modeOf(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return static_cast<unsigned>(info.st_mode & 07777);
}

CliFixture::CliFixture() = default;

CliFixture::~CliFixture() = default;

void CliFixture::writeConfig(bool tls) {
  std::string text = std::string(kSchoolIdentity) + "data_dir: " + dataDir().string() +
                     "\n"
                     "http:\n"
                     "  listen: 127.0.0.1\n"
                     "  port: 0\n"
                     "  plain_http: " +
                     (tls ? "false" : "true") +
                     "\n"
                     "limits:\n"
                     "  threads: 4\n"
                     "logging:\n"
                     "  level: warning\n"
                     "  access_log: false\n";
  writeFile("cartable.yaml", text);
}

std::string CliFixture::writeFile(const std::string& name, const std::string& text) const {
  const fs::path path = root_ / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

CommandResult CliFixture::cartable(std::vector<std::string> arguments) const {
  arguments.push_back("--config");
  arguments.push_back(configPath().string());
  return cartableRaw(arguments);
}

CommandResult CliFixture::cartableRaw(const std::vector<std::string>& arguments) const {
  return runCommand(CARTABLE_BINARY, arguments);
}

CommandResult CliFixture::generate(const std::vector<std::string>& arguments) const {
  return runCommand(GENERATE_BINARY, arguments);
}

std::string CliFixture::initNode(bool tls) {
  writeConfig(tls);
  const CommandResult init = cartable({"init"});
  EXPECT_EQ(init.exit_code, 0) << init.describe();
  const std::string password = oneTimePasswordIn(init.out);
  EXPECT_FALSE(password.empty()) << init.describe();
  return password;
}

std::string CliFixture::addUser(const std::string& login, const std::string& given_name,
                                const std::string& family_name, const std::string& role) {
  const CommandResult added = cartable({"user", "add", "--login", login, "--given-name", given_name,
                                        "--family-name", family_name, "--role", role});
  EXPECT_EQ(added.exit_code, 0) << added.describe();
  return oneTimePasswordIn(added.out);
}

std::unique_ptr<BackgroundServer> CliFixture::startServer() {
  auto server = std::make_unique<BackgroundServer>(CARTABLE_BINARY, configPath().string(),
                                                   (root_ / "serve.log").string());
  EXPECT_TRUE(server->start()) << server->error();
  return server;
}

}  // namespace cartable::cli_testing
