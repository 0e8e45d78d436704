#include "core/http/server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/base/log.h"
#include "core/http/connection_registry.h"
#include "core/http/json.h"
#include "core/http/problem.h"
#include "core/http/request_target.h"
#include "core/http/server_io.h"
#include "core/http/stream_takeover.h"

namespace cartable::http {
namespace {

using Poco::Net::HTTPServerParams;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using Poco::Net::StreamSocket;

constexpr std::string_view kMetricsPath = "/metrics";
constexpr auto kStopGrace = std::chrono::seconds(5);
constexpr int kMaxKeepAliveRequests = 1000;
constexpr auto kSlowClientCheck = std::chrono::seconds(1);
// TLS 1.2 suites with forward secrecy and AEAD; TLS 1.3 keeps OpenSSL's.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

constexpr const char* kRequestsTotal = "cartable_http_requests_total";
constexpr const char* kRequestDuration = "cartable_http_request_duration_seconds";
constexpr const char* kRefusedTotal = "cartable_http_refused_total";
constexpr const char* kThreadsGauge = "cartable_http_threads";
constexpr const char* kQueuedGauge = "cartable_http_queued_connections";
constexpr const char* kConnectionsGauge = "cartable_http_open_connections";

void describeMetrics(Metrics& metrics) {
  using Type = Metrics::Type;
  metrics.describe(kRequestsTotal, Type::counter,
                   "HTTP requests answered, by route pattern, method and status.");
  metrics.describe(kRequestDuration, Type::histogram,
                   "Time to answer an HTTP request, by route pattern.");
  metrics.describe(kRefusedTotal, Type::counter,
                   "Connections refused before reading a request, by reason.");
  metrics.describe(kThreadsGauge, Type::gauge, "Worker threads started by the HTTP server.");
  metrics.describe(kQueuedGauge, Type::gauge, "Accepted connections waiting for a worker.");
  metrics.describe(kConnectionsGauge, Type::gauge, "Open HTTP connections, queued ones included.");
}

bool isLoopbackAddress(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

StreamSocket& socketOf(HTTPServerRequest& request) {
  return dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
}

// What one request produced, before it is written.
struct Outcome {
  Response response;
  std::string route = "unmatched";  // the matched pattern: bounded label values
  bool close = false;               // a body is left unread: close after answering
};

Outcome earlyAnswer(Response response, const HTTPServerRequest& request) {
  return Outcome{std::move(response), "unmatched", bodyAnnounced(request)};
}

// Everything the Poco objects of one server share.
class ServerCore {
 public:
  ServerCore(ServerOptions options, const Router& router, Metrics& metrics)
      : options_(std::move(options)), router_(router), metrics_(metrics) {
    describeMetrics(metrics_);
  }
  ~ServerCore() { stop(); }

  Status start();
  void stop();
  std::uint16_t port() const { return port_; }
  ServerStats stats() const;
  void setAccessLog(bool enabled) { access_log_ = enabled; }

  // Acceptor thread: whether `socket` may wait for a worker.
  bool admit(const StreamSocket& socket);
  // Worker thread: answers one request.
  void handle(HTTPServerRequest& request, HTTPServerResponse& response);
  ConnectionRegistry& registry() { return registry_; }

 private:
  Result<Poco::Net::ServerSocket> listen();
  Result<Poco::Net::Context::Ptr> serverContext() const;
  bool refuse(const StreamSocket& socket, std::string_view reason);
  Outcome process(HTTPServerRequest& request);
  Response callHandler(const Route& route, Request& request);
  void send(HTTPServerRequest& request, HTTPServerResponse& response, Outcome& outcome);
  void handOver(HTTPServerRequest& request, Response& answer);
  void record(const HTTPServerRequest& request, const Outcome& outcome,
              std::chrono::steady_clock::time_point started);
  void refreshGauges();
  void closeSlowClients();

  const ServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  ConnectionRegistry registry_;
  std::atomic<int> refused_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> access_log_{options_.access_log};
  std::uint16_t port_ = 0;
  std::mutex watchdog_mutex_;
  std::condition_variable watchdog_wake_;
  std::thread watchdog_;
  // Declared last: destroyed first, while the members above still exist.
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::TCPServer> tcp_;
};

class AdmissionFilter final : public Poco::Net::TCPServerConnectionFilter {
 public:
  explicit AdmissionFilter(ServerCore& core) : core_(core) {}
  bool accept(const StreamSocket& socket) override {
    try {
      return core_.admit(socket);
    } catch (const Poco::Exception& error) {
      log::debug("http: refusing a connection: " + error.displayText());
      return false;
    }
  }

 private:
  ServerCore& core_;
};

class PocoRequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PocoRequestHandler(ServerCore& core) : core_(core) {}
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    core_.handle(request, response);
  }

