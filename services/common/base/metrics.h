// What the server counts about itself (calls, latency, database pool,
// ballot batches, open streams, sealing), in Prometheus's text format for
// /metrics. Never a token, a name or anything anyone scored or voted.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_METRICS_H_
#define EQUALSAY_SERVICES_COMMON_BASE_METRICS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace equalsay {

enum class MetricKind { kCounter, kGauge, kHistogram };

// One metric with its labels' names; a series per set of label values.
class MetricFamily {
 public:
  MetricFamily(std::string name, std::string help, MetricKind kind,
               std::vector<std::string> label_names,
               std::vector<double> buckets = {});

  // Counters and gauges: adds `by` (a counter only ever goes up).
  void Add(const std::vector<std::string>& labels, double by = 1);
  // Gauges: the value now.
  void Set(const std::vector<std::string>& labels, double value);
  // Histograms: one observation.
  void Observe(const std::vector<std::string>& labels, double value);

  // HELP, TYPE and every series, in the text exposition format 0.0.4.
  void AppendText(std::string& out) const;

 private:
  struct Series {
    double value = 0;              // Counter or gauge.
    std::vector<uint64_t> counts;  // Per bucket (not cumulative), then +Inf.
    double sum = 0;
    uint64_t count = 0;
  };

  const std::string name_, help_;
  const MetricKind kind_;
  const std::vector<std::string> label_names_;
  const std::vector<double> buckets_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, Series> series_ ABSL_GUARDED_BY(mu_);
};

// The process's metrics: each family is made once, on first use, and kept
// for the life of the process.
class Metrics {
 public:
  static Metrics& Get();

  MetricFamily& Family(const std::string& name, const std::string& help,
                       MetricKind kind,
                       std::vector<std::string> label_names = {},
                       std::vector<double> buckets = {});
  std::string Text() const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<MetricFamily>> families_
      ABSL_GUARDED_BY(mu_);
};

// Every metric the server keeps, made together at first use so that
// /metrics lists each from the start.
struct ServerMetrics {
  MetricFamily& rpc_requests;    // {method, code}
  MetricFamily& rpc_seconds;     // {method}: how long calls took.
  MetricFamily& db_connections;  // {state}: in_use or idle.
  MetricFamily& db_pool_waits;   // {outcome}: served or timed_out.
  MetricFamily& db_pool_wait_seconds;
  MetricFamily& ballot_batch_size;  // Ballots written with one commit.
  MetricFamily& ballot_batches;     // {facts}: read or kept.
  MetricFamily& watch_streams;      // Open WatchRound streams.
  MetricFamily& sealed_events;      // Events sealed into the chain.
  MetricFamily& sealer_last_pass;   // When the sealer last finished a pass.
  MetricFamily& http_connections;   // Open connections to the HTTP port.
  MetricFamily& mail;  // {outcome}: sent, retry (tried again later), failed.

  static ServerMetrics& Get();
  // Makes every series without labels (or with fixed ones) read 0, so that
  // /metrics lists them before anything happens.
  static void Start();
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_METRICS_H_
