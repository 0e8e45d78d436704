#include "federation/protocol/handshake.h"

#include <sodium.h>

#include <cassert>
#include <initializer_list>

#include "federation/protocol/channel_state.h"
#include "federation/protocol/wire.h"

namespace cartable::federation {
namespace {

using Bytes32 = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, crypto_sign_BYTES>;
using detail::ChannelKey;
using detail::StreamHeader;

constexpr std::uint8_t kClientHelloType = 1;
constexpr std::uint8_t kServerHelloType = 2;
constexpr std::uint8_t kClientFinishType = 3;
constexpr std::size_t kMaxNameBytes = 255;
constexpr std::size_t kMaxCertificateBytes = 4096;
constexpr std::string_view kKeyDomain = "cartable federation v1 session keys";
constexpr std::string_view kServerDomain = "cartable federation v1 server signature";
constexpr std::string_view kClientDomain = "cartable federation v1 client signature";

static_assert(crypto_kx_PUBLICKEYBYTES == 32 && crypto_kx_SESSIONKEYBYTES == 32 &&
              crypto_kx_SEEDBYTES == 32 && crypto_sign_PUBLICKEYBYTES == 32);

template <std::size_t N>
void wipe(std::array<std::uint8_t, N>& secret) {
  sodium_memzero(secret.data(), secret.size());
}

// BLAKE2b-256 of a domain string and length-prefixed parts, so that no two
// different sequences of parts hash the same bytes.
Bytes32 hashParts(std::string_view domain, std::initializer_list<std::string_view> parts) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  wire::Writer framing;
  framing.shortString(domain);
  for (std::string_view part : parts) framing.longString(part);
  const std::string& bytes = framing.data();
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
  Bytes32 digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

std::string_view asView(const StreamHeader& header) {
  return {reinterpret_cast<const char*>(header.data()), header.size()};
}

Signature sign(const Bytes32& hash, const std::array<std::uint8_t, 64>& sign_secret) {
  Signature signature{};
  crypto_sign_detached(signature.data(), nullptr, hash.data(), hash.size(), sign_secret.data());
  return signature;
}

bool verifies(const Signature& signature, const Bytes32& hash, const Bytes32& sign_public) {
  return crypto_sign_verify_detached(signature.data(), hash.data(), hash.size(),
                                     sign_public.data()) == 0;
}

struct EphemeralKeys {
  Bytes32 public_key{};
  Bytes32 secret_key{};

  explicit EphemeralKeys(Random& random) {
    detail::initSodium();
    Bytes32 seed{};
    random.fill(seed);
    crypto_kx_seed_keypair(public_key.data(), secret_key.data(), seed.data());
    wipe(seed);
  }
  ~EphemeralKeys() { wipe(secret_key); }
};

struct SessionKeys {
  ChannelKey send{};
  ChannelKey receive{};
  ~SessionKeys() {
    wipe(send);
    wipe(receive);
  }

  // Binds the kx keys to both identities: each is re-hashed keyed by `binding`.
  void bindTo(const Bytes32& binding) {
    for (ChannelKey* key : {&send, &receive}) {
      crypto_generichash(key->data(), key->size(), key->data(), key->size(), binding.data(),
                         binding.size());
    }
  }
};

Error nameError(std::string_view message, std::string_view problem) {
  return makeError(Errc::malformed,
                   std::string(message) + ": field \"name\" " + std::string(problem),
                   std::string(message) + ".name");
}

Status checkName(std::string_view message, const std::string& name) {
  if (name.empty()) return nameError(message, "is empty");
  for (char c : name) {
    if (c < 0x20 || c > 0x7e) return nameError(message, "holds a byte that is not printable ASCII");
  }
  return okStatus();
}

Status readType(wire::Reader& in, std::uint8_t expected) {
  std::uint8_t type = 0;
  CARTABLE_RETURN_IF_ERROR(in.u8("type", type));
  if (type != expected) {
    return in.fieldError("type",
                         "is " + std::to_string(type) + ", expected " + std::to_string(expected));
  }
  return okStatus();
}

struct ClientHello {
  std::uint16_t version = kProtocolVersion;
  Bytes32 random{};
  Bytes32 kx_public{};
  std::string name;
  Bytes32 sign_public{};
  std::string certificate;

  std::string encode() const {
    wire::Writer out;
    out.u8(kClientHelloType);
    out.u16(version);
    out.bytes(random);
    out.bytes(kx_public);
    out.shortString(name);
    out.bytes(sign_public);
    out.longString(certificate);
    return out.take();
  }

