#include "federated/school_keys.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sodium.h>

#include "federation/replication/kinds.h"
#include "federation/replication/records.h"

namespace cartable::federated {

namespace {

bool fromHex(const std::string& hex, std::array<std::uint8_t, 32>& out) {
  std::size_t length = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &length,
                        nullptr) == 0 &&
         length == out.size();
}

}  // namespace

Result<std::optional<SchoolKeys>> findSchoolKeys(storage::Connection& conn,
                                                 const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(auto record,
                            federation::findRecord(conn, federation::kSchoolKeyKind, uai));
  if (!record) return std::optional<SchoolKeys>{};
  SchoolKeys keys;
  try {
    auto object = Poco::JSON::Parser().parse(record->body).extract<Poco::JSON::Object::Ptr>();
    if (fromHex(object->getValue<std::string>("sign_public"), keys.sign_public) &&
        fromHex(object->getValue<std::string>("box_public"), keys.box_public)) {
      keys.revoked = object->getValue<bool>("revoked");
      keys.name = object->optValue<std::string>("name", "");
      keys.url = object->optValue<std::string>("url", "");
      return std::optional<SchoolKeys>(keys);
    }
  } catch (const std::exception&) {
  }
  return makeError(Errc::corrupt, "the keys of school " + uai + " sent by the hub are unreadable",
                   "school_key");
}

}  // namespace cartable::federated
