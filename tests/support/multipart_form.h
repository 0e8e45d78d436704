// multipart/form-data bodies as browsers send them, for upload tests.
#pragma once

#include <string>
#include <vector>

namespace cartable::testing {

inline constexpr const char* kFormBoundary = "----cartable-test-7d1f";
// The Content-Type header value that goes with multipartForm().
inline std::string multipartContentType() {
  return std::string("multipart/form-data; boundary=") + kFormBoundary;
}

struct FormPart {
  std::string name;
  std::string content;
  std::string filename = {};  // empty: a plain field
  std::string type = {};
};

inline std::string multipartForm(const std::vector<FormPart>& parts) {
  std::string body;
  for (const FormPart& part : parts) {
    body += std::string("--") + kFormBoundary + "\r\nContent-Disposition: form-data; name=\"" +
            part.name + "\"";
    if (!part.filename.empty()) {
      body += "; filename=\"" + part.filename + "\"\r\nContent-Type: " + part.type;
    }
    body += "\r\n\r\n" + part.content + "\r\n";
  }
  return body + "--" + kFormBoundary + "--\r\n";
}

}  // namespace cartable::testing
