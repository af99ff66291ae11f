#!/usr/bin/env bash
# bench/score.sh [ENTITIES] — the governed score run against baselines doing the same work, measured in
# one run on the same data:
#   (a) native Booster.predict over the feature matrix in one JVM (and native SHAP on every row, when `all` runs);
#   (b) a naive ungoverned Spark pipeline (read Delta -> XGBoost4J-Spark transform -> append Parquet), appending
#       two columns (`naive`) and appending the store's row shape (`naive-row`: the same eighteen columns and
#       partitions, filled without governance — raw key, random ids, no sort, Spark's Parquet defaults — so the
#       governance is compared and not the schema); each warm, in (a)'s JVM after (a) read the same snapshot (the
#       two in turn, twice each, each counting its faster run: whichever runs first pays for the JVM's warm-up;
#       the target ratios are judged against the warm ones, the stricter), and cold, alone in a fresh JVM as the
#       governed run's read is in its JVM (reported);
#   (c) the full governed `score` run, once per explanations mode of the pipeline:
#       none (no SHAP: equal work with (b)), all (SHAP on every row: equal work with (b) + native SHAP),
#       adverse (the demo's policy: SHAP and reason codes for hold/deny only; reported).
# Each governed run starts from the same home (copied back after the set-up; the embedded profile,
# whose control plane and catalog are files in the home), so none of them merges into partitions an
# earlier mode filled, and the home is left as the set-up left it. Ends with `ratio <name> <value>x`
# lines (time ratios, lower is better). Uses SCOREHOUSE_BENCH_HOME (or a fresh temp dir), never your
# demo's home. SCOREHOUSE_BENCH_MODES (default "none all adverse") names the governed modes to run, e.g.
# "none" at 10M, where only governed none vs naive is asked for; without `all`, native SHAP is not run.
# SCOREHOUSE_BENCH_RUNS (default 3) is the number of rounds: each round runs the two cold baselines and every
# governed mode, one after the other (so a slow spell of the host falls on all of them alike), each round from
# the set-up home; the cold and governed figures are medians over the rounds, printed with their range and each
# governed round's phases (the warm baselines and native SHAP are measured once, as above). On two cores the same
# governed run takes from 35 to 55 s from one minute to the next: one round's ratio is one draw from that spread.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENTITIES="${1:-1000000}"
[[ "$ENTITIES" =~ ^[0-9]+$ ]] || { echo "bench/score.sh: '$ENTITIES' is not a number of entities" >&2; exit 2; }
DATE=2026-11-20
read -r -a MODES <<< "${SCOREHOUSE_BENCH_MODES:-none all adverse}"
for mode in "${MODES[@]}"; do
  [[ "$mode" =~ ^(none|all|adverse)$ ]] || { echo "bench/score.sh: '$mode' in SCOREHOUSE_BENCH_MODES is not none, all or adverse" >&2; exit 2; }
