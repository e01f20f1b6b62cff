// CPU time used by each part of the machine the benchmark runs on (the
// server, PostgreSQL, the load generator), read from Linux's /proc, so a
// figure can say what one call cost in CPU and whether the machine had any
// left: on a machine the three share, that decides how far a rate can go.
#ifndef EQUALSAY_TESTS_BENCH_CPU_USE_H_
#define EQUALSAY_TESTS_BENCH_CPU_USE_H_

#include <string>

namespace equalsay::bench {

// CPU seconds used so far (or, as a difference, over a window).
struct CpuUse {
  double server = 0;
  double database = 0;  // The PostgreSQL server and every one of its processes.
  double load = 0;      // This process and children it waited for (pgbench).
  double busy = 0;      // The whole machine, every core, anything running.
  double total = 0;     // The whole machine, idle included.

  CpuUse operator-(const CpuUse& earlier) const;
  CpuUse& operator+=(const CpuUse& more);
  // The share of the machine's CPU that went unused, 0 to 1.
  double Idle() const { return total > 0 ? 1 - busy / total : 0; }
};

// `server_pid` may be empty (its figure stays 0); `postmaster_pid` is
// PostgreSQL's first process, whose children are the connections' backends.
CpuUse CpuNow(const std::string& server_pid, int postmaster_pid);

// PostgreSQL's first process, from the process id of a backend serving a
// connection (`SELECT pg_backend_pid()`); 0 when /proc does not say, or
// shows no PostgreSQL process by that number (the database runs elsewhere).
int PostmasterOf(int backend_pid);

}  // namespace equalsay::bench

#endif  // EQUALSAY_TESTS_BENCH_CPU_USE_H_
