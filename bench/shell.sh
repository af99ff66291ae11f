#!/usr/bin/env bash
# bench/shell.sh [RUNS] — start-to-exit time of the ops shell, against two baselines measured in
# the same run on the same home: (a) a bare JVM (`java -version`), (b) the picocli CLI's
# Spark-free `registry list`, (c) `bin/scorehouse shell registry list` (Spring Boot + Spring
# Shell, no Spark). Prints the median of RUNS (default 5) and the ratios c/a and c/b.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
export SCOREHOUSE_HOME="${SCOREHOUSE_BENCH_HOME:-$(mktemp -d /tmp/scorehouse-bench-shell.XXXXXX)}"
cd "$ROOT"
bin/scorehouse registry list >/dev/null   # builds the app if needed; migrates the control plane

median_ms() {
  local samples=() start
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    samples+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
a=$(median_ms "$JAVA" -version)
b=$(median_ms bin/scorehouse registry list)
c=$(median_ms bin/scorehouse shell registry list)
printf 'median of %d runs, start to exit\n' "$RUNS"
printf '(a) bare JVM                     %6d ms\n' "$a"
printf '(b) CLI registry list (picocli)  %6d ms\n' "$b"
awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { printf "(c) shell registry list          %6d ms   c/a %.1fx   c/b %.2fx\n", c, c / a, c / b }'
