// Runs the three handshake messages in memory between a school and a hub.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/base/random.h"
#include "federation/protocol/handshake.h"

namespace cartable::federation::testing {

struct Peers {
  NodeKeys hub = generateNodeKeys();
  NodeKeys school = generateNodeKeys();
  std::string hub_name = "hub:grand-est";
  std::string school_name = "school:0541234X";
  std::string certificate = "certificate bytes";

  ClientHandshake client() {
    return ClientHandshake(school, school_name, certificate, hub.sign_public,
                           SecureRandom::instance());
  }
  ServerHandshake server() { return ServerHandshake(hub, hub_name, SecureRandom::instance()); }
};

struct LinkedOutcomes {
  HandshakeOutcome client;
  HandshakeOutcome server;
};

// The outcomes of a complete handshake; fails the test on any error.
inline std::optional<LinkedOutcomes> link(Peers& peers) {
  ClientHandshake client = peers.client();
  ServerHandshake server = peers.server();
  const Status hello = server.onClientHello(client.hello());
  EXPECT_TRUE(hello.ok()) << hello.error().message;
  if (!hello.ok()) return std::nullopt;
  auto finish = client.onServerHello(server.serverHello());
  EXPECT_TRUE(finish.ok()) << finish.error().message;
  if (!finish.ok()) return std::nullopt;
  auto server_outcome = server.onClientFinish(*finish);
  EXPECT_TRUE(server_outcome.ok()) << server_outcome.error().message;
  auto client_outcome = client.outcome();
  EXPECT_TRUE(client_outcome.ok()) << client_outcome.error().message;
  if (!server_outcome.ok() || !client_outcome.ok()) return std::nullopt;
  return LinkedOutcomes{std::move(client_outcome).value(), std::move(server_outcome).value()};
}

}  // namespace cartable::federation::testing
