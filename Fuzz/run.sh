#!/usr/bin/env bash
# Fuzzes the file readers with libFuzzer for a fixed time each: .npy (NumPyArray), .safetensors and
# .npz (StateDict), .onnx (ONNXStep). Starts from the seed corpus in Fuzz/Corpus; a crashing input is written to
# Fuzz/Artifacts and the script exits 1 (turn it into a regression test, as Fuzz/Regressions holds).
# Each reader's dictionary (Fuzz/Dictionaries) brings the format's keys and numbers at overflow edges;
# an input that runs over 10 s counts as a crash (a hang).
# Usage: Fuzz/run.sh [SECONDS] [npy safetensors npz onnx]   (default: 60 seconds, all four)
set -euo pipefail
cd "$(dirname "$0")"
bash ../scripts/setup.sh
seconds=${1:-60}
shift || true
readers=("${@:-npy safetensors npz onnx}")
read -r -a readers <<< "${readers[*]}"
mkdir -p Artifacts
status=0
for reader in "${readers[@]}"; do
    swift build -c release -Xswiftc -sanitize=fuzzer --product "fuzz-$reader" >&2
    work=$(mktemp -d)
    cp "Corpus/$reader"/* "$work/"
    echo "fuzzing $reader for $seconds s"
    # libFuzzer handles the crash itself (and saves the input) only without Swift's backtracer.
    if ! SWIFT_BACKTRACE=enable=no ".build/release/fuzz-$reader" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=10 -dict="Dictionaries/$reader.dict" \
        -artifact_prefix="Artifacts/$reader-" -print_final_stats=1 2> "Artifacts/$reader.log"; then
        echo "  CRASH: see Fuzz/Artifacts/$reader-* and Fuzz/Artifacts/$reader.log"
        status=1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "Artifacts/$reader.log" | sed 's/^/  /' || true
    rm -rf "$work"
done
exit $status
