#!/bin/bash
# The default and inline schedulings of bin/techempower's jar, and Vert.x, one rep each per round,
# alternating, through ../shared/bench as it is (one core each for server and wrk, the harness's JVM
# flags). Then per-server-core medians: per-core-medians.py RESULTS TAG.
# Usage: ROUNDS=5 CONNS=256 TAG=x alternate-schedulings.sh /path/to/shared/bench /path/to/techempower.jar
set -u
BENCH=$1; JAR=$2; TAG=${TAG:-run}; OUT=${OUT:-$BENCH/results}
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BASE="$J -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -jar $JAR"
cd "$BENCH"
for r in $(seq 1 "${ROUNDS:-5}"); do
  common=(CONNS="${CONNS:-256}" REPS=1 DURATION=8 WARMUP=5 H2=0)
  env "${common[@]}" OUT="$OUT/$TAG-$r-default" CANDIDATE_NAME=windhover CANDIDATE_CMD="$BASE" ./run.sh windhover > /dev/null 2>&1
  env "${common[@]}" OUT="$OUT/$TAG-$r-inline" CANDIDATE_NAME=inline CANDIDATE_CMD="$BASE --scheduling inline" ./run.sh inline > /dev/null 2>&1
  env "${common[@]}" OUT="$OUT/$TAG-$r-vertx" ./run.sh vertx > /dev/null 2>&1
done
