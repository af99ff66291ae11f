#!/usr/bin/env bash
# bench/spark-start.sh [RUNS] — start-to-exit of a Spark command (`bin/scorehouse sql "SELECT 1"`,
# local mode, empty embedded home) without and with the launcher's class-data-sharing archive,
# measured in the same run: (a) SCOREHOUSE_CDS=0 (every class loaded from the jars), (b) the
# archive's first run (it writes the archive at exit), (c) later runs mapping it. Prints the
# median of RUNS (default 5) for (a) and (c) and the ratio a/c.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
export SCOREHOUSE_HOME="${SCOREHOUSE_BENCH_HOME:-$(mktemp -d /tmp/scorehouse-bench-spark.XXXXXX)}"
cd "$ROOT"
SCOREHOUSE_CDS=0 bin/scorehouse sql "SELECT 1" >/dev/null   # builds the app if needed; creates the home
rm -rf jobs/target/launcher/cds

elapsed_ms() {
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}

median_ms() {
  local samples=()
  for _ in $(seq "$RUNS"); do samples+=("$(elapsed_ms "$@")"); done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

a=$(SCOREHOUSE_CDS=0 median_ms bin/scorehouse sql "SELECT 1")
b=$(elapsed_ms bin/scorehouse sql "SELECT 1")
c=$(median_ms bin/scorehouse sql "SELECT 1")
printf 'bin/scorehouse sql "SELECT 1", start to exit, median of %d runs\n' "$RUNS"
printf '(a) no class-data sharing            %6d ms\n' "$a"
printf '(b) first run, writes the archive    %6d ms (once per build)\n' "$b"
awk -v a="$a" -v c="$c" 'BEGIN { printf "(c) with the archive                 %6d ms   a/c %.2fx\n", c, a / c }'
