#include "federation/agent/link_store.h"

namespace cartable::federation {

Result<std::optional<HubLink>> readHubLink(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT hub_address, hub_name, hub_sign_public, certificate, "
                            "certificate_expires_at, enrolled_at, last_sync_at, "
                            "coalesce(last_error, ''), last_error_at FROM federation_link"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<HubLink>{};
  HubLink link;
  link.hub_address = stmt.text(0);
  link.hub_name = stmt.text(1);
  const auto key = stmt.blob(2);
  if (key.size() != link.hub_sign_public.size()) {
    return makeError(Errc::corrupt, "the pinned hub key is not 32 bytes", "hub_sign_public");
  }
  std::copy(key.begin(), key.end(), link.hub_sign_public.begin());
  const auto certificate = stmt.blob(3);
  link.certificate.assign(certificate.begin(), certificate.end());
  link.certificate_expires_at = stmt.int64(4);
  link.enrolled_at = stmt.int64(5);
  link.last_sync_at = stmt.optionalInt64(6);
  link.last_error = stmt.text(7);
  link.last_error_at = stmt.optionalInt64(8);
  return std::optional<HubLink>(std::move(link));
}

Status saveHubLink(storage::Connection& conn, const HubLink& link) {
  const storage::Blob key(link.hub_sign_public.data(), link.hub_sign_public.size());
  const storage::Blob certificate(reinterpret_cast<const std::uint8_t*>(link.certificate.data()),
                                  link.certificate.size());
  return conn.exec(
      "INSERT OR REPLACE INTO federation_link(id, hub_address, hub_name, hub_sign_public, "
      "certificate, certificate_expires_at, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
      link.hub_address, link.hub_name, key, certificate, link.certificate_expires_at,
      link.enrolled_at);
}

Status recordHubSync(storage::Connection& conn, Seconds now) {
  return conn.exec("UPDATE federation_link SET last_sync_at = ?", now);
}

Status recordHubError(storage::Connection& conn, const std::string& error, Seconds now) {
  return conn.exec("UPDATE federation_link SET last_error = ?, last_error_at = ?", error, now);
}

}  // namespace cartable::federation
