// Parsing of the XML exports (SIECLE, STS-Web) with Poco's DOM, safely: no
// DTD, no external entities; and small helpers to walk the tree.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace cartable::imports {

class XmlDocument {
 public:
  // Parses UTF-8 XML. Fails with invalid_argument naming the file, line and
  // column of a syntax error; refuses a DOCTYPE (no DTD is expected in these
  // exports, and refusing it rules out entity expansion attacks).
  static Result<XmlDocument> parse(std::string_view utf8, const std::string& file_name);

  const Poco::XML::Element* root() const;

 private:
  Poco::AutoPtr<Poco::XML::Document> document_;
};

// The first child element named `name`, or null.
const Poco::XML::Element* child(const Poco::XML::Element* parent, const std::string& name);
// Follows a path of child names separated by '/': "DONNEES/ELEVES".
const Poco::XML::Element* descend(const Poco::XML::Element* parent, const std::string& path);
// Every child element named `name`, in document order.
std::vector<const Poco::XML::Element*> children(const Poco::XML::Element* parent,
                                                const std::string& name);
// The trimmed text of the first child named `name`; empty when absent.
std::string childText(const Poco::XML::Element* parent, const std::string& name);

// "dd/mm/yyyy" to "yyyy-mm-dd"; fails (invalid_argument) on anything else
// or an impossible date.
Result<std::string> frenchDateToIso(std::string_view date);

}  // namespace cartable::imports
