// Reading an email the way a mail client would, with Poco's decoders rather
// than the code under test: headers unfolded, RFC 2047 words and the
// quoted-printable body decoded.
#pragma once

#include <Poco/Base64Decoder.h>
#include <Poco/Net/QuotedPrintableDecoder.h>
#include <Poco/StreamCopier.h>

#include <map>
#include <sstream>
#include <string>

namespace cartable::mail::reading {

inline std::string decodeBase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string out;
  Poco::StreamCopier::copyToString(decoder, out);
  return out;
}

inline std::string decodeQuotedPrintable(const std::string& text) {
  std::istringstream in(text);
  Poco::Net::QuotedPrintableDecoder decoder(in);
  std::string out;
  Poco::StreamCopier::copyToString(decoder, out);
  return out;
}

// A header value with its "=?UTF-8?B?...?=" words decoded; the folding
// whitespace between two encoded words disappears, as RFC 2047 says.
inline std::string decodeHeader(const std::string& value) {
  std::string out;
  std::size_t at = 0;
  bool after_word = false;
  while (at < value.size()) {
    const std::size_t open = value.find("=?UTF-8?B?", at);
    std::string plain = value.substr(at, open == std::string::npos ? open : open - at);
    if (!(after_word && plain.find_first_not_of(" \t\r\n") == std::string::npos)) out += plain;
    if (open == std::string::npos) break;
    const std::size_t close = value.find("?=", open + 10);
    out += decodeBase64(value.substr(open + 10, close - open - 10));
    at = close + 2;
    after_word = true;
  }
  return out;
}

struct ParsedMail {
  std::map<std::string, std::string> headers;  // unfolded, still encoded
  std::string raw_body;
  std::string body;  // quoted-printable decoded
};

inline ParsedMail parseMail(const std::string& data) {
  ParsedMail mail;
  const std::size_t end = data.find("\r\n\r\n");
  const std::string head = data.substr(0, end) + "\r\n";
  std::string last;
  for (std::size_t at = 0; at < head.size();) {
    const std::size_t eol = head.find("\r\n", at);
    const std::string line = head.substr(at, eol - at);
    at = eol + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      mail.headers[last] += line;  // a folded continuation
      continue;
    }
    const std::size_t colon = line.find(':');
    last = line.substr(0, colon);
    mail.headers[last] = line.substr(colon + 2);
  }
  mail.raw_body = data.substr(end + 4);
  mail.body = decodeQuotedPrintable(mail.raw_body);
  return mail;
}

}  // namespace cartable::mail::reading
