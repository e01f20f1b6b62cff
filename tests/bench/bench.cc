// equalsay_bench: ballots and score sheets per second beside PostgreSQL's own
// durable-commit limit on the same machine in the same run, the outcome of a
// 100,000-ballot decision, 1,000 members voting at once, live updates to
// 1,000 watchers, and the server's peak memory. scripts/bench runs it
// against a private PostgreSQL and server; `--smoke` uses tiny numbers.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <pqxx/pqxx>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "equalsay/v1/consensus.grpc.pb.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "equalsay/v1/scoring.grpc.pb.h"
#include "services/gateway/grpc_web.h"
#include "tests/bench/cpu_use.h"

namespace equalsay::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server, admin_token, pg_url, pgbench = "pgbench", server_pid;
  std::string http;                // The HTTP port: gRPC-Web, as browsers.
  bool shared_connection = false;  // Native clients share one connection.
  int members = 500;               // Per panel.
  int seconds = 3;                 // Each measuring window.
  int rounds = 3;                  // Ballot and pgbench windows, taken in turn.
  std::vector<int> concurrency = {1, 8, 32, 64};
  std::vector<int> open_decisions = {1, 100, 1000};
  int browsers = 100;  // Loading the web client at once.
  // Ballots in the decisions whose close is timed, growing tenfold.
  std::vector<int> big_decisions = {1000, 10000, 100000};
  int crowd = 1000;
  std::vector<int> watchers = {1000, 10000};
};

std::atomic<uint64_t> request_counter{0};
std::string NewId() {
  return "bench-" + std::to_string(getpid()) + "-" +
         std::to_string(request_counter++);
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->AddMetadata("authorization", "Bearer " + token);
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return c;
}

void Check(const grpc::Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "equalsay_bench: " << what << " failed: " << s.error_message()
              << "\n";
    std::exit(1);
  }
}

// "1,8,32" as given on the command line.
std::vector<int> Numbers(const std::string& list) {
  std::vector<int> out;
  std::stringstream in(list);
  for (std::string n; std::getline(in, n, ',');) out.push_back(std::stoi(n));
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1,
                    static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

struct Account {
  std::string id, token;
};

// Everyone the benchmark needs: voting members on two panels of a strategy
// round, and the same people on a recruitment round that is scoring.
struct World {
  std::vector<Account> voters;  // Co-chairs first in each panel.
  v1::Round strategy, recruitment;
  std::string su_chair_token, staff_chair_token;
  std::string candidate, criterion;
  // Candidates each member saves a sheet for and submits it, once each.
  std::vector<std::string> to_submit;
};

class Setup {
 public:
  explicit Setup(const Options& o)
      : o_(o),
        channel_(
            grpc::CreateChannel(o.server, grpc::InsecureChannelCredentials())),
        panels_(v1::PanelService::NewStub(channel_)) {}

  // Creates `n` people with tokens, eight at a time.
  std::vector<Account> People(int n, const std::string& prefix) {
    std::vector<Account> out(n);
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
      workers.emplace_back([&, w] {
        for (int i = w; i < n; i += 8) {
          v1::CreatePersonRequest create;
          create.set_request_id(NewId());
          create.set_display_name(prefix + std::to_string(i));
          create.set_org_role(v1::ORG_ROLE_MEMBER);
          v1::Person person;
          Check(
              panels_->CreatePerson(Ctx(o_.admin_token).get(), create, &person),
              "CreatePerson");
          v1::IssueTokenRequest issue;
          issue.set_request_id(NewId());
          issue.set_person_id(person.id());
          v1::IssueTokenResponse token;
          Check(panels_->IssueToken(Ctx(o_.admin_token).get(), issue, &token),
                "IssueToken");
          out[i] = {person.id(), token.token()};
        }
      });
    }
    for (auto& t : workers) t.join();
    return out;
  }

  // A recruitment round (`with_candidate`) gets one candidate whose sheets
  // are saved again and again, and `to_submit` more.
  v1::Round Round(v1::RoundKind kind, const std::vector<Account>& su,
                  const std::vector<Account>& staff, bool with_candidate,
                  World* world, int to_submit = 0) {
    v1::CreateRoundRequest create;
    create.set_request_id(NewId());
    create.set_kind(kind);
    create.set_title("Benchmark");
    create.set_purpose("Measure equalsay.");
    create.set_scope_statement("Fixed: everything. Open: nothing.");
    v1::Round round;
    Check(panels_->CreateRound(Ctx(o_.admin_token).get(), create, &round),
          "CreateRound");
    for (auto [kind_of, people] : {std::pair{v1::PANEL_KIND_SERVICE_USER, &su},
                                   {v1::PANEL_KIND_STAFF, &staff}}) {
      v1::AddPanelRequest add;
      add.set_request_id(NewId());
      add.set_round_id(round.id());
      add.set_kind(kind_of);
      v1::Panel panel;
      Check(panels_->AddPanel(Ctx(o_.admin_token).get(), add, &panel),
            "AddPanel");
      std::vector<std::thread> workers;
      for (int w = 0; w < 8; ++w) {
        workers.emplace_back([&, w] {
          for (size_t i = w; i < people->size(); i += 8) {
            v1::AddMemberRequest m;
            m.set_request_id(NewId());
            m.set_panel_id(panel.id());
            m.set_person_id((*people)[i].id);
            m.set_role(i == 0 ? v1::PANEL_ROLE_CO_CHAIR
                              : v1::PANEL_ROLE_MEMBER);
            v1::Member member;
            Check(panels_->AddMember(Ctx(o_.admin_token).get(), m, &member),
                  "AddMember");
          }
        });
      }
      for (auto& t : workers) t.join();
    }
    if (with_candidate) {
      v1::AddCandidateRequest c;
      c.set_request_id(NewId());
      c.set_round_id(round.id());
      c.set_name("Sam");
      v1::Candidate candidate;
      Check(panels_->AddCandidate(Ctx(o_.admin_token).get(), c, &candidate),
            "AddCandidate");
      world->candidate = candidate.id();
      for (int k = 0; k < to_submit; ++k) {
        c.set_request_id(NewId());
        c.set_name("Candidate " + std::to_string(k + 1));
        Check(panels_->AddCandidate(Ctx(o_.admin_token).get(), c, &candidate),
              "AddCandidate");
        world->to_submit.push_back(candidate.id());
      }
      v1::AddCriterionRequest cr;
      cr.set_request_id(NewId());
      cr.set_round_id(round.id());
      cr.set_question("Listens?");
      for (int v = 0; v <= 4; ++v) {
        auto* p = cr.add_scale();
        p->set_value(v);
        p->set_words("point " + std::to_string(v));
      }
      v1::Criterion criterion;
      Check(panels_->AddCriterion(Ctx(o_.admin_token).get(), cr, &criterion),
            "AddCriterion");
      world->criterion = criterion.id();
    }
    v1::OpenRoundRequest open;
    open.set_request_id(NewId());
    open.set_round_id(round.id());
    Check(panels_->OpenRound(Ctx(o_.admin_token).get(), open, &round),
          "OpenRound");
    return round;
  }

 private:
  const Options& o_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PanelService::Stub> panels_;
};

