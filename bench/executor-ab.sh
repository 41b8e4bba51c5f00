#!/usr/bin/env bash
# A/B of Liberty's executor minimum (EXECUTOR_CORE_THREADS) in one running local-mode server, so that both settings
# meet the same JIT state and the same host noise: alternates <executor coreThreads> between two values through a
# configDropins/overrides file (Liberty applies it while running), and prints, per setting and round, req/s and the
# service JVM's CPU milliseconds per request of 10 s of wrk on a 64 KiB GET (64 connections) and on pre-signed links
# (16 connections). The JVM's CPU comes from /proc/<pid>/stat (user + system).
#
#   AB_TOKEN=... AB_GET_URL=http://127.0.0.1:9080/api/artifacts/download/<session>/lambda/f64.bin \
#   AB_PRESIGN_URL='http://127.0.0.1:9080/api/artifacts/download-url/<session>/lambda/f64.bin?expires_in=600' \
#   bench/executor-ab.sh [rounds] [value A] [value B]        # defaults: 4 rounds, 100 and -1
#
# Start local mode first (README), upload a 64 KiB artifact, and warm the server up (a minute of wrk on each URL):
# the first minutes run slower while the JIT compiles. The overrides file is removed at the end.
set -euo pipefail
rounds=${1:-4}
a=${2:-100}
b=${3:-"-1"}
: "${AB_TOKEN:?token}" "${AB_GET_URL:?64 KiB GET URL}" "${AB_PRESIGN_URL:?pre-signed link URL}"
cd "$(dirname "$0")/.."
pid=$(pgrep -f "ws-server.jar.*artifactServer" | head -1)
dir=target/liberty/wlp/usr/servers/artifactServer/configDropins/overrides
mkdir -p "$dir"
trap 'rm -f "$dir/executor-ab.xml"' EXIT
hz=$(getconf CLK_TCK)
cpu() { awk -v hz="$hz" '{print ($14 + $15) / hz}' "/proc/$pid/stat"; }
run() { # url connections -> "req/s ms-per-request"
    local before after out
    before=$(cpu)
    out=$(wrk -t2 -c"$2" -d10s -H "Authorization: Bearer $AB_TOKEN" "$1" 2>&1)
    after=$(cpu)
    echo "$out" | awk -v b="$before" -v a="$after" '/requests in/ {n = $1} /Requests\/sec/ {r = $2}
        END {printf "%s req/s %.3f ms", r, (a - b) * 1000 / n}'
}
for round in $(seq 1 "$rounds"); do
    for value in "$a" "$b"; do
        echo "<server><executor coreThreads=\"$value\"/></server>" > "$dir/executor-ab.xml"
        sleep 4
        wrk -t2 -c64 -d3s -H "Authorization: Bearer $AB_TOKEN" "$AB_GET_URL" > /dev/null 2>&1
        echo "round $round coreThreads $value: GET $(run "$AB_GET_URL" 64); pre-signed link $(run "$AB_PRESIGN_URL" 16)"
    done
done
