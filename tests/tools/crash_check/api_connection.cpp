#include "api_connection.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace cartable::crash {
namespace {

constexpr int kTimeoutSeconds = 15;

}  // namespace

ApiConnection::ApiConnection(std::uint16_t port) : port_(port) {}

Result<Reply> ApiConnection::send(const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& token,
                                  const std::string& content_type) {
  try {
    if (!session_) {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port_);
      session_->setTimeout(Poco::Timespan(kTimeoutSeconds, 0));
      session_->setKeepAlive(true);
    }
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    if (!body.empty()) request.setContentType(content_type);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session_->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
  } catch (const Poco::Net::ConnectionRefusedException& refused) {
    session_.reset();
    return makeError(Errc::unavailable, method + " " + path + ": " + refused.displayText());
  } catch (const Poco::Exception& failure) {
    session_.reset();
    return makeError(Errc::io_error, method + " " + path + ": " + failure.displayText());
  } catch (const std::exception& failure) {
    session_.reset();
    return makeError(Errc::io_error, method + " " + path + ": " + failure.what());
  }
}

Result<Poco::JSON::Object::Ptr> parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    if (object) return object;
  } catch (const Poco::Exception&) {
  }
  return makeError(Errc::invalid_argument, "the server sent no JSON object: " + body);
}

std::string jsonObject(std::initializer_list<std::pair<std::string, std::string>> members) {
  Poco::JSON::Object object;
  for (const auto& [key, value] : members) object.set(key, value);
  std::ostringstream text;
  object.stringify(text);
  return text.str();
}

std::string describe(const std::string& what, const Reply& reply) {
  return what + ": HTTP " + std::to_string(reply.status) + " " + reply.body;
}

}  // namespace cartable::crash