std::string NewDecision(v1::ConsensusService::Stub& stub,
                        const std::string& admin, const std::string& round,
                        v1::Secrecy secrecy = v1::SECRECY_SECRET) {
  v1::CreateDecisionRequest req;
  req.set_request_id(NewId());
  req.set_round_id(round);
  req.set_title("Benchmark proposal");
  req.set_text("Measure equalsay.");
  req.set_method(v1::DECISION_METHOD_YES_NO);
  req.set_secrecy(secrecy);
  v1::Decision d;
  Check(stub.CreateDecision(Ctx(admin).get(), req, &d), "CreateDecision");
  return d.id();
}

// Lane `lane`'s i-th voter among C lanes: each lane keeps to its own voters,
// so no two calls wait on one row.
const Account& VoterFor(const World& world, int c, int lane, uint64_t i) {
  const size_t per_lane = std::max<size_t>(1, world.voters.size() / c);
  return world.voters[lane + c * (i % per_lane)];
}

// The i-th ballot of a lane: agreeing and disagreeing in turn, so each is a
// change; with `reason`, a reason given with it, as members often do.
v1::CastBallotRequest BallotRequest(const std::string& decision, uint64_t i,
                                    bool reason = false) {
  v1::CastBallotRequest req;
  req.set_request_id(NewId());
  req.set_decision_id(decision);
  req.set_choice(i % 2 ? v1::CHOICE_AGREE : v1::CHOICE_DISAGREE);
  if (reason) req.set_reason("It would help people get back to work sooner.");
  return req;
}

// One unary call in flight: `Send` starts it on a completion queue, and
// `Answered` runs on the driving thread once it is answered.
class Call {
 public:
  virtual ~Call() = default;
  virtual void Send(grpc::CompletionQueue* cq, void* tag) = 0;
  virtual void Answered() {}
  // After a step is answered: true when the call sent its next step, to be
  // answered under the same tag (the call is timed from its first send).
  virtual bool Continue(grpc::CompletionQueue* cq, void* tag) { return false; }
  grpc::Status status;
};

template <typename Stub, typename Request, typename Response>
class UnaryCall : public Call {
 public:
  using Method = std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> (
      Stub::*)(grpc::ClientContext*, const Request&, grpc::CompletionQueue*);
  UnaryCall(Stub* stub, Method method, const std::string& token)
      : stub_(stub), method_(method), ctx_(Ctx(token)) {}
  void Send(grpc::CompletionQueue* cq, void* tag) override {
    reader_ = (stub_->*method_)(ctx_.get(), request, cq);
    reader_->StartCall();
    reader_->Finish(&response, &status, tag);
  }
  Request request;
  Response response;

 private:
  Stub* stub_;
  Method method_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
};

// A member's sheet for a candidate saved, complete, and then submitted, as
// when they finish scoring: two calls, one after the other.
class SaveThenSubmitCall : public Call {
 public:
  SaveThenSubmitCall(v1::ScoringService::Stub* stub, const std::string& token,
                     const std::string& candidate, const std::string& criterion)
      : stub_(stub), save_ctx_(Ctx(token)), submit_ctx_(Ctx(token)) {
    save_.set_request_id(NewId());
    save_.set_candidate_id(candidate);
    save_.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
    v1::ScoreEntry* entry = save_.add_entries();
    entry->set_criterion_id(criterion);
    entry->set_score(3);
  }
  void Send(grpc::CompletionQueue* cq, void* tag) override {
    save_reader_ =
        stub_->PrepareAsyncSaveScoreSheet(save_ctx_.get(), save_, cq);
    save_reader_->StartCall();
    save_reader_->Finish(&sheet_, &status, tag);
  }
  bool Continue(grpc::CompletionQueue* cq, void* tag) override {
    if (submit_reader_ != nullptr) return false;  // Submitted.
    submit_.set_request_id(NewId());
    submit_.set_candidate_id(save_.candidate_id());
    submit_.set_version(sheet_.version());
    submit_reader_ =
        stub_->PrepareAsyncSubmitScoreSheet(submit_ctx_.get(), submit_, cq);
    submit_reader_->StartCall();
    submit_reader_->Finish(&sheet_, &status, tag);
    return true;
  }

 private:
  v1::ScoringService::Stub* stub_;
  std::unique_ptr<grpc::ClientContext> save_ctx_, submit_ctx_;
  v1::SaveScoreSheetRequest save_;
  v1::SubmitScoreSheetRequest submit_;
  v1::ScoreSheet sheet_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ScoreSheet>> save_reader_,
      submit_reader_;
};

constexpr char kFloor[] = "health checks (a gRPC round trip, no database)";
constexpr char kSubmitted[] = "score sheets saved, then submitted";
constexpr char kFirstBallots[] = "first ballots (each member's first there)";
constexpr char kOpenedFirstBallots[] =
    "first ballots after opening (as the web client does)";

// The gRPC health check: a round trip to the server that touches no
// database, the floor under every call.
class HealthCall : public Call {
 public:
  explicit HealthCall(grpc::GenericStub* stub) : stub_(stub), ctx_(Ctx("")) {}
  void Send(grpc::CompletionQueue* cq, void* tag) override {
    grpc::Slice empty("");  // An empty HealthCheckRequest: the server.
    reader_ =
        stub_->PrepareUnaryCall(ctx_.get(), "/grpc.health.v1.Health/Check",
                                grpc::ByteBuffer(&empty, 1), cq);
    reader_->StartCall();
    reader_->Finish(&response_, &status, tag);
  }

 private:
  grpc::GenericStub* stub_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader_;
  grpc::ByteBuffer response_;
};

// What one measuring window saw: calls answered and refused, and how long
// each answered call took.
struct LoadResult {
  uint64_t ok = 0, failed = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
};

// What the drivers of one window saw, together.
LoadResult Combined(const std::vector<LoadResult>& results,
                    Clock::time_point begin) {
  LoadResult total;
  total.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  for (const LoadResult& r : results) {
    total.ok += r.ok;
    total.failed += r.failed;
    total.latencies_ms.insert(total.latencies_ms.end(), r.latencies_ms.begin(),
                              r.latencies_ms.end());
  }
  return total;
}

// Keeps `lanes` calls in flight for `seconds`; lane `lane` makes its i-th
// call with `make(lane, i)`. A thread per core drives its share of the lanes
// through its own completion queue, so the load generator takes as little
// of the machine it shares with the server as it can.
LoadResult Drive(
    int lanes, double seconds,
    const std::function<std::unique_ptr<Call>(int lane, uint64_t i)>& make) {
  struct Lane {
    int index;
    uint64_t i = 0;
    Clock::time_point sent;
    std::unique_ptr<Call> call;
  };
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::duration<double>(seconds);
  // One driving thread per core the lanes can use, each with its own queue.
  const int threads =
      std::min<int>(lanes, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<LoadResult> results(threads);
  std::vector<std::thread> drivers;
  for (int t = 0; t < threads; ++t) {
    drivers.emplace_back([&, t] {
      LoadResult& result = results[t];
      grpc::CompletionQueue cq;
      std::vector<Lane> state;
      for (int l = t; l < lanes; l += threads) state.push_back({.index = l});
      auto send = [&](Lane& lane) {
        lane.call = make(lane.index, lane.i);
        lane.sent = Clock::now();
        lane.call->Send(&cq, &lane);
      };
      for (Lane& lane : state) send(lane);
      void* tag;
      bool ok;
      for (size_t running = state.size(); running > 0 && cq.Next(&tag, &ok);) {
        Lane& lane = *static_cast<Lane*>(tag);
        const auto now = Clock::now();
        const grpc::Status& s = lane.call->status;
        if (s.ok() && lane.call->Continue(&cq, &lane)) continue;
        if (s.ok()) {
          ++result.ok;
          result.latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(now - lane.sent)
                  .count());
          lane.call->Answered();
        } else if (++result.failed <= 3) {
          std::cerr << "equalsay_bench: a call failed: " << s.error_message()
                    << "\n";
        }
        ++lane.i;
        if (now < end) {
          send(lane);
        } else {
          --running;
        }
      }
      cq.Shutdown();
      while (cq.Next(&tag, &ok)) {
      }
    });
  }
  for (std::thread& d : drivers) d.join();
  return Combined(results, begin);
}

