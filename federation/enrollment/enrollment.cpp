#include "federation/enrollment/enrollment.h"

#include <sodium.h>

#include <algorithm>

#include "config/uai.h"
#include "federation/protocol/wire.h"

namespace cartable::federation {

namespace {

// Crockford's base 32: no I, L, O or U, so a code read aloud is unambiguous.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kCodeLength = 20;

enum Type : std::uint8_t { kRequest = 1, kGrant = 2, kRefusal = 3 };

int digitOf(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  const auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Key32 keyedHash(const Key32& key, std::string_view domain, const Key32& data) {
  Key32 out{};
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  crypto_generichash_update(&state, data.data(), data.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

constexpr std::string_view kSchoolPrefix = "school:";

}  // namespace

std::string schoolPeerName(const std::string& uai) {
  return std::string(kSchoolPrefix) + uai;
}

std::string uaiOfPeer(const std::string& name) {
  if (!name.starts_with(kSchoolPrefix)) return {};
  std::string uai = name.substr(kSchoolPrefix.size());
  return config::uaiProblem(uai) ? std::string() : uai;
}

std::string makeEnrollmentCode(Random& random) {
  std::string code;
  for (std::size_t i = 0; i < kCodeLength; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kAlphabet[random.uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return code;
}

Result<Key32> enrollmentCodeKey(std::string_view code) {
  std::string digits;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    const int digit = digitOf(c);
    if (digit < 0) {
      return makeError(Errc::invalid_argument,
                       std::string("the enrollment code holds '") + c +
                           "', which is not one of its letters and digits",
                       "code");
    }
    digits += kAlphabet[static_cast<std::size_t>(digit)];
  }
  if (digits.size() != kCodeLength) {
    return makeError(Errc::invalid_argument,
                     "the enrollment code has " + std::to_string(digits.size()) +
                         " letters and digits; it should have 20 (XXXX-XXXX-XXXX-XXXX-XXXX)",
                     "code");
  }
  // Codes are 100 random bits: a plain keyed hash is enough, no slow KDF.
  static constexpr std::string_view kDomain = "cartable enrollment code v1";
  Key32 domain_key{};
  std::copy(kDomain.begin(), kDomain.end(), reinterpret_cast<char*>(domain_key.data()));
  Key32 key{};
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(digits.data()),
                     digits.size(), domain_key.data(), domain_key.size());
  return key;
}

Key32 schoolProof(const Key32& code_key, const Key32& transcript_hash) {
  return keyedHash(code_key, "school proof", transcript_hash);
}

Key32 hubProof(const Key32& code_key, const Key32& transcript_hash) {
  return keyedHash(code_key, "hub proof", transcript_hash);
}

bool sameProof(const Key32& a, const Key32& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string encodeEnrollMessage(const EnrollMessage& message) {
  wire::Writer out;
  if (const auto* request = std::get_if<EnrollRequest>(&message)) {
    out.u8(kRequest);
    out.shortString(request->uai);
    out.bytes(request->box_public);
    out.bytes(request->proof);
  } else if (const auto* grant = std::get_if<EnrollGrant>(&message)) {
    out.u8(kGrant);
    out.shortString(grant->hub_name);
    out.shortString(grant->certificate);
    out.bytes(grant->proof);
  } else {
    out.u8(kRefusal);
    out.shortString(std::get<EnrollRefusal>(message).reason);
  }
  return out.take();
}

Result<EnrollMessage> decodeEnrollMessage(std::string_view bytes) {
  wire::Reader in(bytes, "Enrollment message");
  std::uint8_t type = 0;
  CARTABLE_RETURN_IF_ERROR(in.u8("type", type));
  EnrollMessage message;
  if (type == kRequest) {
    EnrollRequest request;
    CARTABLE_RETURN_IF_ERROR(in.shortString("uai", 16, request.uai));
    CARTABLE_RETURN_IF_ERROR(in.bytes("box_public", request.box_public));
    CARTABLE_RETURN_IF_ERROR(in.bytes("proof", request.proof));
    message = std::move(request);
  } else if (type == kGrant) {
    EnrollGrant grant;
    CARTABLE_RETURN_IF_ERROR(in.shortString("hub_name", 256, grant.hub_name));
    CARTABLE_RETURN_IF_ERROR(in.shortString("certificate", 4096, grant.certificate));
    CARTABLE_RETURN_IF_ERROR(in.bytes("proof", grant.proof));
    message = std::move(grant);
  } else if (type == kRefusal) {
    EnrollRefusal refusal;
    CARTABLE_RETURN_IF_ERROR(in.shortString("reason", 4096, refusal.reason));
    message = std::move(refusal);
  } else {
    return makeError(Errc::malformed, "unknown enrollment message " + std::to_string(type), "type");
  }
  CARTABLE_RETURN_IF_ERROR(in.finish());
  return message;
}

}  // namespace cartable::federation
