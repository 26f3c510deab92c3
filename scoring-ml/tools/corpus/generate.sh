#!/usr/bin/env bash
# Regenerates scoring-ml's format-variant corpus (src/test/resources/dev/scoring/ml/trees/corpus) with
# older library versions, each in its own JVM. Needs Java 17 and Maven; fetches the libraries into
# ~/.m2 with `mvn dependency:get` (release artifacts only). See README.md in the corpus folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../src/test/resources/dev/scoring/ml/trees/corpus}"
R="${M2_REPO:-$HOME/.m2/repository}"
get() { mvn -B -q dependency:get -Dartifact="$1" >/dev/null; }
for a in ml.dmlc:xgboost4j_2.12:1.7.6 ml.dmlc:xgboost4j_2.12:2.0.3 ml.dmlc:xgboost4j_2.12:3.4.0 \
    io.github.metarank:lightgbm4j:3.3.2-4 io.github.metarank:lightgbm4j:4.3.0-1 \
    commons-logging:commons-logging:1.2 org.scala-lang:scala-library:2.12.18 com.esotericsoftware:kryo:4.0.2; do
  get "$a"
done
compile="$R/commons-logging/commons-logging/1.2/commons-logging-1.2.jar:$R/org/scala-lang/scala-library/2.12.18/scala-library-2.12.18.jar:$R/com/esotericsoftware/kryo/4.0.2/kryo-4.0.2.jar"
xgb() { echo "$R/ml/dmlc/xgboost4j_2.12/$1/xgboost4j_2.12-$1.jar"; }
lgb() { echo "$R/io/github/metarank/lightgbm4j/$1/lightgbm4j-$1.jar"; }
# the generator compiles against both wrappers; only the one it runs is loaded. Each JVM gets its own
# java.io.tmpdir: lightgbm4j extracts lib_lightgbm.so there by a fixed name, and another version's
# library already in /tmp would be loaded instead (or overwritten under a running process).
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for v in 1.7.6 2.0.3; do
  mkdir -p "$scratch/$v"
  java -Djava.io.tmpdir="$scratch/$v" -cp "$(xgb $v):$(lgb 4.3.0-1):$compile" "$here/GenerateCorpus.java" xgboost "$v" "$out"
done
mkdir -p "$scratch/lgb"
java -Djava.io.tmpdir="$scratch/lgb" -cp "$(lgb 3.3.2-4):$(xgb 3.4.0):$compile" "$here/GenerateCorpus.java" lightgbm 3.3.2 "$out"