 private:
  ServerCore& core_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(ServerCore& core) : core_(core) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new PocoRequestHandler(core_);
  }

 private:
  ServerCore& core_;
};

// Poco's HTTP connection, registered from creation to destruction so that
// the per-address count and stop() see it.
class TrackedConnection final : public Poco::Net::HTTPServerConnection {
 public:
  TrackedConnection(const StreamSocket& socket, const HTTPServerParams::Ptr& params,
                    const Poco::Net::HTTPRequestHandlerFactory::Ptr& handlers,
                    ConnectionRegistry& registry)
      : HTTPServerConnection(socket, params, handlers), registry_(registry), key_(socket.impl()) {
    // Poco sets only the receive timeout; a client that stops reading must
    // not hold a worker forever either.
    try {
      this->socket().setSendTimeout(params->getTimeout());
    } catch (const Poco::Exception&) {
    }
    registry_.attach(key_, socket.impl()->sockfd());
  }
  ~TrackedConnection() override { registry_.detach(key_); }

 private:
  ConnectionRegistry& registry_;
  const ConnectionRegistry::Key key_;
};

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(ServerCore& core, HTTPServerParams::Ptr params)
      : core_(core), params_(std::move(params)), handlers_(new HandlerFactory(core)) {}
  Poco::Net::TCPServerConnection* createConnection(const StreamSocket& socket) override {
    return new TrackedConnection(socket, params_, handlers_, core_.registry());
  }

 private:
  ServerCore& core_;
  HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
};

HTTPServerParams::Ptr serverParams(const config::LimitSettings& limits) {
  HTTPServerParams::Ptr params = new HTTPServerParams;
  params->setMaxThreads(limits.threads);
  params->setMaxQueued(limits.queue);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(limits.keep_alive_seconds, 0));
  params->setTimeout(Poco::Timespan(limits.request_timeout_seconds, 0));
  params->setMaxKeepAliveRequests(kMaxKeepAliveRequests);
  params->setSoftwareVersion("");  // no Server header
  return params;
}

Status ServerCore::start() {
  if (tcp_ || stopping_) {
    return makeError(Errc::failed_precondition, "the HTTP server can be started only once");
  }
  CARTABLE_ASSIGN_OR_RETURN(Poco::Net::ServerSocket socket, listen());
  try {
    const HTTPServerParams::Ptr params = serverParams(options_.limits);
    pool_ = std::make_unique<Poco::ThreadPool>(1, options_.limits.threads);
    tcp_ = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(*this, params), *pool_,
                                                  socket, params);
    tcp_->setConnectionFilter(new AdmissionFilter(*this));
    port_ = socket.address().port();
    tcp_->start();
    watchdog_ = std::thread([this] { closeSlowClients(); });
  } catch (const Poco::Exception& error) {
    tcp_.reset();
    pool_.reset();
    return makeError(Errc::internal, "cannot start the HTTP server: " + error.displayText());
  }
  log::info("http: listening on " + options_.address + ":" + std::to_string(port_) +
            (options_.tls ? " (TLS)" : " (plain HTTP)"));
  return okStatus();
}

Result<Poco::Net::ServerSocket> ServerCore::listen() {
  const std::string where = options_.address + ":" + std::to_string(options_.port);
  const int backlog = std::max(64, options_.limits.queue);
  try {
    const Poco::Net::SocketAddress address(options_.address, options_.port);
    // bind(address, reuseAddress, reusePort=false): two servers must never
    // share a port silently.
    if (!options_.tls) {
      Poco::Net::ServerSocket socket;
      socket.bind(address, true, false);
      socket.listen(backlog);
      return socket;
    }
    CARTABLE_ASSIGN_OR_RETURN(Poco::Net::Context::Ptr context, serverContext());
    Poco::Net::SecureServerSocket socket(context);
    socket.bind(address, true, false);
    socket.listen(backlog);
    return Poco::Net::ServerSocket(socket);
  } catch (const Poco::Exception& error) {
    return makeError(Errc::unavailable, "cannot listen on " + where + ": " + error.displayText(),
                     "http.listen_address");
  }
}

Status checkReadable(const std::string& path, const std::string& what, const std::string& field) {
  if (path.empty()) return makeError(Errc::invalid_argument, what + " file is not set", field);
  std::ifstream file(path);
  if (!file) {
    return makeError(Errc::not_found,
                     what + " file " + path + " cannot be read: " + std::strerror(errno), field);
  }
  return okStatus();
}

