#!/bin/sh
# Builds the native reference (gcc -O3 -march=native, not part of the Maven build) and times it on
# the bench models and the first 1,024 holdout rows of lead_50k.csv.gz (rows 40000..).
# Usage: scoring-benchmarks/native/run.sh [REPEATS]   (run it under flock /tmp/jmh.lock on a shared machine)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bench="$here/../src/main/resources/bench"
out="${TMPDIR:-/tmp}/scoring-native"
mkdir -p "$out"
gcc -O3 -march=native -std=c11 -Wall -Wextra -o "$out/trees" "$here/trees.c" -lm
# the holdout rows: skip the header and the 40,000 training rows, keep 1,024
gzip -dc "$bench/lead_50k.csv.gz" | tail -n +40002 | head -n 1024 > "$out/rows.csv"
gcc --version | head -n 1
uptime
for model in xgb_100x6.json xgb_500x8.json; do
  "$out/trees" "$bench/$model" "$out/rows.csv" "${1:-21}"
done
