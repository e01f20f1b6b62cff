#include "services/common/base/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay {
namespace {

using ::testing::HasSubstr;

TEST(MetricFamilyTest, CountersAndGaugesInTheTextFormat) {
  MetricFamily calls("calls_total", "Calls.", MetricKind::kCounter,
                     {"method", "code"});
  calls.Add({"/a/B", "OK"});
  calls.Add({"/a/B", "OK"}, 2);
  calls.Add({"/a/C", "NOT_FOUND"});
  std::string text;
  calls.AppendText(text);
  EXPECT_EQ(text,
            "# HELP calls_total Calls.\n"
            "# TYPE calls_total counter\n"
            "calls_total{method=\"/a/B\",code=\"OK\"} 3\n"
            "calls_total{method=\"/a/C\",code=\"NOT_FOUND\"} 1\n");

  MetricFamily open("open", "Open now.", MetricKind::kGauge, {});
  open.Add({}, 2);
  open.Add({}, -1);
  text.clear();
  open.AppendText(text);
  EXPECT_THAT(text, HasSubstr("# TYPE open gauge\nopen 1\n"));
  open.Set({}, 0.25);
  text.clear();
  open.AppendText(text);
  EXPECT_THAT(text, HasSubstr("open 0.25\n"));
}

// Buckets are cumulative, end at +Inf, and come with _sum and _count.
TEST(MetricFamilyTest, HistogramsCountIntoEveryBucketAtOrAboveTheValue) {
  MetricFamily seconds("took_seconds", "How long.", MetricKind::kHistogram,
                       {"method"}, {0.01, 0.1, 1});
  for (double v : {0.005, 0.01, 0.05, 0.5, 7.0}) seconds.Observe({"/m"}, v);
  std::string text;
  seconds.AppendText(text);
  EXPECT_THAT(text,
              HasSubstr("took_seconds_bucket{method=\"/m\",le=\"0.01\"} "
                        "2\n"
                        "took_seconds_bucket{method=\"/m\",le=\"0.1\"} 3\n"
                        "took_seconds_bucket{method=\"/m\",le=\"1\"} 4\n"
                        "took_seconds_bucket{method=\"/m\",le=\"+Inf\"} "
                        "5\n"
                        "took_seconds_sum{method=\"/m\"} 7.565\n"
                        "took_seconds_count{method=\"/m\"} 5\n"));
}

TEST(MetricFamilyTest, LabelValuesAreEscaped) {
  MetricFamily f("f", "F.", MetricKind::kCounter, {"v"});
  f.Add({"a\"b\\c\nd"});
  std::string text;
  f.AppendText(text);
  EXPECT_THAT(text, HasSubstr("f{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

// Every metric the server keeps is listed from the start.
TEST(ServerMetricsTest, EveryFamilyIsListedOnceStarted) {
  ServerMetrics::Start();
  const std::string text = Metrics::Get().Text();
  for (const char* name :
       {"equalsay_rpc_requests_total", "equalsay_rpc_duration_seconds",
        "equalsay_db_connections", "equalsay_db_pool_waits_total",
        "equalsay_db_pool_wait_seconds", "equalsay_ballot_batch_size",
        "equalsay_ballot_batches_total", "equalsay_watch_streams",
        "equalsay_audit_sealed_events_total",
        "equalsay_audit_sealer_last_pass_timestamp_seconds",
        "equalsay_http_connections"}) {
    EXPECT_THAT(text, HasSubstr(std::string("# TYPE ") + name + " ")) << name;
  }
  EXPECT_THAT(text, HasSubstr("equalsay_watch_streams 0\n"));
}

}  // namespace
}  // namespace equalsay
