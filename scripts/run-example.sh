#!/usr/bin/env bash
# The README's run command: installs missing system libraries, then builds the flagship example in
# release mode and runs it end to end. Extra arguments go to the example (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift run -c release yang2020 "$@"
