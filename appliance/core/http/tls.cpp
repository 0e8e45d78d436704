#include "core/http/tls.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include "core/base/random.h"

namespace cartable::http {
namespace {

template <auto free_function>
struct Deleter {
  template <class T>
  void operator()(T* pointer) const {
    free_function(pointer);
  }
};

using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using KeyContextPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using CertificatePtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// The failed step and OpenSSL's reason for it.
Error opensslError(std::string_view step) {
  std::array<char, 256> reason{};
  ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
  ERR_clear_error();
  return makeError(Errc::internal, std::string(step) + " failed: " + reason.data());
}

bool isValidDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.starts_with("*.")) name.remove_prefix(2);
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!allowed) return false;
  }
  return !name.empty() && name.front() != '.' && name.back() != '.';
}

Result<KeyPtr> generateP256Key() {
  KeyContextPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
      EVP_PKEY_CTX_set_group_name(context.get(), "P-256") <= 0) {
    return opensslError("preparing the P-256 key generation");
  }
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_generate(context.get(), &key) <= 0) return opensslError("generating the key");
  return KeyPtr(key);
}

Status setRandomSerial(X509* certificate) {
  std::array<std::uint8_t, 16> bytes{};
  SecureRandom::instance().fill(bytes);
  bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0x7F) | 0x01);  // positive, full length
  BignumPtr serial(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!serial || BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) == nullptr) {
    return opensslError("setting the serial number");
  }
  return okStatus();
}

Status setSubjectAndIssuer(X509* certificate, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(certificate);
  const auto* bytes = reinterpret_cast<const unsigned char*>(common_name.data());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, bytes,
                                 static_cast<int>(common_name.size()), -1, 0) != 1 ||
      X509_set_issuer_name(certificate, name) != 1) {
    return opensslError("setting the certificate name");
  }
  return okStatus();
}

Status addExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
    return opensslError(std::string("adding the extension ") + OBJ_nid2sn(nid));
  }
  return okStatus();
}

// subjectAltName built from GENERAL_NAME values rather than a config string,
// so that a name cannot smuggle extra entries.
Status addSubjectAltNames(X509* certificate, const std::vector<std::string>& dns_names) {
  NamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return opensslError("allocating subjectAltName");
  for (const auto& dns : dns_names) {
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    GENERAL_NAME* entry = GENERAL_NAME_new();
    if (text == nullptr || entry == nullptr ||
        ASN1_STRING_set(text, dns.data(), static_cast<int>(dns.size())) != 1) {
      ASN1_IA5STRING_free(text);
      GENERAL_NAME_free(entry);
      return opensslError("adding a DNS name");
    }
    GENERAL_NAME_set0_value(entry, GEN_DNS, text);
    sk_GENERAL_NAME_push(names.get(), entry);
  }
  for (const char* address : {"127.0.0.1", "::1"}) {
    ASN1_OCTET_STRING* bytes = a2i_IPADDRESS(address);
    GENERAL_NAME* entry = GENERAL_NAME_new();
    if (bytes == nullptr || entry == nullptr) {
      ASN1_OCTET_STRING_free(bytes);
      GENERAL_NAME_free(entry);
      return opensslError("adding an IP address");
    }
    GENERAL_NAME_set0_value(entry, GEN_IPADD, bytes);
    sk_GENERAL_NAME_push(names.get(), entry);
  }
  if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) !=
      1) {
    return opensslError("adding subjectAltName");
  }
  return okStatus();
}

Result<CertificatePtr> buildCertificate(EVP_PKEY* key, const std::string& common_name,
                                        const std::vector<std::string>& dns_names, int days) {
  CertificatePtr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(certificate.get()), days, 0, nullptr) == nullptr ||
      X509_set_pubkey(certificate.get(), key) != 1) {
    return opensslError("preparing the certificate");
  }
  X509* raw = certificate.get();
  CARTABLE_RETURN_IF_ERROR(setRandomSerial(raw));
  CARTABLE_RETURN_IF_ERROR(setSubjectAndIssuer(raw, common_name));
  CARTABLE_RETURN_IF_ERROR(addExtension(raw, NID_basic_constraints, "critical,CA:FALSE"));
  CARTABLE_RETURN_IF_ERROR(addExtension(raw, NID_key_usage, "critical,digitalSignature"));
  CARTABLE_RETURN_IF_ERROR(addExtension(raw, NID_ext_key_usage, "serverAuth"));
  CARTABLE_RETURN_IF_ERROR(addExtension(raw, NID_subject_key_identifier, "hash"));
  CARTABLE_RETURN_IF_ERROR(addSubjectAltNames(raw, dns_names));
  if (X509_sign(raw, key, EVP_sha256()) <= 0) return opensslError("signing the certificate");
  return certificate;
}

