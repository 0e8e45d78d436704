// An upload as api/uploads.cpp reads it: the first line of the input is the
// request's Content-Type, the rest its body; each part's name, file name and
// bytes then go through the file store's checks (type sniffing, file names).
#include "core/http/multipart.h"
#include "files/files.h"
#include "fuzz_bytes.h"

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cartable;
  const std::string_view input = fuzz::asText(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  (void)http::multipartBoundary(content_type);
  const http::MultipartLimits limits;
  auto parts = http::parseMultipart(content_type, body, limits);
  if (!parts.ok()) {
    fuzz::require(!parts.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  fuzz::require(parts->size() <= limits.max_parts, "at most max_parts parts");
  for (const http::MultipartPart& part : *parts) {
    fuzz::require(!part.name.empty(), "a part has a name");
    fuzz::require(part.name.size() <= limits.max_name_bytes, "names are bounded");
    fuzz::require(inside(part.content, body), "content points into the body");
    (void)files::sniffContentType(part.content);
    if (!part.filename) continue;
    const std::string safe = files::sanitiseFileName(*part.filename);
    fuzz::require(!safe.empty() && safe.size() <= 200, "a stored name is 1 to 200 bytes");
    fuzz::require(!files::attachmentDisposition(safe).empty(), "a disposition is written");
  }
  return 0;
}
