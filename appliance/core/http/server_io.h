// Internal to the HTTP server: the parts of an exchange that touch Poco's
// request and socket objects directly.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/http/message.h"

namespace cartable::http {

// The IP address without port; an IPv4-mapped IPv6 address in IPv4 form, so
// that one client has one key for the per-address limit.
std::string ipOf(const Poco::Net::SocketAddress& address);

// Whether `peer` (as ipOf gives it) is one of the trusted reverse proxies.
bool isTrustedProxy(const std::string& peer, const std::vector<std::string>& trusted);

// The client behind a request from `peer`: for a trusted proxy, the right-most
// address of the X-Forwarded-For value that is not itself a trusted proxy (the
// proxy itself when the header names none usable); for anyone else, `peer`.
std::string forwardedClient(const std::string& peer, std::string_view forwarded_for,
                            const std::vector<std::string>& trusted);

// Text from the client made safe for one log line: bytes outside printable
// ASCII, and quotes, as %XX; cut at `max_length`.
std::string printable(std::string_view text, std::size_t max_length);

// The content security policy of every answer: scripts, styles and requests
// only from this server (no inline script), no framing, no plugins.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'";

// Adds the headers every answer carries, unless the handler set them:
// nosniff, no referrer, no framing, the content security policy, no-store
// under /api/, HSTS over TLS.
void addSecurityHeaders(Response& response, std::string_view path, bool secure);

// "GET, DELETE", for an Allow header.
std::string joinMethods(const std::vector<Method>& methods);

// Writes a complete 503 answer with Retry-After to a plain connection that
// is refused on the acceptor thread; never waits for the client.
void writeBusyResponse(const Poco::Net::StreamSocket& accepted);

// The request body, read only when it fits `limit`: a larger Content-Length
// is refused (resource_exhausted) without reading a byte; a chunked body is
// read up to limit + 1 bytes. A short or broken body is invalid_argument.
Result<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::uint64_t limit);

// Whether the request announces a body (which may be left unread).
bool bodyAnnounced(const Poco::Net::HTTPServerRequest& request);

// After an answer that left a body unread: reads and drops the rest of it,
// bounded in bytes and time, so that closing does not reset the connection
// before the client has read the answer.
void lingerOverUnreadBody(Poco::Net::StreamSocket& socket, bool secure);

}  // namespace cartable::http
