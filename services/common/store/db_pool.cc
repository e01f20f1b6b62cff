#include "services/common/store/db_pool.h"

#include <algorithm>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"

namespace equalsay {
namespace {

absl::Status TimedOut() {
  return absl::UnavailableError(
      "The database did not answer in time. Nothing was changed; please try "
      "again in a moment.");
}

absl::Status Unavailable() {
  return absl::UnavailableError(
      "The database cannot be reached right now. Nothing was changed; please "
      "try again in a moment.");
}

}  // namespace

std::string OneLine(const std::string& text) {
  std::vector<std::string> parts;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) parts.emplace_back(line);
  }
  return absl::StrJoin(parts, " ");
}

std::string RedactDatabaseUrl(const std::string& url) {
  static const std::regex kUrlPassword(R"(^([a-z]+://[^:/@]*):[^@]*@)");
  static const std::regex kKeywordPassword(R"((password\s*=\s*)('[^']*'|\S+))");
  std::string out = std::regex_replace(url, kUrlPassword, "$1:***@");
  return std::regex_replace(out, kKeywordPassword, "$1***");
}

std::string WithSetting(const std::string& url, const std::string& key,
                        const std::string& value) {
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    std::string encoded;
    for (unsigned char c : value) {
      if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.') {
        encoded += static_cast<char>(c);
      } else {
        absl::StrAppend(
            &encoded, "%",
            absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
      }
    }
    return absl::StrCat(url, absl::StrContains(url, "?") ? "&" : "?", key, "=",
                        encoded);
  }
  return absl::StrCat(
      url, " ", key, "='",
      absl::StrReplaceAll(value, {{"\\", "\\\\"}, {"'", "\\'"}}), "'");
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect(
    const std::string& url, absl::Duration timeout) {
  const int64_t seconds = std::max<int64_t>(
      2, absl::ToInt64Seconds(absl::Ceil(timeout, absl::Seconds(1))));
  std::string settings =
      WithSetting(url, "connect_timeout", absl::StrCat(seconds));
  // Acknowledged means durable, whatever the server's default: a change
  // is answered only once its commit is on disk (DESIGN.md rule 5).
  // And no parallel workers: a call reads one round's rows, and workers
  // cost more to start than they save while other calls want the cores
  // (counting a 100,000-ballot decision on 2 busy cores took 518 ms with
  // them, scanning the whole ballots table, and 186 ms without). Nor JIT
  // compiling: it starts wherever the planner's estimate is high, as it is
  // from stale statistics after a burst of new rows, and compiles again at
  // every run of a statement: the closer's once-a-second check of 1,000
  // open decisions spent 349 ms of CPU compiling a query that ran in 0.3.
  if (!absl::StrContains(url, "options=")) {
    settings = WithSetting(settings, "options",
                           "-c synchronous_commit=on "
                           "-c max_parallel_workers_per_gather=0 -c jit=off");
  }
  try {
    return std::make_unique<pqxx::connection>(settings);
  } catch (const std::exception& e) {
    // libpq may echo parts of the URL; never let a password through.
    return absl::UnavailableError(RedactDatabaseUrl(OneLine(e.what())));
  }
}

class DbPool::Lease {
 public:
  Lease(DbPool& pool, std::unique_ptr<pqxx::connection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  ~Lease() { pool_.Release(std::move(conn_), healthy_); }
  pqxx::connection& conn() { return *conn_; }
  void MarkBroken() { healthy_ = false; }

 private:
  DbPool& pool_;
  std::unique_ptr<pqxx::connection> conn_;
  bool healthy_ = true;
};

absl::StatusOr<std::unique_ptr<pqxx::connection>> DbPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto can_proceed = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.size;
    };
    const absl::Duration wait =
        std::min(options_.wait, ScopedDbDeadline::Current() - absl::Now());
    if (!can_proceed()) {
      ServerMetrics& metrics = ServerMetrics::Get();
      const absl::Time start = absl::Now();
      const bool served =
          mu_.AwaitWithTimeout(absl::Condition(&can_proceed), wait);
      metrics.db_pool_waits.Add({served ? "served" : "timed_out"});
      metrics.db_pool_wait_seconds.Observe(
          {}, absl::ToDoubleSeconds(absl::Now() - start));
      if (!served) {
        return absl::UnavailableError(
            "The server is too busy to reach the database right now. Nothing "
            "was changed; please try again in a moment.");
      }
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      ReportConnections();
      return conn;
    }
    ++open_;  // Reserve the slot; connect without holding the lock.
    ReportConnections();
  }
  auto conn = Connect(options_.url,
                      std::min(options_.call_timeout,
                               ScopedDbDeadline::Current() - absl::Now()));
  if (!conn.ok()) {
    LogLine(
        absl::StrCat("database connection failed: ", conn.status().message()));
    absl::MutexLock lock(&mu_);
    --open_;
    ReportConnections();
    return Unavailable();
  }
  return conn;
}

