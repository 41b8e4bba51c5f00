#!/usr/bin/env bash
# Benchmark of the artifact service against its peers (direct S3, nginx, zip), on this machine, loopback only.
#
#   bench/run.sh            # from anywhere; prints one table and writes target/bench/results.md
#
# It starts local mode itself on non-default ports with a temporary data directory, plus an nginx on a loopback
# port serving a temporary directory, runs bench/Bench.java, and stops everything it started on exit.
#
# Environment:
#   BENCH_SCALE   multiplies the sizes, counts and wrk duration (default 0.25, about 10 minutes on 2 cores:
#                 256 MiB transfers, 512 MiB bundle, 500 small files, 10 s wrk runs; 1 is issue 6's full size:
#                 1 GiB transfers, 2 GiB bundle, 2,000 small files, 30 s wrk runs). The list case always aims
#                 at 10,000 artifacts within a time box of max(90, 360 x BENCH_SCALE) seconds.
#   BENCH_CASES   comma-separated cases to run (default all): download, small-downloads, small-bundle,
#                 mixed-bundle, upload, list, presign, sample
#   BENCH_REPS    measured repetitions per case, after one warm-up; the median is reported (default 3)
#   BENCH_PORT_BASE  first of four consecutive free loopback ports: HTTP, S3, nginx, PostgreSQL (default 29080)
#   BENCH_KEEP    set to 1 to keep the temporary directory (logs, data) for inspection
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

missing=()
for tool in nginx wrk zip curl java; do
    # nginx lives in /usr/sbin, which is not on every user's PATH.
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    pkgs=${missing[*]}
    pkgs=${pkgs/java/openjdk-17-jdk-headless}
    echo "bench/run.sh: missing: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y $pkgs" >&2
    exit 2
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

base_port=${BENCH_PORT_BASE:-29080}
http_port=$base_port
s3_port=$((base_port + 1))
nginx_port=$((base_port + 2))
db_port=$((base_port + 3))
for port in $http_port $s3_port $nginx_port $db_port; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "bench/run.sh: port $port is in use; set BENCH_PORT_BASE to another free range" >&2
        exit 1
    fi
done

tmp=$(mktemp -d /tmp/artifact-bench.XXXXXX)
# nginx workers run as an unprivileged user when started as root: they must be able to read the served files.
chmod 755 "$tmp"
mvn_pid=
nginx_pid=

stop_all() {
    set +e
    if [ -n "$nginx_pid" ]; then
        kill "$nginx_pid" 2>/dev/null
        wait "$nginx_pid" 2>/dev/null
    fi
    # Liberty runs as its own process (liberty:run starts it); stop it by name, then the Maven process group
    # (which also holds the LocalServices JVM with PostgreSQL and S3Proxy).
    if [ -x target/liberty/wlp/bin/server ]; then
        target/liberty/wlp/bin/server stop artifactServer >/dev/null 2>&1
    fi
    if [ -n "$mvn_pid" ]; then
        kill -TERM -- "-$mvn_pid" 2>/dev/null
        for _ in $(seq 1 60); do
            kill -0 -- "-$mvn_pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$mvn_pid" 2>/dev/null
    fi
    # Embedded PostgreSQL's postmaster may outlive its parent JVM: stop the one in our data directory.
    if [ -f "$tmp/data/postgres/postmaster.pid" ]; then
        pg_pid=$(head -1 "$tmp/data/postgres/postmaster.pid")
        kill -TERM "$pg_pid" 2>/dev/null
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "bench/run.sh: kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

echo "bench/run.sh: starting local mode on 127.0.0.1:$http_port (S3 $s3_port, PostgreSQL $db_port), data in $tmp/data" >&2
# setsid: Maven and everything it starts get a process group of their own, stopped as one at the end.
setsid ./mvnw -q -Plocal -Dartifacts.local.http-port="$http_port" -Dartifacts.local.db-port="$db_port" \
    -Dartifacts.local.s3-port="$s3_port" -Dartifacts.local.dir="$tmp/data" >"$tmp/local-mode.log" 2>&1 &
mvn_pid=$!

mkdir -p "$tmp/www" "$tmp/nginx"
chmod 755 "$tmp/www"
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$nginx_port;
        root $tmp/www;
    }
}
EOF
"$nginx_bin" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!

deadline=$((SECONDS + 600))
until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$mvn_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
        echo "bench/run.sh: local mode did not become ready; its log:" >&2
        tail -50 "$tmp/local-mode.log" >&2
        exit 1
    fi
    sleep 2
done
curl -sf "http://127.0.0.1:$nginx_port/" -o /dev/null -w '' 2>/dev/null || true
echo "bench/run.sh: service ready; running cases (BENCH_SCALE=${BENCH_SCALE:-0.25}, BENCH_REPS=${BENCH_REPS:-3})" >&2

mkdir -p target/bench
java -cp target/test-classes bench/Bench.java --url "http://127.0.0.1:$http_port" --s3 "http://127.0.0.1:$s3_port" \
    --nginx "http://127.0.0.1:$nginx_port" --www "$tmp/www" --work "$tmp/work" --key "$tmp/data/jwt/private.pem" \
    --results "$root/target/bench/results.md"
