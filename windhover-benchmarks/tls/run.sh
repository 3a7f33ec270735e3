#!/bin/sh
# HTTPS next to Netty and Jetty, all on the JDK's TLS with the same EC P-256 certificate:
#   full handshakes/s   openssl s_time -new   (a new TLS session per connection, one GET each)
#   resumed handshakes/s openssl s_time -reuse (session resumption)
#   bulk MiB/s          wrk -t1 -c8 over https://.../1m (1 MiB responses on kept-alive connections)
# Server pinned to CPU 0, the load to CPU 1, loopback only, every run bounded by `timeout`.
#
#   windhover-benchmarks/tls/run.sh                         # windhover windhover-inline netty jetty, REPS=3
#   REPS=1 DURATION=5 windhover-benchmarks/tls/run.sh netty
#
# Needs openssl and wrk (apt-get install -y openssl wrk) and the benchmarks jar (./mvnw -pl windhover-benchmarks -am package -DskipTests).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/windhover-benchmarks/target/benchmarks.jar"
java="$("$root/bin/find-jdk")/bin/java"
REPS=${REPS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
PORT=${PORT:-21600}
FLAGS="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch --sun-misc-unsafe-memory-access=allow"
servers=${*:-windhover windhover-inline netty jetty}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null

rate() { # "N connections in S real seconds" -> N/S
  awk '/connections in [0-9.]+ real seconds/ { printf "%.0f", $1 / $4 }'
}

echo "server,rep,full_handshakes_per_s,resumed_handshakes_per_s,bulk_MiB_per_s"
for server in $servers; do
  rep=1
  while [ "$rep" -le "$REPS" ]; do
    setsid taskset -c 0 "$java" $FLAGS -cp "$jar" io.windhover.benchmarks.tls.HttpsComparisonServer \
      "$server" "$PORT" "$work/cert.pem" "$work/key.pem" > "$work/$server.log" 2>&1 &
    pid=$!
    i=0
    until (echo | timeout 2 openssl s_client -connect 127.0.0.1:$PORT >/dev/null 2>&1); do
      i=$((i + 1)); [ $i -gt 60 ] && { echo "$server did not start" >&2; kill -- -$pid; exit 1; }; sleep 0.5
    done
    timeout $((WARMUP + 10)) taskset -c 1 openssl s_time -connect 127.0.0.1:$PORT -new -www / -time "$WARMUP" >/dev/null 2>&1 || true
    timeout $((WARMUP + 10)) taskset -c 1 wrk -t1 -c8 -d"${WARMUP}s" https://127.0.0.1:$PORT/1m >/dev/null 2>&1 || true
    full=$(timeout $((DURATION + 20)) taskset -c 1 openssl s_time -connect 127.0.0.1:$PORT -new -www / -time "$DURATION" 2>/dev/null | rate)
    resumed=$(timeout $((DURATION + 20)) taskset -c 1 openssl s_time -connect 127.0.0.1:$PORT -reuse -www / -time "$DURATION" 2>/dev/null | rate)
    bulk=$(timeout $((DURATION + 20)) taskset -c 1 wrk -t1 -c8 -d"${DURATION}s" https://127.0.0.1:$PORT/1m 2>/dev/null \
      | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
    echo "$server,$rep,$full,$resumed,$bulk"
    kill -- -$pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    rep=$((rep + 1))
  done
done
