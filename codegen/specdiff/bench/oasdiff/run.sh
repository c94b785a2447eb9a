#!/bin/sh
# Runs the oasdiff agreement benchmark (see README.md next to this script).
# usage: run.sh OASDIFF_DIR [--markdown] [--skipped]
# OASDIFF_DIR is an oasdiff checkout (or the environment variable OASDIFF_DIR).
set -eu
dir="${1:-${OASDIFF_DIR:-}}"
if [ -z "$dir" ]; then
    echo "usage: $0 OASDIFF_DIR [--markdown] [--skipped]" >&2
    exit 2
fi
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/../../../.."
exec cargo run --quiet --release -p specdiff --example oasdiff_bench -- "$dir" "$@"
