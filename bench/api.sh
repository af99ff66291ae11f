#!/usr/bin/env bash
# bench/api.sh [ENTITIES] — the Access API on loopback against a store of ENTITIES scored entities
# (default 1,000,000), audit on, under a bench role without a rate limit. In one run, on the same
# HTTPS server and store, after a discarded warm-up: /last at a fixed 500 requests/s over 25
# entities (hey), /search (one entity, 30 days) at 50 and at 10 requests/s over 10, /healthz at 500
# requests/s (the server's floor), the same /last lookup as a bare JDBC loop (the store's floor),
# and /last peak throughput over 2,000 entities (wrk). Prints p50/p95/p99 and `ratio <name>
# <value>x` lines. Needs hey and wrk (Debian).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENTITIES="${1:-1000000}"
DATE=2026-11-20
DURATION="${SCOREHOUSE_BENCH_SECONDS:-60}"
export SCOREHOUSE_HOME="${SCOREHOUSE_BENCH_HOME:-$(mktemp -d /tmp/scorehouse-bench.XXXXXX)}"
cd "$ROOT"
step() { printf '\n== %s\n' "$*" >&2; }
for tool in hey wrk python3; do
  command -v "$tool" >/dev/null || { echo "bench/api.sh: $tool is missing (apt-get install hey wrk)" >&2; exit 2; }
done

source "$ROOT/bench/setup.sh"
if [[ ! -f "$SCOREHOUSE_HOME/.bench-scored" ]]; then
  step "score $DATE (scored table + hot store of $ENTITIES entities)"
  SCOREHOUSE_DRIVER_MEMORY=8g bin/scorehouse score --pipeline churn_daily --date "$DATE" --job-id api_bench >&2
  touch "$SCOREHOUSE_HOME/.bench-scored"
fi

step "build the bench helpers"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt >&2
read -r -a FLAGS < jobs/target/launcher/jvm.flags
helper() {
  java "${FLAGS[@]}" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.xml" -Dscorehouse.logs.dir="$SCOREHOUSE_HOME/logs" \
    -cp "bench/target/scorehouse-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" io.scorehouse.bench.ApiBaselines "$@"
}
work="$SCOREHOUSE_HOME/api-bench"
rm -rf "$work" && mkdir -p "$work"
helper targets 2000 "$ENTITIES" "$work/targets.csv"

# The bench role: granted both routes for purpose 'benchmark', without a rate limit. Only in a copy
# of conf/ used by this API process: the project's own policies never grant it.
cp -r conf "$work/conf"
printf '  bench: load tests only (bench/api.sh); never granted in conf/\n' >> "$work/conf/policies/roles.yaml"
python3 - "$work/conf" <<'PY'
import sys, re, pathlib
conf = pathlib.Path(sys.argv[1])
read = conf / "policies/scored.read.yaml"
read.write_text(read.read_text().replace(
    "  grants:\n",
    "  grants:\n    bench:\n      routes: [\"/api/scored/v1/last\", \"/api/scored/v1/search\"]\n      purposes: [\"benchmark\"]\n", 1))
main = conf / "scorehouse.yaml"
main.write_text(main.read_text().replace(
    "        consumer: {per-second: 50, burst: 100}\n",
    "        consumer: {per-second: 50, burst: 100}\n        bench: {unlimited: true}\n", 1))
PY

step "start the API on the store (audit on, HTTPS)"
SCOREHOUSE_CONF="$work/conf" bin/scorehouse api --port 0 > "$work/api.out" 2>&1 &
api_pid=$!
trap 'kill "$api_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "serving https" "$work/api.out" && break
  kill -0 "$api_pid" 2>/dev/null || { cat "$work/api.out" >&2; exit 1; }
  sleep 0.5
done
grep "serving" "$work/api.out" >&2
base=$(grep -o "https://127.0.0.1:[0-9]*" "$work/api.out" | head -n 1)
acme=$(SCOREHOUSE_CONF="$work/conf" bin/scorehouse api token --tenant acme --role bench --client bench-acme --ttl PT2H)
globex=$(SCOREHOUSE_CONF="$work/conf" bin/scorehouse api token --tenant globex --role bench --client bench-globex --ttl PT2H)

