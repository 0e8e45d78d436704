// multipart/form-data bodies (RFC 7578): form fields and uploaded files. A pure
// function over bytes with strict limits, so that it can be fuzzed on its own.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace cartable::http {

struct MultipartLimits {
  std::size_t max_parts = 32;           // parts in one body
  std::size_t max_header_bytes = 2048;  // one part's header block, CRLFs included
  std::size_t max_headers = 8;          // header lines in one part
  std::size_t max_name_bytes = 255;     // a field name or a file name
};

struct MultipartPart {
  std::string name;                     // the form field name, never empty
  std::optional<std::string> filename;  // present for a file (may be empty: no file chosen)
  std::string content_type;             // lower case, parameters kept; "text/plain" when absent
  std::string_view content;             // a view into the body given to parseMultipart
};

// The boundary parameter of a "multipart/form-data; boundary=..." Content-Type,
// or malformed naming "Content-Type" when the type is another one or the
// boundary is missing, longer than 70 characters or uses forbidden characters.
Result<std::string> multipartBoundary(std::string_view content_type);

// Splits `body` into its parts. Lines end with CRLF; the closing delimiter is
// required; the preamble and epilogue are ignored. Errors are malformed with
// a message that names the part (counted from 1), e.g.
// "multipart part 3: missing Content-Disposition". The parts' `content` views
// point into `body`, which must outlive them.
Result<std::vector<MultipartPart>> parseMultipart(std::string_view content_type,
                                                  std::string_view body,
                                                  const MultipartLimits& limits = {});

}  // namespace cartable::http
