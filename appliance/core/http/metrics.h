// Counters, gauges and histograms rendered in the Prometheus text format
// (version 0.0.4) for /metrics. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cartable::http {

class Metrics {
 public:
  enum class Type { counter, gauge, histogram };

  Metrics();
  ~Metrics();

  // Declares a metric family with its HELP text; must precede its use.
  void describe(std::string name, Type type, std::string help);

  // `labels` is the inside of the braces, e.g. R"(route="/healthz",status="200")".
  void increment(std::string_view name, std::string_view labels = {}, double by = 1);
  void set(std::string_view name, std::string_view labels, double value);
  // Records one observation in seconds, in fixed buckets from 1 ms to 10 s.
  void observe(std::string_view name, std::string_view labels, double seconds);

  std::string render() const;

 private:
  struct Family;
  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace cartable::http
