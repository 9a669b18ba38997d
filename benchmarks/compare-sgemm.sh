#!/usr/bin/env bash
# Brisk's sgemm sweep, then the numpy peer's on the same shapes, one after the other in the same
# sitting, then the ratio brisk/numpy of median GFLOP/s per shape and thread count.
#
#   benchmarks/compare-sgemm.sh                                 # full sweep: ~4 min brisk + ~1-2 min numpy
#   benchmarks/compare-sgemm.sh --threads 1 --shapes B32_fwd1   # any `Report sgemm` options
#   NUMPY_ONLY='B32 fwd1' benchmarks/compare-sgemm.sh ...       # restrict the peer too (its --only regex)
#
# Outputs go to benchmarks/results/sgemm-{brisk,numpy}-<UTC time>.{jsonl,log}. The two runs are
# sequential on purpose: this machine has 2 cores, and two benchmarks at once ruin both. Start it
# only when nothing else (builds, tests, other benchmarks) is running.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
peer=${NUMPY_PEER:-$root/../shared/peers/numpy_sgemm.py}
results=$here/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
ours_json=$results/sgemm-brisk-$stamp.jsonl
ours_log=$results/sgemm-brisk-$stamp.log
peer_log=$results/sgemm-numpy-$stamp.log
mkdir -p "$results"

# The peer gets the same thread counts as we do.
threads=1,2
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --threads|-threads) threads=${args[i+1]:-$threads} ;;
  esac
done

report() {
  (cd "$root" && mvn -q -pl benchmarks -am -DskipTests package exec:exec@report \
      -Dreport.args="$*")
}

echo "== brisk: Report sgemm $* (log: $ours_log)"
report sgemm --json "$ours_json" "$@" 2>&1 | tee "$ours_log"

echo
echo "== numpy peer: $peer --threads $threads ${NUMPY_ONLY:+--only '$NUMPY_ONLY'} (log: $peer_log)"
only=()
if [[ -n "${NUMPY_ONLY:-}" ]]; then only=(--only "$NUMPY_ONLY"); fi
# Unset OpenBLAS's core-type overrides so it picks its kernels for this CPU, as a user's numpy would.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$peer" --lib numpy --threads "$threads" "${only[@]}" \
  2>&1 | tee "$peer_log"

echo
report compare "$ours_json" "$peer_log"
