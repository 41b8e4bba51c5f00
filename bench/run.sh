#!/usr/bin/env bash
# Benchmark of the artifact service against its peers (direct S3, nginx, zip), on this machine, loopback only.
#
#   bench/run.sh            # from anywhere; prints one table and writes target/bench/results.md
#
# It starts local mode itself on non-default ports with a temporary data directory, plus an nginx on a loopback
# port serving a temporary directory, runs bench/Bench.java, and stops everything it started on exit.
#
# Cases (BENCH_CASES names) and targets; a row whose target fails says FAIL, a case that fails says "not measured":
#   download         one large file (1 GiB x scale) through the service vs a pre-signed GET straight from S3
#                    (>= 0.8x), vs nginx from disk (report only), and through ?redirect=true (the service's 302,
#                    then S3) vs direct S3 (>= 0.8x)
#   small-downloads  64 KiB GETs, 64 connections, wrk: service vs wrk on a pre-signed URL of the same object
#                    (>= 0.5x direct S3 req/s), vs nginx (report only), p99 of each; service JVM CPU per request
#                    (<= 0.5 ms); through ?redirect=true vs direct S3 with the JDK HttpClient on 64 threads
#                    (wrk cannot follow a redirect; >= 0.8x); the floor of the stack, report only: JVM CPU per request
#                    of a request with a token refused (400) before any database or S3 work, and of /health/live
#   small-bundle     bundle of 2,000 x scale files of 4-64 KiB built from the artifacts vs zip (>= 1.0x)
#   mixed-bundle     bundle of a 2 GiB x scale mixed session vs zip (>= 1.0x), peak heap growth (< 64 MiB)
#   upload           one large file (1 GiB x scale) vs a SigV4 PUT straight to S3 (>= 0.8x)
#   list             a 10,000-artifact session: 1,000-item page and type filter (p99 < 50 ms)
#   presign          pre-signed URL issuing, 16 connections (wrk): req/s and p99 (report only), service JVM CPU per
#                    link (<= 0.4 ms)
#   sample           the sample session end to end (report only)
#   scale            an organization of 1,000,000 artifacts in 10,000 sessions (rows seeded with SQL into local
#                    mode's PostgreSQL; no objects) vs one of 1,000 artifacts in 100 sessions, both with a quota:
#                    p99 of a 1,000-item list page, the session list, /api/usage and a 4 KiB upload, each big/small
#                    (<= 2x)
#
# Environment:
#   BENCH_SCALE   multiplies the sizes, counts and wrk duration (default 0.25, about 10 minutes on 2 cores:
#                 256 MiB transfers, 512 MiB bundle, 500 small files, 10 s wrk runs; 1 is issue 6's full size:
#                 1 GiB transfers, 2 GiB bundle, 2,000 small files, 30 s wrk runs). The list case always aims
#                 at 10,000 artifacts within a time box of max(90, 360 x BENCH_SCALE) seconds; the scale case
#                 is not scaled.
#   BENCH_CASES   comma-separated cases to run (default all): download, small-downloads, small-bundle,
#                 mixed-bundle, upload, list, presign, sample, scale
#   BENCH_REPS    measured repetitions per case, after one warm-up; the median is reported (default 3)
#   BENCH_PORT_BASE  first of four consecutive free loopback ports: HTTP, S3, nginx, PostgreSQL (default 29080)
#   BENCH_BIG_ORG_ARTIFACTS  artifacts of the scale case's big organization (default 1000000)
#   BENCH_JFR     set to 1 to record a JFR profile (settings=profile) of the service's JVM over the whole run
#                 and print its hottest methods and packages (execution samples, top frame) under the table
#   BENCH_KEEP    set to 1 to keep the temporary directory (logs, data, the JFR recording) for inspection
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

# The liberty JVM of this checkout (local mode's server), for the JFR profile.
liberty_pid() {
    local p
    for p in /proc/[0-9]*; do
        if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q "$root/target/liberty/wlp/.*ws-server.jar.*artifactServer"; then
            echo "${p#/proc/}"
            return 0
        fi
    done
    return 1
}
jfr_pid=
if [ "${BENCH_JFR:-0}" = 1 ]; then
    jfr_pid=$(liberty_pid) || { echo "bench/run.sh: BENCH_JFR=1 but the Liberty JVM was not found" >&2; exit 1; }
    # Liberty's request stacks run 100 frames deep: JFR's default of 64 would cut every sample's outer frames.
    jcmd "$jfr_pid" JFR.configure stackdepth=256 >/dev/null
    jcmd "$jfr_pid" JFR.start name=bench settings=profile >/dev/null
    echo "bench/run.sh: recording a JFR profile of the Liberty JVM (pid $jfr_pid)" >&2
