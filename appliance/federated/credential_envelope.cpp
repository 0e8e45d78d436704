#include "federated/credential_envelope.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace cartable::federated {

std::string encodeEnvelope(const CredentialEnvelope& envelope) {
  Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("regional_id", envelope.regional_id);
  object.set("login", envelope.login);
  object.set("given_name", envelope.given_name);
  object.set("family_name", envelope.family_name);
  object.set("email", envelope.email);
  object.set("password_hash", envelope.password_hash);
  object.set("must_change_password", envelope.must_change_password);
  object.set("version", envelope.version);
  object.set("owner", envelope.owner);
  object.set("based_on_version", envelope.based_on_version);
  object.set("based_on_owner", envelope.based_on_owner);
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

namespace {

Error malformed(const std::string& field) {
  return makeError(Errc::malformed, "credential envelope: \"" + field + "\" is missing or wrong",
                   field);
}

Result<std::string> text(const Poco::JSON::Object& object, const std::string& field) {
  if (!object.has(field) || !object.get(field).isString()) return malformed(field);
  std::string value = object.getValue<std::string>(field);
  if (value.empty()) return malformed(field);
  return value;
}

}  // namespace

Result<CredentialEnvelope> decodeEnvelope(const std::string& json) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return malformed("body");
  }
  if (!object) return malformed("body");
  CredentialEnvelope envelope;
  CARTABLE_ASSIGN_OR_RETURN(envelope.regional_id, text(*object, "regional_id"));
  CARTABLE_ASSIGN_OR_RETURN(envelope.login, text(*object, "login"));
  CARTABLE_ASSIGN_OR_RETURN(envelope.given_name, text(*object, "given_name"));
  CARTABLE_ASSIGN_OR_RETURN(envelope.family_name, text(*object, "family_name"));
  if (!object->has("email") || !object->get("email").isString()) return malformed("email");
  envelope.email = object->getValue<std::string>("email");
  CARTABLE_ASSIGN_OR_RETURN(envelope.password_hash, text(*object, "password_hash"));
  CARTABLE_ASSIGN_OR_RETURN(envelope.owner, text(*object, "owner"));
  if (!object->has("must_change_password") || !object->get("must_change_password").isBoolean()) {
    return malformed("must_change_password");
  }
  envelope.must_change_password = object->getValue<bool>("must_change_password");
  if (!object->has("version") || !object->get("version").isInteger()) return malformed("version");
  envelope.version = object->getValue<std::int64_t>("version");
  if (envelope.version <= 0) return malformed("version");
  if (!object->has("based_on_version") || !object->get("based_on_version").isInteger()) {
    return malformed("based_on_version");
  }
  envelope.based_on_version = object->getValue<std::int64_t>("based_on_version");
  if (!object->has("based_on_owner") || !object->get("based_on_owner").isString()) {
    return malformed("based_on_owner");
  }
  envelope.based_on_owner = object->getValue<std::string>("based_on_owner");
  return envelope;
}

}  // namespace cartable::federated
