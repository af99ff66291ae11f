#!/usr/bin/env bash
# bench/recon.sh [DECISIONS ...] — the D+1 reconciliation against DuckDB running the same SQL (ported
# where the dialects differ) over the same inputs, one home per size (default: 1000000). Each size:
# demo entities for $DATE, churn@1 trained and released (bench/setup.sh), one governed score run
# (its scores are published today), the consumers' decisions for today (one per score, plus the
# generator's anomalies), then `bin/scorehouse recon --date <today>`; its query phase (the SQL and
# writing the recon tables; not the session start, the registry checks or the signed report) is
# read from the day's metrics.prom. io.scorehouse.bench.ReconBaselines exports what the recon read
# to Parquet, times DuckDB on it and checks both return the same result rows.
# Prints `ratio recon/duckdb <x>x` per size and, given two sizes, `ratio recon-<b>/recon-<a> <x>x`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if (( $# )); then SIZES=("$@"); else SIZES=(1000000); fi
DATE=2026-11-20
cd "$ROOT"

source "$ROOT/bench/common.sh"
build_bench

declare -A recon_s duck_s decisions
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
  SCOREHOUSE_DRIVER_MEMORY=8g bin/scorehouse recon --date "$DAY" >&2
  metrics="$SCOREHOUSE_HOME/reports/recon/dt=$DAY/metrics.prom"
  recon_s[$ENTITIES]=$(awk '/^scorehouse_recon_query_seconds/ {print $2}' "$metrics")
  decisions[$ENTITIES]=$(awk '/^scorehouse_recon_decisions\{/ {s += $2} END {print s}' "$metrics")
  step "DuckDB on the same inputs"
  baseline=$(java "${FLAGS[@]}" -Xmx8g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.xml" \
    -Dscorehouse.logs.dir="$SCOREHOUSE_HOME/logs" -Dspark.master="local[*]" \
    -cp "bench/target/scorehouse-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" \
    io.scorehouse.bench.ReconBaselines "$DAY")
  echo "$baseline" >&2
  duck_s[$ENTITIES]=$(awk '/^duckdb / {print $2}' <<< "$baseline")
done

printf '\n%-28s%12s%12s%12s\n' "recon (query phase)" "decisions" "recon s" "duckdb s"
for n in "${SIZES[@]}"; do
  printf '%-28s%12s%12.2f%12.2f\n' "$(label "$n") entities" "${decisions[$n]}" "${recon_s[$n]}" "${duck_s[$n]}"
done
echo
for n in "${SIZES[@]}"; do
  python3 -c "import sys; print(f'ratio recon/duckdb-{sys.argv[1]} {float(sys.argv[2]) / float(sys.argv[3]):.2f}x')" \
    "$(label "$n")" "${recon_s[$n]}" "${duck_s[$n]}"
done
if (( ${#SIZES[@]} > 1 )); then
  first=${SIZES[0]}; last=${SIZES[${#SIZES[@]}-1]}
  python3 -c "import sys; print(f'ratio recon-{sys.argv[1]}/recon-{sys.argv[2]} {float(sys.argv[3]) / float(sys.argv[4]):.2f}x')" \
    "$(label "$last")" "$(label "$first")" "${recon_s[$last]}" "${recon_s[$first]}"
  python3 -c "import sys; print(f'ratio duckdb-{sys.argv[1]}/duckdb-{sys.argv[2]} {float(sys.argv[3]) / float(sys.argv[4]):.2f}x')" \
    "$(label "$last")" "$(label "$first")" "${duck_s[$last]}" "${duck_s[$first]}"
fi