url() { # url ROUTE TENANT ID [EXTRA]
  printf '%s%s?tenant=%s&model=churn&entity_id=%s%s' "$base" "$1" "$2" "$3" "${4:-}"
}
token_of() { [[ "$1" == acme ]] && echo "$acme" || echo "$globex"; }
# fixed_rate NAME ROUTE PROCESSES WORKERS QPS_EACH SECONDS [EXTRA]: one hey per entity, all in parallel,
# each WORKERS connections at QPS_EACH requests/s; a CSV per process. hey 0.1.4 sends "host:port" as
# the TLS server name, which Java's TLS rightly refuses ("illegal parameter"); -host gives it a name.
# Few processes on purpose: 50 Go processes on 2 cores measured the load generator, not the server.
fixed_rate() {
  local name=$1 route=$2 processes=$3 workers=$4 qps=$5 seconds=$6 extra=${7:-} i=0
  hey_pids=()
  step "$name: $processes entities x $workers connections x $qps requests/s for $seconds s"
  while IFS=, read -r tenant id && (( i < processes )); do
    hey -host localhost -c "$workers" -q "$qps" -z "${seconds}s" -o csv -H "Authorization: Bearer $(token_of "$tenant")" \
      -H "X-Purpose: benchmark" "$(url "$route" "$tenant" "$id" "$extra")" > "$work/$name.$i.csv" < /dev/null &
    hey_pids+=($!)
    i=$((i + 1))
  done < "$work/targets.csv"
  wait "${hey_pids[@]}"
}
# with_wrk NAME ROUTE CONNECTIONS PAUSE_MS SECONDS [EXTRA]: one wrk process (two event loops), each
# connection sending a request for one of the 2,000 entities at random, waiting for the answer, then
# pausing PAUSE_MS (0: none, the peak) — CONNECTIONS x 1000 / (PAUSE_MS + latency) requests/s. Paced,
# it is the fixed rate again from one process instead of 25 Go processes: the latency of the same
# server when the load generator takes little of the two cores (hey's runtimes are part of its tail).
with_wrk() {
  local name=$1 route=$2 connections=$3 pause=$4 seconds=$5 extra=${6:-} delay="" count429=""
  # paced runs also count 429s (a Lua call per response: not for the peak)
  (( pause > 0 )) && delay="delay = function() return $pause end" \
    && count429='response = function(status) if status == 429 then limited = limited + 1 end end'

  step "$name: wrk, $connections connections pausing $pause ms after each answer, $seconds s, 2,000 entities"
  cat > "$work/$name.lua" <<LUA
local targets = {}
for line in io.lines("$work/targets.csv") do
  local tenant, id = line:match("([^,]+),(.+)")
  table.insert(targets, {tenant = tenant, id = id})
end
local tokens = {acme = "$acme", globex = "$globex"}
-- each thread has its own Lua state and the same default seed: give each its own sequence of entities
local threads = {}
setup = function(thread) table.insert(threads, thread); thread:set("id", #threads) end
init = function(args) math.randomseed(7919 * id) end
limited = 0
$count429
request = function()
  local t = targets[math.random(#targets)]
  return wrk.format("GET", "$route?tenant=" .. t.tenant .. "&model=churn&entity_id=" .. t.id .. "$extra",
    {["Authorization"] = "Bearer " .. tokens[t.tenant], ["X-Purpose"] = "benchmark"})
end
$delay
done = function(summary, latency, requests)
  local e, limited = summary.errors, 0
  for _, thread in ipairs(threads) do limited = limited + thread:get("limited") end
  io.write(string.format("paced %d %d %.3f %.3f %.3f %.3f %d %d\n", summary.requests, e.status,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, limited))
end
LUA
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/$name.lua" "$base" > "$work/$name.wrk"
}

# Warm-up (JIT, pools, caches), discarded: the measured runs see a server in its steady state.
fixed_rate warmup /api/scored/v1/last 25 2 10 15
fixed_rate warmup-search /api/scored/v1/search 10 1 2 15 "&from=2026-10-22&to=2026-11-20"
fixed_rate last /api/scored/v1/last 25 2 10 "$DURATION"
fixed_rate search /api/scored/v1/search 10 1 5 "$DURATION" "&from=2026-10-22&to=2026-11-20"
fixed_rate search10 /api/scored/v1/search 10 1 1 "$DURATION" "&from=2026-10-22&to=2026-11-20"
fixed_rate healthz /healthz 25 2 10 "$DURATION"
with_wrk last-paced /api/scored/v1/last 50 97 "$DURATION"
with_wrk search50-paced /api/scored/v1/search 10 170 "$DURATION" "&from=2026-10-22&to=2026-11-20"
with_wrk search10-paced /api/scored/v1/search 10 970 "$DURATION" "&from=2026-10-22&to=2026-11-20"
with_wrk healthz-paced /healthz 50 97 "$DURATION"

step "jdbc: the /last lookup as a bare loop (tokenize + one SELECT), 2,000 entities x 5"
jdbc=$(helper jdbc "$work/targets.csv" 5)

with_wrk peak /api/scored/v1/last 50 0 30

python3 - "$work" "$jdbc" "$DURATION" <<'PY'
import csv, glob, sys, math
work, jdbc, duration = sys.argv[1], sys.argv[2].split(), float(sys.argv[3])
def load(name):
    times, statuses = [], {}
    for path in glob.glob(f"{work}/{name}.*.csv"):
        for row in csv.DictReader(open(path)):
            times.append(float(row["response-time"]) * 1000)
            statuses[row["status-code"]] = statuses.get(row["status-code"], 0) + 1
    times.sort()
    pct = lambda p: times[min(len(times) - 1, math.ceil(p * len(times)) - 1)]
    return {"n": len(times), "p50": pct(.5), "p95": pct(.95), "p99": pct(.99), "statuses": statuses}
runs = {name: load(name) for name in ("last", "search", "search10", "healthz")}
def paced(name):
    fields = [l for l in open(f"{work}/{name}.wrk") if l.startswith("paced ")][0].split()
    n, non2xx, seconds, failed = int(fields[1]), int(fields[2]), float(fields[3]), int(fields[7])
    # wrk leaves socket errors and timeouts (over 2 s) out of its latencies: a run with any is not a measurement
    assert failed == 0, f"{name}: {failed} connect/read/write errors or timeouts"
    return {"n": n, "rate": n / seconds, "p50": float(fields[4]), "p95": float(fields[5]), "p99": float(fields[6]),
            "statuses": {"non-2xx": non2xx, "429": int(fields[8])}}
for name in ("last-paced", "search50-paced", "search10-paced", "healthz-paced"):
    runs[name] = paced(name)
runs["jdbc"] = {"n": int(jdbc[4]), "p50": float(jdbc[1]), "p95": float(jdbc[2]), "p99": float(jdbc[3]), "statuses": {"found": int(jdbc[5])}}
peak = paced("peak")
print(f"\n{'run':<14}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
for name, r in runs.items():
    rate = "-" if name == "jdbc" else f"{r.get('rate', r['n'] / duration):.0f}"
    name = {"search": "search50", "search10": "search10"}.get(name, name)
    print(f"{name:<14}{r['n']:>10}{rate:>9}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}  {r['statuses']}")
print(f"wrk /last peak over HTTPS: {peak['rate']:.0f} requests/s ({peak['statuses']['non-2xx']} non-2xx: 404s of entities never scored among the 2,000)")
import re
ready = re.search(r"ready in (\d+) ms", open(f"{work}/api.out").read())
print(f"API start to ready: {ready.group(1) if ready else '?'} ms (after the JVM starts; printed by the server)")
limited = sum(r["statuses"].get("429", 0) for r in runs.values())
print(f"429 responses: {limited}")
print(f"ratio last-p99/healthz-p99 {runs['last']['p99'] / runs['healthz']['p99']:.1f}x")
print(f"ratio last-p99/jdbc-p99 {runs['last']['p99'] / runs['jdbc']['p99']:.1f}x")
print(f"ratio search-p99/last-p99 {runs['search']['p99'] / runs['last']['p99']:.1f}x")
print(f"ratio search10-p99/last-p99 {runs['search10']['p99'] / runs['last']['p99']:.1f}x")
print(f"ratio last-paced-p99/healthz-paced-p99 {runs['last-paced']['p99'] / runs['healthz-paced']['p99']:.1f}x")
print(f"ratio last-paced-p99/jdbc-p99 {runs['last-paced']['p99'] / runs['jdbc']['p99']:.1f}x")
print(f"ratio search50-paced-p99/last-paced-p99 {runs['search50-paced']['p99'] / runs['last-paced']['p99']:.1f}x")
print(f"ratio search10-paced-p99/last-paced-p99 {runs['search10-paced']['p99'] / runs['last-paced']['p99']:.1f}x")
print(f"ratio last-hey-p99/last-paced-p99 {runs['last']['p99'] / runs['last-paced']['p99']:.1f}x")
PY
