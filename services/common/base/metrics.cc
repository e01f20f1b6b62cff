#include "services/common/base/metrics.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace equalsay {
namespace {

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    return absl::StrFormat("%.0f", value);
  }
  return absl::StrFormat("%.15g", value);
}

// A label value as the format wants it: backslash, quote and newline
// escaped.
std::string Escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string LabelText(const std::vector<std::string>& names,
                      const std::vector<std::string>& values,
                      const std::string& extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"",
                    Escaped(values[i]), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? "" : absl::StrCat("{", out, "}");
}

const char* KindName(MetricKind kind) {
  switch (kind) {
    case MetricKind::kCounter:
      return "counter";
    case MetricKind::kGauge:
      return "gauge";
    case MetricKind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

MetricFamily::MetricFamily(std::string name, std::string help, MetricKind kind,
                           std::vector<std::string> label_names,
                           std::vector<double> buckets)
    : name_(std::move(name)),
      help_(std::move(help)),
      kind_(kind),
      label_names_(std::move(label_names)),
      buckets_(std::move(buckets)) {}

void MetricFamily::Add(const std::vector<std::string>& labels, double by) {
  absl::MutexLock lock(&mu_);
  series_[labels].value += by;
}

void MetricFamily::Set(const std::vector<std::string>& labels, double value) {
  absl::MutexLock lock(&mu_);
  series_[labels].value = value;
}

void MetricFamily::Observe(const std::vector<std::string>& labels,
                           double value) {
  absl::MutexLock lock(&mu_);
  Series& s = series_[labels];
  if (s.counts.empty()) s.counts.assign(buckets_.size() + 1, 0);
  size_t bucket = 0;
  while (bucket < buckets_.size() && value > buckets_[bucket]) ++bucket;
  ++s.counts[bucket];
  s.sum += value;
  ++s.count;
}

void MetricFamily::AppendText(std::string& out) const {
  absl::StrAppend(&out, "# HELP ", name_, " ", help_, "\n# TYPE ", name_, " ",
                  KindName(kind_), "\n");
  absl::MutexLock lock(&mu_);
  for (const auto& [labels, s] : series_) {
    if (kind_ != MetricKind::kHistogram) {
      absl::StrAppend(&out, name_, LabelText(label_names_, labels), " ",
                      Number(s.value), "\n");
      continue;
    }
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= buckets_.size(); ++b) {
      cumulative += s.counts[b];
      const std::string le =
          b < buckets_.size() ? Number(buckets_[b]) : std::string("+Inf");
      absl::StrAppend(
          &out, name_, "_bucket",
          LabelText(label_names_, labels, absl::StrCat("le=\"", le, "\"")), " ",
          cumulative, "\n");
    }
    absl::StrAppend(&out, name_, "_sum", LabelText(label_names_, labels), " ",
                    Number(s.sum), "\n", name_, "_count",
                    LabelText(label_names_, labels), " ", s.count, "\n");
  }
}

Metrics& Metrics::Get() {
  static auto* metrics = new Metrics;
  return *metrics;
}

MetricFamily& Metrics::Family(const std::string& name, const std::string& help,
                              MetricKind kind,
                              std::vector<std::string> label_names,
                              std::vector<double> buckets) {
  absl::MutexLock lock(&mu_);
  std::unique_ptr<MetricFamily>& family = families_[name];
  if (family == nullptr) {
    family = std::make_unique<MetricFamily>(
        name, help, kind, std::move(label_names), std::move(buckets));
  }
  return *family;
}

std::string Metrics::Text() const {
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const auto& [name, family] : families_) family->AppendText(out);
  return out;
}

ServerMetrics& ServerMetrics::Get() {
  static auto* metrics = [] {
    Metrics& m = Metrics::Get();
    const std::vector<double> seconds = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return new ServerMetrics{
        .rpc_requests =
            m.Family("equalsay_rpc_requests_total",
                     "Calls answered, by method and gRPC status code (gRPC-Web "
                     "calls included).",
                     MetricKind::kCounter, {"method", "code"}),
        .rpc_seconds = m.Family(
            "equalsay_rpc_duration_seconds",
            "How long calls took to answer, by method (a stream: until it "
            "ended).",
            MetricKind::kHistogram, {"method"}, seconds),
        .db_connections =
            m.Family("equalsay_db_connections",
                     "Database connections the pool holds, in use or idle.",
                     MetricKind::kGauge, {"state"}),
        .db_pool_waits = m.Family(
            "equalsay_db_pool_waits_total",
            "Calls that waited for a free database connection, by whether "
            "one came in time.",
            MetricKind::kCounter, {"outcome"}),
        .db_pool_wait_seconds =
            m.Family("equalsay_db_pool_wait_seconds",
                     "How long calls waited for a free database connection.",
                     MetricKind::kHistogram, {}, seconds),
        .ballot_batch_size = m.Family(
            "equalsay_ballot_batch_size",
            "Ballots written with one durable commit.", MetricKind::kHistogram,
            {}, {1, 2, 4, 8, 16, 32, 64, 128, 256}),
        .ballot_batches = m.Family(
            "equalsay_ballot_batches_total",
            "Batches of ballots written, by what their checks relied on: "
            "facts read for them (read) or kept from the voters' last "
            "ballots there and checked again by the write (kept).",
            MetricKind::kCounter, {"facts"}),
        .watch_streams = m.Family(
            "equalsay_watch_streams",
            "Members following a round live (open WatchRound streams).",
            MetricKind::kGauge),
        .sealed_events =
            m.Family("equalsay_audit_sealed_events_total",
                     "Audit events this server sealed into the hash chain.",
                     MetricKind::kCounter),
        .sealer_last_pass = m.Family(
            "equalsay_audit_sealer_last_pass_timestamp_seconds",
            "When this server's sealer last finished a pass (Unix time): "
            "time() minus this is how far sealing lags.",
            MetricKind::kGauge),
        .http_connections =
            m.Family("equalsay_http_connections",
                     "Open connections to the HTTP port.", MetricKind::kGauge),
        .mail = m.Family("equalsay_mail_total",
                         "E-mail this server tried to send, by outcome: sent, "
                         "retry (to be tried again) or failed (given up).",
                         MetricKind::kCounter, {"outcome"}),
    };
  }();
  return *metrics;
}

void ServerMetrics::Start() {
  ServerMetrics& m = Get();
  // Series without labels are there from the start, at zero.
  for (MetricFamily* f : {&m.watch_streams, &m.sealed_events,
                          &m.sealer_last_pass, &m.http_connections}) {
    f->Add({}, 0);
  }
  for (const char* state : {"in_use", "idle"}) m.db_connections.Add({state}, 0);
  for (const char* outcome : {"served", "timed_out"}) {
    m.db_pool_waits.Add({outcome}, 0);
  }
  for (const char* outcome : {"sent", "retry", "failed"}) {
    m.mail.Add({outcome}, 0);
  }
  for (const char* facts : {"read", "kept"}) m.ballot_batches.Add({facts}, 0);
}

}  // namespace equalsay