  static Result<ClientHello> decode(std::string_view bytes) {
    wire::Reader in(bytes, "ClientHello");
    ClientHello m;
    CARTABLE_RETURN_IF_ERROR(readType(in, kClientHelloType));
    CARTABLE_RETURN_IF_ERROR(in.u16("version", m.version));
    if (m.version != kProtocolVersion) {
      return makeError(Errc::invalid_argument,
                       "ClientHello: protocol version " + std::to_string(m.version) +
                           " is not supported; this node speaks version " +
                           std::to_string(kProtocolVersion),
                       "ClientHello.version");
    }
    CARTABLE_RETURN_IF_ERROR(in.bytes("random", m.random));
    CARTABLE_RETURN_IF_ERROR(in.bytes("kx_public", m.kx_public));
    CARTABLE_RETURN_IF_ERROR(in.shortString("name", kMaxNameBytes, m.name));
    CARTABLE_RETURN_IF_ERROR(checkName("ClientHello", m.name));
    CARTABLE_RETURN_IF_ERROR(in.bytes("sign_public", m.sign_public));
    CARTABLE_RETURN_IF_ERROR(in.longString("certificate", kMaxCertificateBytes, m.certificate));
    CARTABLE_RETURN_IF_ERROR(in.finish());
    return m;
  }
};

// Message 2 without its header and signature: what the session keys bind.
struct ServerIdentity {
  Bytes32 random{};
  Bytes32 kx_public{};
  std::string name;
  Bytes32 sign_public{};

  std::string encode() const {
    wire::Writer out;
    out.u8(kServerHelloType);
    out.bytes(random);
    out.bytes(kx_public);
    out.shortString(name);
    out.bytes(sign_public);
    return out.take();
  }
};

struct ServerHello {
  ServerIdentity identity;
  std::string identity_bytes;  // as received
  StreamHeader header{};
  Signature signature{};

  static Result<ServerHello> decode(std::string_view bytes) {
    wire::Reader in(bytes, "ServerHello");
    ServerHello m;
    ServerIdentity& id = m.identity;
    CARTABLE_RETURN_IF_ERROR(readType(in, kServerHelloType));
    CARTABLE_RETURN_IF_ERROR(in.bytes("random", id.random));
    CARTABLE_RETURN_IF_ERROR(in.bytes("kx_public", id.kx_public));
    CARTABLE_RETURN_IF_ERROR(in.shortString("name", kMaxNameBytes, id.name));
    CARTABLE_RETURN_IF_ERROR(checkName("ServerHello", id.name));
    CARTABLE_RETURN_IF_ERROR(in.bytes("sign_public", id.sign_public));
    m.identity_bytes = std::string(bytes.substr(0, in.offset()));
    CARTABLE_RETURN_IF_ERROR(in.bytes("stream_header", m.header));
    CARTABLE_RETURN_IF_ERROR(in.bytes("signature", m.signature));
    CARTABLE_RETURN_IF_ERROR(in.finish());
    return m;
  }
};

struct ClientFinish {
  StreamHeader header{};
  Signature signature{};

  std::string encode() const {
    wire::Writer out;
    out.u8(kClientFinishType);
    out.bytes(header);
    out.bytes(signature);
    return out.take();
  }

  static Result<ClientFinish> decode(std::string_view bytes) {
    wire::Reader in(bytes, "ClientFinish");
    ClientFinish m;
    CARTABLE_RETURN_IF_ERROR(readType(in, kClientFinishType));
    CARTABLE_RETURN_IF_ERROR(in.bytes("stream_header", m.header));
    CARTABLE_RETURN_IF_ERROR(in.bytes("signature", m.signature));
    CARTABLE_RETURN_IF_ERROR(in.finish());
    return m;
  }
};

Bytes32 serverSignedHash(std::string_view hello, std::string_view identity,
                         const StreamHeader& header) {
  return hashParts(kServerDomain, {hello, identity, asView(header)});
}

Bytes32 transcriptHash(std::string_view hello, std::string_view server_hello,
                       const StreamHeader& client_header) {
  return hashParts(kClientDomain, {hello, server_hello, asView(client_header)});
}

std::string fingerprintOf(const Bytes32& sign_public) {
  NodeKeys keys;
  keys.sign_public = sign_public;
  return keys.fingerprint();
}

Error outOfOrder(std::string_view what) {
  return makeError(Errc::failed_precondition, "handshake: " + std::string(what), "handshake");
}

}  // namespace

struct ClientHandshake::State {
  std::array<std::uint8_t, 64> sign_secret{};
  std::optional<Bytes32> pinned_hub;
  EphemeralKeys kx;
  std::string hello;
  enum class Phase {
    awaiting_server_hello,
    finished,
    failed,
    taken
  } phase = Phase::awaiting_server_hello;
  std::optional<HandshakeOutcome> outcome;

