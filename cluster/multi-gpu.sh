#!/usr/bin/env bash
# A SmoothKD suite on the GPUs of one machine: one worker per GPU, worker i sees only GPU i
# (CUDA_VISIBLE_DEVICES=i) and runs `smoothkd --backend cuda run SUITE --shard i/N --resume`; when all have ended it
# exits non-zero if any failed, else writes the report.
#   cluster/multi-gpu.sh SUITE --gpus N [run args: --quick --config F.yaml --out DIR --seeds S ...]
# Environment: SMOOTHKD_BACKEND (default cuda; cpu runs N CPU workers, e.g. to try the script without a GPU),
# GPU_IDS (default 0..N-1, e.g. "2,3,5,7"), LOGS (default DIR/logs): worker i writes LOGS/worker-i.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { echo "usage: $0 SUITE --gpus N [smoothkd run args]" >&2; exit 2; }
[ $# -ge 1 ] || usage
suite="$1"; shift
gpus=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gpus) [ $# -ge 2 ] || usage; gpus="$2"; shift 2 ;;
    --gpus=*) gpus="${1#--gpus=}"; shift ;;
    --shard|--shard=*) echo "multi-gpu.sh: --shard is set per worker; do not pass it" >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ "$gpus" =~ ^[1-9][0-9]*$ ]] || { echo "multi-gpu.sh: --gpus N (a number >= 1) is required" >&2; exit 2; }
backend="${SMOOTHKD_BACKEND:-cuda}"
IFS=',' read -r -a ids <<<"${GPU_IDS:-$(seq -s, 0 $((gpus - 1)))}"
[ "${#ids[@]}" -ge "$gpus" ] || { echo "multi-gpu.sh: GPU_IDS names ${#ids[@]} GPUs, --gpus $gpus" >&2; exit 2; }

. "$root/cluster/args.sh"
out="$(out_of_args "${args[@]}")"
quick=""
for a in "${args[@]}"; do [ "$a" = --quick ] && quick="-quick"; done
if [ -z "$out" ]; then out="results/$suite$quick"; args+=(--out "$out"); fi
logs="${LOGS:-$out/logs}"
mkdir -p "$logs"

# Build once, before the workers start (they must not build concurrently).
"$root/smoothkd" --version >/dev/null
export SMOOTHKD_NO_BUILD=1 OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap 'cleanup; exit 130' INT TERM
for ((i = 0; i < gpus; i++)); do
  CUDA_VISIBLE_DEVICES="${ids[i]}" "$root/smoothkd" --backend "$backend" run "$suite" "${args[@]}" \
    --shard "$i/$gpus" --resume >"$logs/worker-$i.log" 2>&1 &
  pids+=($!)
  echo "multi-gpu.sh: worker $i (GPU ${ids[i]}, pid $!): --shard $i/$gpus, log $logs/worker-$i.log" >&2
done
failed=0
for ((i = 0; i < gpus; i++)); do
  if wait "${pids[i]}"; then
    echo "multi-gpu.sh: worker $i finished" >&2
  else
    rc=$?
    echo "multi-gpu.sh: worker $i (GPU ${ids[i]}) failed with exit code $rc: $(tail -n 1 "$logs/worker-$i.log")" >&2
    failed=$((failed + 1))
  fi
done
trap - INT TERM
if [ "$failed" -gt 0 ]; then
  echo "multi-gpu.sh: $failed of $gpus workers failed; fix and re-run the same command (finished cells are kept)" >&2
  exit 1
fi
exec "$root/smoothkd" --backend cpu report "$out"
