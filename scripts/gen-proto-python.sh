#!/usr/bin/env bash
# Generates the Python SDK's gRPC stubs (sdk-python/a3s_box/_proto/) from proto/agent.proto
# with Debian's protoc and grpc_python_plugin (apt: protobuf-compiler protobuf-compiler-grpc).
# The stubs are committed so that the package installs without protoc; test/python-sdk.test.ts
# checks that they match a fresh run. Usage: scripts/gen-proto-python.sh [outDir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/sdk-python}"
mkdir -p "$out/a3s_box/_proto"
# The virtual path makes the stubs import each other as a3s_box._proto.agent_pb2.
protoc "-Ia3s_box/_proto=$root/proto" --python_out="$out" --grpc_python_out="$out" \
  "--plugin=protoc-gen-grpc_python=$(command -v grpc_python_plugin)" "$root/proto/agent.proto"