// A connection of its own (gRPC would otherwise share one between
// channels made with the same settings), connected.
std::shared_ptr<grpc::Channel> NewConnection(const Options& o) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(
      o.server, grpc::InsecureChannelCredentials(), args);
  channel->WaitForConnected(std::chrono::system_clock::now() +
                            std::chrono::seconds(10));
  return channel;
}

// C native clients' connections: one each (members on their own devices),
// or one shared by all (clients behind a proxy).
std::vector<std::shared_ptr<grpc::Channel>> Connections(const Options& o,
                                                        int n) {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(o.shared_connection && i > 0 ? out.front()
                                               : NewConnection(o));
  }
  return out;
}
template <typename Service>
std::vector<std::unique_ptr<typename Service::Stub>> Stubs(
    const std::vector<std::shared_ptr<grpc::Channel>>& connections) {
  std::vector<std::unique_ptr<typename Service::Stub>> stubs;
  for (const auto& c : connections) stubs.push_back(Service::NewStub(c));
  return stubs;
}

// One call through gRPC-Web: the method's path, who asks, the request, and
// what to do with the answer's message.
struct WebCall {
  std::string path, token;
  std::string message;
  std::function<void(const std::string&)> answered;
};

// As Drive, through gRPC-Web over HTTP/1.1 as browsers reach the server:
// each lane a thread with a keep-alive connection of its own.
LoadResult DriveWeb(const Options& o, int lanes, double seconds,
                    const std::function<WebCall(int lane, uint64_t i)>& make) {
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::duration<double>(seconds);
  const size_t colon = o.http.rfind(':');
  std::vector<LoadResult> results(lanes);
  std::vector<std::thread> threads;
  for (int lane = 0; lane < lanes; ++lane) {
    threads.emplace_back([&, lane] {
      LoadResult& result = results[lane];
      httplib::Client http(o.http.substr(0, colon),
                           std::stoi(o.http.substr(colon + 1)));
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);  // As browsers do.
      http.set_read_timeout(60, 0);
      for (uint64_t i = 0; Clock::now() < end; ++i) {
        WebCall call = make(lane, i);
        const httplib::Headers headers = {
            {"Authorization", "Bearer " + call.token}, {"X-Grpc-Web", "1"}};
        const auto sent = Clock::now();
        auto res =
            http.Post(call.path, headers, gateway::EncodeFrame(0, call.message),
                      "application/grpc-web+proto");
        std::string answer, problem;
        if (!res || res->status != 200) {
          problem = res ? "HTTP " + std::to_string(res->status)
                        : "no answer: " + httplib::to_string(res.error());
        } else {
          auto frames = gateway::ParseFrames(res->body);
          problem = frames.ok() ? "no trailers" : frames.status().ToString();
          for (const gateway::Frame& f :
               frames.value_or(std::vector<gateway::Frame>{})) {
            if (!(f.flags & gateway::kTrailerFlag)) {
              answer = f.data;
            } else if (f.data.find("grpc-status:0\r\n") == 0) {
              problem.clear();
            } else {
              problem = f.data;
            }
          }
        }
        if (!problem.empty()) {
          if (++result.failed <= 3) {
            std::cerr << "equalsay_bench: a gRPC-Web call failed: " << problem
                      << "\n";
          }
          continue;
        }
        ++result.ok;
        result.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent)
                .count());
        if (call.answered) call.answered(answer);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  return Combined(results, begin);
}

struct PgbenchResult {
  double tps = 0;
  uint64_t transactions = 0;
};

// pgbench's durable-commit limit: one row per transaction into a table
// shaped like the ballots table, with the same clients.
PgbenchResult Pgbench(const Options& o, int clients, int seconds) {
  char script[] = "/tmp/equalsay-pgbench-XXXXXX";
  const int fd = mkstemp(script);
  const std::string sql =
      "\\set id random(1, 2000000000)\n"
      "INSERT INTO bench_ballots (decision_id, run, person_id, panel_id, "
      "choice, reason, version) VALUES (1, 1, :id, 1, 'AGREE', '', 1);\n";
  if (write(fd, sql.data(), sql.size()) < 0) std::exit(1);
  close(fd);
  const std::string command = o.pgbench + " -n -c " + std::to_string(clients) +
                              " -j " + std::to_string(std::min(clients, 4)) +
                              " -T " + std::to_string(seconds) + " -f " +
                              script + " '" + o.pg_url + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (fgets(buf, sizeof buf, pipe)) out += buf;
  pclose(pipe);
  unlink(script);
  std::smatch tps, done;
  if (!std::regex_search(out, tps, std::regex(R"(tps = ([0-9.]+))")) ||
      !std::regex_search(
          out, done,
          std::regex(
              R"(number of transactions actually processed: ([0-9]+))"))) {
    std::cerr << "equalsay_bench: pgbench said:\n" << out;
    return {};
  }
  return {.tps = std::stod(tps[1]), .transactions = std::stoull(done[1])};
}

// PostgreSQL's first process, when it runs on this machine (0 if not).
int Postmaster(const Options& o) {
  pqxx::connection conn(o.pg_url);
  pqxx::nontransaction txn(conn);
  return PostmasterOf(txn.exec("SELECT pg_backend_pid()")[0][0].as<int>());
}

// What one call cost the machine's CPU, in microseconds, and how much of the
// machine went unused while `calls` were made.
struct CpuPerCall {
  double server, database, load, all, idle;
};
CpuPerCall PerCall(const CpuUse& use, uint64_t calls) {
  const double n = static_cast<double>(std::max<uint64_t>(calls, 1)) / 1e6;
  return {.server = use.server / n,
          .database = use.database / n,
          .load = use.load / n,
          .all = (use.server + use.database + use.load) / n,
          .idle = use.Idle()};
}
// "server + database + load generator = all; N% idle"
std::string Described(const CpuPerCall& call) {
  const auto us = [](double v) { return std::to_string(std::lround(v)); };
  return us(call.server) + " + " + us(call.database) + " + " + us(call.load) +
         " = " + us(call.all) + "; " + us(100 * call.idle) + "% idle";
}

std::string Query(const Options& o, const std::string& sql) {
  pqxx::connection conn(o.pg_url);
  pqxx::work txn(conn);
  const pqxx::result r = txn.exec(sql);
  txn.commit();
  return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
}

// A figure from /proc/PID/status in KiB: "VmHWM" (peak) or "VmRSS" (now).
long MemoryKb(const std::string& pid, const std::string& field) {
  std::ifstream status("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::stol(line.substr(field.size() + 1));
    }
  }
  return 0;
}

void Row(const std::string& what, const std::string& value) {
  std::printf("%-58s %s\n", what.c_str(), value.c_str());
  std::fflush(stdout);
}

