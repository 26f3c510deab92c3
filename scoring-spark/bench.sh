#!/usr/bin/env bash
# Spark scoring throughput vs the in-process batch API in the same run (see SparkThroughput's Javadoc).
# Usage, from the repository root: scoring-spark/bench.sh [runs]   (serialised with other benchmarks by /tmp/jmh.lock)
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor run, so the sibling modules resolve to their target/classes (never mvn install)
mvn -B -q -pl scoring-spark -am test-compile dependency:build-classpath -Dmdep.outputFile=target/spark-cp.txt \
  -Dmdep.includeScope=test >/dev/null
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
uptime
flock /tmp/jmh.lock java -Xmx2g $opens -cp "scoring-spark/target/test-classes:scoring-spark/target/classes:$(cat scoring-spark/target/spark-cp.txt)" \
  dev.scoring.spark.SparkThroughput scoring-benchmarks/src/main/resources/bench/lead_50k.csv.gz \
  scoring-benchmarks/src/main/resources/bench/xgb_100x6.json "${1:-5}"
uptime
