// multipart/form-data parsing: good bodies, malformed ones and the limits.
#include "core/http/multipart.h"

#include <gtest/gtest.h>

#include <string>

namespace cartable::http {
namespace {

constexpr const char* kType = "multipart/form-data; boundary=XyZ";

std::string field(const std::string& name, const std::string& value) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

std::string file(const std::string& name, const std::string& filename, const std::string& type,
                 const std::string& content) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + type + "\r\n\r\n" + content + "\r\n";
}

const std::string kEnd = "--XyZ--\r\n";

std::string errorOf(const std::string& body, const MultipartLimits& limits = {},
                    const std::string& type = kType) {
  auto parsed = parseMultipart(type, body, limits);
  if (parsed.ok()) return "parsed";
  EXPECT_EQ(parsed.error().code, Errc::malformed);
  return parsed.error().message;
}

TEST(MultipartBoundary, IsReadFromATokenOrAQuotedString) {
  EXPECT_EQ(multipartBoundary("multipart/form-data; boundary=abc-123").value(), "abc-123");
  EXPECT_EQ(multipartBoundary("Multipart/Form-Data;BOUNDARY=\"a b:c\"").value(), "a b:c");
}

TEST(MultipartBoundary, OtherTypesAndBadBoundariesAreRefusedNamingTheHeader) {
  for (const char* type :
       {"application/json", "multipart/form-data",
        "multipart/form-data; boundary=", "multipart/mixed; boundary=x",
        "multipart/form-data; boundary=\"ab \"", "multipart/form-data; boundary=a;boundary=b",
        "multipart/form-data; boundary=\"unterminated"}) {
    auto boundary = multipartBoundary(type);
    ASSERT_FALSE(boundary.ok()) << type;
    EXPECT_EQ(boundary.error().field, "Content-Type") << type;
  }
  EXPECT_FALSE(multipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')).ok());
  EXPECT_TRUE(multipartBoundary("multipart/form-data; boundary=" + std::string(70, 'a')).ok());
}

TEST(Multipart, FieldsAndFilesComeOutInOrderWithTheirHeaders) {
  const std::string body = "preamble\r\n" + field("text", "Mon devoir\r\nligne 2") +
                           file("file", "exposé.pdf", "Application/PDF", "%PDF-1.7\r\n--XyQ--") +
                           kEnd + "epilogue";
  auto parts = parseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "text");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[0].content, "Mon devoir\r\nligne 2");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "exposé.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].content, "%PDF-1.7\r\n--XyQ--");
}

TEST(Multipart, BinaryContentAndAnEmptyFileAreKeptByteForByte) {
  const std::string binary("\0\r\n\xff--X\r\n", 9);
  // The parts' contents are views into the body, which must outlive them.
  const std::string body = file("a", "a.bin", "image/png", binary) +
                           file("b", "", "application/octet-stream", "") + kEnd;
  auto parts = parseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  EXPECT_EQ((*parts)[0].content, binary);
  EXPECT_EQ((*parts)[1].filename, "");
  EXPECT_EQ((*parts)[1].content, "");
}

TEST(Multipart, AFormWithNoPartIsEmpty) {
  auto parts = parseMultipart(kType, kEnd);
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(parts->empty());
}

TEST(Multipart, UnknownPartHeadersAreIgnored) {
  auto parts = parseMultipart(
      kType,
      "--XyZ\r\nContent-Transfer-Encoding: binary\r\ncontent-disposition: form-data; "
      "name=x\r\n\r\n1\r\n" +
          kEnd);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  EXPECT_EQ((*parts)[0].name, "x");
}

TEST(Multipart, MalformedBodiesNameThePartAndTheFault) {
  EXPECT_EQ(errorOf("no boundary here"), "multipart: no boundary line in the body");
  EXPECT_EQ(errorOf(field("a", "1") + "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n" + kEnd),
            "multipart part 2: missing Content-Disposition");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: Content-Disposition must be form-data");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: Content-Disposition has no name");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: Content-Disposition cannot be read");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: Content-Disposition cannot be read");
  EXPECT_EQ(errorOf(field("a", "1") + field("b", "2") + "--XyZ junk\r\n"),
            "multipart part 3: boundary line not followed by CRLF");
  EXPECT_EQ(errorOf(field("a", "unterminated")),
            "multipart part 1: the body ends before the closing boundary");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nno end"),
            "multipart part 1: the body ends before the closing boundary");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"),
            "multipart part 1: headers do not end with an empty line");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: folded or empty header line 2");
  EXPECT_EQ(errorOf("--XyZ\r\nBad Header\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: header line 1 is not \"Name: value\"");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nx\r\n" + kEnd),
            "multipart part 1: header line 1 has a control character");
  EXPECT_EQ(errorOf("--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: "
                    "form-data; name=b\r\n\r\nx\r\n" +
                    kEnd),
            "multipart part 1: repeated Content-Disposition header");
  EXPECT_EQ(errorOf(file("f", "bad\xff.txt", "text/plain", "x") + kEnd),
            "multipart part 1: file name is not valid UTF-8");
  EXPECT_EQ(
      errorOf(
          "--XyZ\r\nContent-Disposition: form-data; name=a\r\nContent-Type: nonsense\r\n\r\nx\r\n" +
          kEnd),
      "multipart part 1: Content-Type cannot be read");
}

TEST(Multipart, TheBoundaryOfTheBodyMustBeTheOneDeclared) {
  EXPECT_EQ(errorOf(field("a", "1") + kEnd, {}, "multipart/form-data; boundary=Other"),
            "multipart: no boundary line in the body");
}

TEST(Multipart, TooManyPartsAreRefused) {
  MultipartLimits limits;
  limits.max_parts = 3;
  std::string body;
  for (int i = 0; i < 3; ++i) body += field("f" + std::to_string(i), "x");
  EXPECT_EQ(errorOf(body + kEnd, limits), "parsed");
  EXPECT_EQ(errorOf(body + field("f3", "x") + kEnd, limits), "multipart: more than 3 parts");
}

TEST(Multipart, OversizedHeadersAndNamesAreRefused) {
  MultipartLimits limits;
  limits.max_header_bytes = 100;
  limits.max_headers = 2;
  limits.max_name_bytes = 10;
  const std::string long_header =
      "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + std::string(100, 'p') +
      "\r\n\r\nx\r\n" + kEnd;
  EXPECT_EQ(errorOf(long_header, limits), "multipart part 1: headers longer than 100 bytes");
  EXPECT_EQ(
      errorOf("--XyZ\r\nContent-Disposition: form-data; name=a\r\nA: 1\r\nB: 2\r\n\r\nx\r\n" + kEnd,
              limits),
      "multipart part 1: more than 2 headers");
  EXPECT_EQ(errorOf(field("abcdefghijk", "x") + kEnd, limits),
            "multipart part 1: field name longer than 10 bytes");
  EXPECT_EQ(errorOf(file("f", "abcdefghijk", "text/plain", "x") + kEnd, limits),
            "multipart part 1: file name longer than 10 bytes");
}

TEST(Multipart, APartWithNoHeaderAtAllLacksItsDisposition) {
  EXPECT_EQ(errorOf("--XyZ\r\n\r\nx\r\n" + kEnd), "multipart part 1: missing Content-Disposition");
}

}  // namespace
}  // namespace cartable::http
