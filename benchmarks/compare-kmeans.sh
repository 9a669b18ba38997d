#!/usr/bin/env bash
# Brisk's k-means beside scikit-learn's (../shared/peers/sklearn_kmeans.py) on the same data, one after
# the other in the same sitting, then the ratios.
#
#   benchmarks/compare-kmeans.sh                     # both cases, threads 1 and 2: ~5-10 minutes
#   CASES="100000 16 8" REPEATS=3 benchmarks/compare-kmeans.sh
#
# For each case "N d k" (default: "1000000 8 5" and "100000 16 8", make_blobs-style with --std 3):
#   1. brisk writes the blobs as CSV (once; kept in benchmarks/results/kmeans-data/, git-ignored);
#   2. the peer runs on that CSV with --input, and --save-init writes the initial centres of its
#      fixed-iteration Lloyd measurement (the first k rows of numpy's default_rng(0).permutation(N));
#   3. brisk times Lloyd from those very centres for exactly ITERS iterations, then full fits
#      (k-means++, tolerance 1e-4) over seeds 0..4, on 1 and 2 threads;
#   4. the table: ms per Lloyd iteration and full-fit seconds with speed-ups (sklearn / brisk), and
#      the median inertias' difference.
# Logs and JSON lines go to benchmarks/results/kmeans-{brisk,sklearn}-<UTC time>.{jsonl,log}. Nothing
# runs in parallel: this machine has 2 cores. Start it only when nothing else is running.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peer=${SKLEARN_PEER:-$root/../shared/peers/sklearn_kmeans.py}
results=$here/results
data=${KMEANS_DATA:-$results/kmeans-data}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
ours_json=$results/kmeans-brisk-$stamp.jsonl
ours_log=$results/kmeans-brisk-$stamp.log
peer_log=$results/kmeans-sklearn-$stamp.log
peer_joined=$results/kmeans-sklearn-$stamp-joined.log
std=${STD:-3}
iters=${ITERS:-50}
repeats=${REPEATS:-5}
seeds=${SEEDS:-5}
threads=${THREADS:-1,2}
mkdir -p "$results" "$data"

if [[ -n "${CASES:-}" ]]; then
  mapfile -t cases <<< "$CASES"
else
  cases=("1000000 8 5" "100000 16 8")
fi

# as compare-sgemm.sh: maven builds the jar (quickly, once compiled) and runs it on the JDK 25 it found
brisk() {
  (cd "$root" && mvn -q -pl benchmarks -am -DskipTests package exec:exec@kmeans -Dkmeans.args="$*")
}

for c in "${cases[@]}"; do
  read -r n d k <<< "$c"
  csv=$data/blobs${n}x${d}k${k}std${std}.csv
  if [[ ! -f $csv ]]; then
    echo "== brisk: generating $csv"
    brisk blobs --n "$n" --d "$d" --k "$k" --std "$std" --seed 0 --out "$csv"
  fi
  init=$data/sk-$(basename "$csv")-init.csv
  echo
  echo "== scikit-learn: $(basename "$csv") k=$k (log: $peer_log)"
  # Unset OpenBLAS's core-type overrides so it picks its kernels for this CPU, as a user's numpy would.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$peer" --input "$csv" --k "$k" \
      --iters "$iters" --repeats "$repeats" --threads "$threads" --save-init "$data/sk" 2>&1 | tee -a "$peer_log"
  echo
  echo "== brisk: $(basename "$csv") k=$k (log: $ours_log)"
  brisk lloyd --input "$csv" --init "$init" --k "$k" --iters "$iters" --repeats "$repeats" \
      --threads "$threads" --json "$ours_json" 2>&1 | tee -a "$ours_log"
  brisk full --input "$csv" --k "$k" --seeds "$seeds" --threads "$threads" --json "$ours_json" 2>&1 | tee -a "$ours_log"
done

# the peer prints one JSON line per run; compare reads the last, so join them into one
/usr/bin/python3 - "$peer_log" > "$peer_joined" <<'PY'
import json, sys
results = []
for line in open(sys.argv[1]):
    if line.startswith("JSON "):
        results += json.loads(line[5:])["results"]
print("JSON " + json.dumps({"results": results}))
PY
echo
brisk compare "$ours_json" "$peer_joined"
