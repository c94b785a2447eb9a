#!/usr/bin/env bash
# Benchmark (issue #9): generation time per 1,000 generated lines, for synthetic specs of growing
# size (N schemas with an inline enum each, and one operation per 10 schemas). Generation should
# be near-linear: the ms per 1,000 lines should stay flat (within ~15%) from a few thousand to
# 60k+ lines. Not a test: run it by hand, on an idle machine, and compare the last column.
#
#   bash codegen/generator/benches/time-per-lines.sh [SIZES...]     (default: 100 300 1000 2000 5000)
set -euo pipefail
cd "$(dirname "$0")/../../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 300 1000 2000 5000)
cargo build --release -p xtask --quiet
xtask="${CARGO_TARGET_DIR:-target}/release/xtask"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%8s %10s %10s %14s\n' schemas lines seconds "ms/1k lines"
for n in "${sizes[@]}"; do
    spec="$work/spec-$n.yaml"
    {
        printf "openapi: 3.0.3\ninfo: {title: bench, version: '1'}\nservers: [{url: 'https://example.invalid'}]\npaths:\n"
        for ((i = 0; i < n; i += 10)); do
            printf "  /s%d/{id}:\n    get:\n      operationId: getS%d\n" "$i" "$i"
            printf "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
            printf "      responses: {'200': {description: ok, content: {application/json: {schema: {\$ref: '#/components/schemas/S%d'}}}}}\n" "$i"
        done
        printf "components:\n  schemas:\n"
        for ((i = 0; i < n; i++)); do
            printf "    S%d:\n      type: object\n      required: [id]\n      properties:\n" "$i"
            printf "        id: {type: integer}\n        name: {type: string, description: The name.}\n"
            printf "        state: {type: string, enum: [open, closed, pending_%d]}\n" "$i"
        done
    } >"$spec"
    start=$(date +%s.%N)
    out=$("$xtask" generate --spec "$spec" --out "$work/out-$n" --crate-name "bench-$n")
    end=$(date +%s.%N)
    lines=$(sed -E 's/.* ([0-9]+) lines.*/\1/' <<<"$out")
    awk -v n="$n" -v l="$lines" -v s="$start" -v e="$end" \
        'BEGIN { printf "%8d %10d %10.2f %14.1f\n", n, l, e - s, (e - s) * 1000000 / l }'
done
