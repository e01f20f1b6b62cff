#include "tests/bench/cpu_use.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace equalsay::bench {
namespace {

struct ProcStat {
  std::string name;
  int ppid = 0;
  double own = 0;       // utime + stime, in seconds.
  double children = 0;  // cutime + cstime: children waited for.
};

// /proc/PID/stat; false when the process is gone.
bool ReadProcStat(const std::string& pid, ProcStat* out) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  // The name, in parentheses, may hold spaces: the fields follow its end.
  const size_t start = line.find('(');
  const size_t end = line.rfind(')');
  if (start == std::string::npos || end == std::string::npos) return false;
  out->name = line.substr(start + 1, end - start - 1);
  std::istringstream fields(line.substr(end + 2));
  std::vector<std::string> f;
  for (std::string x; fields >> x && f.size() < 15;) f.push_back(x);
  if (f.size() < 15) return false;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  // Fields 4, 14-17 of proc(5), counted here from field 3 (the state).
  out->ppid = std::stoi(f[1]);
  out->own = (std::stod(f[11]) + std::stod(f[12])) / tick;
  out->children = (std::stod(f[13]) + std::stod(f[14])) / tick;
  return true;
}

}  // namespace

CpuUse CpuUse::operator-(const CpuUse& earlier) const {
  return {.server = server - earlier.server,
          .database = database - earlier.database,
          .load = load - earlier.load,
          .busy = busy - earlier.busy,
          .total = total - earlier.total};
}

CpuUse& CpuUse::operator+=(const CpuUse& more) {
  server += more.server;
  database += more.database;
  load += more.load;
  busy += more.busy;
  total += more.total;
  return *this;
}

CpuUse CpuNow(const std::string& server_pid, int postmaster_pid) {
  CpuUse use;
  ProcStat stat;
  if (!server_pid.empty() && ReadProcStat(server_pid, &stat)) {
    use.server = stat.own;
  }
  if (ReadProcStat("self", &stat)) use.load = stat.own + stat.children;
  if (postmaster_pid > 0) {
    // Backends that ended count in their parent's `children`; the rest
    // count one by one.
    if (ReadProcStat(std::to_string(postmaster_pid), &stat)) {
      use.database = stat.own + stat.children;
    }
    if (DIR* proc = opendir("/proc")) {
      while (const dirent* entry = readdir(proc)) {
        const std::string pid = entry->d_name;
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (ReadProcStat(pid, &stat) && stat.ppid == postmaster_pid) {
          use.database += stat.own;
        }
      }
      closedir(proc);
    }
  }
  // The first line of /proc/stat: user nice system idle iowait irq softirq
  // steal, in ticks, summed over the cores.
  std::ifstream machine("/proc/stat");
  std::string cpu;
  double ticks[8] = {};
  if (machine >> cpu && cpu == "cpu") {
    for (double& t : ticks) machine >> t;
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (double t : ticks) use.total += t / tick;
    use.busy = use.total - (ticks[3] + ticks[4]) / tick;
  }
  return use;
}

int PostmasterOf(int backend_pid) {
  // A database on another machine has its own process ids: one here with
  // the same number is someone else's.
  ProcStat stat;
  return ReadProcStat(std::to_string(backend_pid), &stat) &&
                 stat.name == "postgres"
             ? stat.ppid
             : 0;
}

}  // namespace equalsay::bench