fi

# The PostgreSQL JDBC driver (the scale case seeds rows with it), from the local Maven repository.
pg_version=$(sed -n 's:.*<postgresql.version>\(.*\)</postgresql.version>.*:\1:p' pom.xml)
pg_jar="$HOME/.m2/repository/org/postgresql/postgresql/$pg_version/postgresql-$pg_version.jar"

mkdir -p target/bench
java -cp "target/test-classes:$pg_jar" bench/Bench.java --url "http://127.0.0.1:$http_port" \
    --s3 "http://127.0.0.1:$s3_port" --nginx "http://127.0.0.1:$nginx_port" --www "$tmp/www" --work "$tmp/work" \
    --key "$tmp/data/jwt/private.pem" --db "jdbc:postgresql://127.0.0.1:$db_port/artifacts" \
    --results "$root/target/bench/results.md"

if [ -n "$jfr_pid" ]; then
    jcmd "$jfr_pid" JFR.dump name=bench filename="$tmp/bench.jfr" >/dev/null
    jcmd "$jfr_pid" JFR.stop name=bench >/dev/null 2>&1 || true
    # The samples as text once, whole stacks, for both tables below.
    jfr print --events jdk.ExecutionSample --stack-depth 256 "$tmp/bench.jfr" >"$tmp/samples.txt"
    # The top frame of every execution sample, counted by method and by package (JDK 17's jfr has no "view").
    awk '
        /stackTrace = \[/ { top = 1; next }
        top == 1 { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*$/, "", line); sub(/\(.*$/, "", line);
                   if (line != "" && line != "]") { n++; method[line]++; pkg = line;
                       sub(/\.[^.]+\.[^.]+$/, "", pkg); package[pkg]++ }
                   top = 0 }
        END {
            printf "\nJFR profile of the service JVM (settings=profile), %d execution samples, top frames:\n\n", n
            print "| samples | % | hot method |"; print "| --- | --- | --- |"; fflush()
            cmd = "sort -t\"\t\" -k1,1nr | head -25"
            for (m in method) printf "%d\t%.1f\t%s\n", method[m], 100 * method[m] / n, m | cmd
            close(cmd)
            print ""; print "| samples | % | package |"; print "| --- | --- | --- |"; fflush()
            for (p in package) printf "%d\t%.1f\t%s\n", package[p], 100 * package[p] / n, p | cmd
            close(cmd)
        }' "$tmp/samples.txt" | sed 's/^\([0-9]*\)\t\([0-9.]*\)\t\(.*\)$/| \1 | \2 | `\3` |/' \
        | tee -a "$root/target/bench/results.md"
    # Inclusive shares: the samples with a frame of each part of the request path anywhere on their stack.
    awk '
        BEGIN {
            k = 0
            label[++k] = "token check (MP JWT trust association interceptor)"; re[k] = "MicroProfileJwtTAI|TAIAuthenticator"
            label[++k] = "@RolesAllowed check"; re[k] = "LibertyAuthFilter"
            label[++k] = "resource methods (the service code and all it calls)"
            re[k] = "ResourceMethodInvoker.internalInvokeOnTarget"
            label[++k] = "JDBC (pool, PostgreSQL driver)"; re[k] = "org.postgresql|WSJdbc"
            label[++k] = "S3 presigner"; re[k] = "DefaultS3Presigner"
            label[++k] = "S3 client calls"; re[k] = "DefaultS3Client"
            label[++k] = "JSON-B response writing"; re[k] = "JsonBProvider.writeTo"
            label[++k] = "audit log"; re[k] = "AuditLog.record|AuditWriter"
            label[++k] = "metrics (REST, monitor probes)"; re[k] = "JaxRsMonitorFilter|RestMetrics|ProbeManagerImpl.fireProbe"
        }
        /stackTrace = \[/ { inside = 1; stack = ""; next }
        inside && /^[ \t]*\][ \t]*$/ {
            inside = 0; n++
            for (i = 1; i <= k; i++) if (stack ~ re[i]) hit[i]++
            next
        }
        inside { stack = stack " " $1 }
        END {
            printf "\nInclusive shares of the same samples (a sample counts for every part on its stack):\n\n"
            print "| part of the request path | samples | % |"; print "| --- | --- | --- |"
            for (i = 1; i <= k; i++) printf "| %s | %d | %.1f |\n", label[i], hit[i], 100 * hit[i] / n
        }' "$tmp/samples.txt" | tee -a "$root/target/bench/results.md"
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        echo "bench/run.sh: the recording is $tmp/bench.jfr" >&2
    fi
fi
