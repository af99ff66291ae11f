#!/usr/bin/env bash
# bench/hotstore.sh [ROWS ...] — the hot store's upsert at finalize (LastScores, 5,000 rows a transaction) in the
# order the rows come from the executors (their tokens' hash order) against the hot store's key order, each into a
# fresh embedded control plane (SQLite): ROWS new last scores (a first run), then the same keys again, newer (the
# next day's run: every row an update); and a hot store filled in hash order then updated in key order (one filled
# before the finalize sorted its rows). io.scorehouse.bench.HotStoreBaselines does the upserts; the rows are built
# before its clock starts. Default 1,000,000 rows. Prints `ratio hotstore-sorted/hash-<pass>-<size> <x>x` per size
# and pass, `ratio hotstore-filled-in-hash/hash-update-<size> <x>x` per size, and, given two sizes, how each order's
# inserts grow: `ratio hotstore-<order>-<b>/<a> <x>x`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if (( $# )); then SIZES=("$@"); else SIZES=(1000000); fi
cd "$ROOT"
for n in "${SIZES[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "bench/hotstore.sh: '$n' is not a number of rows" >&2; exit 2; }
done

source "$ROOT/bench/common.sh"
build_bench

declare -A seconds
for n in "${SIZES[@]}"; do
  for order in hash sorted filled-in-hash; do
    step "$n last scores in $order order"
    home="$(mktemp -d /tmp/scorehouse-bench-hotstore.XXXXXX)"
    out=$(SCOREHOUSE_HOME="$home" bench_java HotStoreBaselines "$order" "$n")
    echo "$out" >&2
    seconds[$order-insert-$n]=$(awk '/^insert / {print $2}' <<< "$out")
    seconds[$order-update-$n]=$(awk '/^update / {print $2}' <<< "$out")
    rm -rf "$home"
  done
done

printf '\n%-12s%16s%12s%12s%12s%12s\n' "rows" "order" "insert s" "rows/s" "update s" "rows/s"
for n in "${SIZES[@]}"; do
  for order in hash sorted filled-in-hash; do
    python3 -c "import sys; n, o, i, u = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4]); print(f'{n:<12}{o:>16}{i:>12.2f}{n / i:>12.0f}{u:>12.2f}{n / u:>12.0f}')" \
      "$n" "$order" "${seconds[$order-insert-$n]}" "${seconds[$order-update-$n]}"
  done
done
echo
for n in "${SIZES[@]}"; do
  for pass in insert update; do
    python3 -c "import sys; print(f'ratio hotstore-sorted/hash-{sys.argv[1]}-{sys.argv[2]} {float(sys.argv[3]) / float(sys.argv[4]):.2f}x')" \
      "$pass" "$(label "$n")" "${seconds[sorted-$pass-$n]}" "${seconds[hash-$pass-$n]}"
  done
  python3 -c "import sys; print(f'ratio hotstore-filled-in-hash/hash-update-{sys.argv[1]} {float(sys.argv[2]) / float(sys.argv[3]):.2f}x')" \
    "$(label "$n")" "${seconds[filled-in-hash-update-$n]}" "${seconds[hash-update-$n]}"
done
if (( ${#SIZES[@]} > 1 )); then
  first=${SIZES[0]}; last=${SIZES[${#SIZES[@]}-1]}
  for order in hash sorted; do
    python3 -c "import sys; print(f'ratio hotstore-{sys.argv[1]}-{sys.argv[2]}/{sys.argv[3]} {float(sys.argv[4]) / float(sys.argv[5]):.2f}x')" \
      "$order" "$(label "$last")" "$(label "$first")" "${seconds[$order-insert-$last]}" "${seconds[$order-insert-$first]}"
  done
fi
