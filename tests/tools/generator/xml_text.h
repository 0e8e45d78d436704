// Writing the XML of the SIECLE and STS-Web exports by hand: one element per
// line, text and attributes escaped, then the document encoded in the
// charset its prolog declares.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/result.h"

namespace cartable::generator {

enum class XmlCharset { utf8, latin9 };

// The name the prolog gives the charset: "UTF-8", "ISO-8859-15".
std::string_view charsetName(XmlCharset charset);

// `text` with & < > and " written as character entities (attributes are
// quoted with ").
std::string escapeXml(std::string_view text);

// A document built in UTF-8, indented by two spaces per level.
class XmlText {
 public:
  using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  // Writes the prolog declaring `charset`; the text is encoded by encoded().
  explicit XmlText(XmlCharset charset);

  // <NAME a="v">, to be closed by close().
  void open(std::string_view name, Attributes attributes = {});
  void close();
  // <NAME>text</NAME>
  void leaf(std::string_view name, std::string_view text);
  // <NAME a="v"/>
  void empty(std::string_view name, Attributes attributes = {});

  // The document (every element closed) in the declared charset. Fails with
  // invalid_argument naming `file_name`, the line and the element when a
  // character is not valid UTF-8, is a control character XML forbids, or
  // (ISO-8859-15) has no byte in that charset.
  Result<std::string> encoded(const std::string& file_name);

 private:
  void indent();
  void startTag(std::string_view name, Attributes attributes);

  XmlCharset charset_;
  std::string utf8_;
  std::vector<std::string> open_;
};

}  // namespace cartable::generator
