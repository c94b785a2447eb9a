#!/usr/bin/env bash
# Regeneration benchmark: warm `xtask regenerate` of every vendored provider, release build.
#
# Usage: codegen/generator/benches/regenerate.sh [RUNS]   (default 5)
# Prints the per-provider lines of the last run and the total time of every run
# (each run generates all crates in memory and writes only changed files).
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs="${1:-5}"
cargo build --quiet --release -p xtask
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
for run in $(seq "$runs"); do
    output="$("$target/release/xtask" regenerate)"
    echo "run $run: $(tail -n 1 <<<"$output")"
done
head -n -1 <<<"$output"
