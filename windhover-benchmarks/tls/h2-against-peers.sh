#!/bin/bash
# h2 over TLS (ALPN), 256 connections x 16 streams: Windhover's techempower sample against the Vert.x and
# Jetty peers of ../shared/bench, each given TLS by jetty-vertx-tls.patch (applied to a copy of the bench,
# BENCH, whose peers are built). One certificate for all: Windhover's development certificate (ECDSA P-256),
# made by the sample's first https run; Jetty reads it as PKCS#12:
#   openssl pkcs12 -export -in ~/.windhover/dev-certs/localhost.pem -inkey ~/.windhover/dev-certs/localhost-key.pem \
#       -out dev.p12 -passout pass:bench
#   CERT=~/.windhover/dev-certs/localhost.pem KEY=~/.windhover/dev-certs/localhost-key.pem P12=dev.p12 \
#       BENCH=/tmp/bench ./h2-against-peers.sh results.txt
# Server on CPU 0, h2load on CPU 1; repetitions alternate the servers; busy % of both CPUs is reported.
set -u
OUT=$1; REPS=${REPS:-3}; PORT=19092; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
BENCH=${BENCH:-/tmp/bench}; ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FLAGS="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
cpu0() { awk '/^cpu0 /{a=$2+$3+$4+$7+$8; b=$2+$3+$4+$5+$6+$7+$8+$9} /^cpu1 /{c=$2+$3+$4+$7+$8; d=$2+$3+$4+$5+$6+$7+$8+$9} END{print a, b, c, d}' /proc/stat; }
start() {
  case $1 in
    windhover) setsid taskset -c 0 $J $FLAGS -jar ${JAR:-$ROOT/samples/techempower/target/techempower.jar} --urls https://127.0.0.1:$PORT > $OUT.$1.log 2>&1 & ;;
    vertx) TLS_PEM_CERT=$CERT TLS_PEM_KEY=$KEY setsid taskset -c 0 $J $FLAGS -jar $BENCH/peers/vertx/target/vertx.jar $PORT > $OUT.$1.log 2>&1 & ;;
    jetty) TLS_P12=$P12 setsid taskset -c 0 $J $FLAGS -jar $BENCH/peers/jetty/target/jetty.jar $PORT > $OUT.$1.log 2>&1 & ;;
  esac
  PID=$!
  for i in $(seq 1 60); do curl -sk -o /dev/null https://127.0.0.1:$PORT/plaintext && break; sleep 0.5; done
}
for rep in $(seq 1 $REPS); do
  for server in ${SERVERS:-windhover vertx jetty}; do
    start $server
    proto=$(curl -sk -o /dev/null -w '%{http_version}' --http2 https://127.0.0.1:$PORT/plaintext)
    timeout 25 taskset -c 1 h2load -D 10 -c 256 -m 16 https://127.0.0.1:$PORT/plaintext > /dev/null 2>&1
    read b1 t1 c1 d1 < <(cpu0)
    res=$(timeout 30 taskset -c 1 h2load -D 8 -c 256 -m 16 https://127.0.0.1:$PORT/plaintext 2>&1)
    read b2 t2 c2 d2 < <(cpu0)
    rps=$(echo "$res" | awk '/^finished in/{gsub(",","",$4); print $4}')
    ok=$(echo "$res" | awk '/^status codes:/{print $3}')
    negotiated=$(echo "$res" | awk '/^Application protocol:/{print $3}')
    busy=$(awk -v a=$((b2-b1)) -v b=$((t2-t1)) 'BEGIN{printf "%.1f", 100*a/b}')
    per=$(awk -v r=$rps -v c=$busy 'BEGIN{printf "%.0f", r*100/c}')
    echo "rep=$rep server=$server alpn=$negotiated curl=$proto rps=$rps busy0=$busy% busy1=$(awk -v a=$((c2-c1)) -v b=$((d2-d1)) 'BEGIN{printf "%.1f", 100*a/b}')% per_core=$per 2xx=$ok" | tee -a $OUT
    kill -TERM -- -$PID 2>/dev/null; sleep 3; kill -KILL -- -$PID 2>/dev/null; sleep 1
  done
done
