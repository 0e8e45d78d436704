#include "federation/protocol/handshake.h"

#include <gtest/gtest.h>

#include "handshake_support.h"

namespace cartable::federation {
namespace {

using testing::Peers;

std::string flipped(std::string bytes, std::size_t index) {
  bytes[index] = static_cast<char>(bytes[index] ^ 0x01);
  return bytes;
}

class ProtocolHandshake : public ::testing::Test {
 protected:
  Peers peers_;
};

TEST_F(ProtocolHandshake, BothSidesLearnEachOthersIdentity) {
  auto linked = testing::link(peers_);
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->client.peer_name, "hub:grand-est");
  EXPECT_EQ(linked->client.peer_sign_public, peers_.hub.sign_public);
  EXPECT_EQ(linked->client.peer_certificate, "");
  EXPECT_EQ(linked->server.peer_name, "school:0541234X");
  EXPECT_EQ(linked->server.peer_sign_public, peers_.school.sign_public);
  EXPECT_EQ(linked->server.peer_certificate, "certificate bytes");
  EXPECT_EQ(linked->client.transcript_hash, linked->server.transcript_hash);
}

TEST_F(ProtocolHandshake, ChannelsCarryMessagesBothWays) {
  auto linked = testing::link(peers_);
  ASSERT_TRUE(linked);
  auto to_hub =
      linked->server.channel.open(linked->client.channel.seal("from school", Tag::message));
  ASSERT_TRUE(to_hub.ok()) << to_hub.error().message;
  EXPECT_EQ(to_hub->plaintext, "from school");
  auto to_school =
      linked->client.channel.open(linked->server.channel.seal("from hub", Tag::end_of_batch));
  ASSERT_TRUE(to_school.ok()) << to_school.error().message;
  EXPECT_EQ(to_school->plaintext, "from hub");
  EXPECT_EQ(to_school->tag, Tag::end_of_batch);
}

TEST_F(ProtocolHandshake, ServerSeesTheClientsClaimsBeforeAnswering) {
  ClientHandshake client = peers_.client();
  ServerHandshake server = peers_.server();
  ASSERT_TRUE(server.onClientHello(client.hello()).ok());
  EXPECT_EQ(server.clientName(), "school:0541234X");
  EXPECT_EQ(server.clientSignPublic(), peers_.school.sign_public);
  EXPECT_EQ(server.clientCertificate(), "certificate bytes");
}

TEST_F(ProtocolHandshake, EnrollmentWorksWithoutPinOrCertificate) {
  ClientHandshake client(peers_.school, "school:0541234X", "", std::nullopt,
                         SecureRandom::instance());
  ServerHandshake server = peers_.server();
  ASSERT_TRUE(server.onClientHello(client.hello()).ok());
  EXPECT_EQ(server.clientCertificate(), "");
  auto finish = client.onServerHello(server.serverHello());
  ASSERT_TRUE(finish.ok()) << finish.error().message;
  ASSERT_TRUE(server.onClientFinish(*finish).ok());
  EXPECT_EQ(client.outcome()->peer_sign_public, peers_.hub.sign_public);
}

TEST_F(ProtocolHandshake, ClientRefusesAHubThatIsNotThePinnedOne) {
  ClientHandshake client = peers_.client();
  const NodeKeys impostor = generateNodeKeys();
  ServerHandshake server(impostor, "hub:grand-est", SecureRandom::instance());
  ASSERT_TRUE(server.onClientHello(client.hello()).ok());
  auto finish = client.onServerHello(server.serverHello());
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().code, Errc::permission_denied);
  EXPECT_EQ(finish.error().message, "hub hub:grand-est presents key " + impostor.fingerprint() +
                                        ", not the pinned hub key " + peers_.hub.fingerprint());
  EXPECT_FALSE(client.outcome().ok());
}

TEST_F(ProtocolHandshake, ServerRefusesAnUnknownVersionNamingBoth) {
  std::string hello = peers_.client().hello();
  hello[2] = 7;  // version, big-endian after the type byte
  ServerHandshake server = peers_.server();
  const Status parsed = server.onClientHello(hello);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "ClientHello: protocol version 7 is not supported; this node speaks version 1");
}

TEST_F(ProtocolHandshake, ParseErrorsNameTheMessageAndTheField) {
  ServerHandshake server = peers_.server();
  const Status parsed = server.onClientHello(peers_.client().hello().substr(0, 50));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, Errc::malformed);
  EXPECT_EQ(parsed.error().message,
            "ClientHello: field \"kx_public\" needs 32 bytes but only 15 remain");
  EXPECT_EQ(parsed.error().field, "ClientHello.kx_public");

  ClientHandshake client = peers_.client();
  auto finish = client.onServerHello(std::string("\x01", 1));
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().message, "ServerHello: field \"type\" is 1, expected 2");
}

