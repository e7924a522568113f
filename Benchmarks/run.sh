#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs them single-threaded (OPENBLAS_NUM_THREADS=1) with the
# malloc interposer preloaded, so that allocation counts are real. Arguments name benchmarks to run.
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh
swift build -c release --product dynamics-benchmarks >&2
bin=$(swift build -c release --show-bin-path)
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
LD_PRELOAD="$bin/libMallocInterposerSwift.so" "$bin/dynamics-benchmarks" "$@"
