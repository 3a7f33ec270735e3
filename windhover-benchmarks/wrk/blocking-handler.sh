#!/bin/bash
# A handler that blocks 10 ms, default settings: wrk -c 10 / 100 / 1000 against /blocking; ideal = c / 10 ms.
set -u
# Usage: blocking-handler.sh samples/techempower/target/techempower.jar results.txt (server on CPU 0, wrk on CPU 1)
JAR=$1; OUT=$2; PORT=19091; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
FLAGS="${FLAGS-}"
setsid taskset -c 0 $J $FLAGS -jar $JAR $PORT > $OUT.server.log 2>&1 &
PID=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$PORT/plaintext && break; sleep 0.5; done
timeout 20 taskset -c 1 wrk -t1 -c100 -d5 http://127.0.0.1:$PORT/blocking > /dev/null 2>&1
for c in 10 100 1000; do
  res=$(timeout 30 taskset -c 1 wrk -t1 -c$c -d8 --timeout 5 http://127.0.0.1:$PORT/blocking 2>&1)
  rps=$(echo "$res" | awk '/^Requests\/sec/{print $2}')
  err=$(echo "$res" | grep -c "Socket errors\|Non-2xx")
  ideal=$((c*100))
  echo "c=$c rps=$rps ideal=$ideal ratio=$(awk -v r=$rps -v i=$ideal 'BEGIN{printf "%.3f", r/i}') errors_lines=$err" | tee -a $OUT
done
kill -TERM -- -$PID 2>/dev/null; sleep 2; kill -KILL -- -$PID 2>/dev/null
