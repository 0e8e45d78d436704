#include "cli/health_probe.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>

#include <istream>

namespace cartable::cli {
namespace {

std::string probeHost(const std::string& listen_address) {
  if (listen_address == "0.0.0.0") return "127.0.0.1";
  if (listen_address == "::") return "::1";
  return listen_address;
}

Poco::Timespan timespanOf(std::chrono::milliseconds timeout) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout.count()) * 1000);
}

}  // namespace

// The node talks to itself: its certificate (often self-signed) is not checked.
struct HealthProbe::Tls {
  Tls() {
    Poco::Net::initializeSSL();
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                     Poco::Net::Context::VERIFY_NONE);
    context->enableExtendedCertificateVerification(false);
  }
  ~Tls() { Poco::Net::uninitializeSSL(); }
  Poco::Net::Context::Ptr context;
};

HealthProbe::HealthProbe(const std::string& listen_address, std::uint16_t port, bool tls)
    : host_(probeHost(listen_address)), port_(port) {
  if (tls) tls_ = std::make_unique<Tls>();
  const bool ipv6 = host_.find(':') != std::string::npos;
  url_ = std::string(tls ? "https" : "http") + "://" + (ipv6 ? "[" + host_ + "]" : host_) + ":" +
         std::to_string(port_) + "/healthz";
}

HealthProbe::~HealthProbe() = default;

Status HealthProbe::check(std::chrono::milliseconds timeout) const {
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (tls_) {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_, tls_->context);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    }
    session->setTimeout(timespanOf(timeout), timespanOf(timeout), timespanOf(timeout));
    session->setKeepAlive(false);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = session->receiveResponse(response);
    body.ignore(4096);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      return makeError(
          Errc::unavailable,
          url_ + " answered " + std::to_string(static_cast<int>(response.getStatus())));
    }
    return okStatus();
  } catch (const Poco::Exception& error) {
    return makeError(Errc::unavailable, url_ + ": " + error.displayText());
  } catch (const std::exception& error) {
    return makeError(Errc::unavailable, url_ + ": " + error.what());
  }
}

}  // namespace cartable::cli
