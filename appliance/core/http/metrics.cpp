#include "core/http/metrics.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace cartable::http {
namespace {

constexpr std::array<double, 12> kBucketBounds = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                  0.25,  0.5,   1,    2.5,   5,    10};

struct Histogram {
  std::array<std::uint64_t, kBucketBounds.size() + 1> counts{};  // last: above 10 s
  double sum = 0;
  std::uint64_t count = 0;
};

std::string formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// HELP text may hold any character but a raw newline or backslash.
std::string escapeHelp(std::string_view help) {
  std::string out;
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view typeName(Metrics::Type type) {
  switch (type) {
    case Metrics::Type::counter:
      return "counter";
    case Metrics::Type::gauge:
      return "gauge";
    case Metrics::Type::histogram:
      return "histogram";
  }
  return "untyped";
}

// `name{labels}` or just `name` when there are no labels.
std::string sampleName(std::string_view name, std::string_view labels) {
  std::string out(name);
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  return out;
}

std::string withLabel(std::string_view labels, std::string_view extra) {
  if (labels.empty()) return std::string(extra);
  return std::string(labels) + "," + std::string(extra);
}

void renderHistogram(std::string& out, const std::string& name, const std::string& labels,
                     const Histogram& histogram) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    const std::string bound =
        i < kBucketBounds.size() ? formatValue(kBucketBounds[i]) : std::string("+Inf");
    out += sampleName(name + "_bucket", withLabel(labels, "le=\"" + bound + "\""));
    out += ' ' + std::to_string(cumulative) + '\n';
  }
  out += sampleName(name + "_sum", labels) + ' ' + formatValue(histogram.sum) + '\n';
  out += sampleName(name + "_count", labels) + ' ' + std::to_string(histogram.count) + '\n';
}

}  // namespace

struct Metrics::Family {
  Type type = Type::counter;
  std::string help;
  std::map<std::string, double, std::less<>> values;         // counters and gauges
  std::map<std::string, Histogram, std::less<>> histograms;  // by labels
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

void Metrics::describe(std::string name, Type type, std::string help) {
  std::lock_guard lock(mutex_);
  auto [family, inserted] = families_.try_emplace(std::move(name));
  // Describing again (a second server on the same registry) is allowed if
  // the type agrees.
  assert(inserted || family->second.type == type);
  (void)inserted;
  family->second.type = type;
  family->second.help = std::move(help);
}

void Metrics::increment(std::string_view name, std::string_view labels, double by) {
  std::lock_guard lock(mutex_);
  const auto family = families_.find(name);
  assert(family != families_.end() && "metric used before describe()");
  assert(family->second.type != Type::histogram);
  auto& values = family->second.values;
  auto value = values.find(labels);
  if (value == values.end()) value = values.emplace(std::string(labels), 0.0).first;
  value->second += by;
}

void Metrics::set(std::string_view name, std::string_view labels, double value) {
  std::lock_guard lock(mutex_);
  const auto family = families_.find(name);
  assert(family != families_.end() && "metric used before describe()");
  assert(family->second.type == Type::gauge);
  auto& values = family->second.values;
  auto existing = values.find(labels);
  if (existing == values.end()) existing = values.emplace(std::string(labels), 0.0).first;
  existing->second = value;
}

void Metrics::observe(std::string_view name, std::string_view labels, double seconds) {
  std::lock_guard lock(mutex_);
  const auto family = families_.find(name);
  assert(family != families_.end() && "metric used before describe()");
  assert(family->second.type == Type::histogram);
  auto& histograms = family->second.histograms;
  auto histogram = histograms.find(labels);
  if (histogram == histograms.end()) {
    histogram = histograms.emplace(std::string(labels), Histogram{}).first;
  }
  std::size_t bucket = 0;
  while (bucket < kBucketBounds.size() && seconds > kBucketBounds[bucket]) ++bucket;
  ++histogram->second.counts[bucket];
  histogram->second.sum += seconds;
  ++histogram->second.count;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + ' ' + escapeHelp(family.help) + '\n';
    out += "# TYPE " + name + ' ' + std::string(typeName(family.type)) + '\n';
    for (const auto& [labels, value] : family.values) {
      out += sampleName(name, labels) + ' ' + formatValue(value) + '\n';
    }
    for (const auto& [labels, histogram] : family.histograms) {
      renderHistogram(out, name, labels, histogram);
    }
  }
  return out;
}

}  // namespace cartable::http
