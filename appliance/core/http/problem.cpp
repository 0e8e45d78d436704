#include "core/http/problem.h"

#include <Poco/Net/HTTPResponse.h>

#include <sstream>

#include "core/base/log.h"
#include "core/http/json.h"

namespace cartable::http {

Response problem(int status, std::string detail, std::string field) {
  const auto& title = Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  auto body = newObject();
  body->set("type", "about:blank");
  body->set("title", title);
  body->set("status", status);
  body->set("detail", std::move(detail));
  if (!field.empty()) body->set("field", std::move(field));

  Response response = jsonResponse(status, body);
  response.content_type = "application/problem+json";
  return response;
}

int statusFor(Errc code) {
  switch (code) {
    case Errc::malformed:
      return 400;
    case Errc::invalid_argument:
      return 422;
    case Errc::not_found:
      return 404;
    case Errc::already_exists:
    case Errc::conflict:
    case Errc::failed_precondition:
      return 409;
    case Errc::unauthenticated:
      return 401;
    case Errc::permission_denied:
      return 403;
    case Errc::too_many_requests:
      return 429;
    case Errc::resource_exhausted:
      return 413;
    case Errc::unavailable:
      return 503;
    case Errc::io_error:
    case Errc::corrupt:
    case Errc::internal:
      return 500;
  }
  return 500;
}

Response problem(const Error& error) {
  const int status = statusFor(error.code);
  if (status == 500) {
    // Disk paths and internal state stay in the journal, not in the browser.
    log::error("internal error: " + error.message);
    return problem(status, "internal error");
  }
  return problem(status, error.message, error.field);
}

}  // namespace cartable::http