done
(( ${#MODES[@]} )) || { echo "bench/score.sh: SCOREHOUSE_BENCH_MODES names no mode" >&2; exit 2; }
RUNS="${SCOREHOUSE_BENCH_RUNS:-3}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench/score.sh: SCOREHOUSE_BENCH_RUNS '$RUNS' is not a positive number of rounds" >&2; exit 2; }
SHAP=no-shap; [[ " ${MODES[*]} " == *" all "* ]] && SHAP=shap
export SCOREHOUSE_HOME="${SCOREHOUSE_BENCH_HOME:-$(mktemp -d /tmp/scorehouse-bench.XXXXXX)}"
SCOREHOUSE_HOME="${SCOREHOUSE_HOME%/}"
cd "$ROOT"

source "$ROOT/bench/common.sh"

source "$ROOT/bench/setup.sh"

build_bench
# one JVM of the baselines; $1: shap, no-shap, naive-cold or naive-row-cold (see ScoreBaselines)
run_baselines() {
  bench_java ScoreBaselines churn@1 "${DATE}T23:59:59.999999Z" "$1"
}
step "baselines (a) native predict$([[ "$SHAP" == shap ]] && echo " and SHAP"), (b) naive Spark pipeline"
baselines=$(run_baselines "$SHAP")
read -r _ native_s native_rows <<< "$(grep '^native ' <<< "$baselines")"
read -r _ naive_s naive_rows <<< "$(grep '^naive ' <<< "$baselines")"
read -r _ naive_row_s _ <<< "$(grep '^naive-row ' <<< "$baselines")"
contrib_s=nan; [[ "$SHAP" == shap ]] && read -r _ contrib_s _ <<< "$(grep '^contrib ' <<< "$baselines")"
# The home as the set-up left it, restored before each governed run (Iceberg metadata holds absolute
# paths, so it is copied back to the same place).
setup_copy="$SCOREHOUSE_HOME.setup"
rm -rf "$setup_copy" "$setup_copy".conf-*
cp -a "$SCOREHOUSE_HOME" "$setup_copy"
# whatever happens, the home is the set-up's again afterwards (a later run must not start from a scored one)
restore_setup() {
  [[ -d "$setup_copy" ]] || return 0
  rm -rf "$SCOREHOUSE_HOME" "$setup_copy".conf-*
  mv "$setup_copy" "$SCOREHOUSE_HOME"
}
trap restore_setup EXIT

# conf/ with the demo pipeline's explanations mode changed (none takes no reason-code mapping)
conf_for() {
  local mode=$1 dir="$setup_copy.conf-$1" pipeline
  rm -rf "$dir"; cp -r "$ROOT/conf" "$dir"
  pipeline="$dir/pipelines/churn_daily.yaml"
  case "$mode" in
    none) sed -i -E 's/^(  mode: )[a-z]+/\1none/; /^  (reasons|adverse-decisions): /d' "$pipeline" ;;
    *) sed -i -E "s/^(  mode: )[a-z]+/\1$mode/" "$pipeline" ;;
  esac
  grep -q "^  mode: $mode" "$pipeline" || { echo "bench/score.sh: cannot set explanations mode $mode in $pipeline" >&2; exit 1; }
  echo "$dir"
}

# one value per round, comma-separated
naive_cold_s=""; naive_row_cold_s=""
declare -A governed_s governed_rows explained phases
for mode in "${MODES[@]}"; do governed_s[$mode]=""; phases[$mode]=""; done
# the seconds of a cold baseline's line ($1: its name in ScoreBaselines' output, $2: that output)
cold_seconds() {
  local secs
  read -r _ secs _ <<< "$(grep "^$1 " <<< "$2")"
  [[ -n "$secs" ]] || { echo "bench/score.sh: the $1 baseline printed no time" >&2; exit 1; }
  echo "$secs"
}
for round in $(seq 1 "$RUNS"); do
  rm -rf "$SCOREHOUSE_HOME"; cp -a "$setup_copy" "$SCOREHOUSE_HOME"
  step "round $round/$RUNS: baseline (b) naive Spark pipeline again, alone in a fresh JVM (cold)"
  secs=$(cold_seconds naive-cold "$(run_baselines naive-cold)")
  naive_cold_s+="${naive_cold_s:+,}$secs"
  step "round $round/$RUNS: baseline (b) writing the store's row, alone in a fresh JVM (cold)"
  secs=$(cold_seconds naive-row-cold "$(run_baselines naive-row-cold)")
  naive_row_cold_s+="${naive_row_cold_s:+,}$secs"
  for mode in "${MODES[@]}"; do
    step "round $round/$RUNS: (c) governed score run, explanations: $mode"
    conf=$(conf_for "$mode")
    rm -rf "$SCOREHOUSE_HOME"; cp -a "$setup_copy" "$SCOREHOUSE_HOME"
    SCOREHOUSE_CONF="$conf" SCOREHOUSE_DRIVER_MEMORY=8g \
      bin/scorehouse score --pipeline churn_daily --date "$DATE" --job-id "bench_${mode}_$(date +%s)" > "$SCOREHOUSE_HOME/score-$mode.out"
    manifest=$(awk '/^manifest/ {print $2}' "$SCOREHOUSE_HOME/score-$mode.out")
    # The hot store's upsert comes after the manifest is signed, so its total leaves it out: read from the log.
    read -r total "governed_rows[$mode]" "explained[$mode]" timings < <(python3 - "$manifest" "$SCOREHOUSE_HOME/logs/scorehouse.jsonl" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))
timings = ",".join(f"{k}={v:.1f}" for k, v in m["metrics"]["timings"].items())
hot = [re.search(r"in (\d+) s$", line["message"]).group(1) for line in map(json.loads, open(sys.argv[2]))
       if line.get("context", {}).get("job_id") == m["job_id"] and "hot store upserted" in line["message"]]
