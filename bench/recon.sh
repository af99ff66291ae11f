#!/usr/bin/env bash
# bench/recon.sh [DECISIONS ...] — the D+1 reconciliation against DuckDB running the same SQL (ported
# where the dialects differ) over the same inputs, one home per size (default: 1000000). Each size:
# demo entities for $DATE, churn@1 trained and released (bench/setup.sh), one governed score run
# (its scores are published today), the consumers' decisions for today (one per score, plus the
# generator's anomalies), then `bin/scorehouse recon --date <today>`; its query phase (the SQL and
# writing the recon tables; not the session start, the registry checks or the signed report) is
# read from the day's metrics.prom. io.scorehouse.bench.ReconBaselines exports what the recon read
# to Parquet, times DuckDB on it and checks both return the same result rows.
# Prints `ratio recon/duckdb-<size> <x>x` per size and, given two sizes, `ratio recon-<b>/recon-<a> <x>x` and
# `ratio duckdb-<b>/duckdb-<a> <x>x`.
# SCOREHOUSE_BENCH_RUNS (default 3) rounds per size, each the recon of the day and then DuckDB on what it read:
# both figures (and the ratios) are medians over the rounds, printed with their range (one recon on two cores
# is one draw from a wide spread; `SCOREHOUSE_BENCH_RUNS=1` at 10M). A round that prints no figure stops the script.
# SCOREHOUSE_BENCH_WARM=N (default 0: off) adds a diagnostic per size, not a target: the same recon N times in one
# JVM (io.scorehouse.bench.WarmRecon), each run's query phase, and `ratio recon-jvm-warm/duckdb-<size>` from the
# last — how much of a cold run's time is the JIT compiling Spark while it queries (and, less, the session and the
# table metadata a later run finds cached).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if (( $# )); then SIZES=("$@"); else SIZES=(1000000); fi
DATE=2026-11-20
RUNS="${SCOREHOUSE_BENCH_RUNS:-3}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench/recon.sh: SCOREHOUSE_BENCH_RUNS '$RUNS' is not a positive number of rounds" >&2; exit 2; }
WARM="${SCOREHOUSE_BENCH_WARM:-0}"
[[ "$WARM" =~ ^[0-9]+$ ]] || { echo "bench/recon.sh: SCOREHOUSE_BENCH_WARM '$WARM' is not a number of runs" >&2; exit 2; }
cd "$ROOT"

source "$ROOT/bench/common.sh"
build_bench

declare -A recon_s duck_s warm_s decisions
# a round's figure ($2), or the script stops at once naming what printed none ($1)
figure() {
  [[ -n "$2" ]] || { echo "bench/recon.sh: $1 printed no time" >&2; exit 1; }
  echo "$2"
}
for ENTITIES in "${SIZES[@]}"; do
  [[ "$ENTITIES" =~ ^[0-9]+$ ]] || { echo "bench/recon.sh: '$ENTITIES' is not a number of decisions" >&2; exit 2; }
  # one home per size: setup.sh keeps a home's data, so a second size must not reuse the first's
  if [[ -n "${SCOREHOUSE_BENCH_HOME:-}" ]]; then
    export SCOREHOUSE_HOME="$SCOREHOUSE_BENCH_HOME/$ENTITIES"; mkdir -p "$SCOREHOUSE_HOME"
  else
    export SCOREHOUSE_HOME="$(mktemp -d /tmp/scorehouse-bench.XXXXXX)"
  fi
  source "$ROOT/bench/setup.sh"
  DAY=$(date -u +%F)
  step "$ENTITIES entities: score $DATE (published $DAY), the decisions of $DAY, recon"
  SCOREHOUSE_DRIVER_MEMORY=8g bin/scorehouse score --pipeline churn_daily --date "$DATE" --job-id "bench_$(date +%s)" >&2
  [[ "$(date -u +%F)" == "$DAY" ]] || { echo "bench/recon.sh: midnight UTC passed during the run; run it again" >&2; exit 1; }
  bin/scorehouse demo-data decisions --date "$DAY" >&2
  recon_s[$ENTITIES]=""; duck_s[$ENTITIES]=""; warm_s[$ENTITIES]=""
  for round in $(seq 1 "$RUNS"); do
    step "round $round/$RUNS: recon of $DAY"
    SCOREHOUSE_DRIVER_MEMORY=8g bin/scorehouse recon --date "$DAY" >&2
    metrics="$SCOREHOUSE_HOME/reports/recon/dt=$DAY/metrics.prom"
    secs=$(figure "the recon's query phase" "$(awk '/^scorehouse_recon_query_seconds/ {print $2}' "$metrics")")
    recon_s[$ENTITIES]+="${recon_s[$ENTITIES]:+,}$secs"
    decisions[$ENTITIES]=$(awk '/^scorehouse_recon_decisions\{/ {s += $2} END {print s}' "$metrics")
    step "round $round/$RUNS: DuckDB on the same inputs"
    baseline=$(bench_java ReconBaselines "$DAY")
    echo "$baseline" >&2
    secs=$(figure "DuckDB" "$(awk '/^duckdb / {print $2}' <<< "$baseline")")
    duck_s[$ENTITIES]+="${duck_s[$ENTITIES]:+,}$secs"
  done
  if (( WARM )); then
    step "diagnostic: the recon of $DAY $WARM times in one JVM (its code compiled by the first runs)"
    warm=$(bench_java WarmRecon "$DAY" "$WARM")
    echo "$warm" >&2
    warm_s[$ENTITIES]=$(awk '/^warm / {printf "%s%s", sep, $3; sep = ","}' <<< "$warm")
    figure "the recon in one JVM" "${warm_s[$ENTITIES]}" > /dev/null
  fi
done

args=()
for n in "${SIZES[@]}"; do args+=("$(label "$n")" "${decisions[$n]}" "${recon_s[$n]}" "${duck_s[$n]}" "${warm_s[$n]:--}"); done
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$ROOT/bench" python3 - "${args[@]}" <<'PY'
import sys
from rounds import median, runs, spread
a = sys.argv[1:]
sizes = [(a[i], a[i + 1], runs(a[i + 2]), runs(a[i + 3]), [] if a[i + 4] == "-" else runs(a[i + 4]))
         for i in range(0, len(a), 5)]
print(f"\n{len(sizes[0][2])} round(s) per size: each figure is the median over the rounds, its range beside it")
print(f"\n{'recon (query phase)':<28}{'decisions':>12}{'recon s':>12}{'range':>14}{'duckdb s':>12}{'range':>14}")
for label, decisions, recon, duck, _ in sizes:
    print(f"{label + ' entities':<28}{decisions:>12}{median(recon):>12.2f}{spread(recon):>14}{median(duck):>12.2f}{spread(duck):>14}")
for label, _, _, _, warm in sizes:
    if warm:
        print(f"{label}: the recon run {len(warm)} times in one JVM (a diagnostic, not the target): "
              + ", ".join(f"{w:.2f}" for w in warm) + " s")
print()
for label, _, recon, duck, warm in sizes:
    print(f"ratio recon/duckdb-{label} {median(recon) / median(duck):.2f}x")
    if warm:
        print(f"ratio recon-jvm-warm/duckdb-{label} {warm[-1] / median(duck):.2f}x")
if len(sizes) > 1:
    (first, _, recon_a, duck_a, _), (last, _, recon_b, duck_b, _) = sizes[0], sizes[-1]
    print(f"ratio recon-{last}/recon-{first} {median(recon_b) / median(recon_a):.2f}x")
    print(f"ratio duckdb-{last}/duckdb-{first} {median(duck_b) / median(duck_a):.2f}x")
PY
