#!/usr/bin/env bash
# One load run of a techempower jar on loopback, for comparing two builds of Windhover by
# alternating them: the server pinned to CPU 0, wrk pinned to CPU 1 (as ../shared/bench does), an
# 8 s warm-up, then a 10 s run. Prints requests/s and the server's context switches per request
# (all its threads, voluntary and involuntary, from /proc), which is what a scheduling change moves.
#
#   windhover-benchmarks/wrk/loopback-run.sh JAR [inline|virtual-thread] [/plaintext|/json] [DEPTH]
#
# DEPTH is wrk's pipelining depth through pipeline.lua beside this script (1 = none). Needs wrk, taskset
# and a JDK 25 (bin/find-jdk). Loopback only; bounded by the two wrk runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jar=${1:?usage: loopback-run.sh JAR [scheduling] [path] [depth]}
scheduling=${2:-virtual-thread}
path=${3:-/plaintext}
depth=${4:-1}
port=${PORT:-19190}
script="$root/windhover-benchmarks/wrk/pipeline.lua"
java="$("$root/bin/find-jdk")/bin/java"

setsid taskset -c 0 "$java" -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch \
    --sun-misc-unsafe-memory-access=allow -jar "$jar" --scheduling "$scheduling" \
    --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

switches() { cat /proc/"$server"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }
url="http://127.0.0.1:$port$path"
taskset -c 1 wrk -t1 -c256 -d8s -s "$script" "$url" -- "$depth" >/dev/null
before=$(switches)
rps=$(taskset -c 1 wrk -t1 -c256 -d10s -s "$script" "$url" -- "$depth" | awk '/Requests\/sec/ { print $2 }')
after=$(switches)
awk -v r="$rps" -v s=$((after - before)) -v j="$(basename "$jar")" -v m="$scheduling" -v p="$path" -v d="$depth" \
    'BEGIN { printf "%s %s %s depth %s: %.0f requests/s, %.3f context switches per request\n", j, m, p, d, r, s / (r * 10) }'