timings += f",hot_store_after_total={hot[-1] if hot else '?'}"
print(m["metrics"]["latency_sec_total"], m["rows_out"], (m.get("explanations") or {}).get("rows_explained", 0), timings)
PY
    )
    governed_s[$mode]+="${governed_s[$mode]:+,}$total"
    phases[$mode]+="${phases[$mode]:+;}$timings"
  done
done

args=()
for mode in "${MODES[@]}"; do
  args+=("$mode" "${governed_s[$mode]}" "${governed_rows[$mode]}" "${explained[$mode]}" "${phases[$mode]}")
done
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$ROOT/bench" python3 - "$native_s" "$native_rows" "$contrib_s" "$naive_s" "$naive_rows" "$naive_cold_s" "$naive_row_s" "$naive_row_cold_s" "${args[@]}" <<'PY'
import math, sys
from rounds import median, runs, spread
a = sys.argv[1:]
native_s, rows, shap_s, naive_s, naive_rows = float(a[0]), int(a[1]), float(a[2]), float(a[3]), int(a[4])
naive_row_s = float(a[6])
naive_cold, naive_row_cold = runs(a[5]), runs(a[7])
governed = {a[i]: (runs(a[i + 1]), int(a[i + 2]), int(a[i + 3]), a[i + 4].split(";")) for i in range(8, len(a), 5)}
naive_cold_s, naive_row_cold_s = median(naive_cold), median(naive_row_cold)
baselines = [("(a) native Booster.predict", native_s, rows, 0, ""), ("(b) naive, two columns, warm", naive_s, naive_rows, 0, ""),
             ("    the same, cold (first in its JVM)", naive_cold_s, naive_rows, 0, spread(naive_cold)),
             ("(b) naive, the store's row, warm", naive_row_s, naive_rows, 0, ""),
             ("    the same, cold (first in its JVM)", naive_row_cold_s, naive_rows, 0, spread(naive_row_cold))]
if not math.isnan(shap_s):
    baselines[1:1] = [("    native SHAP contributions", shap_s, rows, rows, "")]
    baselines.append(("(b) + native SHAP", naive_s + shap_s, naive_rows, rows, ""))
    baselines.append(("(b) cold + native SHAP", naive_cold_s + shap_s, naive_rows, rows, ""))
    baselines.append(("(b) row + native SHAP", naive_row_s + shap_s, naive_rows, rows, ""))
    baselines.append(("(b) row, cold + native SHAP", naive_row_cold_s + shap_s, naive_rows, rows, ""))
rounds = len(naive_cold)
print(f"\n{rounds} round(s): a cold baseline's and a governed run's seconds are their median over the rounds, their range beside them")
print(f"\n{'run':<40}{'rows':>10}{'explained':>11}{'seconds':>10}{'rows/s':>10}  range (s)")
for name, s, n, e, r in baselines + [(f"(c) governed, explanations {m}", median(g[0]), g[1], g[2], spread(g[0]))
                                     for m, g in governed.items()]:
    print(f"{name:<40}{n:>10}{e:>11}{s:>10.2f}{n / s:>10.0f}  {r}")
print()
for mode, g in governed.items():
    for i, p in enumerate(g[3], 1):
        print(f"governed {mode} round {i} phases (s): {p}")
print()
g = {m: median(v[0]) for m, v in governed.items()}
if "none" in g:
    print(f"ratio governed-none/naive {g['none'] / naive_s:.2f}x")
    print(f"ratio governed-none/naive-cold {g['none'] / naive_cold_s:.2f}x")
    print(f"ratio governed-none/naive-row {g['none'] / naive_row_s:.2f}x")
    print(f"ratio governed-none/naive-row-cold {g['none'] / naive_row_cold_s:.2f}x")
if "all" in g:
    print(f"ratio governed-all/naive+shap {g['all'] / (naive_s + shap_s):.2f}x")
    print(f"ratio governed-all/naive-cold+shap {g['all'] / (naive_cold_s + shap_s):.2f}x")
    print(f"ratio governed-all/naive-row+shap {g['all'] / (naive_row_s + shap_s):.2f}x")
    print(f"ratio governed-all/naive-row-cold+shap {g['all'] / (naive_row_cold_s + shap_s):.2f}x")
if "adverse" in g:
    print(f"ratio governed-adverse/naive {g['adverse'] / naive_s:.2f}x")
if "adverse" in g and "all" in g:
    print(f"ratio governed-adverse/governed-all {g['adverse'] / g['all']:.2f}x")
if "none" in g:
    print(f"ratio governed-none/native {g['none'] / native_s:.1f}x")
PY
