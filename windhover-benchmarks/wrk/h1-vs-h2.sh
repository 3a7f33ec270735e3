#!/bin/bash
# HTTP/2 against HTTP/1.1 on the same handler and the same load generator (h2load), server on CPU 0,
# load on CPU 1: h2load --h1 -c256 (keep-alive, no pipelining), h2c -c256 -m1, h2c -c16 -m100, h2c -c256 -m16.
set -u
# Usage: h1-vs-h2.sh samples/techempower/target/techempower.jar results.txt
JAR=$1; OUT=$2; PORT=19090; J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
FLAGS="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
cpu0() { awk '/^cpu0 /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
setsid taskset -c 0 $J $FLAGS -jar $JAR $PORT > $OUT.server.log 2>&1 &
PID=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$PORT/plaintext && break; sleep 0.5; done
timeout 20 taskset -c 1 h2load -D 10 -c 256 -m 16 http://127.0.0.1:$PORT/plaintext > /dev/null 2>&1
timeout 20 taskset -c 1 h2load --h1 -D 10 -c 256 http://127.0.0.1:$PORT/plaintext > /dev/null 2>&1
for test in "h1 --h1 -c 256" "h2-m1 -c 256 -m 1" "h2-m100 -c 16 -m 100" "h2-m16 -c 256 -m 16"; do
  set -- $test; name=$1; shift
  read b1 t1 < <(cpu0)
  res=$(timeout 30 taskset -c 1 h2load -D 8 "$@" http://127.0.0.1:$PORT/plaintext 2>&1)
  read b2 t2 < <(cpu0)
  rps=$(echo "$res" | awk '/^finished in/{gsub(",","",$4); print $4}')
  ok=$(echo "$res" | awk '/^status codes:/{print $3}')
  busy=$(awk -v a=$((b2-b1)) -v b=$((t2-t1)) 'BEGIN{printf "%.1f", 100*a/b}')
  per=$(awk -v r=$rps -v c=$busy 'BEGIN{printf "%.0f", r*100/c}')
  echo "$name rps=$rps busy0=$busy% per_core=$per 2xx=$ok" | tee -a $OUT
done
kill -TERM -- -$PID 2>/dev/null; sleep 2; kill -KILL -- -$PID 2>/dev/null
