// What the readers of SIECLE "BEE" exports share: opening the file and
// checking its root, PARAMETRES, places with line numbers, small value checks.
// Private to the imports module.
#pragma once

#include <Poco/DOM/Element.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/result.h"
#include "imports/batch.h"
#include "imports/xml_document.h"

namespace cartable::imports::bee {

std::string trim(const std::string& text);
// The trimmed value of an attribute; empty when absent.
std::string attribute(const Poco::XML::Element* element, const std::string& name);
bool isDigit(char c);
bool isUpper(char c);
// Non-empty and only 0-9.
bool allDigits(std::string_view text);

// The line of the start tag of each element named in `names`. The DOM keeps
// no positions, so start tags are found in the text (skipping comments, CDATA
// and processing instructions) and matched with the DOM's elements in
// document order; a name whose counts disagree gets no line numbers.
class ElementLines {
 public:
  ElementLines(std::string_view text, const Poco::XML::Element* root,
               const std::vector<std::string>& names);

  std::optional<std::size_t> lineOf(const Poco::XML::Element* element) const;

 private:
  std::unordered_map<const Poco::XML::Element*, std::size_t> lines_;
};

// One reading of a BEE file: its name, line numbers, and the batch it fills.
class Reading {
 public:
  Reading(const std::string& file, Batch& batch) : file_(file), batch_(batch) {}

  // Enables line numbers in places for the elements named in `names`.
  void locate(std::string_view text, const Poco::XML::Element* root,
              const std::vector<std::string>& names);
  // `where` ("ELEVE ELEVE_ID=4101"), followed by " (line N)" when known.
  Place place(const Poco::XML::Element* element, const std::string& where) const;
  void problem(Place place, std::string message);

  const std::string& file() const { return file_; }
  Batch& batch() { return batch_; }

 private:
  const std::string& file_;
  Batch& batch_;
  std::optional<ElementLines> lines_;
};

// Parses `text` into `document` and checks the root element's name. Null,
// with the one problem recorded, when the file is not that export.
const Poco::XML::Element* openExport(std::string_view text, const std::string& expected_root,
                                     Reading& reading, std::optional<XmlDocument>& document);

// PARAMETRES/UAJ into Batch::uai and ANNEE_SCOLAIRE ("2026") into
// Batch::school_year ("2026-2027"); a missing or malformed value is a problem.
void readParameters(const Poco::XML::Element* root, Reading& reading);

// The ISO date of the child `name` (dd/mm/yyyy in the file); nothing when the
// child is absent or empty; an error naming the child when it is not a date.
Result<std::optional<std::string>> optionalDate(const Poco::XML::Element* element,
                                                const std::string& name);

}  // namespace cartable::imports::bee
