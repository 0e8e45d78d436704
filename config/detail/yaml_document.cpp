#include "config/detail/yaml_document.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string>
#include <vector>

namespace cartable::config::detail {
namespace {

// Records where each document starts, building nothing.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { marks_.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  const std::vector<YAML::Mark>& marks() const { return marks_; }

 private:
  std::vector<YAML::Mark> marks_;
};

std::string characterAt(std::string_view text, const YAML::Mark& mark) {
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return "end of file";
  return quoted(text.substr(static_cast<std::size_t>(mark.pos), 1));
}

// Walks the documents of `text` to find syntax errors anywhere and a second
// document. yaml-cpp 0.7 never moves past a stray ',' at the top level: it
// starts empty documents there forever. So the walk stops after three
// documents, and one that starts where the previous one did is a syntax error.
bool checkDocuments(std::string_view text, ProblemList& problems) {
  std::istringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  DocumentStarts starts;
  while (starts.marks().size() < 3 && parser.HandleNextDocument(starts)) {
  }
  const std::vector<YAML::Mark>& marks = starts.marks();
  for (std::size_t i = 1; i < marks.size(); ++i) {
    if (marks[i].pos == marks[i - 1].pos) {
      problems.add(marks[i], "", "YAML syntax error: unexpected " + characterAt(text, marks[i]));
      return false;
    }
  }
  if (marks.size() > 1) {
    problems.add(marks[1], "", "the file holds more than one YAML document; only one is allowed");
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> parseConfigDocument(std::string_view text, ProblemList& problems) {
  YAML::Node document;
  try {
    if (!checkDocuments(text, problems)) return std::nullopt;
    document = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& error) {
    problems.add(error.mark, "", "YAML syntax error: " + error.msg);
    return std::nullopt;
  }
  if (document.IsNull()) {
    problems.addUnplaced("",
                         "the file is empty; it needs at least \"role: school\" or "
                         "\"role: hub\"");
    return std::nullopt;
  }
  if (!document.IsMap()) {
    problems.add(document.Mark(), "",
                 "the top level must be a mapping of keys to values (role: ..., school: ...), "
                 "got " +
                     describeFound(document));
    return std::nullopt;
  }
  return document;
}

}  // namespace cartable::config::detail
