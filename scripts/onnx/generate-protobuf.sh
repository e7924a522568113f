#!/usr/bin/env bash
# Regenerates Sources/DynamicsONNX/Protobuf/onnx.pb.swift from scripts/onnx/onnx.proto.
#
# Run it only when onnx.proto changes; the generated file is committed because building the
# protoc-gen-swift plugin takes about ten minutes on a fresh machine, too long for every CI run.
# onnx.proto is the part of the ONNX project's schema (onnx 1.23, IR version 14, Apache-2.0) that the
# reader reads, with the ONNX message and field numbers: a field left out (training info, functions,
# device and sharding configuration, doc strings, metadata, subgraph attributes, non-tensor types) is
# kept by the decoder as an unknown field and ignored, so every ONNX file parses as before. To read a
# new field, add it here with its number from onnx/onnx.proto and run this script.
#
# Needs protoc (Debian's protobuf-compiler, installed when missing) and builds protoc-gen-swift from
# the swift-protobuf version Package.swift names.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="1.39.0"
if ! command -v protoc >/dev/null; then
    sudo_prefix=""; [ "$(id -u)" -ne 0 ] && sudo_prefix="sudo"
    $sudo_prefix apt-get install -y protobuf-compiler
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet --depth 1 --branch "$version" https://github.com/apple/swift-protobuf "$work/swift-protobuf"
(cd "$work/swift-protobuf" && swift build -c release --product protoc-gen-swift)
protoc --plugin="$work/swift-protobuf/.build/release/protoc-gen-swift" \
    --swift_out="$work" --swift_opt=Visibility=Internal -I "$here" onnx.proto
mv "$work/onnx.pb.swift" "$root/Sources/DynamicsONNX/Protobuf/onnx.pb.swift"
echo "wrote Sources/DynamicsONNX/Protobuf/onnx.pb.swift"