TEST_F(ProtocolHandshake, EveryFlippedByteOfTheClientHelloFailsTheHandshake) {
  const std::string original = peers_.client().hello();
  for (std::size_t i = 0; i < original.size(); ++i) {
    ClientHandshake client = peers_.client();
    ServerHandshake server = peers_.server();
    const std::string hello = client.hello();
    if (!server.onClientHello(flipped(hello, i)).ok()) continue;
    auto finish = client.onServerHello(server.serverHello());
    if (!finish.ok()) continue;
    ADD_FAILURE() << "the client accepted a ServerHello answering a tampered byte " << i;
  }
}

TEST_F(ProtocolHandshake, EveryFlippedByteOfTheServerHelloFailsTheHandshake) {
  ClientHandshake probe = peers_.client();
  ServerHandshake probe_server = peers_.server();
  ASSERT_TRUE(probe_server.onClientHello(probe.hello()).ok());
  const std::size_t size = probe_server.serverHello().size();
  for (std::size_t i = 0; i < size; ++i) {
    ClientHandshake client = peers_.client();
    ServerHandshake server = peers_.server();
    ASSERT_TRUE(server.onClientHello(client.hello()).ok());
    EXPECT_FALSE(client.onServerHello(flipped(server.serverHello(), i)).ok()) << "byte " << i;
  }
}

TEST_F(ProtocolHandshake, EveryFlippedByteOfTheClientFinishFailsTheHandshake) {
  for (std::size_t i = 0;; ++i) {
    ClientHandshake client = peers_.client();
    ServerHandshake server = peers_.server();
    ASSERT_TRUE(server.onClientHello(client.hello()).ok());
    auto finish = client.onServerHello(server.serverHello());
    ASSERT_TRUE(finish.ok());
    if (i >= finish->size()) break;
    EXPECT_FALSE(server.onClientFinish(flipped(*finish, i)).ok()) << "byte " << i;
  }
}

TEST_F(ProtocolHandshake, ARecordedClientFinishReplayedIntoANewHandshakeFails) {
  ClientHandshake client = peers_.client();
  ServerHandshake first = peers_.server();
  ASSERT_TRUE(first.onClientHello(client.hello()).ok());
  auto finish = client.onServerHello(first.serverHello());
  ASSERT_TRUE(finish.ok());
  ASSERT_TRUE(first.onClientFinish(*finish).ok());

  // An eavesdropper replays both recorded client messages to the hub.
  ServerHandshake second = peers_.server();
  ASSERT_TRUE(second.onClientHello(client.hello()).ok());
  (void)second.serverHello();
  auto replayed = second.onClientFinish(*finish);
  ASSERT_FALSE(replayed.ok());
  EXPECT_EQ(replayed.error().code, Errc::permission_denied);
  EXPECT_EQ(replayed.error().message, "ClientFinish signature does not verify");
}

TEST_F(ProtocolHandshake, ARecordedServerHelloReplayedToANewClientFails) {
  ClientHandshake first = peers_.client();
  ServerHandshake server = peers_.server();
  ASSERT_TRUE(server.onClientHello(first.hello()).ok());
  const std::string server_hello = server.serverHello();

  ClientHandshake second = peers_.client();
  auto replayed = second.onServerHello(server_hello);
  ASSERT_FALSE(replayed.ok());
  EXPECT_EQ(replayed.error().message, "ServerHello signature does not verify");
}

TEST_F(ProtocolHandshake, SessionsGetDifferentKeysEachTime) {
  auto first = testing::link(peers_);
  auto second = testing::link(peers_);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->client.transcript_hash, second->client.transcript_hash);
  const std::string sealed = first->client.channel.seal("hello", Tag::message);
  EXPECT_FALSE(second->server.channel.open(sealed).ok());
}

TEST_F(ProtocolHandshake, StepsOutOfOrderAreRefused) {
  ClientHandshake client = peers_.client();
  auto early = client.outcome();
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, Errc::failed_precondition);

  ServerHandshake server = peers_.server();
  ASSERT_TRUE(server.onClientHello(client.hello()).ok());
  auto finish_early = server.onClientFinish("anything");
  ASSERT_FALSE(finish_early.ok());
  EXPECT_EQ(finish_early.error().code, Errc::failed_precondition);
  EXPECT_FALSE(server.onClientHello(client.hello()).ok());
}

}  // namespace
}  // namespace cartable::federation
