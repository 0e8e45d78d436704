#include "federation/hub/registry.h"

#include <Poco/JSON/Parser.h>

#include "config/uai.h"
#include "core/base/civil_date.h"

namespace cartable::federation::hub {

namespace {

storage::Blob blobOf(const Key32& key) {
  return {key.data(), key.size()};
}

Key32 keyOf(const std::vector<std::uint8_t>& bytes) {
  Key32 key{};
  if (bytes.size() == key.size()) std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

std::string when(Seconds at) {
  return civil::formatInstant(at);
}

constexpr const char* kSchoolColumns =
    "uai, name, department, added_at, enrolled_at, certificate_expires_at, certificate_serial, "
    "revoked_at, coalesce(revoked_reason, ''), link_state, link_changed_at, last_sync_at, "
    "coalesce(last_error, ''), last_error_at";

School readSchool(const storage::Statement& stmt) {
  School school;
  school.uai = stmt.text(0);
  school.name = stmt.text(1);
  school.department = stmt.text(2);
  school.added_at = stmt.int64(3);
  school.enrolled_at = stmt.optionalInt64(4);
  school.certificate_expires_at = stmt.optionalInt64(5);
  school.certificate_serial = stmt.optionalInt64(6);
  school.revoked_at = stmt.optionalInt64(7);
  school.revoked_reason = stmt.text(8);
  school.link_state = stmt.text(9);
  school.link_changed_at = stmt.optionalInt64(10);
  school.last_sync_at = stmt.optionalInt64(11);
  school.last_error = stmt.text(12);
  school.last_error_at = stmt.optionalInt64(13);
  return school;
}

Error refused(std::string message) {
  return makeError(Errc::permission_denied, std::move(message), "code");
}

struct Code {
  std::int64_t id = 0;
  Key32 key{};
  Seconds expires_at = 0;
  std::optional<Seconds> used_at;
};

Result<std::vector<Code>> codesOf(storage::Connection& conn, const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT id, code_key, expires_at, used_at FROM "
                                                  "enrollment_codes WHERE uai = ? ORDER BY id DESC",
                                                  uai));
  std::vector<Code> codes;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) break;
    codes.push_back({stmt.int64(0), keyOf(stmt.blob(1)), stmt.int64(2), stmt.optionalInt64(3)});
  }
  return codes;
}

// A wrong proof counts against every code still usable; past the limit they
// are all withdrawn, so guessing online gets nowhere. Returns the refusal (or
// the storage error met on the way).
Error countFailure(storage::Connection& conn, const std::string& uai, Seconds now) {
  Status counted = conn.exec(
      "UPDATE enrollment_codes SET failed_attempts = failed_attempts + 1 "
      "WHERE uai = ? AND used_at IS NULL AND expires_at > ?",
      uai, now);
  if (!counted.ok()) return counted.error();
  auto worst = conn.scalarInt64(
      "SELECT max(failed_attempts) FROM enrollment_codes WHERE uai = ? AND used_at IS NULL AND "
      "expires_at > ?",
      uai, now);
  if (!worst.ok()) return worst.error();
  if (worst->value_or(0) < kMaxEnrollmentFailures) {
    return refused("the enrollment code is wrong for " + uai);
  }
  Status withdrawn = conn.exec(
      "UPDATE enrollment_codes SET expires_at = ? WHERE uai = ? AND used_at IS NULL", now, uai);
  if (!withdrawn.ok()) return withdrawn.error();
  return refused("too many wrong enrollment codes for " + uai +
                 ": every code was withdrawn; ask the hub's administrator for a new one");
}

}  // namespace

