#!/usr/bin/env bash
# Compile-time benchmark of a generated crate: all features, all features plus the typed mock
# server (`mock`), and one tag's feature.
#
# Usage: codegen/generator/benches/compile_time.sh [CRATE] [FEATURE]   (default: intercom tickets)
#
# For each configuration it measures, each in a fresh target directory:
#   cold-all     the crate and every dependency, from nothing (what a user's first build costs)
#   cold-crate   the crate alone, dependencies already built (`cargo clean -p CRATE`, then build)
#   incremental  a rebuild after touching src/lib.rs
# and prints wall time and peak memory (GNU time: Debian package `time`). cold-crate and
# incremental isolate the generated code; cold-all shows what a feature's dependencies add
# (`mock` adds wiremock and its server stack).
set -euo pipefail
cd "$(dirname "$0")/../../.."
crate="${1:-intercom}"
feature="${2:-tickets}"

measure() { # label, cargo args...
    local label="$1"; shift
    local out
    out=$( { /usr/bin/time -f '%e %M' cargo build --quiet --locked "$@" 2>&1 >/dev/null; } 2>&1 | tail -n 1 )
    printf '%-28s %8s s %8s MB\n' "$label" "$(cut -d' ' -f1 <<<"$out")" "$(( $(cut -d' ' -f2 <<<"$out") / 1024 ))"
}

printf 'crate %s, %s, %s core(s)\n' "$crate" "$(rustc --version)" "$(nproc)"
for config in "full" "mock" "$feature"; do
    case "$config" in
        full) args=(-p "$crate") ;;
        mock) args=(-p "$crate" --features mock) ;;
        *) args=(-p "$crate" --no-default-features --features "$config") ;;
    esac
    target="$(mktemp -d)"
    export CARGO_TARGET_DIR="$target"
    measure "$config: cold-all" "${args[@]}"
    cargo clean --quiet -p "$crate"
    measure "$config: cold-crate" "${args[@]}"
    touch "generated/$crate/src/lib.rs"
    measure "$config: incremental" "${args[@]}"
    rm -rf "$target"
done
