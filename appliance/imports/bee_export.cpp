#include "imports/bee_export.h"

#include <Poco/DOM/Node.h>

#include <algorithm>
#include <map>

namespace cartable::imports::bee {
namespace {

using Poco::XML::Element;

bool isStartTag(std::string_view rest, const std::string& name) {
  if (rest.size() <= name.size() + 1 || rest.substr(1, name.size()) != name) return false;
  const char next = rest[name.size() + 1];
  return next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == '>' || next == '/';
}

// The line of each start tag of the named elements, in text order.
std::map<std::string, std::vector<std::size_t>> scanStartTags(
    std::string_view text, const std::vector<std::string>& names) {
  std::map<std::string, std::vector<std::size_t>> found;
  for (const auto& name : names) found[name];
  std::size_t line = 1;
  std::size_t counted_to = 0;
  std::size_t at = text.find('<');
  while (at != std::string_view::npos) {
    line +=
        static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                            text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted_to = at;
    const auto rest = text.substr(at);
    std::size_t skip_to = at + 1;
    if (rest.starts_with("<!--")) {
      skip_to = text.find("-->", at);
    } else if (rest.starts_with("<![CDATA[")) {
      skip_to = text.find("]]>", at);
    } else if (rest.starts_with("<?")) {
      skip_to = text.find("?>", at);
    } else {
      for (const auto& name : names) {
        if (isStartTag(rest, name)) found[name].push_back(line);
      }
    }
    if (skip_to == std::string_view::npos) break;
    at = text.find('<', skip_to);
  }
  return found;
}

// The descendants of `root` with one of `names`, in document order; one walk
// (Poco's getElementsByTagName list costs a walk per item).
std::map<std::string, std::vector<const Element*>> elementsNamed(
    const Element* root, const std::vector<std::string>& names) {
  std::map<std::string, std::vector<const Element*>> found;
  for (const auto& name : names) found[name];
  const Poco::XML::Node* node = root->firstChild();
  while (node != nullptr) {
    if (node->nodeType() == Poco::XML::Node::ELEMENT_NODE) {
      const auto it = found.find(node->nodeName());
      if (it != found.end()) it->second.push_back(static_cast<const Element*>(node));
    }
    if (node->firstChild() != nullptr) {
      node = node->firstChild();
      continue;
    }
    while (node != nullptr && node != root && node->nextSibling() == nullptr) {
      node = node->parentNode();
    }
    node = (node == nullptr || node == root) ? nullptr : node->nextSibling();
  }
  return found;
}

bool isUai(const std::string& uai) {
  return uai.size() == 8 && allDigits(std::string_view(uai).substr(0, 7)) && isUpper(uai[7]);
}

}  // namespace

std::string trim(const std::string& text) {
  const char* blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::string attribute(const Element* element, const std::string& name) {
  return trim(element->getAttribute(name));
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

ElementLines::ElementLines(std::string_view text, const Element* root,
                           const std::vector<std::string>& names) {
  const auto found = scanStartTags(text, names);
  const auto elements = elementsNamed(root, names);
  for (const auto& name : names) {
    const std::vector<std::size_t>& lines = found.at(name);
    const std::vector<const Element*>& named = elements.at(name);
    if (named.size() != lines.size()) continue;  // unusual markup: no line numbers
    for (std::size_t i = 0; i < named.size(); ++i) lines_[named[i]] = lines[i];
  }
}

std::optional<std::size_t> ElementLines::lineOf(const Element* element) const {
  const auto it = lines_.find(element);
  if (it == lines_.end()) return std::nullopt;
  return it->second;
}

void Reading::locate(std::string_view text, const Element* root,
                     const std::vector<std::string>& names) {
  lines_.emplace(text, root, names);
}

Place Reading::place(const Element* element, const std::string& where) const {
  const auto line = lines_ ? lines_->lineOf(element) : std::nullopt;
  return Place{file_, line ? where + " (line " + std::to_string(*line) + ")" : where};
}

void Reading::problem(Place place, std::string message) {
  batch_.problems.push_back(Problem{std::move(place), std::move(message)});
}

// PARAMETRES/UAJ and ANNEE_SCOLAIRE ("2026" is the year 2026-2027).
void readParameters(const Element* root, Reading& reading) {
  const Element* parameters = child(root, "PARAMETRES");
  const Place place = reading.place(parameters, "PARAMETRES");
  const std::string uai = childText(parameters, "UAJ");
  if (uai.empty()) {
    reading.problem(place, "PARAMETRES has no UAJ (the school's UAI)");
  } else if (!isUai(uai)) {
    reading.problem(place, "UAJ '" + uai + "' is not a UAI (7 digits and a capital letter)");
  } else {
    reading.batch().uai = uai;
  }
  const std::string year = childText(parameters, "ANNEE_SCOLAIRE");
  if (year.size() != 4 || !allDigits(year)) {
    reading.problem(place, "ANNEE_SCOLAIRE '" + year + "' is not a year such as 2026");
  } else {
    reading.batch().school_year = year + "-" + std::to_string(std::stoi(year) + 1);
  }
}

// Parses and checks the root element; null (with the one problem recorded)
// when the file cannot be read as the expected export.
const Element* openExport(std::string_view text, const std::string& expected_root, Reading& reading,
                          std::optional<XmlDocument>& document) {
  auto parsed = XmlDocument::parse(text, reading.file());
  if (!parsed) {
    std::string message = parsed.error().message;
    const std::string prefix = reading.file() + ": ";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    reading.problem(Place{reading.file(), ""}, message);
    return nullptr;
  }
  document = std::move(parsed).value();
  const Element* root = document->root();
  if (root->nodeName() != expected_root) {
    reading.problem(Place{reading.file(), ""},
                    "root element is " + root->nodeName() + ", expected " + expected_root);
    return nullptr;
  }
  return root;
}

Result<std::optional<std::string>> optionalDate(const Element* element, const std::string& name) {
  const std::string text = childText(element, name);
  if (text.empty()) return std::optional<std::string>();
  auto iso = frenchDateToIso(text);
  if (!iso) return makeError(Errc::invalid_argument, name + " " + iso.error().message, name);
  return std::optional<std::string>(std::move(iso).value());
}

}  // namespace cartable::imports::bee
