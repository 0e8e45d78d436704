// The handshake's three messages and the certificate, each received from a
// peer who may send anything. The first byte picks the message:
//   0 ClientHello at the hub, 1 ServerHello at the school (after its hello),
//   2 ClientFinish at the hub (after a genuine hello), 3 a certificate.
// The peers' keys and randomness are fixed, so seeds made by fuzz_make_seeds
// are genuine messages of this very handshake.
#include "federation/protocol/certificate.h"
#include "fuzz_bytes.h"
#include "handshake_peers.h"

namespace {

using namespace cartable;

void clientHelloAtHub(std::string_view message) {
  fuzz::HandshakePeers peers;
  federation::ServerHandshake server = peers.server();
  if (!server.onClientHello(message).ok()) return;
  fuzz::require(!server.clientName().empty(), "an accepted hello names the client");
  fuzz::require(!server.serverHello().empty(), "the hub answers an accepted hello");
}

void serverHelloAtSchool(std::string_view message) {
  fuzz::HandshakePeers peers;
  federation::ClientHandshake client = peers.client();
  (void)client.hello();
  auto finish = client.onServerHello(message);
  if (!finish.ok()) {
    fuzz::require(!client.outcome().ok(), "no link after a refused ServerHello");
    return;
  }
  fuzz::require(client.outcome().ok(), "a link after an accepted ServerHello");
}

void clientFinishAtHub(std::string_view message) {
  fuzz::HandshakePeers peers;
  federation::ClientHandshake client = peers.client();
  federation::ServerHandshake server = peers.server();
  if (!server.onClientHello(client.hello()).ok()) std::abort();
  (void)server.serverHello();
  auto outcome = server.onClientFinish(message);
  if (outcome.ok()) fuzz::require(outcome->peer_name == peers.school_name, "the school is named");
}

void certificate(std::string_view bytes) {
  auto decoded = federation::Certificate::decode(bytes);
  if (!decoded.ok()) return;
  fuzz::require(decoded->encode() == bytes, "a certificate has one encoding");
  const fuzz::HandshakePeers peers;
  (void)federation::verifyCertificate(*decoded, peers.hub.sign_public, 1800000000);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [selector, message] = fuzz::select(fuzz::asText(data, size));
  switch (selector % 4) {
    case 0:
      clientHelloAtHub(message);
      break;
    case 1:
      serverHelloAtSchool(message);
      break;
    case 2:
      clientFinishAtHub(message);
      break;
    default:
      certificate(message);
      break;
  }
  return 0;
}