Result<IssuedCode> addSchool(storage::Connection& conn, const std::string& uai,
                             const std::string& name, const std::string& department,
                             Seconds validity, Seconds now, Random& random) {
  if (auto problem = config::uaiProblem(uai)) {
    return makeError(Errc::invalid_argument, *problem, "uai");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto existing, findSchool(conn, uai));
  if (existing && existing->enrolled_at && !existing->revoked_at) {
    return makeError(Errc::already_exists,
                     uai + " is already enrolled (since " + when(*existing->enrolled_at) +
                         "); revoke it first to enroll it again",
                     "uai");
  }
  if (!existing) {
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "INSERT INTO federation_schools(uai, name, department, added_at) VALUES (?, ?, ?, ?)", uai,
        name, department, now));
  } else if (!name.empty() || !department.empty()) {
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("UPDATE federation_schools SET name = coalesce(nullif(?, ''), name), "
                  "department = coalesce(nullif(?, ''), department) WHERE uai = ?",
                  name, department, uai));
  }
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("UPDATE enrollment_codes SET expires_at = min(expires_at, ?) "
                "WHERE uai = ? AND used_at IS NULL",
                now, uai));
  IssuedCode issued{makeEnrollmentCode(random), now + validity};
  CARTABLE_ASSIGN_OR_RETURN(Key32 key, enrollmentCodeKey(issued.code));
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO enrollment_codes(uai, code_key, created_at, expires_at) VALUES (?, ?, ?, ?)",
      uai, blobOf(key), now, issued.expires_at));
  return issued;
}

Result<std::vector<School>> listSchools(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(std::string("SELECT ") + kSchoolColumns +
                                                  " FROM federation_schools ORDER BY uai"));
  std::vector<School> schools;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, stmt.step());
    if (!has_row) break;
    schools.push_back(readSchool(stmt));
  }
  return schools;
}

Result<std::optional<School>> findSchool(storage::Connection& conn, const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(std::string("SELECT ") + kSchoolColumns +
                                                      " FROM federation_schools WHERE uai = ?",
                                                  uai));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<School>{};
  return std::optional<School>(readSchool(stmt));
}

Status revokeSchool(storage::Connection& conn, const std::string& uai, const std::string& reason,
                    Seconds now) {
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "UPDATE federation_schools SET revoked_at = coalesce(revoked_at, ?), revoked_reason = ? "
      "WHERE uai = ?",
      now, reason, uai));
  if (conn.changes() == 0) {
    return makeError(Errc::not_found, "no school " + uai + " in this hub's register", "uai");
  }
  return conn.exec("UPDATE enrollment_codes SET expires_at = min(expires_at, ?) WHERE uai = ?", now,
                   uai);
}

Result<Enrolled> redeemCode(storage::Connection& conn, const std::string& uai, const Key32& proof,
                            const Key32& transcript_hash, const Key32& sign_public,
                            const Key32& box_public, Seconds certificate_expires_at, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto school, findSchool(conn, uai));
  if (!school) return refused(uai + " is not in the hub's register; ask the hub's administrator");
  if (school->revoked_at && school->enrolled_at && *school->revoked_at >= *school->enrolled_at) {
    CARTABLE_ASSIGN_OR_RETURN(auto codes, codesOf(conn, uai));
    bool fresh_code = false;
    for (const auto& code : codes) fresh_code |= !code.used_at && code.expires_at > now;
    if (!fresh_code) return refused(uai + " was revoked on " + when(*school->revoked_at));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto codes, codesOf(conn, uai));
  for (const auto& code : codes) {
    if (!sameProof(schoolProof(code.key, transcript_hash), proof)) continue;
    if (code.used_at)
      return refused("this enrollment code was already used on " + when(*code.used_at));
    if (code.expires_at <= now)
      return refused("this enrollment code expired on " + when(code.expires_at));
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("UPDATE enrollment_codes SET used_at = ? WHERE id = ?", now, code.id));
    CARTABLE_ASSIGN_OR_RETURN(auto serial,
                              conn.scalarInt64("SELECT coalesce(max(certificate_serial), 0) + 1 "
                                               "FROM federation_schools"));
    CARTABLE_RETURN_IF_ERROR(conn.exec(
        "UPDATE federation_schools SET sign_public = ?, box_public = ?, certificate_serial = ?, "
        "certificate_expires_at = ?, enrolled_at = ?, revoked_at = NULL, revoked_reason = NULL "
        "WHERE uai = ?",
        blobOf(sign_public), blobOf(box_public), *serial, certificate_expires_at, now, uai));
    return Enrolled{code.key, *serial};
  }
  return countFailure(conn, uai, now);
}