std::string drain(BIO* bio) {
  std::string text(BIO_ctrl_pending(bio), '\0');
  const int read = BIO_read(bio, text.data(), static_cast<int>(text.size()));
  text.resize(read > 0 ? static_cast<std::size_t>(read) : 0);
  return text;
}

Result<std::string> privateKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return opensslError("encoding the private key");
  }
  return drain(bio.get());
}

Result<std::string> certificatePem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) {
    return opensslError("encoding the certificate");
  }
  return drain(bio.get());
}

Error fileError(const std::string& path, const std::string& action) {
  return makeError(Errc::io_error, "cannot " + action + " " + path + ": " + std::strerror(errno));
}

// Creates `path` with exactly `mode` (O_EXCL: never replaces a file) and
// writes `contents` durably.
Status writeNewFile(const std::string& path, const std::string& contents, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    if (errno == EEXIST) return makeError(Errc::already_exists, path + " already exists");
    return fileError(path, "create");
  }
  // The umask may have removed bits of `mode`; the file must have exactly it.
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t written = 0;
  while (ok && written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    ok = n > 0 || (n < 0 && errno == EINTR);
    if (n > 0) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const Error error = ok ? Error{} : fileError(path, "write");
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return error;
  }
  return okStatus();
}

Status ensureParentDirectory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return okStatus();
  std::error_code error;
  if (std::filesystem::exists(parent, error)) return okStatus();
  std::filesystem::create_directories(parent, error);
  if (!error) std::filesystem::permissions(parent, std::filesystem::perms::owner_all, error);
  if (error) {
    return makeError(Errc::io_error,
                     "cannot create directory " + parent.string() + ": " + error.message());
  }
  return okStatus();
}

Status checkArguments(const std::string& certificate_file, const std::string& private_key_file,
                      const std::string& common_name, const std::vector<std::string>& dns_names,
                      int days) {
  if (common_name.empty() || common_name.size() > 64) {
    return makeError(Errc::invalid_argument, "common name must have 1 to 64 bytes");
  }
  for (const auto& dns : dns_names) {
    if (!isValidDnsName(dns)) {
      return makeError(Errc::invalid_argument, "\"" + dns + "\" is not a valid DNS name");
    }
  }
  if (days < 1 || days > 36500) {
    return makeError(Errc::invalid_argument, "validity must be from 1 to 36500 days");
  }
  for (const auto& path : {certificate_file, private_key_file}) {
    std::error_code error;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, error))) {
      return makeError(Errc::already_exists, path + " already exists");
    }
  }
  return okStatus();
}

}  // namespace

Status writeSelfSignedCertificate(const std::string& certificate_file,
                                  const std::string& private_key_file,
                                  const std::string& common_name,
                                  const std::vector<std::string>& dns_names, int days) {
  CARTABLE_RETURN_IF_ERROR(
      checkArguments(certificate_file, private_key_file, common_name, dns_names, days));
  CARTABLE_ASSIGN_OR_RETURN(KeyPtr key, generateP256Key());
  CARTABLE_ASSIGN_OR_RETURN(CertificatePtr certificate,
                            buildCertificate(key.get(), common_name, dns_names, days));
  CARTABLE_ASSIGN_OR_RETURN(std::string key_pem, privateKeyPem(key.get()));
  CARTABLE_ASSIGN_OR_RETURN(std::string certificate_pem, certificatePem(certificate.get()));

  CARTABLE_RETURN_IF_ERROR(ensureParentDirectory(private_key_file));
  CARTABLE_RETURN_IF_ERROR(ensureParentDirectory(certificate_file));
  CARTABLE_RETURN_IF_ERROR(writeNewFile(private_key_file, key_pem, 0600));
  OPENSSL_cleanse(key_pem.data(), key_pem.size());
  if (auto written = writeNewFile(certificate_file, certificate_pem, 0644); !written.ok()) {
    // A key without its certificate would block the next attempt.
    ::unlink(private_key_file.c_str());
    return written.error();
  }
  return okStatus();
}

}  // namespace cartable::http
