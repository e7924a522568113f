#!/usr/bin/env bash
# Runs sharded analyses on a real Slurm: a one-node cluster on this machine (munged, slurmctld and
# slurmd started here and stopped at the end, only those this script started), a job array of shards
# and a dependent merge for (1) the Yang 2020 network's 2200 recorded states over 8 shards and (2) the
# basins of a Keras-style GRU read from ONNX (three stable fixed points; the Yang 2020 network has none)
# on a 24 × 24 × 24 box over three principal components, in 16 shards, and (3) a sweep of 20 models (that GRU at 20 inputs) over 4
# shards; each merged report must equal a single-machine run (report.json outside timings, the arrays
# and the sweep's summary byte for byte).
#
# Installs Debian's slurm-wlm and munge when missing (needs root or sudo). Usage:
#   scripts/slurm-test.sh            # builds dynamics and yang2020 in release first
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
sudo_prefix=""
[ "$(id -u)" -ne 0 ] && sudo_prefix="sudo"
bash scripts/setup.sh
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    echo "slurm-test: installing slurm-wlm and munge"
    $sudo_prefix apt-get install -y slurm-wlm munge >/dev/null
fi
swift build -c release --product dynamics >&2
swift build -c release --product yang2020 >&2
dynamics="$root/.build/release/dynamics"

work="$(mktemp -d /tmp/slurm-test.XXXXXX)"
chmod 755 "$work"
started=()
stop() {
    local status=$?
    if [ "$status" -ne 0 ] && [ -d "$work" ]; then
        echo "slurm-test: failed; the jobs' output and the daemons' logs:" >&2
        tail -n 20 "$work"/slurm-*.out "$work"/slurmctld.log "$work"/slurmd.log 2>/dev/null >&2 || true
    fi
    # Only the daemons this script started, newest first; then its files.
    for (( i=${#started[@]}-1; i>=0; i-- )); do
        $sudo_prefix kill "${started[i]}" 2>/dev/null || true
    done
    for pid in "${started[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$work"
}
trap stop EXIT

# munge: authentication between the Slurm daemons and commands. Reuse a running munged.
if ! pgrep -x munged >/dev/null; then
    [ -f /etc/munge/munge.key ] || $sudo_prefix mungekey --create
    $sudo_prefix mkdir -p /run/munge /var/log/munge /var/lib/munge
    $sudo_prefix chown munge:munge /run/munge /var/log/munge /var/lib/munge
    mkdir -p "$work/munge"
    $sudo_prefix chown munge:munge "$work/munge"
    $sudo_prefix runuser -u munge -- /usr/sbin/munged --pid-file="$work/munge/munged.pid"
    for _ in $(seq 50); do [ -s "$work/munge/munged.pid" ] && break; sleep 0.1; done
    [ -s "$work/munge/munged.pid" ] || { echo "slurm-test: munged did not start; see /var/log/munge/munged.log" >&2; exit 1; }
    started+=("$(cat "$work/munge/munged.pid")")
fi

# A one-node cluster whose state lives in $work, on ports other clusters do not use.
node="$(hostname -s)"
cpus="$(nproc)"
memory=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) / 2 ))
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=dynamics-test
SlurmctldHost=$node
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
for daemon in slurmctld slurmd; do
    if [ "$daemon" = slurmctld ]; then $sudo_prefix /usr/sbin/slurmctld -f "$SLURM_CONF" -i; else $sudo_prefix /usr/sbin/slurmd -f "$SLURM_CONF"; fi
    for _ in $(seq 100); do [ -s "$work/$daemon.pid" ] && break; sleep 0.1; done
    [ -s "$work/$daemon.pid" ] || { echo "slurm-test: $daemon did not start; its log:" >&2; cat "$work/$daemon.log" >&2 || true; exit 1; }
    started+=("$(cat "$work/$daemon.pid")")