void DbPool::ReportConnections() {
  ServerMetrics& metrics = ServerMetrics::Get();
  metrics.db_connections.Set({"idle"}, static_cast<double>(idle_.size()));
  metrics.db_connections.Set({"in_use"},
                             static_cast<double>(open_ - idle_.size()));
}

void DbPool::Release(std::unique_ptr<pqxx::connection> conn, bool healthy) {
  absl::MutexLock lock(&mu_);
  if (healthy && conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;  // Dropped: the next Acquire opens a fresh one.
  }
  ReportConnections();
}

absl::Status DbPool::Transact(
    Isolation isolation,
    absl::FunctionRef<absl::Status(pqxx::transaction_base&)> fn) {
  bool reconnected = false;
  for (int attempt = 0;; ++attempt) {
    auto conn = Acquire();
    if (!conn.ok()) return conn.status();
    Lease lease(*this, *std::move(conn));
    // Disarmed before the lease goes back to the pool.
    const DbWatchdog::Armed armed = watchdog_.Arm(
        lease.conn(), std::min(absl::Now() + options_.call_timeout,
                               ScopedDbDeadline::Current()));
    try {
      absl::Status status;
      if (isolation == Isolation::kSerializable) {
        pqxx::transaction<pqxx::serializable> txn(lease.conn());
        status = fn(txn);
        if (status.ok()) txn.commit();
      } else if (isolation == Isolation::kEachStatement) {
        pqxx::nontransaction txn(lease.conn());
        status = fn(txn);
      } else {
        pqxx::work txn(lease.conn());
        status = fn(txn);
        if (status.ok()) txn.commit();
      }
      if (armed.fired()) lease.MarkBroken();  // Its socket is shut down.
      return status;
    } catch (const pqxx::in_doubt_error& e) {
      lease.MarkBroken();
      LogLine(absl::StrCat("database commit in doubt: ", OneLine(e.what())));
      return absl::UnavailableError(
          "The connection to the database broke while saving, so it is not "
          "certain the change was saved. Repeat the request with the same "
          "request id: it will not be counted twice.");
    } catch (const pqxx::broken_connection& e) {
      lease.MarkBroken();
      if (armed.fired()) {
        LogLine("database call timed out: the database did not answer");
        return TimedOut();
      }
      LogLine(absl::StrCat("database connection lost: ", OneLine(e.what())));
      // In a transaction nothing was committed (statement by statement, the
      // work is safe to run again). An idle connection may have gone stale
      // while the database restarted, so try once more on a fresh one.
      if (!reconnected) {
        reconnected = true;
        continue;
      }
      return Unavailable();
    } catch (const pqxx::transaction_rollback& e) {
      // Serialization failure or deadlock: nothing was written; run again.
      if (attempt < options_.serialization_retries) continue;
      return absl::AbortedError(
          "Too many people changed the same thing at once. Nothing was "
          "changed; please try again.");
    } catch (const pqxx::sql_error& e) {
      // Log the SQLSTATE and statement name only: messages can echo values.
      LogLine(absl::StrCat("database error ", e.sqlstate(), " in ", e.query()));
      return absl::InternalError(
          "The server hit an unexpected database error. Nothing was changed.");
    } catch (const std::exception& e) {
      lease.MarkBroken();
      LogLine(absl::StrCat("unexpected error in a transaction: ", e.what()));
      return absl::InternalError(
          "The server hit an unexpected error. Nothing was changed.");
    }
  }
}

}  // namespace equalsay
