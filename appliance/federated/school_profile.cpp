#include "federated/school_profile.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "federation/enrollment/enrollment.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "federation/replication/records.h"

namespace cartable::federated {

Result<std::string> schoolProfile(storage::Connection& conn, const config::SchoolIdentity& school,
                                  const std::string& public_url) {
  Poco::JSON::Object accounts(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const char* role : {"student", "parent", "teacher", "staff", "admin"}) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto count, conn.scalarInt64("SELECT count(*) FROM user_roles r JOIN users u ON "
                                     "u.id = r.user_id WHERE r.role = ? AND u.disabled_at IS NULL",
                                     std::string(role)));
    accounts.set(role, count.value_or(0));
  }
  Poco::JSON::Object profile(Poco::JSON_PRESERVE_KEY_ORDER);
  profile.set("uai", school.uai);
  profile.set("name", school.name);
  profile.set("academie", school.academie);
  profile.set("department", school.department);
  profile.set("url", public_url);
  profile.set("accounts", accounts);
  std::ostringstream out;
  profile.stringify(out);
  return out.str();
}

Result<bool> publishSchoolProfile(storage::Connection& conn, const config::SchoolIdentity& school,
                                  const std::string& public_url, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(std::string body, schoolProfile(conn, school, public_url));
  CARTABLE_ASSIGN_OR_RETURN(
      auto held, federation::findRecord(conn, federation::kSchoolProfileKind, school.uai));
  if (held && held->body == body) return false;
  CARTABLE_ASSIGN_OR_RETURN(
      std::int64_t version,
      federation::nextVersion(conn, federation::kSchoolProfileKind, school.uai));
  const federation::Record record{0,
                                  federation::kHubPeerName,
                                  federation::kSchoolProfileKind,
                                  school.uai,
                                  federation::schoolPeerName(school.uai),
                                  version,
                                  std::move(body)};
  CARTABLE_RETURN_IF_ERROR(federation::appendChange(conn, record, now));
  return true;
}

}  // namespace cartable::federated
