#!/usr/bin/env bash
# Runs the JMH benchmarks and summarises them into a Markdown table.
#   scoring-benchmarks/bench.sh smoke [REGEX]  every benchmark once, minimal settings (CI: proves they run and peers
#                                              agree; fails on the first failing benchmark; its figures mean nothing)
#   scoring-benchmarks/bench.sh short [REGEX]  the default profile, about 10-12 minutes on 2 cores
#   scoring-benchmarks/bench.sh long  [REGEX]  more forks and iterations, for figures to publish
# Results: scoring-benchmarks/target/results-PROFILE.json and .md (copy the table into RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-short}
regex=${2:-.}
jar=scoring-benchmarks/target/benchmarks.jar
# builds the jar when it is missing, or always with BENCH_BUILD=1 (.ci/run's `mvn verify` has just built it)
if [ ! -f "$jar" ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  mvn -B -q package -DskipTests -pl scoring-benchmarks -am
fi
case "$profile" in
  smoke) opts=(-f 1 -wi 0 -i 1 -r 100ms -foe true) ;;
  short) opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc -foe true) ;;
  long)  opts=(-f 3 -wi 5 -w 2s -i 10 -r 2s -prof gc -foe true) ;;
  *) echo "profile must be smoke, short or long" >&2; exit 2 ;;
esac
# JMH refuses to start while another JMH run holds /tmp/jmh.lock. The smoke run ignores the lock
# (it times nothing); for timed profiles JMH_IGNORE_LOCK=1 overrides it (figures then share the CPUs).
jvm=()
if [ "$profile" = smoke ] || [ "${JMH_IGNORE_LOCK:-0}" = 1 ]; then
  jvm=(-Djmh.ignoreLock=true)
fi
out=scoring-benchmarks/target/results-$profile
java ${jvm[@]+"${jvm[@]}"} -jar "$jar" "$regex" "${opts[@]}" -rf json -rff "$out.json"
java -cp "$jar" dev.scoring.benchmarks.Summarize "$out.json" | tee "$out.md"
