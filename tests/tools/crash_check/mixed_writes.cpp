#include "mixed_writes.h"

#include "api_connection.h"

namespace cartable::crash {
namespace {

constexpr const char* kBoundary = "cartable-crash-check-boundary";
constexpr std::size_t kDocumentBytes = 4096;

}  // namespace

WriteKind kindOfTurn(int count) {
  return static_cast<WriteKind>(count % 3);
}

std::string codeFor(const std::string& prefix, int count) {
  static const char kLetters[] = {'S', 'A', 'D'};
  return prefix + std::to_string(count) + kLetters[count % 3];
}

WriteKind kindOf(const std::string& code) {
  if (code.ends_with('A')) return WriteKind::announcement;
  if (code.ends_with('D')) return WriteKind::document;
  return WriteKind::subject;
}

std::string documentName(const std::string& code) {
  return code + ".txt";
}

std::string documentBytes(const std::string& code) {
  std::string bytes;
  bytes.reserve(kDocumentBytes);
  while (bytes.size() < kDocumentBytes) bytes += "document " + code + "\n";
  bytes.resize(kDocumentBytes);
  return bytes;
}

WriteRequest requestFor(const std::string& code, std::int64_t folder_id) {
  switch (kindOf(code)) {
    case WriteKind::announcement:
      return {"/api/v1/announcements",
              R"({"title":")" + code + R"(","body":"Annonce )" + code +
                  R"(","audiences":[{"kind":"school"}]})",
              "application/json"};
    case WriteKind::document:
      return {"/api/v1/documents/folders/" + std::to_string(folder_id) + "/files",
              std::string("--") + kBoundary +
                  "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                  documentName(code) + "\"\r\nContent-Type: text/plain\r\n\r\n" +
                  documentBytes(code) + "\r\n--" + kBoundary + "--\r\n",
              std::string("multipart/form-data; boundary=") + kBoundary};
    case WriteKind::subject:
      break;
  }
  return {"/api/v1/subjects", jsonObject({{"code", code}, {"label", "Matière " + code}}),
          "application/json"};
}

}  // namespace cartable::crash
