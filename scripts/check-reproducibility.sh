#!/usr/bin/env bash
# Runs `yang2020 --seed S` under each OpenBLAS kernel family (Haswell, SkylakeX, Zen, Prescott — the
# SSE3 family OpenBLAS falls back to on CPUs it does not know — and the default, which the library
# picks from the CPU's features in that case) and with 1 and 2 threads, and compares the report.json files, timings aside: which keys are
# identical to the last bit, and the largest relative difference of those that are not.
# Usage: scripts/check-reproducibility.sh [SEED ...]   (default: 0)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product yang2020 >&2
bin="$(swift build -c release --show-bin-path)/yang2020"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
seeds=("${@:-0}")
for seed in "${seeds[@]}"; do
    runs=()
    for family in default Haswell SkylakeX Zen Prescott; do
        for threads in 1 2; do
            name="$family-$threads"
            if [ "$family" = default ]; then
                OPENBLAS_NUM_THREADS=$threads "$bin" --seed "$seed" --output "$scratch/$seed-$name" --quiet >/dev/null
            else
                OPENBLAS_CORETYPE=$family OPENBLAS_NUM_THREADS=$threads "$bin" --seed "$seed" --output "$scratch/$seed-$name" --quiet >/dev/null
            fi
            runs+=("$scratch/$seed-$name/report.json")
        done
    done
    echo "seed $seed:"
    python3 scripts/compare-reports.py "${runs[@]}"
done
