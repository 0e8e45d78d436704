#include "federation/protocol/certificate.h"

#include <sodium.h>

#include <cassert>
#include <cstdio>

#include "core/base/civil_date.h"
#include "federation/protocol/channel_state.h"
#include "federation/protocol/wire.h"

namespace cartable::federation {
namespace {

constexpr std::uint8_t kCertificateVersion = 1;
constexpr std::size_t kMaxSubjectBytes = 255;
constexpr std::string_view kSignatureDomain = "cartable certificate v1";
constexpr Seconds kSecondsPerDay = 86400;

std::string signedBytes(const Certificate& c) {
  wire::Writer out;
  out.raw(kSignatureDomain);
  out.u8(kCertificateVersion);
  out.shortString(c.subject);
  out.bytes(c.sign_public);
  out.bytes(c.box_public);
  out.i64(c.issued_at);
  out.i64(c.expires_at);
  out.u64(c.serial);
  return out.take();
}

std::string isoInstant(Seconds time) {
  const civil::Day day = civil::dayOf(time);
  const Seconds in_day = time - day.time_since_epoch().count() * kSecondsPerDay;
  char clock[16] = {};
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02dZ", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
  return civil::formatDay(day) + clock;
}

}  // namespace

std::string Certificate::encode() const {
  // The signed bytes minus the domain, then the signature.
  std::string bytes = signedBytes(*this).substr(kSignatureDomain.size());
  bytes.append(reinterpret_cast<const char*>(signature.data()), signature.size());
  return bytes;
}

Result<Certificate> Certificate::decode(std::string_view bytes) {
  wire::Reader in(bytes, "certificate");
  std::uint8_t version = 0;
  CARTABLE_RETURN_IF_ERROR(in.u8("version", version));
  if (version != kCertificateVersion) {
    return in.fieldError("version", "is " + std::to_string(version) + "; this node reads version " +
                                        std::to_string(kCertificateVersion));
  }
  Certificate c;
  CARTABLE_RETURN_IF_ERROR(in.shortString("subject", kMaxSubjectBytes, c.subject));
  if (c.subject.empty()) return in.fieldError("subject", "is empty");
  CARTABLE_RETURN_IF_ERROR(in.bytes("sign_public", c.sign_public));
  CARTABLE_RETURN_IF_ERROR(in.bytes("box_public", c.box_public));
  CARTABLE_RETURN_IF_ERROR(in.i64("issued_at", c.issued_at));
  CARTABLE_RETURN_IF_ERROR(in.i64("expires_at", c.expires_at));
  CARTABLE_RETURN_IF_ERROR(in.u64("serial", c.serial));
  CARTABLE_RETURN_IF_ERROR(in.bytes("signature", c.signature));
  CARTABLE_RETURN_IF_ERROR(in.finish());
  return c;
}

Certificate issueCertificate(std::string subject, const std::array<std::uint8_t, 32>& sign_public,
                             const std::array<std::uint8_t, 32>& box_public, Seconds issued_at,
                             Seconds expires_at, std::uint64_t serial, const NodeKeys& hub) {
  assert(!subject.empty() && subject.size() <= kMaxSubjectBytes);
  detail::initSodium();
  Certificate c{std::move(subject), sign_public, box_public, issued_at, expires_at, serial, {}};
  const std::string message = signedBytes(c);
  crypto_sign_detached(c.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       hub.sign_secret.data());
  return c;
}

Status verifyCertificate(const Certificate& c, const std::array<std::uint8_t, 32>& hub_sign_public,
                         Seconds now) {
  detail::initSodium();
  const std::string message = signedBytes(c);
  if (crypto_sign_verify_detached(c.signature.data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), hub_sign_public.data()) != 0) {
    return makeError(Errc::permission_denied, "certificate signature does not verify",
                     "certificate");
  }
  if (now < c.issued_at) {
    return makeError(
        Errc::permission_denied,
        "certificate of " + c.subject + " is not valid before " + isoInstant(c.issued_at),
        "certificate");
  }
  if (now >= c.expires_at) {
    return makeError(Errc::permission_denied,
                     "certificate of " + c.subject + " expired on " + isoInstant(c.expires_at),
                     "certificate");
  }
  return okStatus();
}

Status verifyCertificateFor(const Certificate& c, std::string_view subject,
                            const std::array<std::uint8_t, 32>& sign_public,
                            const std::array<std::uint8_t, 32>& hub_sign_public, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(verifyCertificate(c, hub_sign_public, now));
  if (c.subject != subject) {
    return makeError(Errc::permission_denied,
                     "certificate names " + c.subject + ", not " + std::string(subject),
                     "certificate");
  }
  if (sodium_memcmp(c.sign_public.data(), sign_public.data(), sign_public.size()) != 0) {
    return makeError(Errc::permission_denied,
                     "certificate of " + c.subject + " was issued for another signing key",
                     "certificate");
  }
  return okStatus();
}

}  // namespace cartable::federation
