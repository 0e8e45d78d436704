// What one school seals to another about a person they share: the regional
// login, the person's names and email, and the password verifier (Argon2id
// string), with the version that decides which of two concurrent changes wins.
#pragma once

#include <cstdint>
#include <string>

#include "core/base/result.h"

namespace cartable::federated {

inline constexpr const char* kCredentialPurpose = "credential";

struct CredentialEnvelope {
  std::string regional_id;
  std::string login;
  std::string given_name;
  std::string family_name;
  std::string email;  // "" when none
  std::string password_hash;
  bool must_change_password = false;
  std::int64_t version = 0;
  std::string owner;  // the school that set this version, "school:<UAI>"
  // The version this one replaced where it was set: a receiver whose own
  // version is not this one changed concurrently.
  std::int64_t based_on_version = 0;
  std::string based_on_owner;
};

std::string encodeEnvelope(const CredentialEnvelope& envelope);
// malformed naming the field when `json` is not an envelope.
Result<CredentialEnvelope> decodeEnvelope(const std::string& json);

}  // namespace cartable::federated
