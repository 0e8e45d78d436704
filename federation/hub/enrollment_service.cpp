#include "federation/hub/enrollment_service.h"

#include "core/base/log.h"
#include "federation/enrollment/enrollment.h"
#include "federation/hub/hub_service.h"
#include "federation/hub/registry.h"
#include "federation/protocol/certificate.h"

namespace cartable::federation::hub {

namespace {

Result<EnrollGrant> grant(const Connection& connection, const EnrollRequest& request,
                          const EnrollmentContext& context) {
  if (schoolPeerName(request.uai) != connection.peerName()) {
    return makeError(
        Errc::permission_denied,
        "the request names " + request.uai + " but the link was opened as " + connection.peerName(),
        "uai");
  }
  const Seconds now = context.clock.now();
  const Seconds expires_at = now + context.certificate_validity;
  Enrolled enrolled;
  CARTABLE_RETURN_IF_ERROR(context.db.write([&](storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        enrolled, redeemCode(conn, request.uai, request.proof, connection.transcriptHash(),
                             connection.peerSignPublic(), request.box_public, expires_at, now));
    return okStatus();
  }));
  const Certificate certificate =
      issueCertificate(connection.peerName(), connection.peerSignPublic(), request.box_public, now,
                       expires_at, static_cast<std::uint64_t>(enrolled.serial), context.keys);
  return EnrollGrant{context.display_name, certificate.encode(),
                     hubProof(enrolled.code_key, connection.transcriptHash())};
}

void answer(Connection& connection, const std::string& message, const EnrollmentContext& context) {
  auto request = decodeEnrollMessage(message);
  Result<EnrollGrant> granted =
      !request.ok() ? Result<EnrollGrant>(request.error())
      : std::holds_alternative<EnrollRequest>(*request)
          ? grant(connection, std::get<EnrollRequest>(*request), context)
          : Result<EnrollGrant>(makeError(Errc::malformed, "expected an enrollment request"));
  if (granted.ok()) {
    log::info("federation: enrolled " + connection.peerName() + " from " +
              connection.remoteAddress());
    connection.send(encodeEnrollMessage(*granted));
  } else {
    log::warning("federation: enrollment of " + connection.peerName() + " from " +
                 connection.remoteAddress() + " refused: " + granted.error().message);
    connection.send(encodeEnrollMessage(EnrollRefusal{granted.error().message}));
  }
  connection.close();
}

}  // namespace

void serveEnrollment(std::shared_ptr<Connection> connection, const EnrollmentContext& context) {
  std::weak_ptr<Connection> weak = connection;
  auto answered = std::make_shared<bool>(false);
  connection->start(
      [weak, answered, &context](std::string message, Tag) {
        auto self = weak.lock();
        if (!self || *answered) return;
        *answered = true;
        answer(*self, message, context);
      },
      [](Status) {});
}

}  // namespace cartable::federation::hub
