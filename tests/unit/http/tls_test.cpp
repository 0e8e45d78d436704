#include "core/http/tls.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>

#include "core/http/server.h"
#include "http_test_support.h"

namespace cartable::http {
namespace {

using testing::TempDir;

std::unique_ptr<X509, decltype(&X509_free)> readCertificate(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  X509* certificate = file ? PEM_read_X509(file, nullptr, nullptr, nullptr) : nullptr;
  if (file) std::fclose(file);
  return {certificate, X509_free};
}

std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> readPrivateKey(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  EVP_PKEY* key = file ? PEM_read_PrivateKey(file, nullptr, nullptr, nullptr) : nullptr;
  if (file) std::fclose(file);
  return {key, EVP_PKEY_free};
}

unsigned modeOf(const std::string& path) {
  struct stat status {};
  ::stat(path.c_str(), &status);
  return status.st_mode & 07777;
}

class HttpTls : public ::testing::Test {
 protected:
  Status generate(int days = 30) {
    return writeSelfSignedCertificate(certificate_, key_, "École test",
                                      {"cartable.example", "localhost"}, days);
  }
  TempDir dir_;
  std::string certificate_ = dir_.file("tls/cert.pem");
  std::string key_ = dir_.file("tls/key.pem");
};

TEST_F(HttpTls, WritesKeyOwnerOnlyAndCertificateReadable) {
  ASSERT_TRUE(generate().ok());
  EXPECT_EQ(modeOf(key_), 0600u);
  EXPECT_EQ(modeOf(certificate_), 0644u);
  EXPECT_EQ(modeOf(dir_.file("tls")), 0700u);  // created for the files
}

TEST_F(HttpTls, CertificateIsSelfSignedP256ForTheServerNames) {
  ASSERT_TRUE(generate(30).ok());
  const auto certificate = readCertificate(certificate_);
  const auto key = readPrivateKey(key_);
  ASSERT_TRUE(certificate && key);
  EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);
  EXPECT_EQ(X509_verify(certificate.get(), X509_get0_pubkey(certificate.get())), 1);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
  char group[64] = {};
  ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), group, sizeof(group), nullptr), 1);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_ecdsa_with_SHA256);

  char common_name[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate.get()), NID_commonName, common_name,
                            sizeof(common_name));
  EXPECT_STREQ(common_name, "École test");
  EXPECT_EQ(X509_check_host(certificate.get(), "cartable.example", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(certificate.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(certificate.get(), "other.example", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_ip_asc(certificate.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(certificate.get(), "::1", 0), 1);

  EXPECT_EQ(X509_check_ca(certificate.get()), 0);
  EXPECT_TRUE(X509_get_extended_key_usage(certificate.get()) & XKU_SSL_SERVER);
  EXPECT_TRUE(X509_get_key_usage(certificate.get()) & KU_DIGITAL_SIGNATURE);
  EXPECT_EQ(X509_get_version(certificate.get()), X509_VERSION_3);
  EXPECT_EQ(ASN1_STRING_length(X509_get0_serialNumber(certificate.get())), 16);

  int days = 0;
  int seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(certificate.get())), 1);
  EXPECT_TRUE(days == 30 || (days == 29 && seconds > 86000)) << days << " " << seconds;
  EXPECT_LT(X509_cmp_current_time(X509_get0_notBefore(certificate.get())), 0);
}

TEST_F(HttpTls, TwoCertificatesHaveDifferentSerials) {
  ASSERT_TRUE(generate().ok());
  ASSERT_TRUE(writeSelfSignedCertificate(dir_.file("b.pem"), dir_.file("b.key"), "b", {}, 1).ok());
  const auto first = readCertificate(certificate_);
  const auto second = readCertificate(dir_.file("b.pem"));
  EXPECT_NE(
      ASN1_INTEGER_cmp(X509_get0_serialNumber(first.get()), X509_get0_serialNumber(second.get())),
      0);
}

TEST_F(HttpTls, RefusesToReplaceExistingFiles) {
  ASSERT_TRUE(generate().ok());
  const std::string before = testing::readFile(certificate_);
  const Status again = generate();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::already_exists);
  EXPECT_EQ(again.error().message, certificate_ + " already exists");
  EXPECT_EQ(testing::readFile(certificate_), before);
}

