#include "imports/xml_document.h"

#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Node.h>
#include <Poco/Exception.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>

namespace cartable::imports {
namespace {

using Poco::XML::Element;
using Poco::XML::Node;

// Poco appends " in line N column M" to expat's description; the caller gets
// the position in its own words, so keep only the description.
std::string describeSyntaxError(const Poco::XML::SAXParseException& e) {
  std::string message = e.message();
  const auto position = message.find(" in line ");
  if (position != std::string::npos) message.erase(position);
  return message;
}

std::string trim(const std::string& text) {
  const char* blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

bool isLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

bool allDigits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int toInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

Result<XmlDocument> XmlDocument::parse(std::string_view utf8, const std::string& file_name) {
  // Checked on the text rather than through a parser hook: a DOCTYPE is never
  // legitimate in these exports, and refusing it before expat sees it means no
  // entity is ever declared, let alone expanded.
  if (utf8.find("<!DOCTYPE") != std::string_view::npos) {
    return makeError(Errc::invalid_argument,
                     file_name + ": a DOCTYPE is not allowed in an import file", "file");
  }
  Poco::XML::DOMParser parser;
  // The caller has already converted the text to UTF-8; this overrides any
  // encoding the prolog still declares.
  parser.setEncoding("UTF-8");
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
  XmlDocument document;
  try {
    document.document_ = parser.parseMemory(utf8.data(), utf8.size());
  } catch (const Poco::XML::SAXParseException& e) {
    // expat counts columns (in characters) from 0; editors count from 1.
    const int column = e.getColumnNumber() + 1;
    return makeError(Errc::invalid_argument,
                     file_name + ": XML syntax error at line " + std::to_string(e.getLineNumber()) +
                         ", column " + std::to_string(column) + ": " + describeSyntaxError(e),
                     "file");
  } catch (const Poco::Exception& e) {
    return makeError(Errc::invalid_argument, file_name + ": cannot read the XML: " + e.message(),
                     "file");
  } catch (const std::exception& e) {
    return makeError(Errc::invalid_argument, file_name + ": cannot read the XML: " + e.what(),
                     "file");
  }
  if (document.root() == nullptr) {
    return makeError(Errc::invalid_argument, file_name + ": the XML has no root element", "file");
  }
  return document;
}

const Element* XmlDocument::root() const {
  return document_ ? document_->documentElement() : nullptr;
}

const Element* child(const Element* parent, const std::string& name) {
  if (parent == nullptr) return nullptr;
  for (const Node* node = parent->firstChild(); node != nullptr; node = node->nextSibling()) {
    if (node->nodeType() == Node::ELEMENT_NODE && node->nodeName() == name) {
      return static_cast<const Element*>(node);
    }
  }
  return nullptr;
}

const Element* descend(const Element* parent, const std::string& path) {
  const Element* current = parent;
  std::string::size_type start = 0;
  while (current != nullptr && start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    current = child(current, path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return current;
}

std::vector<const Element*> children(const Element* parent, const std::string& name) {
  std::vector<const Element*> found;
  if (parent == nullptr) return found;
  for (const Node* node = parent->firstChild(); node != nullptr; node = node->nextSibling()) {
    if (node->nodeType() == Node::ELEMENT_NODE && node->nodeName() == name) {
      found.push_back(static_cast<const Element*>(node));
    }
  }
  return found;
}

std::string childText(const Element* parent, const std::string& name) {
  const Element* element = child(parent, name);
  return element == nullptr ? std::string() : trim(element->innerText());
}

Result<std::string> frenchDateToIso(std::string_view date) {
  const auto refuse = [&] {
    return makeError(Errc::invalid_argument,
                     "'" + std::string(date) + "' is not a date in the form dd/mm/yyyy");
  };
  if (date.size() != 10 || date[2] != '/' || date[5] != '/') return refuse();
  const auto day_text = date.substr(0, 2);
  const auto month_text = date.substr(3, 2);
  const auto year_text = date.substr(6, 4);
  if (!allDigits(day_text) || !allDigits(month_text) || !allDigits(year_text)) return refuse();
  const int day = toInt(day_text);
  const int month = toInt(month_text);
  const int year = toInt(year_text);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return refuse();
  }
  return std::string(year_text) + "-" + std::string(month_text) + "-" + std::string(day_text);
}

}  // namespace cartable::imports