// The TLS context is given to the socket directly, so Poco's SSLManager and
// its configuration file play no part. The key must not be encrypted.
Result<Poco::Net::Context::Ptr> ServerCore::serverContext() const {
  const std::string& certificate = options_.certificate_file;
  const std::string& key = options_.private_key_file;
  CARTABLE_RETURN_IF_ERROR(checkReadable(certificate, "TLS certificate", "http.tls_certificate"));
  CARTABLE_RETURN_IF_ERROR(checkReadable(key, "TLS private key", "http.tls_private_key"));
  try {
    Poco::Net::Context::Params params;
    params.certificateFile = certificate;
    params.privateKeyFile = key;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = kTls12Ciphers;
    params.ecdhCurve = "X25519:P-256:P-384";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (SSL_CTX_check_private_key(context->sslContext()) != 1) {
      return makeError(Errc::invalid_argument,
                       "TLS private key " + key + " does not match certificate " + certificate,
                       "http.tls_private_key");
    }
    return context;
  } catch (const Poco::Exception& error) {
    return makeError(Errc::invalid_argument,
                     "cannot use TLS certificate " + certificate + " with private key " + key +
                         ": " + error.displayText(),
                     "http.tls_certificate");
  }
}

void ServerCore::stop() {
  if (!tcp_) return;
  {
    std::lock_guard lock(watchdog_mutex_);
    stopping_ = true;
  }
  watchdog_wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
  // Wakes the acceptor from its 250 ms poll at once; accept() fails until
  // TCPServer::stop() below ends its loop.
  ::shutdown(tcp_->socket().impl()->sockfd(), SHUT_RDWR);
  tcp_->stop();  // no more accepts; queued connections are dropped
  registry_.beginStop();
  if (!registry_.waitUntilDetached(kStopGrace)) {
    log::warning("http: requests still running after the stop grace period; closing them");
    registry_.shutdownAll();
  }
  // Workers may still be inside a handler: they must be gone before the
  // router, the metrics and this object are.
  pool_->joinAll();
  tcp_.reset();
  pool_.reset();
  log::info("http: stopped");
}

// Poco bounds each read of a request by the request timeout, not the whole
// request: a client sending its header a byte at a time would keep its
// worker forever, and enough of them would starve everyone. A connection
// outside a request for longer than the keep-alive wait plus the request
// timeout is closed; while connections wait for a worker, one outside a
// request for longer than the keep-alive wait alone is (the others' turn).
void ServerCore::closeSlowClients() {
  const auto keep_alive = std::chrono::seconds(options_.limits.keep_alive_seconds);
  const auto limit = keep_alive + std::chrono::seconds(options_.limits.request_timeout_seconds);
  std::unique_lock lock(watchdog_mutex_);
  while (!watchdog_wake_.wait_for(lock, kSlowClientCheck, [this] { return stopping_.load(); })) {
    const bool waiting = tcp_->queuedConnections() > 0;
    const int closed = registry_.shutdownIdleSince(std::chrono::steady_clock::now() -
                                                   (waiting ? keep_alive : limit));
    if (closed == 0) continue;
    metrics_.increment(kRefusedTotal, "reason=\"slow_request\"", static_cast<double>(closed));
    log::debug("http: closed " + std::to_string(closed) +
               " connection(s) too slow to send a request");
  }
}

ServerStats ServerCore::stats() const {
  ServerStats stats;
  stats.refused_connections = refused_;
  if (!tcp_) return stats;
  stats.current_threads = tcp_->currentThreads();
  stats.queued_connections = tcp_->queuedConnections();
  stats.refused_connections += tcp_->refusedConnections();
  stats.current_connections = registry_.openConnections();
  return stats;
}

bool ServerCore::admit(const StreamSocket& socket) {
  if (tcp_->queuedConnections() >= options_.limits.queue) return refuse(socket, "queue_full");
  const std::string address = ipOf(socket.peerAddress());
  if (!registry_.admit(socket.impl(), address, options_.limits.max_connections_per_address)) {
    return refuse(socket, "per_address");
  }
  return true;
}

// Plain HTTP gets a 503 with Retry-After. A TLS connection is closed
// without an answer: nothing can be written before its handshake, which
// must not run on the acceptor thread.
bool ServerCore::refuse(const StreamSocket& socket, std::string_view reason) {
  ++refused_;
  metrics_.increment(kRefusedTotal, "reason=\"" + std::string(reason) + "\"");
  log::debug("http: connection refused (" + std::string(reason) + ")");
  if (!options_.tls) writeBusyResponse(socket);
  return false;
}