  State(Random& random) : kx(random) {}
  ~State() { wipe(sign_secret); }

  Result<std::string> finish(std::string_view message);
};

ClientHandshake::ClientHandshake(const NodeKeys& keys, std::string own_name,
                                 std::string certificate, std::optional<Bytes32> pinned_hub,
                                 Random& random)
    : state_(std::make_unique<State>(random)) {
  assert(checkName("ClientHello", own_name).ok());
  assert(certificate.size() <= kMaxCertificateBytes);
  state_->sign_secret = keys.sign_secret;
  state_->pinned_hub = pinned_hub;
  ClientHello hello;
  random.fill(hello.random);
  hello.kx_public = state_->kx.public_key;
  hello.name = std::move(own_name);
  hello.sign_public = keys.sign_public;
  hello.certificate = std::move(certificate);
  state_->hello = hello.encode();
}

ClientHandshake::ClientHandshake(ClientHandshake&&) noexcept = default;
ClientHandshake& ClientHandshake::operator=(ClientHandshake&&) noexcept = default;
ClientHandshake::~ClientHandshake() = default;

std::string ClientHandshake::hello() {
  return state_->hello;
}

Result<std::string> ClientHandshake::State::finish(std::string_view message) {
  CARTABLE_ASSIGN_OR_RETURN(ServerHello server, ServerHello::decode(message));
  const ServerIdentity& id = server.identity;
  if (pinned_hub && *pinned_hub != id.sign_public) {
    return makeError(Errc::permission_denied,
                     "hub " + id.name + " presents key " + fingerprintOf(id.sign_public) +
                         ", not the pinned hub key " + fingerprintOf(*pinned_hub),
                     "ServerHello.sign_public");
  }
  if (!verifies(server.signature, serverSignedHash(hello, server.identity_bytes, server.header),
                id.sign_public)) {
    return makeError(Errc::permission_denied, "ServerHello signature does not verify",
                     "ServerHello.signature");
  }
  SessionKeys keys;
  if (crypto_kx_client_session_keys(keys.receive.data(), keys.send.data(), kx.public_key.data(),
                                    kx.secret_key.data(), id.kx_public.data()) != 0) {
    return makeError(Errc::malformed, "ServerHello: field \"kx_public\" is not a usable key",
                     "ServerHello.kx_public");
  }
  keys.bindTo(hashParts(kKeyDomain, {hello, server.identity_bytes}));
  ClientFinish finish_message;
  std::unique_ptr<detail::ChannelState> channel =
      detail::startSending(keys.send, finish_message.header);
  CARTABLE_RETURN_IF_ERROR(detail::startReceiving(*channel, keys.receive, server.header));
  const Bytes32 transcript = transcriptHash(hello, message, finish_message.header);
  finish_message.signature = sign(transcript, sign_secret);
  outcome.emplace(HandshakeOutcome{id.name, id.sign_public, std::string(), transcript,
                                   SecretChannel(std::move(channel))});
  return finish_message.encode();
}

Result<std::string> ClientHandshake::onServerHello(std::string_view message) {
  if (state_->phase != State::Phase::awaiting_server_hello) {
    return outOfOrder("a ServerHello was already processed");
  }
  auto finish = state_->finish(message);
  state_->phase = finish.ok() ? State::Phase::finished : State::Phase::failed;
  wipe(state_->kx.secret_key);
  return finish;
}

Result<HandshakeOutcome> ClientHandshake::outcome() {
  if (state_->phase != State::Phase::finished) {
    return outOfOrder(state_->phase == State::Phase::taken ? "the outcome was already taken"
                                                           : "no valid ServerHello was processed");
  }
  state_->phase = State::Phase::taken;
  HandshakeOutcome result = std::move(*state_->outcome);
  state_->outcome.reset();
  return result;
}

struct ServerHandshake::State {
  std::array<std::uint8_t, 64> sign_secret{};
  EphemeralKeys kx;
  ServerIdentity identity;
  std::string identity_bytes;
  ClientHello client;
  std::string client_hello_bytes;
  std::string server_hello_bytes;
  SessionKeys keys;
  std::unique_ptr<detail::ChannelState> channel;
  enum class Phase {
    awaiting_client_hello,
    hello_received,
    hello_sent,
    done,
    failed
  } phase = Phase::awaiting_client_hello;

