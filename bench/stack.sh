#!/usr/bin/env bash
# bench/stack.sh [ENTITIES] — on the production stack, measured in one run on the same data:
#   1. one score run in local mode (local[2]) against the same run with its executors on the Spark
#      standalone cluster (two one-core workers on this machine: the same two cores);
#   2. one query on the governed view lake.scored.v_history through Trino against Spark SQL
#      (bin/scorehouse sql on the cluster), each client's wall time minus the same client's wall
#      time for `SELECT 1` (what remains is the query, not the client's start-up), best of 3.
# Starts its own stack in a fresh SCOREHOUSE_STACK_HOME (bin/scorehouse-stack's ports must be free),
# sets it up with the demo's lifecycle at ENTITIES entities (not timed), and stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENTITIES="${1:-100000}"
DATE=2026-11-20
cd "$ROOT"

step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }

export SCOREHOUSE_STACK_HOME="${SCOREHOUSE_BENCH_STACK_HOME:-$(mktemp -d /tmp/scorehouse-bench-stack.XXXXXX)}"
export SCOREHOUSE_STACK_WORKERS=2 SCOREHOUSE_STACK_WORKER_CORES=1
chmod 755 "$SCOREHOUSE_STACK_HOME"
trap 'bin/scorehouse-stack down > /dev/null 2>&1 || true' EXIT
out="$SCOREHOUSE_STACK_HOME/bench"
mkdir -p "$out"

step "stack up"
bin/scorehouse-stack up >&2
# shellcheck disable=SC1091
source "$SCOREHOUSE_STACK_HOME/env"

step "setup: the demo's lifecycle at $ENTITIES entities on the stack (local mode; not timed)"
SCOREHOUSE_SPARK_MASTER='local[2]' bin/scorehouse demo --date "$DATE" --rows "$ENTITIES" > "$out/demo.out"
export SCOREHOUSE_NO_BUILD=1

now() { date +%s.%N; }

# score_run MASTER JOB: wall seconds and the run's own seconds (manifest latency_sec_total).
score_run() {
  local started ended
  started=$(now)
  SCOREHOUSE_SPARK_MASTER="$1" bin/scorehouse score --pipeline churn_daily --date "$DATE" --job-id "$2" > "$out/$2.out"
  ended=$(now)
  python3 - "$SCOREHOUSE_HOME/runs/$2/manifest.json" "$started" "$ended" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f'{float(sys.argv[3]) - float(sys.argv[2]):.2f} {m["metrics"]["latency_sec_total"]:.2f} {m["rows_out"]}')
PY
}

step "score: local[2] vs the standalone cluster (2 workers x 1 core)"
read -r local_wall local_run local_rows <<< "$(score_run 'local[2]' bench_local)"
read -r cluster_wall cluster_run cluster_rows <<< "$(score_run "$SCOREHOUSE_SPARK_MASTER" bench_cluster)"

QUERY="SELECT decision, count(*) AS n, round(avg(score), 6) AS mean_score FROM lake.scored.v_history GROUP BY decision ORDER BY decision"

trino() {
  java -jar deploy/local/target/dist/trino-cli.jar --server http://127.0.0.1:8080 --user scorehouse \
    --output-format TSV --execute "$1" 2> /dev/null
}
spark() { bin/scorehouse sql --format json "$1"; }

# best_of CLIENT SQL: the fastest of 3 wall times, in seconds.
best_of() {
  local best="" started elapsed
  for _ in 1 2 3; do
    started=$(now)
    "$1" "$2" > "$out/$1.last"
    elapsed=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$started" "$(now)")
    best=$(python3 -c "import sys; a = sys.argv[1:]; print(min(map(float, filter(None, a))))" "$elapsed" "$best")
  done
  echo "$best"
}

step "query on v_history: Trino vs Spark SQL"
trino_one=$(best_of trino "SELECT 1")
trino_query=$(best_of trino "$QUERY")
trino "$QUERY" > "$out/trino.result"
spark_one=$(best_of spark "SELECT 1")
spark_query=$(best_of spark "$QUERY")
spark "$QUERY" > "$out/spark.result"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
trino_rows = [line.split("\t") for line in open(f"{out}/trino.result").read().split("\n") if line]
spark_rows = [json.loads(line) for line in open(f"{out}/spark.result") if line.strip()]
trino_set = {(d, int(n), round(float(s), 6)) for d, n, s in trino_rows}
spark_set = {(r["decision"], int(r["n"]), round(float(r["mean_score"]), 6)) for r in spark_rows}
assert trino_set == spark_set, f"Trino and Spark disagree on v_history: {trino_set} vs {spark_set}"
print(f"same result in both engines: {len(trino_set)} groups, {sum(n for _, n, _ in trino_set)} rows of v_history")
PY

python3 - "$local_wall" "$local_run" "$local_rows" "$cluster_wall" "$cluster_run" "$cluster_rows" \
  "$trino_one" "$trino_query" "$spark_one" "$spark_query" <<'PY'
import sys
lw, lr, ln, cw, cr, cn, t1, tq, s1, sq = sys.argv[1:]
lw, lr, cw, cr, t1, tq, s1, sq = map(float, (lw, lr, cw, cr, t1, tq, s1, sq))
print(f"\n{'score run':<40}{'rows':>10}{'wall s':>10}{'in-run s':>10}")
print(f"{'local[2]':<40}{ln:>10}{lw:>10.1f}{lr:>10.1f}")
print(f"{'standalone cluster (2 x 1 core)':<40}{cn:>10}{cw:>10.1f}{cr:>10.1f}")
trino_q, spark_q = max(tq - t1, 0.001), max(sq - s1, 0.001)
print(f"\n{'query on v_history (best of 3)':<40}{'wall s':>10}{'SELECT 1':>10}{'query s':>10}")
print(f"{'Trino 476 (CLI)':<40}{tq:>10.2f}{t1:>10.2f}{trino_q:>10.2f}")
print(f"{'Spark SQL (bin/scorehouse sql, cluster)':<40}{sq:>10.2f}{s1:>10.2f}{spark_q:>10.2f}")
print()
print(f"ratio cluster/local-score-wall {cw / lw:.2f}x")
print(f"ratio cluster/local-score-in-run {cr / lr:.2f}x")
print(f"ratio spark/trino-v_history-query {spark_q / trino_q:.2f}x")
print(f"ratio spark/trino-v_history-wall {sq / tq:.2f}x")
PY
