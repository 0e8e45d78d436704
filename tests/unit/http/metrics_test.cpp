#include "core/http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace cartable::http {
namespace {

TEST(HttpMetrics, RendersCountersWithHelpAndTypeAndSortedSamples) {
  Metrics metrics;
  metrics.describe("jobs_total", Metrics::Type::counter, "Jobs run.");
  metrics.increment("jobs_total", R"(kind="b")");
  metrics.increment("jobs_total", R"(kind="a")", 2);
  metrics.increment("jobs_total", R"(kind="b")");
  EXPECT_EQ(metrics.render(),
            "# HELP jobs_total Jobs run.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{kind=\"a\"} 2\n"
            "jobs_total{kind=\"b\"} 2\n");
}

TEST(HttpMetrics, FamiliesAreSortedByName) {
  Metrics metrics;
  metrics.describe("zeta", Metrics::Type::gauge, "Z.");
  metrics.describe("alpha", Metrics::Type::gauge, "A.");
  metrics.set("zeta", {}, 1.5);
  metrics.set("alpha", {}, 3);
  metrics.set("alpha", {}, 4);
  EXPECT_EQ(metrics.render(),
            "# HELP alpha A.\n# TYPE alpha gauge\nalpha 4\n"
            "# HELP zeta Z.\n# TYPE zeta gauge\nzeta 1.5\n");
}

TEST(HttpMetrics, DescribedButUnusedFamilyHasOnlyHeaders) {
  Metrics metrics;
  metrics.describe("idle_total", Metrics::Type::counter, "Never used.");
  EXPECT_EQ(metrics.render(), "# HELP idle_total Never used.\n# TYPE idle_total counter\n");
}

TEST(HttpMetrics, HelpTextIsEscaped) {
  Metrics metrics;
  metrics.describe("x", Metrics::Type::gauge, "line one\nback\\slash");
  EXPECT_EQ(metrics.render(), "# HELP x line one\\nback\\\\slash\n# TYPE x gauge\n");
}

TEST(HttpMetrics, HistogramHasCumulativeBucketsSumAndCount) {
  Metrics metrics;
  metrics.describe("latency_seconds", Metrics::Type::histogram, "Latency.");
  metrics.observe("latency_seconds", R"(route="/a")", 0.0005);
  metrics.observe("latency_seconds", R"(route="/a")", 0.02);
  metrics.observe("latency_seconds", R"(route="/a")", 30);
  EXPECT_EQ(metrics.render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.001\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.005\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.01\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.025\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.05\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.25\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.5\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"2.5\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"5\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"10\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
            "latency_seconds_sum{route=\"/a\"} 30.0205\n"
            "latency_seconds_count{route=\"/a\"} 3\n");
}

TEST(HttpMetrics, ObservationOnABoundFallsInThatBucket) {
  Metrics metrics;
  metrics.describe("h", Metrics::Type::histogram, "H.");
  metrics.observe("h", {}, 0.1);
  const std::string text = metrics.render();
  EXPECT_NE(text.find("h_bucket{le=\"0.05\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_bucket{le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_count 1\n"), std::string::npos) << text;
}

TEST(HttpMetrics, ConcurrentIncrementsAreAllCounted) {
  Metrics metrics;
  metrics.describe("hits_total", Metrics::Type::counter, "Hits.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) metrics.increment("hits_total");
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_NE(metrics.render().find("hits_total 4000\n"), std::string::npos);
}

#ifndef NDEBUG
TEST(HttpMetricsDeathTest, UndescribedNameAsserts) {
  Metrics metrics;
  EXPECT_DEATH(metrics.increment("nobody_described_me_total"), "describe");
}
#endif

}  // namespace
}  // namespace cartable::http