  State(Random& random) : kx(random) {}
  ~State() { wipe(sign_secret); }

  Status answer(std::string_view message);
  Result<HandshakeOutcome> complete(std::string_view message);
};

ServerHandshake::ServerHandshake(const NodeKeys& keys, std::string own_name, Random& random)
    : state_(std::make_unique<State>(random)) {
  assert(checkName("ServerHello", own_name).ok());
  state_->sign_secret = keys.sign_secret;
  ServerIdentity& id = state_->identity;
  random.fill(id.random);
  id.kx_public = state_->kx.public_key;
  id.name = std::move(own_name);
  id.sign_public = keys.sign_public;
  state_->identity_bytes = id.encode();
}

ServerHandshake::ServerHandshake(ServerHandshake&&) noexcept = default;
ServerHandshake& ServerHandshake::operator=(ServerHandshake&&) noexcept = default;
ServerHandshake::~ServerHandshake() = default;

Status ServerHandshake::State::answer(std::string_view message) {
  CARTABLE_ASSIGN_OR_RETURN(client, ClientHello::decode(message));
  client_hello_bytes = std::string(message);
  if (crypto_kx_server_session_keys(keys.receive.data(), keys.send.data(), kx.public_key.data(),
                                    kx.secret_key.data(), client.kx_public.data()) != 0) {
    return makeError(Errc::malformed, "ClientHello: field \"kx_public\" is not a usable key",
                     "ClientHello.kx_public");
  }
  wipe(kx.secret_key);
  keys.bindTo(hashParts(kKeyDomain, {client_hello_bytes, identity_bytes}));
  StreamHeader header{};
  channel = detail::startSending(keys.send, header);
  wire::Writer out;
  out.raw(identity_bytes);
  out.bytes(header);
  out.bytes(sign(serverSignedHash(client_hello_bytes, identity_bytes, header), sign_secret));
  server_hello_bytes = out.take();
  return okStatus();
}

Status ServerHandshake::onClientHello(std::string_view message) {
  if (state_->phase != State::Phase::awaiting_client_hello) {
    return outOfOrder("a ClientHello was already processed");
  }
  Status answered = state_->answer(message);
  state_->phase = answered.ok() ? State::Phase::hello_received : State::Phase::failed;
  return answered;
}

const std::string& ServerHandshake::clientName() const {
  return state_->client.name;
}
const std::string& ServerHandshake::clientCertificate() const {
  return state_->client.certificate;
}
const Bytes32& ServerHandshake::clientSignPublic() const {
  return state_->client.sign_public;
}

std::string ServerHandshake::serverHello() {
  assert(state_->phase == State::Phase::hello_received);
  state_->phase = State::Phase::hello_sent;
  return state_->server_hello_bytes;
}

Result<HandshakeOutcome> ServerHandshake::State::complete(std::string_view message) {
  CARTABLE_ASSIGN_OR_RETURN(ClientFinish finish, ClientFinish::decode(message));
  const Bytes32 transcript = transcriptHash(client_hello_bytes, server_hello_bytes, finish.header);
  if (!verifies(finish.signature, transcript, client.sign_public)) {
    return makeError(Errc::permission_denied, "ClientFinish signature does not verify",
                     "ClientFinish.signature");
  }
  CARTABLE_RETURN_IF_ERROR(detail::startReceiving(*channel, keys.receive, finish.header));
  return HandshakeOutcome{client.name, client.sign_public, client.certificate, transcript,
                          SecretChannel(std::move(channel))};
}

Result<HandshakeOutcome> ServerHandshake::onClientFinish(std::string_view message) {
  const State::Phase phase = state_->phase;
  if (phase != State::Phase::hello_sent) {
    return outOfOrder(phase == State::Phase::done || phase == State::Phase::failed
                          ? "the handshake already ended"
                          : "a ClientFinish arrives before the ServerHello was sent");
  }
  auto outcome = state_->complete(message);
  state_->phase = outcome.ok() ? State::Phase::done : State::Phase::failed;
  return outcome;
}

}  // namespace cartable::federation
