#include "core/http/server_io.h"

#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/http/problem.h"

namespace cartable::http {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::StreamSocket;

constexpr std::size_t kLingerBytes = 1 << 20;
constexpr auto kLingerTime = std::chrono::seconds(1);

bool hasHeader(const Response& response, const std::string& name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [&](const auto& header) { return Poco::icompare(header.first, name) == 0; });
}

void addDefaultHeader(Response& response, std::string name, std::string value) {
  if (!hasHeader(response, name)) response.headers.emplace_back(std::move(name), std::move(value));
}

// The complete answer written on the acceptor thread to a connection that
// is refused before any request is read.
const std::string& busyResponse() {
  static const std::string text = [] {
    const Response body = problem(503, "the server is busy; retry in a moment");
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + body.content_type +
           "\r\nContent-Length: " + std::to_string(body.body.size()) +
           "\r\nRetry-After: 1\r\nConnection: close\r\nX-Content-Type-Options: nosniff"
           "\r\nCache-Control: no-store\r\nContent-Security-Policy: " +
           kContentSecurityPolicy + "\r\n\r\n" + body.body;
  }();
  return text;
}

Result<std::string> readChunkedBody(std::istream& input, std::uint64_t limit) {
  std::string body;
  char buffer[8192];
  while (body.size() <= limit) {
    const std::uint64_t wanted = std::min<std::uint64_t>(sizeof(buffer), limit + 1 - body.size());
    input.read(buffer, static_cast<std::streamsize>(wanted));
    const auto count = static_cast<std::size_t>(input.gcount());
    body.append(buffer, count);
    if (count < wanted) break;
  }
  if (input.bad()) return makeError(Errc::invalid_argument, "request body could not be read");
  if (body.size() > limit) {
    return makeError(Errc::resource_exhausted,
                     "request body is larger than " + std::to_string(limit) + " bytes");
  }
  return body;
}

}  // namespace

std::string ipOf(const Poco::Net::SocketAddress& address) {
  const Poco::Net::IPAddress& host = address.host();
  if (host.family() == Poco::Net::IPAddress::IPv6 && host.isIPv4Mapped()) {
    const auto* bytes = static_cast<const std::uint8_t*>(host.addr());
    return std::to_string(bytes[12]) + "." + std::to_string(bytes[13]) + "." +
           std::to_string(bytes[14]) + "." + std::to_string(bytes[15]);
  }
  return host.toString();
}

namespace {

// `text` as ipOf writes an address, or nothing when it is not an IP literal.
std::optional<std::string> canonicalAddress(std::string_view text) {
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(std::string(text), address)) return std::nullopt;
  return ipOf(Poco::Net::SocketAddress(address, 0));
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool isTrustedProxy(const std::string& peer, const std::vector<std::string>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const std::string& proxy) { return canonicalAddress(proxy) == peer; });
}

std::string forwardedClient(const std::string& peer, std::string_view forwarded_for,
                            const std::vector<std::string>& trusted) {
  if (!isTrustedProxy(peer, trusted)) return peer;
  // Right to left: each hop appends the address it received from; the first
  // one not added by a trusted proxy is where the request came from.
  while (!forwarded_for.empty()) {
    const std::size_t comma = forwarded_for.rfind(',');
    const std::string_view hop =
        trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const auto address = canonicalAddress(hop);
    if (!address) break;  // unreadable: nothing further left can be believed
    if (!isTrustedProxy(*address, trusted)) return *address;
  }
  return peer;
}

std::string printable(std::string_view text, std::size_t max_length) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text.substr(0, max_length)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '"') {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    } else {
      out += c;
    }
  }
  if (text.size() > max_length) out += "...";
  return out;
}

void addSecurityHeaders(Response& response, std::string_view path, bool secure) {
  addDefaultHeader(response, "X-Content-Type-Options", "nosniff");
  addDefaultHeader(response, "Referrer-Policy", "no-referrer");
  addDefaultHeader(response, "X-Frame-Options", "DENY");
  addDefaultHeader(response, "Content-Security-Policy", kContentSecurityPolicy);
  if (path.starts_with("/api/")) addDefaultHeader(response, "Cache-Control", "no-store");
  if (secure) addDefaultHeader(response, "Strict-Transport-Security", "max-age=31536000");
}

std::string joinMethods(const std::vector<Method>& methods) {
  std::string out;
  for (const Method method : methods) {
    if (!out.empty()) out += ", ";
    out += methodName(method);
  }
  return out;
}

void writeBusyResponse(const StreamSocket& accepted) {
  StreamSocket socket(accepted);
  socket.setSendTimeout(Poco::Timespan(1, 0));
  const std::string& text = busyResponse();
  socket.sendBytes(text.data(), static_cast<int>(text.size()));
  socket.shutdownSend();
  // What the client already sent is read (never waited for), so that
  // closing with unread data does not reset the connection.
  char buffer[4096];
  for (int round = 0; round < 16 && socket.available() > 0; ++round) {
    if (socket.receiveBytes(buffer, sizeof(buffer)) <= 0) break;
  }
}

Result<std::string> readBody(HTTPServerRequest& request, std::uint64_t limit) {
  if (request.getChunkedTransferEncoding()) return readChunkedBody(request.stream(), limit);
  if (!request.hasContentLength()) return std::string();
  const Poco::Int64 length = request.getContentLength64();
  if (length < 0) return makeError(Errc::invalid_argument, "Content-Length is negative");
  if (static_cast<std::uint64_t>(length) > limit) {
    return makeError(Errc::resource_exhausted,
                     "request body is larger than " + std::to_string(limit) + " bytes");
  }
  // Grows as bytes arrive: a client that announces a large body and sends
  // nothing must not make the server reserve it.
  std::string body;
  char chunk[16384];
  std::uint64_t left = static_cast<std::uint64_t>(length);
  while (left > 0) {
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(left, sizeof chunk));
    request.stream().read(chunk, want);
    const std::streamsize got = request.stream().gcount();
    if (got <= 0) {
      return makeError(Errc::invalid_argument, "request body is shorter than its Content-Length");
    }
    body.append(chunk, static_cast<std::size_t>(got));
    left -= static_cast<std::uint64_t>(got);
  }
  return body;
}

bool bodyAnnounced(const HTTPServerRequest& request) {
  if (request.getChunkedTransferEncoding()) return true;
  try {
    return request.hasContentLength() && request.getContentLength64() != 0;
  } catch (const Poco::Exception&) {
    return true;  // unparsable Content-Length: do not trust the connection
  }
}

void lingerOverUnreadBody(StreamSocket& socket, bool secure) {
  try {
    if (!secure) socket.shutdownSend();
    socket.setReceiveTimeout(Poco::Timespan(0, 200'000));
    const auto deadline = std::chrono::steady_clock::now() + kLingerTime;
    std::size_t dropped = 0;
    char buffer[8192];
    while (dropped < kLingerBytes && std::chrono::steady_clock::now() < deadline) {
      const int count = socket.receiveBytes(buffer, sizeof(buffer));
      if (count <= 0) break;
      dropped += static_cast<std::size_t>(count);
    }
  } catch (const Poco::Exception&) {
    // Timeout or reset: the connection closes either way.
  }
}

}  // namespace cartable::http
