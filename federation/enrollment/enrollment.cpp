#include "federation/enrollment/enrollment.h"

#include <sodium.h>

#include <algorithm>

#include "config/uai.h"
#include "federation/replication/wire.h"

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

std::string_view view(const Key32& key) {
  return {reinterpret_cast<const char*>(key.data()), key.size()};
}

Result<Key32> readKey(ByteReader& in, std::string_view field) {
  CARTABLE_ASSIGN_OR_RETURN(std::string bytes, in.bytes(field, 32));
  if (bytes.size() != 32) {
    return makeError(Errc::malformed, std::string(field) + " is not 32 bytes", std::string(field));
  }
  Key32 key{};
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(key.data()));
  return key;
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
  ByteWriter out;
  if (const auto* request = std::get_if<EnrollRequest>(&message)) {
    out.integer(kRequest);
    out.bytes(request->uai);
    out.bytes(view(request->box_public));
    out.bytes(view(request->proof));
  } else if (const auto* grant = std::get_if<EnrollGrant>(&message)) {
    out.integer(kGrant);
    out.bytes(grant->hub_name);
    out.bytes(grant->certificate);
    out.bytes(view(grant->proof));
  } else {
    out.integer(kRefusal);
    out.bytes(std::get<EnrollRefusal>(message).reason);
  }
  return out.take();
}

Result<EnrollMessage> decodeEnrollMessage(std::string_view bytes) {
  ByteReader in(bytes);
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t type, in.integer("type"));
  EnrollMessage message;
  if (type == kRequest) {
    EnrollRequest request;
    CARTABLE_ASSIGN_OR_RETURN(request.uai, in.bytes("uai", 16));
    CARTABLE_ASSIGN_OR_RETURN(request.box_public, readKey(in, "box_public"));
    CARTABLE_ASSIGN_OR_RETURN(request.proof, readKey(in, "proof"));
    message = std::move(request);
  } else if (type == kGrant) {
    EnrollGrant grant;
    CARTABLE_ASSIGN_OR_RETURN(grant.hub_name, in.bytes("hub_name", 256));
    CARTABLE_ASSIGN_OR_RETURN(grant.certificate, in.bytes("certificate", 4096));
    CARTABLE_ASSIGN_OR_RETURN(grant.proof, readKey(in, "proof"));
    message = std::move(grant);
  } else if (type == kRefusal) {
    EnrollRefusal refusal;
    CARTABLE_ASSIGN_OR_RETURN(refusal.reason, in.bytes("reason", 4096));
    message = std::move(refusal);
  } else {
    return makeError(Errc::malformed, "unknown enrollment message " + std::to_string(type), "type");
  }
  if (!in.atEnd()) return makeError(Errc::malformed, "bytes after the enrollment message", "type");
  return message;
}

}  // namespace cartable::federation