Status admitSchool(storage::Connection& conn, const std::string& uai, std::int64_t serial) {
  CARTABLE_ASSIGN_OR_RETURN(auto school, findSchool(conn, uai));
  if (!school || !school->enrolled_at) {
    return makeError(Errc::permission_denied, uai + " is not enrolled with this hub", "uai");
  }
  if (school->revoked_at) {
    return makeError(Errc::permission_denied, uai + " was revoked on " + when(*school->revoked_at),
                     "uai");
  }
  if (school->certificate_serial != serial) {
    return makeError(Errc::permission_denied,
                     uai + " presented certificate " + std::to_string(serial) +
                         ", replaced by a later enrollment",
                     "certificate");
  }
  return okStatus();
}

Status recordLink(storage::Connection& conn, const std::string& uai, bool up,
                  const std::string& error, Seconds now) {
  // The history feeds the link's uptime on the authority's dashboards.
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("INSERT OR IGNORE INTO federation_link_events(uai, at, up) VALUES (?, ?, ?)", uai,
                now, up ? 1 : 0));
  if (up) {
    return conn.exec(
        "UPDATE federation_schools SET link_state = 'up', link_changed_at = ?, "
        "last_connected_at = ? WHERE uai = ?",
        now, now, uai);
  }
  return conn.exec(
      "UPDATE federation_schools SET link_state = 'down', link_changed_at = ?, "
      "last_error = coalesce(nullif(?, ''), last_error), "
      "last_error_at = CASE WHEN ? = '' THEN last_error_at ELSE ? END WHERE uai = ?",
      now, error, error, now, uai);
}

Status recordSync(storage::Connection& conn, const std::string& uai, Seconds now) {
  return conn.exec("UPDATE federation_schools SET last_sync_at = ? WHERE uai = ?", now, uai);
}

Status applySchoolProfile(storage::Connection& conn, const std::string& uai,
                          const std::string& profile_json) {
  std::string name, department, url;
  try {
    auto profile = Poco::JSON::Parser().parse(profile_json).extract<Poco::JSON::Object::Ptr>();
    name = profile->optValue<std::string>("name", "");
    department = profile->optValue<std::string>("department", "");
    url = profile->optValue<std::string>("url", "");
  } catch (const Poco::Exception& e) {
    return makeError(Errc::malformed, "the profile of " + uai + " is not JSON: " + e.displayText(),
                     "body");
  }
  return conn.exec(
      "UPDATE federation_schools SET name = coalesce(nullif(?, ''), name), "
      "department = coalesce(nullif(?, ''), department), public_url = ? WHERE uai = ?",
      name, department, url, uai);
}

Result<int> purgeLinkEventsBefore(storage::Connection& conn, Seconds before) {
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("DELETE FROM federation_link_events AS e WHERE e.at < ?1 AND e.at < (SELECT "
                "max(l.at) FROM federation_link_events AS l WHERE l.uai = e.uai AND l.at < ?1)",
                before));
  return conn.changes();
}

Status markAllLinksDown(storage::Connection& conn, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("INSERT OR IGNORE INTO federation_link_events(uai, at, up) "
                "SELECT uai, ?, 0 FROM federation_schools WHERE link_state = 'up'",
                now));
  return conn.exec(
      "UPDATE federation_schools SET link_state = 'down', link_changed_at = ? "
      "WHERE link_state = 'up'",
      now);
}

}  // namespace cartable::federation::hub
