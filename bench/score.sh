#!/usr/bin/env bash
# bench/score.sh [ENTITIES] — the governed score run against two baselines, measured in one run
# on the same data: (a) native Booster.predict over the feature matrix in one JVM, (b) a naive
# ungoverned Spark pipeline (read Delta -> XGBoost4J-Spark transform -> append Parquet), (c) the
# full governed `score` run. Prints seconds, rows/s and the ratios c/a and c/b.
# Uses a fresh SCOREHOUSE_HOME (or SCOREHOUSE_BENCH_HOME) so it never touches your demo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENTITIES="${1:-1000000}"
DATE=2026-11-20
export SCOREHOUSE_HOME="${SCOREHOUSE_BENCH_HOME:-$(mktemp -d /tmp/scorehouse-bench.XXXXXX)}"
cd "$ROOT"

step() { printf '\n== %s\n' "$*" >&2; }

source "$ROOT/bench/setup.sh"

step "baselines (a) native predict and (b) naive Spark pipeline"
# one reactor run: bench's classpath resolves the project's modules from it, never from ~/.m2
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt >&2
read -r -a FLAGS < jobs/target/launcher/jvm.flags
baselines=$(java "${FLAGS[@]}" -Xmx8g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.xml" -Dscorehouse.logs.dir="$SCOREHOUSE_HOME/logs" \
  -Dspark.master="local[*]" -cp "bench/target/scorehouse-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
  io.scorehouse.bench.ScoreBaselines churn@1 "${DATE}T23:59:59.999999Z")
read -r _ native_s native_rows <<< "$(grep '^native ' <<< "$baselines")"
read -r _ naive_s naive_rows <<< "$(grep '^naive ' <<< "$baselines")"
read -r _ contrib_s contrib_rows <<< "$(grep '^contrib ' <<< "$baselines")"

step "(c) governed score run"
SCOREHOUSE_DRIVER_MEMORY=8g bin/scorehouse score --pipeline churn_daily --date "$DATE" --job-id "bench_$(date +%s)" > "$SCOREHOUSE_HOME/score.out"
manifest=$(awk '/^manifest/ {print $2}' "$SCOREHOUSE_HOME/score.out")
governed_s=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['metrics']['latency_sec_total'])" "$manifest")
governed_rows=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows_out'])" "$manifest")
timings=$(python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['metrics']['timings']; print(' '.join(f'{k}={v:.1f}' for k,v in t.items()))" "$manifest")

python3 - "$native_s" "$native_rows" "$naive_s" "$naive_rows" "$governed_s" "$governed_rows" "$timings" "$contrib_s" <<'PY'
import sys
a_s, a_n, b_s, b_n, c_s, c_n = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
shap_s = float(sys.argv[8])
print(f"\n{'run':<34}{'rows':>10}{'seconds':>10}{'rows/s':>12}")
for name, s, n in [("(a) native Booster.predict", a_s, a_n), ("    native SHAP contributions", shap_s, a_n),
                   ("(b) naive Spark pipeline", b_s, b_n), ("(c) governed score run", c_s, c_n)]:
    print(f"{name:<34}{n:>10}{s:>10.2f}{n / s:>12.0f}")
print(f"\nc/a = {c_s / a_s:.1f}x   c/b = {c_s / b_s:.2f}x   (time ratios; lower is better)")
print(f"governed run phases: {sys.argv[7]}")
PY
