#include "federation/sealed/sealed_payload.h"

#include <sodium.h>

#include "federation/protocol/wire.h"

namespace cartable::federation {

namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxSealed = 16 * 1024 * 1024;
constexpr std::string_view kMessage = "sealed payload";
// Binds the signature to this use, so a signature made for a handshake or a
// certificate can never pass for a payload's.
constexpr std::string_view kContext = "cartable sealed payload v1";

std::string encodeHeader(const SealedHeader& header) {
  wire::Writer writer;
  writer.u8(kVersion);
  writer.shortString(header.from);
  writer.shortString(header.to);
  writer.shortString(header.purpose);
  return writer.take();
}

std::string signedBytes(std::string_view encoded_header, std::string_view plaintext) {
  std::string bytes(kContext);
  bytes.append(encoded_header);
  bytes.append(plaintext);
  return bytes;
}

const unsigned char* bytesOf(std::string_view value) {
  return reinterpret_cast<const unsigned char*>(value.data());
}

Error refused(std::string message) {
  return makeError(Errc::permission_denied, std::move(message), "sealed");
}

}  // namespace

std::string sealPayload(const NodeKeys& sender, const SealedHeader& header,
                        const std::array<std::uint8_t, 32>& recipient_box_public,
                        std::string_view plaintext) {
  const std::string encoded_header = encodeHeader(header);
  const std::string to_sign = signedBytes(encoded_header, plaintext);
  std::string inner(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(inner.data()), nullptr, bytesOf(to_sign),
                       to_sign.size(), sender.sign_secret.data());
  inner.append(plaintext);
  std::string sealed(inner.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), bytesOf(inner), inner.size(),
                  recipient_box_public.data());
  wire::Writer writer;
  writer.raw(encoded_header);
  writer.longString(sealed);
  return writer.take();
}

namespace {

Status readHeader(wire::Reader& reader, SealedHeader& header) {
  std::uint8_t version = 0;
  CARTABLE_RETURN_IF_ERROR(reader.u8("version", version));
  if (version != kVersion) {
    return reader.fieldError("version", "is " + std::to_string(version) + ", expected 1");
  }
  CARTABLE_RETURN_IF_ERROR(reader.shortString("from", kMaxName, header.from));
  CARTABLE_RETURN_IF_ERROR(reader.shortString("to", kMaxName, header.to));
  CARTABLE_RETURN_IF_ERROR(reader.shortString("purpose", kMaxName, header.purpose));
  if (header.from.empty() || header.to.empty() || header.purpose.empty()) {
    return reader.fieldError("from", "from, to and purpose must not be empty");
  }
  return okStatus();
}

}  // namespace

Result<SealedHeader> readSealedHeader(std::string_view envelope) {
  wire::Reader reader(envelope, kMessage);
  SealedHeader header;
  CARTABLE_RETURN_IF_ERROR(readHeader(reader, header));
  std::string sealed;
  CARTABLE_RETURN_IF_ERROR(reader.longString("sealed", kMaxSealed, sealed));
  CARTABLE_RETURN_IF_ERROR(reader.finish());
  return header;
}

Result<std::string> openPayload(std::string_view envelope, const NodeKeys& recipient,
                                std::string_view recipient_name,
                                const std::array<std::uint8_t, 32>& sender_sign_public) {
  wire::Reader reader(envelope, kMessage);
  SealedHeader header;
  CARTABLE_RETURN_IF_ERROR(readHeader(reader, header));
  const std::size_t header_end = reader.offset();
  std::string sealed;
  CARTABLE_RETURN_IF_ERROR(reader.longString("sealed", kMaxSealed, sealed));
  CARTABLE_RETURN_IF_ERROR(reader.finish());
  if (header.to != recipient_name) {
    return refused("sealed payload from " + header.from + " is addressed to " + header.to +
                   ", not to " + std::string(recipient_name));
  }
  if (sealed.size() < crypto_box_SEALBYTES + crypto_sign_BYTES) {
    return refused("sealed payload from " + header.from + " is too short to hold a signature");
  }
  std::string inner(sealed.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(inner.data()), bytesOf(sealed),
                           sealed.size(), recipient.box_public.data(),
                           recipient.box_secret.data()) != 0) {
    return refused("sealed payload from " + header.from +
                   " cannot be opened with this school's key (altered, or sealed to another "
                   "school)");
  }
  std::string plaintext = inner.substr(crypto_sign_BYTES);
  const std::string to_verify = signedBytes(envelope.substr(0, header_end), plaintext);
  if (crypto_sign_verify_detached(bytesOf(inner), bytesOf(to_verify), to_verify.size(),
                                  sender_sign_public.data()) != 0) {
    return refused("the signature of " + header.from +
                   " on a sealed payload does not verify (altered, or not written by " +
                   header.from + ")");
  }
  return plaintext;
}

}  // namespace cartable::federation
