// Writes the seed corpora of the binary protocol targets with the real
// encoders, so that each seed is a genuine message:
//   fuzz_make_seeds tests/fuzz/corpus
#include <filesystem>
#include <fstream>
#include <iostream>

#include "federation/enrollment/enrollment.h"
#include "federation/protocol/certificate.h"
#include "federation/protocol/frame.h"
#include "federation/protocol/wire.h"
#include "federation/replication/messages.h"
#include "handshake_peers.h"

namespace {

using namespace cartable;
using namespace cartable::federation;

std::filesystem::path root;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  const auto dir = root / target;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::string selected(std::uint8_t selector, const std::string& bytes) {
  return std::string(1, static_cast<char>(selector)) + bytes;
}

void frames() {
  const std::string hello = encodeFrame("hello");
  write("fuzz_federation_frames", "one", selected(0, hello));
  write("fuzz_federation_frames", "two-in-chunks-of-3",
        selected(2, hello + encodeFrame(std::string(1000, 'x'))));
  write("fuzz_federation_frames", "partial", selected(5, hello + hello.substr(0, 6)));
  write("fuzz_federation_frames", "zero-length", selected(1, hello + std::string(4, '\0')));
  write("fuzz_federation_frames", "above-cap", selected(7, std::string("\x7f\xff\xff\xff", 4)));
}

Key32 filled(std::uint8_t value) {
  Key32 key;
  key.fill(value);
  return key;
}

void handshake() {
  const std::string target = "fuzz_federation_handshake";
  fuzz::HandshakePeers peers;
  ClientHandshake client = peers.client();
  ServerHandshake server = peers.server();
  const std::string hello = client.hello();
  write(target, "client-hello", selected(0, hello));
  if (!server.onClientHello(hello).ok()) std::abort();
  const std::string server_hello = server.serverHello();
  write(target, "server-hello", selected(1, server_hello));
  auto finish = client.onServerHello(server_hello);
  if (!finish.ok()) std::abort();
  write(target, "client-finish", selected(2, *finish));
  const Certificate certificate =
      issueCertificate(peers.school_name, peers.school.sign_public, peers.school.box_public,
                       1790000000, 1830000000, 7, peers.hub);
  write(target, "certificate", selected(3, certificate.encode()));
}

std::vector<Record> records() {
  return {{3, "hub", "member", "42", "school:0541234X", 1, R"({"given_name":"Alice"})"},
          {5, "region", "sealed", "k", "hub", 2, std::string("\x01\x02\x00\xff", 4)}};
}

void replication() {
  const std::string target = "fuzz_replication_messages";
  write(target, "hello",
        selected(0, encodeMessage(Hello{"e1", {{"hub", "e0", 12}, {"region", "e0", 0}}})));
  write(target, "batch", selected(0, encodeMessage(Batch{"e1", {"hub", "region"}, 5, records()})));
  write(target, "ack", selected(0, encodeMessage(Ack{"e1", {"hub"}, 5})));
  write(target, "refusal", selected(0, encodeMessage(Refusal{"epoch changed"})));
  // The same batch with its records given uncompressed (see replication_fuzzer.cpp).
  wire::Writer head;
  head.u8(2);
  head.shortString("e1");
  head.u32(2);
  head.shortString("hub");
  head.shortString("region");
  head.u64(5);
  wire::Writer raw;
  raw.u32(2);
  for (const Record& record : records()) {
    raw.u64(static_cast<std::uint64_t>(record.seq));
    raw.shortString(record.partition);
    raw.shortString(record.kind);
    raw.shortString(record.key);
    raw.shortString(record.owner);
    raw.u64(static_cast<std::uint64_t>(record.version));
    raw.longString(record.body);
  }
  wire::Writer length;
  length.u16(static_cast<std::uint16_t>(head.data().size()));
  write(target, "batch-uncompressed-records",
        selected(1, length.data() + head.data() + raw.data()));
}

void enrollment() {
  const std::string target = "fuzz_enrollment_messages";
  write(target, "request", encodeEnrollMessage(EnrollRequest{"0541234X", filled(3), filled(4)}));
  write(target, "grant",
        encodeEnrollMessage(EnrollGrant{"hub:grand-est", "certificate bytes", filled(5)}));
  write(target, "refusal", encodeEnrollMessage(EnrollRefusal{"this code was already used"}));
  write(target, "code", "K7QM-2XHP-9D4R-TB6W-ZC3N");
  write(target, "peer-name", "school:0541234X");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds CORPUS_DIR\n";
    return 2;
  }
  root = argv[1];
  frames();
  handshake();
  replication();
  enrollment();
  return 0;
}
