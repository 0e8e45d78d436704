// Errors as application/problem+json (RFC 9457). Every error response the
// appliance sends is built here.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/http/message.h"

namespace cartable::http {

// Body: {"type":"about:blank","title":<reason phrase>,"status":N,
//        "detail":<message>,"field":<field, when given>}
Response problem(int status, std::string detail, std::string field = {});

// The HTTP status for an error code (invalid_argument -> 422,
// unauthenticated -> 401, too_many_requests -> 429, ...).
int statusFor(Errc code);

// problem(statusFor(error.code), error.message, error.field). For 500 the
// message is logged and the client only reads "internal error".
Response problem(const Error& error);

}  // namespace cartable::http
