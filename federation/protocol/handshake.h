// Mutual authentication in three messages, sans-IO (the caller moves the
// bytes, each message in one frame):
//   1. client -> hub  ClientHello: version, fresh random, ephemeral kx key, the
//      client's name, Ed25519 key and certificate (empty during enrollment);
//   2. hub -> client  ServerHello: fresh random, ephemeral kx key, the hub's name
//      and Ed25519 key, its stream header, its signature over the transcript;
//   3. client -> hub  ClientFinish: the client's stream header and its
//      signature over the whole transcript.
// Session keys come from the ephemeral keys, mixed with a hash of both
// identities, so a recorded message replayed into a new handshake fails.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/random.h"
#include "core/base/result.h"
#include "federation/identity/node_keys.h"
#include "federation/protocol/secret_channel.h"

namespace cartable::federation {

inline constexpr std::uint16_t kProtocolVersion = 1;

struct HandshakeOutcome {
  std::string peer_name;
  std::array<std::uint8_t, 32> peer_sign_public{};
  std::string peer_certificate;  // the client's certificate bytes as sent; empty on the client
  std::array<std::uint8_t, 32> transcript_hash{};  // what both signatures cover, finally
  SecretChannel channel;
};

class ClientHandshake {
 public:
  // `own_name` is 1 to 255 printable ASCII bytes, e.g. "school:0541234X";
  // `certificate` the bytes the hub issued (empty during enrollment only);
  // `pinned_hub` the hub's signing key (empty during enrollment only).
  ClientHandshake(const NodeKeys& keys, std::string own_name, std::string certificate,
                  std::optional<std::array<std::uint8_t, 32>> pinned_hub, Random& random);
  ClientHandshake(ClientHandshake&&) noexcept;
  ClientHandshake& operator=(ClientHandshake&&) noexcept;
  ~ClientHandshake();  // wipes the secrets it holds

  // Message 1 (the same bytes on every call).
  std::string hello();
  // Checks message 2 (fields, the pin, the hub's signature) and returns
  // message 3. permission_denied when the hub's key differs from the pin or
  // its signature does not verify; malformed naming the field otherwise.
  Result<std::string> onServerHello(std::string_view message);
  // The authenticated link, once, after onServerHello() succeeded.
  Result<HandshakeOutcome> outcome();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class ServerHandshake {
 public:
  ServerHandshake(const NodeKeys& keys, std::string own_name, Random& random);
  ServerHandshake(ServerHandshake&&) noexcept;
  ServerHandshake& operator=(ServerHandshake&&) noexcept;
  ~ServerHandshake();

  // Parses message 1. The caller then inspects the client's claims (name, key,
  // certificate) before answering; an unknown version is refused naming both.
  Status onClientHello(std::string_view message);
  const std::string& clientName() const;
  const std::string& clientCertificate() const;
  const std::array<std::uint8_t, 32>& clientSignPublic() const;
  // Message 2; only after onClientHello() succeeded and the caller accepted.
  std::string serverHello();
  // Checks message 3 (the client's signature over the transcript).
  Result<HandshakeOutcome> onClientFinish(std::string_view message);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace cartable::federation
