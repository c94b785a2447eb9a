#!/usr/bin/env bash
# Compile-time benchmark of a generated crate: all features vs. one tag's feature.
#
# Usage: codegen/generator/benches/compile_time.sh [CRATE] [FEATURE]   (default: intercom tickets)
#
# For each configuration it measures, in a fresh target directory:
#   cold-crate   the crate alone, dependencies already built (`cargo clean -p CRATE`, then build)
#   incremental  a rebuild after touching src/lib.rs
# and prints wall time and peak memory (GNU time: Debian package `time`). Dependencies are built first
# and not counted, so the numbers isolate the generated code.
set -euo pipefail
cd "$(dirname "$0")/../../.."
crate="${1:-intercom}"
feature="${2:-tickets}"
target="$(mktemp -d)"
trap 'rm -rf "$target"' EXIT
export CARGO_TARGET_DIR="$target"

measure() { # label, cargo args...
    local label="$1"; shift
    local out
    out=$( { /usr/bin/time -f '%e %M' cargo build --quiet "$@" 2>&1 >/dev/null; } 2>&1 | tail -n 1 )
    printf '%-28s %8s s %8s MB\n' "$label" "$(cut -d' ' -f1 <<<"$out")" "$(( $(cut -d' ' -f2 <<<"$out") / 1024 ))"
}

printf 'crate %s, %s, %s core(s)\n' "$crate" "$(rustc --version)" "$(nproc)"
for config in "full" "$feature"; do
    if [ "$config" = full ]; then args=(-p "$crate"); else args=(-p "$crate" --no-default-features --features "$config"); fi
    cargo build --quiet "${args[@]}" >/dev/null 2>&1   # dependencies (not measured)
    cargo clean --quiet -p "$crate"
    measure "$config: cold-crate" "${args[@]}"
    touch "generated/$crate/src/lib.rs"
    measure "$config: incremental" "${args[@]}"
done