// Whether all `acknowledged` calls are in the database, as `count_sql`
// counts them: a row says so, or stderr says what is missing.
bool AllFound(const Options& o, uint64_t acknowledged, const std::string& what,
              const std::string& count_sql) {
  const std::string stored = Query(o, count_sql);
  if (std::to_string(acknowledged) != stored) {
    std::cerr << "equalsay_bench: " << acknowledged << " " << what
              << " acknowledged but " << stored << " stored\n";
    return false;
  }
  Row("  all " + stored + " " + what + " acknowledged found in the database",
      "yes");
  return true;
}
std::string Fmt(double v, int decimals = 1) {
  char out[64];
  std::snprintf(out, sizeof out, "%.*f", decimals, v);
  return out;
}

// A decision holding `n` ballots, closed by one co-chair and waiting for
// the other: the electorate and the ballots are written straight into the
// database (that is set-up, not what is measured).
struct BigDecision {
  std::string decision, ballots;  // Ballots as counted in the database.
  Account last_chair;
};
BigDecision SetUpBigDecision(const Options& o, Setup& setup,
                             v1::ConsensusService::Stub& consensus,
                             World& world, int n) {
  std::cerr << "Setting up a decision with " << n << " ballots...\n";
  const Account su_chair = setup.People(1, "Big SU chair ")[0];
  const Account staff_chair = setup.People(1, "Big staff chair ")[0];
  v1::Round big = setup.Round(v1::ROUND_KIND_STRATEGY, {su_chair},
                              {staff_chair}, false, &world);
  const std::string r = big.id();
  Query(o,
        "INSERT INTO people (display_name, org_role) SELECT 'Voter ' || "
        "g, 'MEMBER' FROM generate_series(1, " +
            std::to_string(n) + ") g");
  Query(o,
        "INSERT INTO panel_members (round_id, panel_id, person_id, role) "
        "SELECT " +
            r + ", (SELECT id FROM panels WHERE round_id = " + r +
            " ORDER BY kind OFFSET (p.id % 2) LIMIT 1), p.id, 'MEMBER' FROM "
            "people p WHERE p.display_name LIKE 'Voter %' AND NOT EXISTS "
            "(SELECT 1 FROM panel_members m WHERE m.person_id = p.id)");
  const std::string decision = NewDecision(consensus, o.admin_token, r);
  Query(o,
        "INSERT INTO ballots (decision_id, run, person_id, panel_id, "
        "choice, version) SELECT decision_id, 1, person_id, panel_id, "
        "CASE WHEN person_id % 3 = 0 THEN 'DISAGREE' ELSE 'AGREE' END, 1 "
        "FROM decision_electorate WHERE decision_id = " +
            decision);
  v1::CloseDecisionRequest close;
  close.set_request_id(NewId());
  close.set_decision_id(decision);
  v1::Decision closed;
  Check(consensus.CloseDecision(Ctx(su_chair.token).get(), close, &closed),
        "CloseDecision");
  return {
      .decision = decision,
      .ballots = Query(
          o, "SELECT count(*) FROM ballots WHERE decision_id = " + decision),
      .last_chair = staff_chair};
}

// The last co-chair's close, and the outcome recounted, timed.
struct Close {
  double close_ms = 0, outcome_ms = 0;
};
Close CloseTime(v1::ConsensusService::Stub& consensus, const BigDecision& big) {
  v1::CloseDecisionRequest close;
  close.set_request_id(NewId());
  close.set_decision_id(big.decision);
  v1::Decision closed;
  const auto t0 = Clock::now();
  Check(
      consensus.CloseDecision(Ctx(big.last_chair.token).get(), close, &closed),
      "CloseDecision");
  const double close_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  v1::GetOutcomeRequest get;
  get.set_decision_id(big.decision);
  v1::Outcome outcome;
  const auto t1 = Clock::now();
  Check(consensus.GetOutcome(Ctx(big.last_chair.token).get(), get, &outcome),
        "GetOutcome");
  const double outcome_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
  return {.close_ms = close_ms, .outcome_ms = outcome_ms};
}