void ServerCore::handle(HTTPServerRequest& request, HTTPServerResponse& response) {
  const auto started = std::chrono::steady_clock::now();
  const ConnectionRegistry::Key connection = socketOf(request).impl();
  registry_.enterRequest(connection);
  Outcome outcome;
  try {
    outcome = process(request);
  } catch (const Poco::Exception& error) {
    // Raised by Poco while reading the request, not by a route handler.
    outcome = earlyAnswer(problem(400, "the request could not be read"), request);
    outcome.close = true;
    log::debug("http: unreadable request: " + error.displayText());
  }
  try {
    send(request, response, outcome);
    record(request, outcome, started);
  } catch (const Poco::Exception& error) {
    response.setKeepAlive(false);
    log::debug("http: answer not delivered: " + error.displayText());
  }
  registry_.leaveRequest(connection);
}

Outcome ServerCore::process(HTTPServerRequest& request) {
  auto target = parseRequestTarget(request.getURI());
  if (!target.ok()) return earlyAnswer(problem(400, target.error().message), request);

  Request input;
  input.path = std::move(target->path);
  input.query = std::move(target->query);
  input.remote_address = ipOf(request.clientAddress());
  input.secure = request.secure();
  // HEAD is answered as GET would be; Poco leaves the body out.
  const bool head = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
  const auto method = head ? std::optional<Method>(Method::get) : parseMethod(request.getMethod());
  if (!method) {
    Response answer =
        problem(405, "method " + printable(request.getMethod(), 16) + " is not supported");
    std::vector<Method> allowed;
    for (const Method candidate :
         {Method::get, Method::post, Method::put, Method::patch, Method::del}) {
      input.method = candidate;
      if (router_.find(input).match == Router::Match::found) allowed.push_back(candidate);
    }
    if (!allowed.empty()) answer.setHeader("Allow", joinMethods(allowed));
    return earlyAnswer(std::move(answer), request);
  }
  input.method = *method;

  const auto max_fields = static_cast<std::size_t>(options_.limits.max_header_fields);
  if (request.size() > max_fields) {
    return earlyAnswer(
        problem(431, "the request has more than " + std::to_string(max_fields) + " header fields"),
        request);
  }
  for (const auto& [name, value] : request) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    input.headers.emplace_back(std::move(lower), value);
  }
  if (isTrustedProxy(input.remote_address, options_.trusted_proxies)) {
    input.via_proxy = true;
    input.remote_address = forwardedClient(input.remote_address, input.header("x-forwarded-for"),
                                           options_.trusted_proxies);
    input.secure = Poco::icompare(input.header("x-forwarded-proto"), "https") == 0;
  }

  // Routing first: a request for no route is answered without reading its
  // body, and an upload route has a larger body limit than the others.
  const Router::Lookup lookup = router_.find(input);
  if (lookup.match == Router::Match::not_found) {
    Outcome outcome = earlyAnswer(problem(404, "no resource at this path"), request);
    return outcome;
  }
  if (lookup.match == Router::Match::method_not_allowed) {
    Response answer = problem(
        405, "method " + std::string(methodName(input.method)) + " is not allowed on this path");
    answer.setHeader("Allow", joinMethods(lookup.allowed));
    return earlyAnswer(std::move(answer), request);
  }
  if (lookup.route->gate) {
    if (auto refused = lookup.route->gate(input)) {
      Outcome outcome = earlyAnswer(std::move(*refused), request);
      outcome.route = lookup.route->pattern;
      return outcome;
    }
  }
  const std::uint64_t limit = lookup.route->max_body_bytes > 0 ? lookup.route->max_body_bytes
                                                               : options_.limits.max_body_bytes;
  auto body = readBody(request, limit);
  if (!body.ok()) {
    Outcome outcome = earlyAnswer(
        problem(statusFor(body.error().code) == 413 ? 413 : 400, body.error().message), request);
    outcome.close = true;
    return outcome;
  }
  input.body = std::move(*body);

  if (lookup.route->pattern == kMetricsPath) refreshGauges();
  Outcome outcome{callHandler(*lookup.route, input), lookup.route->pattern};
  if (head) outcome.response.stream = nullptr;  // nothing to stream after the headers
  return outcome;
}

// The one exception boundary of route handlers: the client learns only that
// something failed; the journal learns what.
Response ServerCore::callHandler(const Route& route, Request& request) {
  std::string failure;
  try {
    return route.handler(request);
  } catch (const Poco::Exception& error) {
    failure = error.displayText();
  } catch (const std::exception& error) {
    failure = error.what();
  } catch (...) {
    failure = "unknown exception";
  }
  log::error("http: " + std::string(methodName(route.method)) + " " + route.pattern +
             " failed: " + failure);
  return problem(500, "internal error");
}

