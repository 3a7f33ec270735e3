#!/bin/sh
# testssl.sh against a Windhover HTTPS end point with the default TlsOptions, as docs/security.md
# reports it. The certificate comes from a throwaway private CA (which testssl is told to trust),
# valid a year, with CRL and OCSP addresses: so that what testssl rates is the server's TLS, not a
# self-signed or short-lived certificate.
#
#   apt-get install -y testssl.sh openssl
#   windhover-benchmarks/tls/testssl.sh            # prints the findings of severity LOW and above
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
jar="$root/windhover-benchmarks/target/benchmarks.jar"
java="$("$root/bin/find-jdk")/bin/java"
PORT=${PORT:-21443}
work=$(mktemp -d)
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -out ca.crt -days 400 -subj "/CN=Windhover throwaway CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl ecparam -name prime256v1 -genkey -noout -out server.key
openssl req -new -key server.key -out server.csr -subj /CN=localhost
cat > ext.cnf <<'EXT'
subjectAltName=DNS:localhost,IP:127.0.0.1
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
crlDistributionPoints=URI:http://127.0.0.1:1/ca.crl
authorityInfoAccess=OCSP;URI:http://127.0.0.1:1/ocsp
EXT
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 365 -extfile ext.cnf 2>/dev/null
cat server.crt ca.crt > chain.pem

setsid "$java" -cp "$jar" io.windhover.benchmarks.tls.HttpsComparisonServer windhover "$PORT" chain.pem server.key > server.log 2>&1 &
pid=$!
i=0
until (echo | timeout 2 openssl s_client -connect 127.0.0.1:$PORT >/dev/null 2>&1); do
  i=$((i + 1)); [ $i -gt 60 ] && { echo "the server did not start" >&2; exit 1; }; sleep 0.5
done
timeout 900 testssl --quiet --color 0 --add-ca ca.crt --jsonfile-pretty report.json "127.0.0.1:$PORT" > report.txt 2>&1 || true
python3 - report.json <<'PY'
import json, sys, collections
report = json.load(open(sys.argv[1]))
counts = collections.Counter()
for scan in report["scanResult"]:
    for value in scan.values():
        if isinstance(value, list):
            for finding in value:
                counts[finding.get("severity")] += 1
                if finding.get("severity") in ("LOW", "MEDIUM", "HIGH", "CRITICAL"):
                    print(f'{finding["severity"]:8} {finding["id"]:22} {finding["finding"][:120]}')
print(dict(counts))
PY
