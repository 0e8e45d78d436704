#include "config/detail/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>
#include <utility>

namespace cartable::config::detail {
namespace {

constexpr std::size_t kMaxQuotedBytes = 60;
constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr std::uint64_t kGiB = 1024 * kMiB;

struct SizeUnit {
  std::string_view suffix;
  std::uint64_t multiplier;
};
constexpr SizeUnit kSizeUnits[] = {{"GiB", kGiB}, {"MiB", kMiB}, {"KiB", kKiB}, {"", 1}};

std::string joinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

std::string orList(std::initializer_list<std::string_view> choices) {
  std::string joined;
  std::size_t index = 0;
  for (std::string_view choice : choices) {
    if (index > 0) joined += (index + 1 == choices.size()) ? " or " : ", ";
    joined += choice;
    ++index;
  }
  return joined;
}

char asciiLower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Optimal string alignment distance: edits, with a swap of neighbours counted once.
std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = asciiLower(a[i - 1]) == asciiLower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && asciiLower(a[i - 1]) == asciiLower(b[j - 2]) &&
          asciiLower(a[i - 2]) == asciiLower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

bool isDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `text` is written as a decimal integer, with an optional sign.
bool isDecimalText(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return isDigits(text);
}

// The value of a decimal integer; nothing when the text is not one or it does not fit.
std::optional<std::int64_t> parseDecimal(std::string_view text) {
  if (!isDecimalText(text)) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The bytes in "123", "50MiB" or "50 MiB"; nothing when malformed or too large.
std::optional<std::uint64_t> parseByteSize(std::string_view text) {
  for (const SizeUnit& unit : kSizeUnits) {
    if (!text.ends_with(unit.suffix)) continue;
    std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
    if (!isDigits(number)) return std::nullopt;
    std::uint64_t count = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
    if (error != std::errc() || end != number.data() + number.size() ||
        count > UINT64_MAX / unit.multiplier) {
      return std::nullopt;
    }
    return count * unit.multiplier;
  }
  return std::nullopt;
}

// A decimal integer is shown as written, anything else as describeFound does.
std::string describeNumber(const YAML::Node& value) {
  if (value.IsScalar() && isDecimalText(value.Scalar())) return value.Scalar();
  return describeFound(value);
}

std::string childPath(const std::string& parent, std::string_view name) {
  return parent.empty() ? std::string(name) : parent + "." + std::string(name);
}

}  // namespace

YAML::Mark Entry::valueMark() const {
  if (value.IsNull() && !key.Mark().is_null()) return key.Mark();
  return value.Mark();
}

void ProblemList::add(const YAML::Mark& mark, std::string key, std::string message) {
  if (problems_.size() == kMaxProblems) {
    too_many_ = true;
    return;
  }
  ConfigProblem problem{file_, 0, 0, std::move(key), std::move(message)};
  if (!mark.is_null() && mark.line >= 0 && mark.column >= 0) {
    problem.line = mark.line + 1;
    problem.column = mark.column + 1;
  }
  problems_.push_back(std::move(problem));
}

void ProblemList::addUnplaced(std::string key, std::string message) {
  add(YAML::Mark::null_mark(), std::move(key), std::move(message));
}

std::vector<ConfigProblem> ProblemList::take() {
  std::stable_sort(problems_.begin(), problems_.end(),
                   [](const ConfigProblem& a, const ConfigProblem& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  if (too_many_) {
    problems_.push_back(ConfigProblem{
        file_, 0, 0, "",
        "too many problems; only the first " + std::to_string(kMaxProblems) + " are shown"});
  }
  return std::move(problems_);
}

std::string quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t length = std::min(text.size(), kMaxQuotedBytes);
  // Never cut a UTF-8 sequence in half.
  while (length < text.size() && length > 0 &&
         (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) {
    --length;
  }
  std::string out = "\"";
  for (char c : text.substr(0, length)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    } else {
      out += c;
    }
  }
  out += length < text.size() ? "\"..." : "\"";
  return out;
}

std::string describeFound(const YAML::Node& value) {
  switch (value.Type()) {
    case YAML::NodeType::Scalar:
      return quoted(value.Scalar());
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "an empty value";
}

std::string closestName(std::string_view name, const std::vector<std::string>& candidates) {
  // A third of the name may be mistyped, with at least one and at most three edits.
  const std::size_t tolerance = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = tolerance + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = editDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string formatByteSize(std::uint64_t bytes) {
  for (const SizeUnit& unit : kSizeUnits) {
    if (bytes >= unit.multiplier && bytes % unit.multiplier == 0) {
      return std::to_string(bytes / unit.multiplier) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

std::optional<std::int64_t> readInteger(const Entry& entry, std::int64_t min, std::int64_t max,
                                        ProblemList& problems) {
  std::optional<std::int64_t> value;
  if (entry.value.IsScalar()) value = parseDecimal(entry.value.Scalar());
  if (value && *value >= min && *value <= max) return value;
  problems.add(entry.valueMark(), entry.path,
               "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                   ", got " + describeNumber(entry.value));
  return std::nullopt;
}

std::optional<std::uint64_t> readByteSize(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                          ProblemList& problems) {
  std::optional<std::uint64_t> value;
  if (entry.value.IsScalar()) value = parseByteSize(entry.value.Scalar());
  if (value && *value >= min && *value <= max) return value;
  problems.add(entry.valueMark(), entry.path,
               "expected a size from " + formatByteSize(min) + " to " + formatByteSize(max) +
                   " (a number of bytes, or a number with a KiB, MiB or GiB suffix), got " +
                   describeNumber(entry.value));
  return std::nullopt;
}

std::optional<bool> readBoolean(const Entry& entry, ProblemList& problems) {
  if (entry.value.IsScalar()) {
    if (entry.value.Scalar() == "true") return true;
    if (entry.value.Scalar() == "false") return false;
  }
  problems.add(entry.valueMark(), entry.path,
               "expected true or false, got " + describeFound(entry.value));
  return std::nullopt;
}

std::optional<std::string> readString(const Entry& entry, ProblemList& problems) {
  if (entry.value.IsScalar()) return entry.value.Scalar();
  if (entry.value.IsNull()) return std::string();
  problems.add(entry.valueMark(), entry.path,
               "expected a string, got " + describeFound(entry.value));
  return std::nullopt;
}

std::optional<std::string> readChoice(const Entry& entry,
                                      std::initializer_list<std::string_view> choices,
                                      ProblemList& problems) {
  if (entry.value.IsScalar() &&
      std::find(choices.begin(), choices.end(), entry.value.Scalar()) != choices.end()) {
    return entry.value.Scalar();
  }
  problems.add(entry.valueMark(), entry.path,
               "expected " + orList(choices) + ", got " + describeFound(entry.value));
  return std::nullopt;
}

Section::Section(Entry entry, ProblemList& problems)
    : self_(std::move(entry)), problems_(problems) {
  if (self_.value.IsMap()) {
    collectEntries();
  } else if (!self_.value.IsNull()) {
    is_mapping_ = false;
    problems_.add(self_.valueMark(), self_.path,
                  "expected a mapping of keys to values, got " + describeFound(self_.value));
  }
}

void Section::collectEntries() {
  for (auto it = self_.value.begin(); it != self_.value.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      problems_.add(key.Mark(), self_.path,
                    "expected a key name, got " + describeFound(key) + " as a key");
      continue;
    }
    const auto [first, inserted] = index_.emplace(key.Scalar(), entries_.size());
    if (!inserted) {
      problems_.add(key.Mark(), childPath(self_.path, key.Scalar()),
                    "duplicate key; first given at line " +
                        std::to_string(entries_[first->second].key.Mark().line + 1));
      continue;
    }
    entries_.push_back(Entry{childPath(self_.path, key.Scalar()), key, it->second});
  }
}

const Entry* Section::claim(std::string_view name) {
  if (std::find(claimed_.begin(), claimed_.end(), name) == claimed_.end()) {
    claimed_.emplace_back(name);
  }
  const auto found = index_.find(std::string(name));
  return found == index_.end() ? nullptr : &entries_[found->second];
}

const Entry* Section::require(std::string_view name, std::string_view hint) {
  const Entry* found = claim(name);
  if (found == nullptr && is_mapping_) {
    std::string message = "missing required key";
    if (!hint.empty()) message += "; " + std::string(hint);
    problems_.add(self_.key.Mark(), childPath(self_.path, name), std::move(message));
  }
  return found;
}

void Section::finish() {
  for (const Entry& entry : entries_) {
    const std::string name = entry.key.Scalar();
    if (std::find(claimed_.begin(), claimed_.end(), name) == claimed_.end()) reportUnknown(entry);
  }
}

void Section::reportUnknown(const Entry& unknown) {
  if (problems_.full()) {  // spare the search for a suggestion nobody will read
    problems_.add(unknown.key.Mark(), unknown.path, "unknown key");
    return;
  }
  const std::string suggestion = closestName(unknown.key.Scalar(), claimed_);
  problems_.add(unknown.key.Mark(), unknown.path,
                suggestion.empty() ? "unknown key; allowed keys: " + joinNames(claimed_)
                                   : "unknown key; did you mean " + quoted(suggestion) + "?");
}

void Section::readByteSize(std::string_view name, std::uint64_t min, std::uint64_t max,
                           std::uint64_t& out) {
  if (const Entry* found = claim(name)) {
    if (auto value = detail::readByteSize(*found, min, max, problems_)) out = *value;
  }
}

void Section::readBoolean(std::string_view name, bool& out) {
  if (const Entry* found = claim(name)) {
    if (auto value = detail::readBoolean(*found, problems_)) out = *value;
  }
}

}  // namespace cartable::config::detail
