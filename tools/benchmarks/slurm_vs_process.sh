#!/usr/bin/env bash
# Throughput of N small studies through the one-node Slurm (`radstation slurm submit`, one array task per
# study, then the merge job) against `radstation process --jobs 2` on the same machine, alternating run by run.
#
#   bash tools/slurm/local-cluster.sh start
#   swift build -c release --product radstation      # in the repository root
#   bash tools/benchmarks/slurm_vs_process.sh [--studies 100] [--runs 5] [--radstation .build/release/radstation]
#
# Studies: tools/fixtures/make_ingest_fixtures.py (4 slices of 20×24 each), pipeline with `features: false` (as
# IngestBenchmark: tiny studies have no tumour mask). Slurm: --cpus-per-task 1 on a 2-CPU node, so two tasks run
# at once, like --jobs 2. Timed from the command's start until `submission.json` records the merge (Slurm) or
# the command exits (process); both end with the cohort rebuild. Checks every study is published exactly once.
# Prints each run, the medians, and the per-task overhead: (Slurm wall − process wall) × 2 / N.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
studies=100 runs=5 radstation="$root/.build/release/radstation" work="/var/tmp/radstation-slurm-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --studies) studies="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --radstation) radstation="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--studies N] [--runs R] [--radstation PATH] [--work DIR]" >&2; exit 64 ;;
  esac
done
[ -x "$radstation" ] || { echo "no radstation at $radstation (swift build -c release --product radstation)" >&2; exit 1; }
bash "$root/tools/slurm/local-cluster.sh" status >/dev/null || { echo "Slurm is not running: bash tools/slurm/local-cluster.sh start" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work"
python3 "$root/tools/fixtures/make_ingest_fixtures.py" --count "$studies" --out "$work/in"
printf 'features: false\n' > "$work/pipeline.yaml"

now() { date +%s.%N; }
published() { find "$1" -maxdepth 1 -name 'st-*' -type d | wc -l; }

run_process() {
  rm -rf "$work/out-process"
  local start; start="$(now)"
  "$radstation" process "$work/in" --out "$work/out-process" --config "$work/pipeline.yaml" --jobs 2 --quiet
  echo "$(now) - $start" | bc
}

run_slurm() {
  rm -rf "$work/out-slurm"
  local start; start="$(now)"
  "$radstation" slurm submit "$work/in" --out "$work/out-slurm" --config "$work/pipeline.yaml" --cpus-per-task 1 --mem 1G >/dev/null
  local record; record="$(ls -d "$work"/out-slurm/.radstation/slurm/sub-*)/submission.json"
  until grep -q '"merged"' "$record"; do sleep 0.05; done
  echo "$(now) - $start" | bc
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/process.txt"; : > "$work/slurm.txt"; : > "$work/task.txt"
for n in $(seq "$runs"); do
  if [ $((n % 2)) -eq 1 ]; then order="process slurm"; else order="slurm process"; fi
  for kind in $order; do
    seconds="$(run_$kind)"
    count="$(published "$work/out-$kind")"
    [ "$count" -eq "$studies" ] || { echo "run $n $kind: $count of $studies published" >&2; exit 1; }
    echo "$seconds" >> "$work/$kind.txt"
    printf 'run %d  %-7s  %6.2f s  %6.1f studies/s\n' "$n" "$kind" "$seconds" "$(echo "$studies / $seconds" | bc -l)"
  done
  # Each task's own time (its TaskResult: reading the list, the isolated process-study child, the result).
  python3 - "$work/out-slurm" >> "$work/task.txt" <<'EOF'
import glob, json, statistics, sys
results = [json.load(open(p)) for p in glob.glob(sys.argv[1] + "/.radstation/slurm/*/tasks/*.json")]
assert len({r["studyKey"] for r in results}) == len(results), "a study ran twice"
print(statistics.median(r["seconds"] for r in results))
EOF
done
p="$(median < "$work/process.txt")"; s="$(median < "$work/slurm.txt")"; t="$(median < "$work/task.txt")"
echo
printf 'medians of %d runs, %d studies:\n' "$runs" "$studies"
printf '  process --jobs 2   %6.2f s  %6.1f studies/s\n' "$p" "$(echo "$studies / $p" | bc -l)"
printf '  slurm submit       %6.2f s  %6.1f studies/s  (%.2fx the wall time)\n' "$s" "$(echo "$studies / $s" | bc -l)" "$(echo "$s / $p" | bc -l)"
printf '  per-task overhead  %6.2f s  ((slurm - process) x 2 / N); a task'"'"'s own time %.2f s (median)\n' \
  "$(echo "($s - $p) * 2 / $studies" | bc -l)" "$t"
