#include "federation/agent/enroll.h"

#include <boost/asio/io_context.hpp>

#include "federation/enrollment/enrollment.h"
#include "federation/protocol/certificate.h"
#include "federation/protocol/connection.h"

namespace cartable::federation {

namespace {

std::string fingerprintOf(const Key32& key) {
  NodeKeys keys;
  keys.sign_public = key;
  return keys.fingerprint();
}

// Checks the hub's answer; on a grant, the link to record.
Result<HubLink> readAnswer(const std::string& message, const Connection& connection,
                           const NodeKeys& keys, const EnrollParams& params, const Key32& code_key,
                           Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(EnrollMessage answer, decodeEnrollMessage(message));
  if (const auto* refusal = std::get_if<EnrollRefusal>(&answer)) {
    return makeError(Errc::permission_denied, "the hub refused: " + refusal->reason, "code");
  }
  const auto* grant = std::get_if<EnrollGrant>(&answer);
  if (grant == nullptr) return makeError(Errc::malformed, "the hub answered out of turn");
  if (!sameProof(grant->proof, hubProof(code_key, connection.transcriptHash()))) {
    return makeError(Errc::permission_denied,
                     "the server at " + params.hub_host +
                         " did not prove it knows the code "
                         "(key " +
                         fingerprintOf(connection.peerSignPublic()) +
                         "): a wrong address or an impostor; nothing was recorded",
                     "hub");
  }
  CARTABLE_ASSIGN_OR_RETURN(Certificate certificate, Certificate::decode(grant->certificate));
  CARTABLE_RETURN_IF_ERROR(verifyCertificateFor(
      certificate, schoolPeerName(params.uai), keys.sign_public, connection.peerSignPublic(), now));
  if (certificate.box_public != keys.box_public) {
    return makeError(Errc::permission_denied, "the certificate names another encryption key",
                     "certificate");
  }
  HubLink link;
  link.hub_address = params.hub_host + ":" + std::to_string(params.hub_port);
  link.hub_name = grant->hub_name;
  link.hub_sign_public = connection.peerSignPublic();
  link.certificate = grant->certificate;
  link.certificate_expires_at = certificate.expires_at;
  link.enrolled_at = now;
  return link;
}

}  // namespace

Result<HubLink> enrollWithHub(storage::Database& db, const NodeKeys& keys,
                              const EnrollParams& params, const Clock& clock, Random& random) {
  CARTABLE_ASSIGN_OR_RETURN(Key32 code_key, enrollmentCodeKey(params.code));
  boost::asio::io_context io;
  std::optional<Result<HubLink>> outcome;
  std::shared_ptr<Connection> connection;
  ConnectionOptions options;
  options.handshake_timeout = params.timeout;
  options.idle_timeout = params.timeout;
  connectToHub(
      io, params.hub_host, params.hub_port, keys, schoolPeerName(params.uai), "", std::nullopt,
      [&](Result<std::shared_ptr<Connection>> connected) {
        if (!connected.ok()) {
          outcome = connected.error();
          return;
        }
        connection = *connected;
        connection->start(
            [&](std::string message, Tag) {
              if (outcome) return;
              outcome = readAnswer(message, *connection, keys, params, code_key, clock.now());
              connection->close();
            },
            [&](Status reason) {
              if (outcome) return;
              outcome = reason.ok() ? Result<HubLink>(makeError(Errc::unavailable,
                                                                "the hub closed without answering"))
                                    : Result<HubLink>(reason.error());
            });
        EnrollRequest request{params.uai, keys.box_public,
                              schoolProof(code_key, connection->transcriptHash())};
        connection->send(encodeEnrollMessage(request));
      },
      options, random);
  io.run_for(params.timeout + std::chrono::seconds(1));
  if (!outcome) {
    return makeError(Errc::unavailable, "the hub did not answer within " +
                                            std::to_string(params.timeout.count() / 1000) + " s");
  }
  if (!outcome->ok()) return outcome->error();
  CARTABLE_RETURN_IF_ERROR(
      db.write([&](storage::Connection& conn) { return saveHubLink(conn, **outcome); }));
  return std::move(*outcome);
}

}  // namespace cartable::federation