void ServerCore::send(HTTPServerRequest& request, HTTPServerResponse& response, Outcome& outcome) {
  Response& answer = outcome.response;
  const std::string& uri = request.getURI();
  addSecurityHeaders(answer, std::string_view(uri).substr(0, uri.find('?')), request.secure());
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
  for (const auto& [name, value] : answer.headers) response.add(name, value);
  const bool streaming = static_cast<bool>(answer.stream);
  if (outcome.close || stopping_ || streaming) response.setKeepAlive(false);
  const bool has_body = answer.status >= 200 && answer.status != 204 && answer.status != 304;
  if (has_body) {
    if (!answer.content_type.empty()) response.setContentType(answer.content_type);
    // A stream has no length: it ends when either side closes.
    if (!streaming) response.setContentLength64(static_cast<Poco::Int64>(answer.body.size()));
  }
  // send() rather than sendBuffer(): the answer must be on the wire before
  // lingering, and only the stream returned by send() can be flushed.
  std::ostream& out = response.send();
  if (has_body) out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
  out.flush();
  if (outcome.close) lingerOverUnreadBody(socketOf(request), request.secure());
  if (streaming) handOver(request, answer);
}

// Detaches the socket from Poco's connection, which then ends (keep-alive is
// off) and frees its worker; the stream's owner holds the socket from now on.
void ServerCore::handOver(HTTPServerRequest& request, Response& answer) {
  auto& poco_request = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
  auto stream = std::move(answer.stream);
  stream(takeOverStream(poco_request.detachSocket(), ipOf(request.clientAddress())));
}

void ServerCore::record(const HTTPServerRequest& request, const Outcome& outcome,
                        std::chrono::steady_clock::time_point started) {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  const auto method = parseMethod(request.getMethod());
  const std::string method_label = method ? std::string(methodName(*method)) : "other";
  const std::string status = std::to_string(outcome.response.status);
  metrics_.increment(kRequestsTotal, "route=\"" + outcome.route + "\",method=\"" + method_label +
                                         "\",status=\"" + status + "\"");
  metrics_.observe(kRequestDuration, "route=\"" + outcome.route + "\"", elapsed.count());
  if (!access_log_) return;
  // The query string is left out: it may carry tokens.
  const std::string& uri = request.getURI();
  const std::string path = printable(std::string_view(uri).substr(0, uri.find('?')), 512);
  char milliseconds[32];
  std::snprintf(milliseconds, sizeof(milliseconds), "%.1f", elapsed.count() * 1000);
  const std::string client = forwardedClient(
      ipOf(request.clientAddress()), request.get("X-Forwarded-For", ""), options_.trusted_proxies);
  // The service's own watchdog asks /healthz several times a minute: at info
  // level those lines would drown the journal.
  const bool local_probe = outcome.route == "/healthz" && isLoopbackAddress(client);
  log::write(local_probe ? log::Level::debug : log::Level::info,
             "access " + client + " \"" + printable(request.getMethod(), 16) + " " + path + "\" " +
                 status + " " + std::to_string(outcome.response.body.size()) + " " + milliseconds +
                 "ms");
}

void ServerCore::refreshGauges() {
  if (!tcp_) return;
  metrics_.set(kThreadsGauge, {}, tcp_->currentThreads());
  metrics_.set(kQueuedGauge, {}, tcp_->queuedConnections());
  metrics_.set(kConnectionsGauge, {}, registry_.openConnections());
}

}  // namespace

ServerOptions ServerOptions::fromSettings(const config::Settings& settings) {
  ServerOptions options;
  options.address = settings.http.listen_address;
  options.port = settings.http.port;
  options.tls = !settings.http.plain_http;
  options.certificate_file = settings.certificatePath();
  options.private_key_file = settings.privateKeyPath();
  options.limits = settings.limits;
  options.access_log = settings.logging.access_log;
  options.trusted_proxies = settings.http.trusted_proxies;
  return options;
}

struct Server::Impl {
  Impl(ServerOptions options, const Router& router, Metrics& metrics)
      : core(std::move(options), router, metrics) {}
  ServerCore core;
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

Status Server::start() {
  return impl_->core.start();
}
void Server::stop() {
  impl_->core.stop();
}
void Server::setAccessLog(bool enabled) {
  impl_->core.setAccessLog(enabled);
}
std::uint16_t Server::port() const {
  return impl_->core.port();
}
ServerStats Server::stats() const {
  return impl_->core.stats();
}

}  // namespace cartable::http