// Live updates: `n` watchers, one ballot, how long until each hears, and
// the server's memory while they follow. A named decision: in a secret one
// a first ballot shows nothing new (who voted stays hidden until three
// have), so no update is sent for it.
void Watchers(const Options& o, v1::ConsensusService::Stub* consensus,
              const World& world, int n) {
  const long before_kb =
      o.server_pid.empty() ? 0 : MemoryKb(o.server_pid, "VmRSS");
  const std::string decision = NewDecision(
      *consensus, o.admin_token, world.strategy.id(), v1::SECRECY_NAMED);
  class Reader : public grpc::ClientReadReactor<v1::RoundUpdate> {
   public:
    Reader(v1::ConsensusService::Stub* stub, const std::string& token,
           const std::string& round, std::atomic<int>* started)
        : started_(started) {
      ctx_.AddMetadata("authorization", "Bearer " + token);
      req_.set_round_id(round);
      stub->async()->WatchRound(&ctx_, &req_, this);
      StartRead(&update_);
      StartCall();
    }
    void OnReadDone(bool ok) override {
      if (!ok) return;
      if (update_.action() == "watch.started") {
        (*started_)++;
      } else if (update_.action() == "ballot.cast" && heard_ms < 0) {
        heard_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - *sent)
                .count();
      }
      StartRead(&update_);
    }
    void OnDone(const grpc::Status&) override {
      std::lock_guard lock(mu_);
      done_ = true;
      cv_.notify_all();
    }
    void Stop() {
      ctx_.TryCancel();
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return done_; });
    }
    double heard_ms = -1;
    const Clock::time_point* sent = nullptr;

   private:
    grpc::ClientContext ctx_;
    v1::WatchRoundRequest req_;
    v1::RoundUpdate update_;
    std::atomic<int>* started_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
  };
  std::atomic<int> started{0};
  Clock::time_point sent;
  std::vector<std::unique_ptr<Reader>> readers;
  std::vector<std::unique_ptr<v1::ConsensusService::Stub>> stubs;
  // A connection per 125 streams (eight for 1,000), as a proxy would.
  for (int c = 0; c < std::max(1, n / 125); ++c) {
    stubs.push_back(v1::ConsensusService::NewStub(NewConnection(o)));
  }
  for (int i = 0; i < n; ++i) {
    readers.push_back(
        std::make_unique<Reader>(stubs[i % stubs.size()].get(),
                                 world.voters[i % world.voters.size()].token,
                                 world.strategy.id(), &started));
    readers.back()->sent = &sent;
  }
  for (int i = 0; i < 600 && started < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const long following_kb =
      o.server_pid.empty() ? 0 : MemoryKb(o.server_pid, "VmRSS");
  v1::CastBallotRequest req;
  req.set_request_id(NewId());
  req.set_decision_id(decision);
  req.set_choice(v1::CHOICE_AGREE);
  v1::Ballot ballot;
  sent = Clock::now();
  Check(consensus->CastBallot(Ctx(world.voters[0].token).get(), req, &ballot),
        "CastBallot");
  std::vector<double> heard;
  for (int i = 0; i < 100; ++i) {
    heard.clear();
    for (auto& r : readers) {
      if (r->heard_ms >= 0) heard.push_back(r->heard_ms);
    }
    if (static_cast<int>(heard.size()) == n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Row(std::to_string(started.load()) + " watchers: ballot event heard by " +
          std::to_string(heard.size()) + " (ms)",
      "p50 " + Fmt(Percentile(heard, 0.5)) + ", p99 " +
          Fmt(Percentile(heard, 0.99)) + ", max " +
          Fmt(heard.empty() ? 0
                            : *std::max_element(heard.begin(), heard.end())));
  for (auto& r : readers) r->Stop();
  if (!o.server_pid.empty()) {
    Row("  server memory while " + std::to_string(started.load()) +
            " follow (MiB)",
        Fmt(following_kb / 1024.0) + "  (" +
            Fmt((following_kb - before_kb) / 1024.0) + " more than before)");
  }
}

// The web client's first load by `n` browsers at once, static files only:
// each on its own connection fetches the page and every file it names,
// compressed as browsers ask. Prints the bytes each moved and how long the
// browsers took; false if any file failed.
bool FirstLoads(const Options& o, int n) {
  const size_t colon = o.http.rfind(':');
  const std::string host = o.http.substr(0, colon);
  const int port = std::stoi(o.http.substr(colon + 1));
  const httplib::Headers compressed = {{"Accept-Encoding", "br, gzip"}};
  std::vector<std::string> files = {"/"};
  {
    httplib::Client http(host, port);
    auto page = http.Get("/");
    if (!page || page->status != 200) {
      std::cerr << "equalsay_bench: the web client's page did not load\n";
      return false;
    }
    const std::regex named(R"re((?:src|href)="([a-z][^":#]*)")re");
    for (std::sregex_iterator m(page->body.begin(), page->body.end(), named);
         m != std::sregex_iterator(); ++m) {
      files.push_back("/" + (*m)[1].str());
    }
  }
  std::vector<double> took_ms(n);
  std::vector<size_t> bytes(n);
  std::atomic<int> failed{0};
  std::vector<std::thread> browsers;
  const auto begin = Clock::now();
  for (int b = 0; b < n; ++b) {
    browsers.emplace_back([&, b] {
      httplib::Client http(host, port);
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);
      http.set_decompress(false);  // Count the bytes as they travel.
      for (const std::string& file : files) {
        auto res = http.Get(file, compressed);
        if (!res || res->status != 200) {
          ++failed;
          return;
        }
        bytes[b] += res->body.size();
      }
      took_ms[b] =
          std::chrono::duration<double, std::milli>(Clock::now() - begin)
              .count();
    });
  }
  for (std::thread& t : browsers) t.join();
  Row(std::to_string(n) + " browsers loading the web client at once (" +
          std::to_string(files.size()) + " files)",
      std::to_string(bytes[0]) + " bytes each; all loaded in " +
          Fmt(*std::max_element(took_ms.begin(), took_ms.end())) + " ms (p50 " +
          Fmt(Percentile(took_ms, 0.5)) + ")");
  if (failed > 0) {
    std::cerr << "equalsay_bench: " << failed.load()
              << " browsers could not load the web client\n";
  }
  return failed == 0;
}

// The order `steps` measures are taken in during turn `round`: shuffled
// afresh each turn (the same in every run), so no measure keeps its place
// or the measure before it. In one-client runs the first measures of a
// turn ran slower (the same call 1.26 ms at the median first, 1.04 sixth),
// and so did those right after pgbench.
std::vector<size_t> OrderOfTurn(int round, size_t steps) {
  std::vector<size_t> order(steps);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 random(static_cast<uint32_t>(round) + 1);
  std::shuffle(order.begin(), order.end(), random);
  return order;
}

// Ballots/s as the decisions open at once grow: each member keeps to one of
// them, so a lane's ballots, and a batch, span many decisions, and every
// ballot after a member's first is a change of vote at every count, as with
// one open. (Spread afresh each time, nearly every ballot with many open
// was a member's first on that decision, which needs a read before the
// write: that measured the first ballot's cost, not the decisions'.)
// Returns false if any ballot was refused or is missing.
bool OpenDecisions(
    const Options& o, v1::ConsensusService::Stub& consensus,
    const std::vector<std::unique_ptr<v1::ConsensusService::Stub>>& stubs,
    const World& world, int c) {
  const int most =
      *std::max_element(o.open_decisions.begin(), o.open_decisions.end());
  std::cerr << "Opening " << most << " decisions...\n";
  std::vector<std::string> pool;
  for (int k = 0; k < most; ++k) {
    pool.push_back(NewDecision(consensus, o.admin_token, world.strategy.id()));
  }
  std::map<int, std::vector<double>> rates;  // By decisions open.
  uint64_t acknowledged = 0;
  bool answered = true;
  for (int round = 0; round < o.rounds; ++round) {
    for (const size_t step : OrderOfTurn(round, o.open_decisions.size())) {
      const int open = o.open_decisions[step];
      LoadResult r = Drive(c, o.seconds, [&](int lane, uint64_t i) {
        const Account& who = VoterFor(world, c, lane, i);
        auto call =
            std::make_unique<UnaryCall<v1::ConsensusService::Stub,
                                       v1::CastBallotRequest, v1::Ballot>>(
                stubs[lane].get(),
                &v1::ConsensusService::Stub::PrepareAsyncCastBallot, who.token);
        const size_t member = &who - world.voters.data();
        call->request = BallotRequest(pool[member % open], i);
        return call;
      });
      if (r.failed > 0) answered = false;
      acknowledged += r.ok;
      rates[open].push_back(r.ok / r.seconds);
      std::cerr << "  " << open << " open, turn " << round + 1 << ": "
                << Fmt(rates[open].back(), 0) << " ballots/s\n";
    }
  }
  if (!AllFound(o, acknowledged, "ballots on those decisions",
                "SELECT count(*) FROM ballot_versions WHERE decision_id IN (" +
                    absl::StrJoin(pool, ",") + ")")) {
    return false;
  }
  const std::vector<double>& one = rates[o.open_decisions.front()];
  for (int open : o.open_decisions) {
    std::vector<double> ratios;
    for (size_t k = 0; k < one.size(); ++k) {
      ratios.push_back(one[k] > 0 ? rates[open][k] / one[k] : 0);
    }
    Row("ballots/s at C=" + std::to_string(c) + " with " +
            std::to_string(open) +
            (open == 1 ? " decision open" : " decisions open"),
        Fmt(Percentile(rates[open], 0.5)) + "  x " +
            Fmt(Percentile(ratios, 0.5), 2) + " the rate with " +
            std::to_string(o.open_decisions.front()) + " open");
  }
  return answered;
}

int Run(const Options& o) {
  const auto started = Clock::now();
  bool all_answered = true;  // Any refused call makes the run fail.
  auto channel =
      grpc::CreateChannel(o.server, grpc::InsecureChannelCredentials());
  auto consensus = v1::ConsensusService::NewStub(channel);
  std::cerr << "Setting up " << 2 * o.members << " members...\n";
  Setup setup(o);
  World world;
  std::vector<Account> su = setup.People(o.members, "SU member ");
  std::vector<Account> staff = setup.People(o.members, "Staff member ");
  world.strategy =
      setup.Round(v1::ROUND_KIND_STRATEGY, su, staff, false, &world);
  // Enough candidates that no member submits a sheet twice even at 6,000
  // submitted a second, three times what this machine reaches (at 2,000 it
  // ran out: a member's save then found their own submitted sheet). A
  // round holds 200 candidates, one of them the sheets' own.
  constexpr int kMostToSubmit = 199;
  // Each member submits once per candidate: a candidate takes this many
  // submits a second over the run.
  const double per_candidate = 2.0 * o.members / (o.seconds * o.rounds);
  const int to_submit = std::min(
      kMostToSubmit, static_cast<int>(std::ceil(6000.0 / per_candidate)) + 1);
  if (to_submit == kMostToSubmit) {
    std::cerr << "equalsay_bench: at more than "
              << static_cast<int>(per_candidate * kMostToSubmit)
              << " submits a second a member would submit a sheet twice; "
                 "fewer --seconds or --rounds, or more --members, keep "
                 "them apart\n";
  }
  world.recruitment = setup.Round(v1::ROUND_KIND_RECRUITMENT, su, staff, true,
                                  &world, to_submit);
  world.voters = su;
  world.voters.insert(world.voters.end(), staff.begin(), staff.end());
  Query(o,
        "CREATE TABLE IF NOT EXISTS bench_ballots (LIKE ballots INCLUDING "
        "DEFAULTS)");

  std::printf("\n%-58s %s\n", "measure", "result");
  std::printf("%-58s %s\n", std::string(58, '-').c_str(), "------");
  std::fflush(stdout);
  // Each lane keeps to its own voters, so no two calls wait on one row.
  // Every measure and pgbench take turns, `rounds` times each, so all see
  // the machine in the same state; the figures are medians, and a ratio is
  // the median of the ratios of each side-by-side pair.
  const int most =
      *std::max_element(o.concurrency.begin(), o.concurrency.end());
  const int headline =
      std::count(o.concurrency.begin(), o.concurrency.end(), 32) > 0
          ? 32
          : o.concurrency.back();
  const auto connections = Connections(o, most);
  const int postmaster = Postmaster(o);
  auto consensus_stubs = Stubs<v1::ConsensusService>(connections);
  auto scoring_stubs = Stubs<v1::ScoringService>(connections);
  std::vector<std::unique_ptr<grpc::GenericStub>> generic_stubs;
  for (const auto& connection : connections) {
    generic_stubs.push_back(std::make_unique<grpc::GenericStub>(connection));
  }
  auto voter = [&](int c, int lane, uint64_t i) -> const Account& {
    return VoterFor(world, c, lane, i);
  };
  // Each saved sheet's version is the one the voter's next save builds on.
  std::vector<std::atomic<uint32_t>> versions(world.voters.size());
  auto sheet = [&](const Account& who, uint64_t i) {
    v1::SaveScoreSheetRequest req;
    req.set_request_id(NewId());
    req.set_candidate_id(world.candidate);
    req.set_version(versions[&who - world.voters.data()].load());
    auto* e = req.add_entries();
    e->set_criterion_id(world.criterion);
    e->set_score(static_cast<int>(i % 5));
    return req;
  };
  class SheetCall
      : public UnaryCall<v1::ScoringService::Stub, v1::SaveScoreSheetRequest,
                         v1::ScoreSheet> {
   public:
    SheetCall(v1::ScoringService::Stub* stub, const std::string& token,
              std::atomic<uint32_t>* version)
        : UnaryCall(stub, &v1::ScoringService::Stub::PrepareAsyncSaveScoreSheet,
                    token),
          version_(version) {}
    void Answered() override { version_->store(response.version()); }

   private:
    std::atomic<uint32_t>* version_;
  };
  struct Measure {
    std::string name;
    std::function<LoadResult(int c)> run;
    std::vector<double> rates, latencies;
    uint64_t acknowledged = 0;
    CpuUse cpu;  // Over every turn.
  };
  struct Figures {
    double rate, tps, ratio, p50, p99;
  };
  std::map<int, Figures> by_c;
  for (int c : o.concurrency) {
    const std::string decision =
        NewDecision(*consensus, o.admin_token, world.strategy.id());
    std::vector<Measure> measures;
    std::vector<uint64_t> submitted(c, 0);  // Each lane's sheets submitted.
    const auto ballots_cast = [&](bool reason) {
      return [&, reason](int c) {
        return Drive(c, o.seconds, [&, reason](int lane, uint64_t i) {
          auto call =
              std::make_unique<UnaryCall<v1::ConsensusService::Stub,
                                         v1::CastBallotRequest, v1::Ballot>>(
                  consensus_stubs[lane].get(),
                  &v1::ConsensusService::Stub::PrepareAsyncCastBallot,
                  voter(c, lane, i).token);
          call->request = BallotRequest(decision, i, reason);
          return call;
        });
      };
    };
    measures.push_back({"ballots", ballots_cast(false)});
    // One client's ballots, each a member's first on its decision (a new
    // decision for every round of the members): nothing kept from their
    // earlier ballots helps them, as it does a change of vote. Then the
    // same after the member opens the decision (GetMyBallot, untimed, as
    // the web client does before they choose), which reads ahead what
    // their ballot relies on. Both draw on one supply of new decisions.
    std::vector<std::string> fresh;
    uint64_t firsts = 0;
    if (c == 1) {
      constexpr uint64_t kMostPerSecond = 3000;  // Three times what C=1 does.
      const uint64_t n = world.voters.size();
      const uint64_t needed =
          2 * o.rounds * static_cast<uint64_t>(o.seconds) * kMostPerSecond / n +
          1;
      for (uint64_t k = 0; k < needed; ++k) {
        fresh.push_back(
            NewDecision(*consensus, o.admin_token, world.strategy.id()));
      }
      const auto first_ballots = [&](bool opened) {
        return [&, opened](int c) {
          return Drive(c, o.seconds, [&, opened](int lane, uint64_t) {
            const uint64_t k = firsts++;
            const Account& who = world.voters[k % world.voters.size()];
            const std::string& on =
                fresh[(k / world.voters.size()) % fresh.size()];
            if (opened) {
              v1::GetMyBallotRequest req;
              req.set_decision_id(on);
              v1::Ballot none;
              const grpc::Status s = consensus_stubs[lane]->GetMyBallot(
                  Ctx(who.token).get(), req, &none);
              // NOT_FOUND: they have not voted there yet, as expected.
              if (!s.ok() && s.error_code() != grpc::StatusCode::NOT_FOUND) {
                std::cerr << "equalsay_bench: opening a decision answered "
                          << s.error_code() << " " << s.error_message() << "\n";
              }
            }
            auto call =
                std::make_unique<UnaryCall<v1::ConsensusService::Stub,
                                           v1::CastBallotRequest, v1::Ballot>>(
                    consensus_stubs[lane].get(),
                    &v1::ConsensusService::Stub::PrepareAsyncCastBallot,
                    who.token);
            call->request = BallotRequest(on, k);
            return call;
          });
        };
      };
      measures.push_back({kFirstBallots, first_ballots(false)});
      measures.push_back({kOpenedFirstBallots, first_ballots(true)});
    }
    // What a call costs with no database behind it: the floor under one
    // member's wait, and the most any call could reach beside pgbench.
    if (c == 1 || c == headline) {
      measures.push_back({kFloor, [&](int c) {
                            return Drive(c, o.seconds, [&](int lane, uint64_t) {
                              return std::make_unique<HealthCall>(
                                  generic_stubs[lane].get());
                            });
                          }});
    }
    if (c == headline) {
      // Each reason is locked under its voter's key.
      measures.push_back({"ballots with a reason", ballots_cast(true)});
      if (!o.http.empty()) {
        measures.push_back(
            {"ballots through gRPC-Web", [&](int c) {
               return DriveWeb(o, c, o.seconds, [&](int lane, uint64_t i) {
                 return WebCall{
                     .path = "/equalsay.v1.ConsensusService/CastBallot",
                     .token = voter(c, lane, i).token,
                     .message = BallotRequest(decision, i).SerializeAsString()};
               });
             }});
      }
      measures.push_back({"score sheets saved", [&](int c) {
                            return Drive(
                                c, o.seconds, [&](int lane, uint64_t i) {
                                  const Account& who = voter(c, lane, i);
                                  auto call = std::make_unique<SheetCall>(
                                      scoring_stubs[lane].get(), who.token,
                                      &versions[&who - world.voters.data()]);
                                  call->request = sheet(who, i);
                                  return call;
                                });
                          }});
      // Each of a lane's members, candidate after candidate, over every
      // turn: a sheet is submitted once.
      measures.push_back(
          {kSubmitted, [&](int c) {
             return Drive(c, o.seconds, [&](int lane, uint64_t) {
               const uint64_t k = submitted[lane]++;
               const size_t per_lane =
                   std::max<size_t>(1, world.voters.size() / c);
               return std::make_unique<SaveThenSubmitCall>(
                   scoring_stubs[lane].get(), voter(c, lane, k).token,
                   world.to_submit[(k / per_lane) % world.to_submit.size()],
                   world.criterion);
             });
           }});
      if (!o.http.empty()) {
        measures.push_back(
            {"score sheets saved through gRPC-Web", [&](int c) {
               return DriveWeb(o, c, o.seconds, [&](int lane, uint64_t i) {
                 const Account& who = voter(c, lane, i);
                 std::atomic<uint32_t>* version =
                     &versions[&who - world.voters.data()];
                 return WebCall{
                     .path = "/equalsay.v1.ScoringService/SaveScoreSheet",
                     .token = who.token,
                     .message = sheet(who, i).SerializeAsString(),
                     .answered = [version](const std::string& answer) {
                       v1::ScoreSheet saved;
                       if (saved.ParseFromString(answer)) {
                         version->store(saved.version());
                       }
                     }};
               });
             }});
      }
    }
    std::vector<double> tpss;
    CpuUse pgbench_cpu;
    uint64_t pgbench_done = 0;
    const size_t steps = measures.size() + 1;  // measures.size(): pgbench.
    for (int round = 0; round < o.rounds; ++round) {
      std::string said;
      for (const size_t step : OrderOfTurn(round, steps)) {
        const CpuUse before = CpuNow(o.server_pid, postmaster);
        if (step == measures.size()) {
          const PgbenchResult pgbench = Pgbench(o, c, o.seconds);
          pgbench_cpu += CpuNow(o.server_pid, postmaster) - before;
          pgbench_done += pgbench.transactions;
          tpss.push_back(pgbench.tps);
          said += "pgbench " + Fmt(tpss.back(), 0) + "/s, ";
          continue;
        }
        Measure& m = measures[step];
        LoadResult r = m.run(c);
        m.cpu += CpuNow(o.server_pid, postmaster) - before;
        if (r.failed > 0) all_answered = false;
        m.acknowledged += r.ok;
        m.latencies.insert(m.latencies.end(), r.latencies_ms.begin(),
                           r.latencies_ms.end());
        m.rates.push_back(r.ok / r.seconds);
        said += Fmt(m.rates.back(), 0) + " " + m.name + "/s, ";
      }
      said.resize(said.size() - 2);
      std::cerr << "  C=" << c << ", turn " << round + 1 << " of " << o.rounds
                << ": " << said << "\n";
    }
    // What each measure had acknowledged, to be found in the database.
    uint64_t ballots = 0, first_ballots = 0, sheets = 0, submitted_sheets = 0;
    for (const Measure& m : measures) {
      if (m.name == kFirstBallots || m.name == kOpenedFirstBallots) {
        first_ballots += m.acknowledged;
      } else if (m.name == kSubmitted) {
        submitted_sheets += m.acknowledged;
      } else if (absl::StrContains(m.name, "ballots")) {
        ballots += m.acknowledged;  // Both ways.
      } else if (absl::StrContains(m.name, "sheets")) {
        sheets += m.acknowledged;
      }
    }
    // Each lane's median over the turns, and its ratio to a baseline taken
    // in the same turns.
    auto ratio = [](const std::vector<double>& a,
                    const std::vector<double>& b) {
      std::vector<double> r;
      for (size_t k = 0; k < a.size() && k < b.size(); ++k) {
        r.push_back(b[k] > 0 ? a[k] / b[k] : 0);
      }
      return Percentile(r, 0.5);
    };
    const Measure& native = measures.front();
    by_c[c] = {.rate = Percentile(native.rates, 0.5),
               .tps = Percentile(tpss, 0.5),
               .ratio = ratio(native.rates, tpss),
               .p50 = Percentile(native.latencies, 0.5),
               .p99 = Percentile(native.latencies, 0.99)};
    const std::string how =
        o.shared_connection ? "one shared connection" : "a connection each";
    for (const Measure& m : measures) {
      const bool web = absl::StrContains(m.name, "gRPC-Web");
      // A gRPC-Web lane beside its native twin, the rest beside pgbench.
      const std::string twin = m.name.substr(0, m.name.find(" through"));
      const auto base =
          std::find_if(measures.begin(), measures.end(),
                       [&](const Measure& n) { return n.name == twin; });
      std::string compared =
          web ? "x native " + Fmt(ratio(m.rates, base->rates), 2)
              : "x pgbench " + Fmt(ratio(m.rates, tpss), 2);
      Row(m.name + "/s at C=" + std::to_string(c) + " (" +
              (web ? "a connection each" : how) + ")",
          Fmt(Percentile(m.rates, 0.5)) + "  " + compared + "  (p50 " +
              Fmt(Percentile(m.latencies, 0.5), 2) + " ms, p99 " +
              Fmt(Percentile(m.latencies, 0.99), 2) + " ms)");
    }
    bool found = AllFound(
        o, ballots, "ballots",
        "SELECT count(*) FROM ballot_versions WHERE decision_id = " + decision);
    if (!fresh.empty()) {
      found = AllFound(o, first_ballots, "first ballots",
                       "SELECT count(*) FROM ballot_versions WHERE "
                       "decision_id IN (" +
                           absl::StrJoin(fresh, ",") + ")") &&
              found;
    }
    if (sheets > 0) {
      found = AllFound(o, sheets, "sheet saves",
                       "SELECT count(*) FROM score_sheet_versions v JOIN "
                       "score_sheets s ON s.id = v.sheet_id WHERE "
                       "s.candidate_id = " +
                           world.candidate) &&
              found;
    }
    if (submitted_sheets > 0) {
      found = AllFound(o, submitted_sheets, "submitted sheets",
                       "SELECT count(*) FROM score_sheets WHERE state = "
                       "'SUBMITTED' AND candidate_id IN (" +
                           absl::StrJoin(world.to_submit, ",") + ")") &&
              found;
    }
    if (!found) return 1;
    Row("pgbench one-row inserts/s at C=" + std::to_string(c),
        Fmt(by_c[c].tps));
    if (c == headline) {
      // Where the machine is shared, a rate can go no further than the
      // cores allow: with every core busy, the rates would stand as the
      // inverse of each call's CPU, so "at most" compares those.
      const CpuPerCall insert = PerCall(pgbench_cpu, pgbench_done);
      Row("CPU per call at C=" + std::to_string(c) + " (microseconds)",
          "server + database + load generator = all; machine idle");
      for (const Measure& m : measures) {
        const CpuPerCall call = PerCall(m.cpu, m.acknowledged);
        Row("  " + m.name, Described(call) + "; at most x pgbench " +
                               Fmt(insert.all / std::max(call.all, 1.0), 2));
      }
      Row("  pgbench one-row inserts", Described(insert));
    }
  }

  if (!OpenDecisions(o, *consensus, consensus_stubs, world, headline)) {
    all_answered = false;
  }

  // The close's cost as the ballots grow tenfold at a time. One close is a
  // single figure, so each size is closed `rounds` times and the median
  // taken; every decision is set up (and the tables analysed, as
  // PostgreSQL's autovacuum would) before any is closed, so each close
  // finds the same tables around it.
  {
    const size_t sizes = o.big_decisions.size();
    std::vector<std::vector<BigDecision>> big(sizes);
    for (int turn = 0; turn < o.rounds; ++turn) {
      for (size_t k = 0; k < sizes; ++k) {
        big[k].push_back(
            SetUpBigDecision(o, setup, *consensus, world, o.big_decisions[k]));
      }
    }
    Query(o, "ANALYZE ballots");
    Query(o, "ANALYZE decision_electorate");
    std::vector<std::vector<double>> closes(sizes), outcomes(sizes);
    for (int turn = 0; turn < o.rounds; ++turn) {
      for (size_t k = 0; k < sizes; ++k) {
        const Close close = CloseTime(*consensus, big[k][turn]);
        closes[k].push_back(close.close_ms);
        outcomes[k].push_back(close.outcome_ms);
      }
    }
    const std::string of =
        o.rounds > 1 ? ", median of " + std::to_string(o.rounds) : "";
    std::vector<double> times;
    for (size_t k = 0; k < sizes; ++k) {
      Row("close of a decision holding " + big[k].front().ballots +
              " ballots (ms" + of + ")",
          Fmt(Percentile(closes[k], 0.5)));
      Row("its outcome, recounted (ms" + of + ")",
          Fmt(Percentile(outcomes[k], 0.5)));
      times.push_back(Percentile(closes[k], 0.5));
    }
    for (size_t k = 1; k < times.size(); ++k) {
      Row("  growth from " + std::to_string(o.big_decisions[k - 1]) + " to " +
              std::to_string(o.big_decisions[k]) + " ballots",
          "x" + Fmt(times[k] / std::max(times[k - 1], 0.01), 1));
    }
  }

  // Every member votes at once, each on their own connection.
  {
    const int n = std::min<int>(o.crowd, world.voters.size());
    const std::string decision =
        NewDecision(*consensus, o.admin_token, world.strategy.id());
    std::vector<std::unique_ptr<v1::ConsensusService::Stub>> stubs;
    for (int i = 0; i < n; ++i) {
      stubs.push_back(v1::ConsensusService::NewStub(NewConnection(o)));
    }
    std::vector<double> acked_ms(n, 0);
    std::atomic<int> left{n}, failed{0};
    std::mutex mu;
    std::condition_variable cv;
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
      auto ctx =
          std::shared_ptr<grpc::ClientContext>(Ctx(world.voters[i].token));
      auto req = std::make_shared<v1::CastBallotRequest>();
      req->set_request_id(NewId());
      req->set_decision_id(decision);
      req->set_choice(v1::CHOICE_AGREE);
      auto resp = std::make_shared<v1::Ballot>();
      stubs[i]->async()->CastBallot(
          ctx.get(), req.get(), resp.get(),
          [&, i, ctx, req, resp](grpc::Status s) {
            acked_ms[i] =
                std::chrono::duration<double, std::milli>(Clock::now() - t0)
                    .count();
            if (!s.ok() && failed++ == 0) {
              std::cerr << "equalsay_bench: a ballot failed: "
                        << s.error_message() << "\n";
            }
            if (--left == 0) {
              std::lock_guard lock(mu);
              cv.notify_all();
            }
          });
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return left == 0; });
    if (failed > 0) all_answered = false;
    Row(std::to_string(n) + " members voting at once: " +
            (failed == 0 ? "all acknowledged" : "NOT all acknowledged") +
            " (ms)",
        Fmt(*std::max_element(acked_ms.begin(), acked_ms.end())) + "  (p50 " +
            Fmt(Percentile(acked_ms, 0.5)) + ", failed " +
            std::to_string(failed) + ")");
  }

  // Live updates as the watchers grow tenfold.
  for (int n : o.watchers) Watchers(o, consensus.get(), world, n);

  if (!o.http.empty() && !FirstLoads(o, o.browsers)) all_answered = false;

  if (!o.server_pid.empty()) {
    Row("server peak memory (MiB)",
        Fmt(MemoryKb(o.server_pid, "VmHWM") / 1024.0));
  }
  Row("benchmark run time (s)",
      Fmt(std::chrono::duration<double>(Clock::now() - started).count()));
  const int c = headline;
  const Figures& f = by_c[c];
  std::printf(
      "ballots_per_s=%.0f pgbench_tps=%.0f ratio=%.2f p50_ms=%.2f "
      "p99_ms=%.2f (C=%d)\n",
      f.rate, f.tps, f.ratio, f.p50, f.p99, c);
  if (!all_answered) {
    std::cerr << "equalsay_bench: some calls failed (see above), so these "
                 "figures do not count them\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace equalsay::bench

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every mutex lock (gRPC's too)
  // also walked a global lock-order graph: 2-4% of the load generator's CPU
  // under load. Release builds of Abseil skip that check; so do we.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  equalsay::bench::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "equalsay_bench: " << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--server")
      o.server = value();
    else if (arg == "--admin-token")
      o.admin_token = value();
    else if (arg == "--pg-url")
      o.pg_url = value();
    else if (arg == "--pgbench")
      o.pgbench = value();
    else if (arg == "--http")
      o.http = value();
    else if (arg == "--shared-connection")
      o.shared_connection = true;
    else if (arg == "--server-pid")
      o.server_pid = value();
    else if (arg == "--seconds")
      o.seconds = std::stoi(value());
    else if (arg == "--rounds")
      o.rounds = std::stoi(value());
    else if (arg == "--big-decision")
      o.big_decisions = equalsay::bench::Numbers(value());
    else if (arg == "--crowd")
      o.crowd = std::stoi(value());
    else if (arg == "--watchers")
      o.watchers = equalsay::bench::Numbers(value());
    else if (arg == "--members")
      o.members = std::stoi(value());
    else if (arg == "--concurrency")
      o.concurrency = equalsay::bench::Numbers(value());
    else if (arg == "--smoke") {
      o.members = 10;
      o.seconds = 1;
      o.rounds = 1;
      o.concurrency = {1, 4};
      o.big_decisions = {20, 200};
      o.open_decisions = {1, 5};
      o.browsers = 5;
      o.crowd = 20;
      o.watchers = {20};
    } else {
      std::cerr << "usage: equalsay_bench --server HOST:PORT --admin-token T "
                   "--pg-url URL [--http HOST:PORT] [--shared-connection] "
                   "[--pgbench PATH] [--server-pid PID] "
                   "[--seconds N] [--rounds N] [--members N] "
                   "[--concurrency 1,8,32,64] [--big-decision 1000,10000] "
                   "[--crowd N] "
                   "[--watchers 1000,10000] [--smoke]\n";
      return 2;
    }
  }
  if (o.server.empty() || o.admin_token.empty() || o.pg_url.empty()) {
    std::cerr << "equalsay_bench: --server, --admin-token and --pg-url are "
                 "required\n";
    return 2;
  }
  return equalsay::bench::Run(o);
}