TEST_F(HttpTls, ExistingKeyAloneIsRefusedAndNoCertificateIsWritten) {
  std::filesystem::create_directories(dir_.file("tls"));
  std::ofstream(key_) << "old key";
  const Status status = generate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, key_ + " already exists");
  EXPECT_FALSE(std::filesystem::exists(certificate_));
}

TEST_F(HttpTls, RefusesDnsNamesThatAreNotHostNames) {
  const Status status = writeSelfSignedCertificate(certificate_, key_, "x",
                                                   {"good.example", "bad,DNS:evil.example"}, 30);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::invalid_argument);
  EXPECT_EQ(status.error().message, "\"bad,DNS:evil.example\" is not a valid DNS name");
  EXPECT_FALSE(std::filesystem::exists(key_));
}

// A client that trusts exactly the server's self-signed certificate.
Poco::Net::Context::Ptr clientTrusting(const std::string& certificate) {
  Poco::Net::Context::Params params;
  params.caLocation = certificate;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.loadDefaultCAs = false;
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

ServerOptions tlsOptions(const std::string& certificate, const std::string& key) {
  auto options = testing::plainOptions();
  options.tls = true;
  options.certificate_file = certificate;
  options.private_key_file = key;
  return options;
}

TEST_F(HttpTls, ServerAnswersOverHttpsWithHsts) {
  ASSERT_TRUE(generate().ok());
  testing::TestServer server;
  addOperationalRoutes(server.router, server.metrics, [] { return true; });
  const Status started = server.start(tlsOptions(certificate_, key_));
  ASSERT_TRUE(started.ok()) << started.error().message;

  Poco::Net::HTTPSClientSession session("localhost", server.port(), clientTrusting(certificate_));
  session.setProxyHost("");  // never a proxy from the environment
  session.setHost("127.0.0.1");
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::string body;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  EXPECT_EQ(response.getStatus(), 200);
  EXPECT_EQ(body, R"({"status":"ok"})");
  EXPECT_EQ(response.get("Strict-Transport-Security"), "max-age=31536000");
}

TEST_F(HttpTls, MissingCertificateFileIsNamedInTheError) {
  testing::TestServer server;
  const Status started = server.start(tlsOptions(certificate_, key_));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::not_found);
  EXPECT_EQ(started.error().field, "http.tls_certificate");
  EXPECT_EQ(started.error().message.rfind(
                "TLS certificate file " + certificate_ + " cannot be read: ", 0),
            0u)
      << started.error().message;
}

TEST_F(HttpTls, CertificateThatIsNotPemIsAnError) {
  ASSERT_TRUE(generate().ok());
  const std::string garbage = dir_.file("garbage.pem");
  std::ofstream(garbage) << "not a certificate\n";
  testing::TestServer server;
  const Status started = server.start(tlsOptions(garbage, key_));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::invalid_argument);
  EXPECT_NE(started.error().message.find("cannot use TLS certificate " + garbage),
            std::string::npos)
      << started.error().message;
}

TEST_F(HttpTls, KeyOfAnotherCertificateIsRefused) {
  ASSERT_TRUE(generate().ok());
  const std::string other_key = dir_.file("other.key");
  ASSERT_TRUE(writeSelfSignedCertificate(dir_.file("other.pem"), other_key, "other", {}, 1).ok());
  testing::TestServer server;
  const Status started = server.start(tlsOptions(certificate_, other_key));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message,
            "TLS private key " + other_key + " does not match certificate " + certificate_);
  EXPECT_EQ(started.error().field, "http.tls_private_key");
}

// Nothing can be written before a TLS handshake: a refused TLS connection
// is closed without an answer, and counted.
TEST_F(HttpTls, ConnectionBeyondThePerAddressLimitIsClosed) {
  ASSERT_TRUE(generate().ok());
  testing::TestServer server;
  addOperationalRoutes(server.router, server.metrics, [] { return true; });
  auto options = tlsOptions(certificate_, key_);
  options.limits.max_connections_per_address = 1;
  ASSERT_TRUE(server.start(options).ok());
  auto holder = testing::connectTo(server.port());
  ASSERT_TRUE(testing::waitFor([&] { return server.server->stats().current_connections == 1; }));

  Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), clientTrusting(certificate_));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/healthz",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  EXPECT_ANY_THROW({
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
  });
  EXPECT_EQ(server.server->stats().refused_connections, 1);
}

}  // namespace
}  // namespace cartable::http
