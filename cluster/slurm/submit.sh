#!/usr/bin/env bash
# Submits a SmoothKD sweep to Slurm: a job array of N shards, then the report job once every shard succeeded.
#   cluster/slurm/submit.sh SUITE N [run args, e.g. --quick --config F.yaml --out DIR --seeds 3]
# Prints "array=<job id> report=<job id>". Re-running it (or re-submitting one index) never redoes finished cells:
# every task passes --resume. Settings: edit the block below or set them in the environment.
set -euo pipefail

# ---- what you set -------------------------------------------------------------------------------------------
PARTITION="${PARTITION:-}"                # e.g. cpu, gpu (empty: the cluster's default partition)
ACCOUNT="${ACCOUNT:-}"                    # e.g. my-lab (empty: your default account)
GPU="${GPU:-0}"                           # 1: one GPU per task (smoothkd-array-gpu.sbatch, needs a -Pcuda build)
MAX_PARALLEL="${MAX_PARALLEL:-}"          # at most this many tasks at once (--array=0-(N-1)%M); empty: no cap
SMOOTHKD_HOME="${SMOOTHKD_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"  # the checkout (shared)
RESULTS="${RESULTS:-$SMOOTHKD_HOME/results}"   # default parent of --out (shared storage)
LOGS="${LOGS:-$SMOOTHKD_HOME/logs}"           # Slurm logs: LOGS/smoothkd-<array>_<index>.out
SBATCH_EXTRA="${SBATCH_EXTRA:-}"              # more sbatch options for every job, e.g. "--qos=normal --time=4:00:00"
# ------------------------------------------------------------------------------------------------------------

usage() { echo "usage: $0 SUITE N [smoothkd run args]   (N = number of shards / array tasks)" >&2; exit 2; }
[ $# -ge 2 ] || usage
suite="$1"; n="$2"; shift 2
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: N must be a number >= 1, got '$n'" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "submit.sh: sbatch not found (is this a Slurm login node?)" >&2; exit 2; }

# The output folder: the user's --out, else RESULTS/SUITE; made absolute so every node and the report agree.
args=("$@")
. "$SMOOTHKD_HOME/cluster/args.sh"
out="$(out_of_args "${args[@]}")"
if [ -z "$out" ]; then
  out="$RESULTS/$suite"
  args+=(--out "$out")
fi
case "$out" in /*) ;; *) echo "submit.sh: --out must be an absolute path on shared storage, got '$out'" >&2; exit 2 ;; esac
mkdir -p "$out" "$LOGS"

# Build once here (login node), never concurrently in the tasks.
"$SMOOTHKD_HOME/smoothkd" --version >/dev/null

common=(--parsable --chdir="$SMOOTHKD_HOME" --export="ALL,SMOOTHKD_HOME=$SMOOTHKD_HOME,SMOOTHKD_SHARDS=$n")
[ -n "$PARTITION" ] && common+=(--partition="$PARTITION")
[ -n "$ACCOUNT" ] && common+=(--account="$ACCOUNT")
# shellcheck disable=SC2206
[ -n "$SBATCH_EXTRA" ] && common+=($SBATCH_EXTRA)

array="0-$((n - 1))${MAX_PARALLEL:+%$MAX_PARALLEL}"
if [ "$GPU" = 1 ]; then
  script="$SMOOTHKD_HOME/cluster/slurm/smoothkd-array-gpu.sbatch"; log="$LOGS/smoothkd-gpu-%A_%a.out"
else
  script="$SMOOTHKD_HOME/cluster/slurm/smoothkd-array.sbatch"; log="$LOGS/smoothkd-%A_%a.out"
fi
array_id="$(sbatch "${common[@]}" --array="$array" --output="$log" "$script" "$suite" "${args[@]}")"
array_id="${array_id%%;*}"
report_id="$(sbatch "${common[@]}" --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --output="$LOGS/smoothkd-report-%j.out" "$SMOOTHKD_HOME/cluster/slurm/smoothkd-report.sbatch" "$out")"
report_id="${report_id%%;*}"
echo "array=$array_id report=$report_id"
echo "submit.sh: $n tasks of '$suite' -> $out; logs in $LOGS; watch with: squeue -j $array_id,$report_id" >&2
