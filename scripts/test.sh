#!/usr/bin/env bash
# The README's test command: installs missing system libraries, builds and runs every test, then
# type-checks every Swift snippet of README.md and Docs/ against the build and runs the ones whose printed
# output the documents state (scripts/check-doc-snippets.sh).
# Extra arguments go to `swift test` (e.g. --filter DualTests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# XCTest only: the suite has no Swift Testing tests, and its empty summary would be the last line.
swift test --disable-swift-testing "$@"
bash scripts/check-doc-snippets.sh
