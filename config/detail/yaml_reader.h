// Typed reading of yaml-cpp nodes that reports every problem with its place in
// the file. Private to the config module.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.h"

namespace cartable::config::detail {

// Collects the problems of one file, to be listed in file order.
class ProblemList {
 public:
  // Past this many, more problems only bury the first ones, which are usually the cause.
  static constexpr std::size_t kMaxProblems = 100;

  explicit ProblemList(std::string file) : file_(std::move(file)) {}

  // `mark` is yaml-cpp's 0-based position; a null mark gives line 0. Past a
  // hundred problems, the rest are summed up in one.
  void add(const YAML::Mark& mark, std::string key, std::string message);
  void addUnplaced(std::string key, std::string message);

  // Whether further problems are only counted, not kept.
  bool full() const { return too_many_ || problems_.size() == kMaxProblems; }

  // The problems sorted by place, those without a place first.
  std::vector<ConfigProblem> take();

 private:
  std::string file_;
  std::vector<ConfigProblem> problems_;
  bool too_many_ = false;
};

// One `key: value` pair of a mapping. The root document has no key node.
struct Entry {
  std::string path;  // dotted key, e.g. "limits.threads"; empty for the root
  YAML::Node key;
  YAML::Node value;

  // Where to report a problem with the value. yaml-cpp places an empty value
  // at the next token, often on the following line, so the key stands in for it.
  YAML::Mark valueMark() const;
};

// What a node holds, for "got ..." in messages: "lots" quoted, or "a mapping".
std::string describeFound(const YAML::Node& value);

// `text` in double quotes, control characters escaped, cut when long.
std::string quoted(std::string_view text);

// The name in `candidates` closest to `name`, when it is close enough to be a
// likely typo; empty otherwise.
std::string closestName(std::string_view name, const std::vector<std::string>& candidates);

// "1KiB", "64MiB", "1536" for byte counts in messages.
std::string formatByteSize(std::uint64_t bytes);

// Typed readers: each returns the value, or reports why it cannot and returns nothing.
std::optional<std::int64_t> readInteger(const Entry& entry, std::int64_t min, std::int64_t max,
                                        ProblemList& problems);
// An integer number of bytes, or a number with a KiB, MiB or GiB suffix.
std::optional<std::uint64_t> readByteSize(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                          ProblemList& problems);
std::optional<bool> readBoolean(const Entry& entry, ProblemList& problems);
// Any scalar; an empty value (`key:` or `~`) reads as "".
std::optional<std::string> readString(const Entry& entry, ProblemList& problems);
std::optional<std::string> readChoice(const Entry& entry,
                                      std::initializer_list<std::string_view> choices,
                                      ProblemList& problems);

// The keys of one mapping. The schema claims keys as it reads them; finish()
// reports every key nobody claimed, suggesting the closest claimed name.
// Duplicate keys and keys that are not plain scalars are reported on creation.
class Section {
 public:
  // `entry.value` should be a mapping; an empty value reads as an empty mapping,
  // anything else is reported.
  Section(Entry entry, ProblemList& problems);

  // The entry for `name`, or nullptr when the key is absent.
  const Entry* claim(std::string_view name);
  // Same, but reports a missing key at the section's own key, adding `hint`
  // to the message when given.
  const Entry* require(std::string_view name, std::string_view hint = {});
  // Reports unclaimed keys. Call once, after every claim.
  void finish();

  ProblemList& problems() { return problems_; }

  template <class T>
  void readInteger(std::string_view name, std::int64_t min, std::int64_t max, T& out) {
    if (const Entry* found = claim(name)) {
      if (auto value = detail::readInteger(*found, min, max, problems_)) {
        out = static_cast<T>(*value);
      }
    }
  }
  void readByteSize(std::string_view name, std::uint64_t min, std::uint64_t max,
                    std::uint64_t& out);
  void readBoolean(std::string_view name, bool& out);

 private:
  void collectEntries();
  void reportUnknown(const Entry& unknown);

  Entry self_;
  ProblemList& problems_;
  bool is_mapping_ = true;      // false when the value was neither a mapping nor empty
  std::vector<Entry> entries_;  // first occurrence of each key, in file order
  std::map<std::string, std::size_t> index_;  // key name -> position in entries_
  std::vector<std::string> claimed_;
};

}  // namespace cartable::config::detail