done
for _ in $(seq 100); do
    state="$(sinfo -h -o %T 2>/dev/null || true)"
    [ "$state" = "idle" ] && break
    sleep 0.2
done
[ "$state" = "idle" ] || { echo "slurm-test: the node did not come up ($state); see $work/slurmd.log" >&2; cat "$work/slurmctld.log" "$work/slurmd.log" >&2; exit 1; }
echo "slurm-test: one-node cluster up ($node, $cpus CPUs)"

# The network: Yang 2020 trained here, in PyTorch's layout, and its 2200 recorded states.
"$root/.build/release/yang2020" --output "$work/yang2020" --quiet >/dev/null
options=(--cell rnn-relu --weights "$work/yang2020/network/pytorch" --input 1,0.5,0.5 --candidates "$work/yang2020/activity.npy")

check() {  # check NAME SINGLE MERGED FILES...: report.json equal outside timings, the files byte for byte
    local name=$1 single=$2 merged=$3
    shift 3
    python3 - "$single/report.json" "$merged/report.json" <<'PY'
import json, sys
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if "seconds" not in k.lower() and k != "timings"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
a, b = (strip(json.load(open(p))) for p in sys.argv[1:])
if a != b:
    sys.exit("report.json differs outside timings")
PY
    for file in "$@"; do
        [ -f "$single/$file" ] || { echo "slurm-test: $name: the single run wrote no $file" >&2; exit 1; }
        cmp -s "$single/$file" "$merged/$file" || { echo "slurm-test: $name: $file differs" >&2; exit 1; }
    done
    echo "slurm-test: $name: merged report == single run ($*)"
}

basin_options=(--onnx "$root/Tests/DynamicsONNXTests/Fixtures/families/keras-style-gru.onnx" --input 0.4 --samples 400 --basins 24 --basin-dimensions 3)

{
    echo "name,onnx,input"
    for k in $(seq 0 19); do echo "input-$k,$root/Tests/DynamicsONNXTests/Fixtures/families/keras-style-gru.onnx,$(awk "BEGIN {print $k / 20}")"; done
} > "$work/sweep.csv"
sweep_options=("$work/sweep.csv" --samples 200)

for job in "analyze 8" "basins 16" "sweep 4"; do
    read -r command shards <<< "$job"
    case "$command" in
        analyze) arguments=("${options[@]}") ;;
        basins) arguments=("${basin_options[@]}") ;;
        sweep) arguments=("${sweep_options[@]}") ;;
    esac
    (cd "$work" && WAIT=1 DYNAMICS="$dynamics" "$root/Examples/Cluster/submit.sh" "$shards" "$work/parts-$command" "$work/merged-$command" "$command" -- \
        "${arguments[@]}")
    "$dynamics" "$command" "${arguments[@]}" --output "$work/single-$command" --quiet >/dev/null
    parts=$(ls -d "$work/parts-$command"/part-* | wc -l)
    [ "$parts" = "$shards" ] || { echo "slurm-test: $command: $parts parts, expected $shards" >&2; exit 1; }
    case "$command" in
        analyze) check "analyze, $shards shards" "$work/single-$command" "$work/merged-$command" fixed-points.npy slow-points.npy candidates.npy ;;
        basins) check "basins, $shards shards" "$work/single-$command" "$work/merged-$command" basin-labels.npy basins.json fixed-points.npy ;;
        sweep)
            for file in summary.csv summary.json summary.html; do
                cmp -s "$work/single-sweep/$file" "$work/merged-sweep/$file" || { echo "slurm-test: sweep: $file differs" >&2; exit 1; }
            done
            for k in $(seq 0 19); do
                check "sweep model input-$k" "$work/single-sweep/models/input-$k" "$work/merged-sweep/models/input-$k" fixed-points.npy >/dev/null
            done
            echo "slurm-test: sweep of 20 models, $shards shards: merged summary and reports == single run" ;;
    esac
done
echo "slurm-test: passed"
