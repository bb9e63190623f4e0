#!/usr/bin/env bash
# edge vs nginx, no cache: directory (static file) serving and plain reverse proxying.
#
# Starts, on 127.0.0.1 only: an ORIGIN (nginx static files, for the proxy scenarios), nginx under test
# (proxy_pass without cache for /proxy/*, static files otherwise; HTTP and HTTPS+h2) and edge under test
# with the equivalent configuration (conf/edge.yaml.in). Servers and origin are pinned to SERVER_CPUS /
# ORIGIN_CPUS (default core 0), wrk/h2load to CLIENT_CPUS (core 1). Runs every scenario against both
# servers in interleaved rounds (the order flips each round), writes a markdown report with median rps,
# p99 latency and per-round edge/nginx ratios, stops everything it started (by PID).
#
# Usage: benchmarks/run.sh [--rounds N] [--duration S] [--warmup S] [--scenarios "..."] [--results DIR]
#                          [--check] [--serve SECONDS]   (--serve: start, check, keep up N s, stop)
# Scenarios: h1_dir_1k h1_proxy_1k tls_dir_1k tls_proxy_1k h2_dir_1k h2_proxy_1k h1_dir_256k
# Environment: EDGE_BIN (default .build-release/release/edge), SERVER_CPUS=0 ORIGIN_CPUS=0 CLIENT_CPUS=1
#   THREADS=2 CONNS=64 H2_STREAMS=10 PORT_SHIFT=0 KEEP_WORK=0 (see lib.sh for ports)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
H2_STREAMS=${H2_STREAMS:-10}
SCENARIOS=${SCENARIOS:-"h1_dir_1k h1_proxy_1k tls_dir_1k tls_proxy_1k h2_dir_1k h2_proxy_1k h1_dir_256k"}
RESULTS_DIR=${RESULTS_DIR:-$HERE/results}
CHECK_ONLY=0
SERVE_SECONDS=0
COMMAND_LINE="benchmarks/run.sh $*"

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --scenarios) SCENARIOS=$2; shift 2 ;;
        --results) RESULTS_DIR=$2; shift 2 ;;
        --check) CHECK_ONLY=1; shift ;;
        --serve) SERVE_SECONDS=$2; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

check_tools nginx wrk h2load openssl curl taskset unshare python3 ss
check_ports "$ORIGIN_PORT" "$NGINX_HTTP_PORT" "$NGINX_TLS_PORT" "$EDGE_HTTP_PORT" "$EDGE_TLS_PORT"
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_work edge-bench
DATE=$(date -u +%Y-%m-%d)
REPORT="$RESULTS_DIR/$DATE-edge-vs-nginx.md"
RAW="$RESULTS_DIR/$DATE-edge-vs-nginx-raw"
mkdir -p "$RAW" || die "cannot create $RAW"
TSV="$RAW/results.tsv"
log "work dir $WORK; report $REPORT"

start_origin
start_nginx
start_edge
ok=0
for s in nginx edge; do check_responses "$s" || ok=1; done
[ $ok = 0 ] || die "a server did not answer every scenario URL with 200 (see CHECK lines)"
log "both servers answer every scenario URL with 200 (HTTP/1.1, HTTPS, h2); /proxy/ responses come from the origin"
[ "$CHECK_ONLY" = 1 ] && { log "--check: done"; exit 0; }
if [ "$SERVE_SECONDS" -gt 0 ]; then
    log "--serve: up for ${SERVE_SECONDS}s; work dir $WORK; nginx $(url_of nginx http /) $(url_of nginx https /), edge $(url_of edge http /) $(url_of edge https /)"
    sleep "$SERVE_SECONDS"; exit 0
fi

# ------------------------------------------------------------------ measure
HZ=$(getconf CLK_TCK)
cpu_ticks() {  # root pids -> utime+stime ticks of the whole process trees
    local t=0 p v
    for p in $(pid_tree "$@"); do
        v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
        [ -n "$v" ] && t=$((t + v))
    done
    echo "$t"
}
now() { date +%s.%N; }
core_stat() { awk '/^cpu[0-9]+ /{busy=$2+$3+$4+$7+$8+$9; tot=busy+$5+$6; printf "%s:%d:%d ", $1, busy, tot}' /proc/stat; }
core_pct() {  # before after core -> busy % of that core (user+nice+system+irq+softirq+steal)
    local b a
    b=$(tr ' ' '\n' <<<"$1" | grep "^cpu$3:"); a=$(tr ' ' '\n' <<<"$2" | grep "^cpu$3:")
    awk -v b="$b" -v a="$a" 'BEGIN{split(b,x,":"); split(a,y,":"); d=y[3]-x[3]; if (d>0) printf "%.0f", 100*(y[2]-x[2])/d; else print "NA"}'
}
cpu_of() {  # first CPU of a taskset list
    local l=${1%%,*}; echo "${l%%-*}"
}
pct() { awk -v d="$1" -v hz="$HZ" -v e="$2" 'BEGIN{ if (e > 0) printf "%.0f", 100 * d / hz / e; else print "NA" }'; }

load_argv() {  # scenario server seconds logfile -> ARGV (tool first)
    local sc=$1 s=$2 d=$3 lg=$4 path proto
    case $sc in *_proxy_*) path=/proxy ;; *) path="" ;; esac
    case $sc in *_256k) path="$path/256k.bin" ;; *) path="$path/1k.bin" ;; esac
    case $sc in h1_*) proto=http ;; *) proto=https ;; esac
    case $sc in
        h1_*|tls_*) ARGV=(wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency "$(url_of "$s" "$proto" "$path")") ;;
        h2_*) ARGV=(h2load -t"$THREADS" -c"$CONNS" -m"$H2_STREAMS" -D"$d" ${lg:+--log-file="$lg"} "$(url_of "$s" "$proto" "$path")") ;;
        *) die "unknown scenario $sc" ;;
    esac
}

printf 'run\tscenario\tserver\trps\tp50_ms\tp99_ms\tresponses\tnon2xx\terrors\tsrv_cpu_pct\torigin_cpu_pct\tsrv_core_busy_pct\tclient_core_busy_pct\telapsed_s\n' >"$TSV"
measure() {  # round scenario server
    local run=$1 sc=$2 s=$3 out="$RAW/r$1-$2-$3.txt" h2log="$WORK/h2log" root c0 c1 o0 o1 s0 s1 t0 t1 el parsed
    load_argv "$sc" "$s" "$WARMUP" ""
    client $((WARMUP + 60)) "${ARGV[@]}" >/dev/null 2>&1
    rm -f "$h2log"
    load_argv "$sc" "$s" "$DURATION" "$h2log"
    case $s in nginx) root=$NGINX_PID ;; edge) root=$EDGE_PID ;; esac
    c0=$(cpu_ticks "$root"); o0=$(cpu_ticks "$ORIGIN_ROOT"); s0=$(core_stat); t0=$(now)
    { echo "# ${ARGV[*]}"; client $((DURATION + 60)) "${ARGV[@]}"; } >"$out" 2>&1
    t1=$(now); s1=$(core_stat); c1=$(cpu_ticks "$root"); o1=$(cpu_ticks "$ORIGIN_ROOT")
    local sb cb
    sb=$(core_pct "$s0" "$s1" "$(cpu_of "$SERVER_CPUS")"); cb=$(core_pct "$s0" "$s1" "$(cpu_of "$CLIENT_CPUS")")
    el=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}')
    case ${ARGV[0]} in
        wrk) parsed=$(python3 "$HERE/parse.py" wrk "$out") ;;
        h2load) parsed=$(python3 "$HERE/parse.py" h2load "$out" "$h2log") ;;
    esac
    rm -f "$h2log"
    local rps p50 p99 resp non2xx errs
    IFS=$'\t' read -r rps p50 p99 resp non2xx errs <<<"$parsed"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$sc" "$s" "$rps" "$p50" "$p99" "$resp" \
        "$non2xx" "$errs" "$(pct $((c1 - c0)) "$el")" "$(pct $((o1 - o0)) "$el")" "$sb" "$cb" "$el" >>"$TSV"
    log "$(printf 'r%s %-12s %-6s %10s rps  p99 %8s ms  srv %3s%%  origin %3s%%  cores %s/%s%%  non2xx %s  err %s' \
        "$run" "$sc" "$s" "$rps" "$p99" "$(pct $((c1 - c0)) "$el")" "$(pct $((o1 - o0)) "$el")" "$sb" "$cb" "$non2xx" "$errs")"
    [ "$non2xx" = 0 ] && [ "$errs" = 0 ] || log "WARN: r$run $sc $s: $non2xx non-2xx, $errs errors (see $out)"
}

ORIGIN_ROOT=$(pid_from_file "$WORK/origin-nginx.pid" 1)
LOAD_START=$(cat /proc/loadavg)
TOP_START=$(top -b -n1 -o %CPU -w 160 2>/dev/null | sed -n '7,14p')
EDGE_THREADS=$(ls "/proc/$EDGE_PID/task" | wc -l)
EDGE_LOOPS=$(cat /proc/"$EDGE_PID"/task/*/comm 2>/dev/null | grep -c '^NIO-ELT')
NGINX_PROCS=$(pid_tree "$NGINX_PID" | wc -l)
tls_info() {  # server -> "protocol cipher"
    local port; port=$(url_of "$1" https /); port=${port##*:}; port=${port%%/*}
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername "$TLS_HOST" -alpn h2,http/1.1 </dev/null 2>/dev/null \
        | awk -F': ' '/^ *Protocol *:/{p=$2} /^ *Cipher *:/{c=$2} /^New, /{split($0,a,", Cipher is "); c2=a[2]; split($0,b,", "); p2=b[2]} END{print (p ? p : p2), (c ? c : c2)}'
}
TLS_NGINX=$(tls_info nginx); TLS_EDGE=$(tls_info edge)
log "edge: $EDGE_THREADS threads, $EDGE_LOOPS NIO event loops; nginx: $NGINX_PROCS processes; TLS nginx [$TLS_NGINX] edge [$TLS_EDGE]"

T_START=$(date -u +%FT%TZ)
for run in $(seq 1 "$ROUNDS"); do
    if [ $((run % 2)) = 1 ]; then order="nginx edge"; else order="edge nginx"; fi
    log "=== round $run/$ROUNDS (order: $order)"
    for sc in $SCENARIOS; do
        for s in $order; do measure "$run" "$sc" "$s"; done
    done
done
T_END=$(date -u +%FT%TZ)
LOAD_END=$(cat /proc/loadavg)
# stop edge first and keep its log: how long SIGTERM takes (drainTimeout default 10 s) is worth knowing
t0=$(now); stop_named edge; EDGE_STOP_S=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b - a}')
cp "$WORK/edge.log" "$RAW/edge.log" 2>/dev/null
log "edge stopped ${EDGE_STOP_S}s after SIGTERM (log: $RAW/edge.log)"

# ------------------------------------------------------------------- report
tracked_changes=$(git -C "$REPO_DIR" status --porcelain --untracked-files=no 2>/dev/null | wc -l)
mem_gib=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
    echo "# edge vs nginx (no cache): directory serving and reverse proxying, $DATE"
    echo
    echo "Generated by \`benchmarks/run.sh\` ($T_START – $T_END). Run by hand, not in CI."
    echo
    echo "## Command"
    echo
    echo '```sh'
    echo "cd $REPO_DIR && swift build -c release --product edge --scratch-path .build-release -Xswiftc -enforce-exclusivity=unchecked"
    echo "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS THREADS=$THREADS H2_STREAMS=$H2_STREAMS SERVER_CPUS=$SERVER_CPUS ORIGIN_CPUS=$ORIGIN_CPUS CLIENT_CPUS=$CLIENT_CPUS $COMMAND_LINE"
    echo '```'
    echo
    echo "Load commands (per server; URLs differ only in the port; \`bench.test\` resolves to 127.0.0.1 in a private mount namespace so TLS clients send SNI):"
    echo
    echo '```sh'
    for sc in $SCENARIOS; do load_argv "$sc" edge "$DURATION" "LOG"; echo "taskset -c $CLIENT_CPUS ${ARGV[*]}   # $sc"; done
    echo '```'
    echo
    echo "## Machine"
    echo
    echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') ($(grep -m1 'cpu MHz' /proc/cpuinfo | sed 's/.*: //') MHz); memory: $mem_gib"
    echo "- kernel: $(uname -r); OS: $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}")"
    echo "- $(nginx -v 2>&1 | sed 's/.*: //'); $(swift --version 2>/dev/null | head -1); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $(h2load --version); $(openssl version)"
    echo "- edge: commit $(git -C "$REPO_DIR" rev-parse --short HEAD) (branch $(git -C "$REPO_DIR" rev-parse --abbrev-ref HEAD); $tracked_changes tracked file(s) modified), binary $EDGE_BIN$(case $EDGE_BIN in */.build-release/release/*) echo " (release build, -enforce-exclusivity=unchecked)";; esac)"
    echo "- load average at start: $LOAD_START; at end: $LOAD_END"
    echo
    echo "## Results (median of $ROUNDS rounds × ${DURATION} s after ${WARMUP} s warm-up, $CONNS connections)"
    echo
    python3 "$HERE/parse.py" summary "$TSV"
    echo
    echo "Ratio = edge rps / nginx rps in the same round, median over rounds (per-round values in brackets)."
    echo "srv CPU = CPU time of the server's processes as % of one core over the measurement; in brackets how busy the"
    echo "server core (core $SERVER_CPUS: server + origin + softirq + steal) and the load-generator core (core $CLIENT_CPUS) were."
    echo "The origin's CPU and every single measurement are in results.tsv."
    echo "non-2xx / errors = summed over rounds: non-2xx responses / socket errors or failed requests, of all responses."
    echo
    echo "## Setup"
    echo
    echo "- Pinning: edge and nginx \`taskset -c $SERVER_CPUS\`; the origin nginx \`taskset -c $ORIGIN_CPUS\`; wrk/h2load \`taskset -c $CLIENT_CPUS\`."
    echo "- nginx: $NGINX_PROCS processes (master + worker_processes $NGINX_WORKERS), access_log off, sendfile on, proxy_http_version 1.1, upstream keepalive 1024 (edge: maxIdleConnections 1024), no proxy_cache (conf/nginx.conf.in)."
    echo "- edge: $EDGE_THREADS threads of which $EDGE_LOOPS NIO event loops. edge runs one event loop per CPU of its affinity mask (\`taskset -c 0\` gives one; \`--threads\` overrides), plus its 2-thread file I/O pool, on 1 pinned core. accessLog disabled (conf/edge.yaml.in)."
    echo "- Both servers use the same ECDSA P-256 leaf for bench.test (signed by a CA made for the run). Negotiated with \`openssl s_client\`: nginx [$TLS_NGINX], edge [$TLS_EDGE]."
    echo "- Origin: nginx, worker_processes 1, serving the same files under /proxy/ (conf/origin-nginx.conf.in). It sits on core $ORIGIN_CPUS with the servers (as in peer-bench), so in the proxy rows the core also pays the origin's work, the same for both servers; that narrows the proxy ratios toward 1 compared with the proxy's own cost."
    echo "- Both servers run during the whole measurement; only one is loaded at a time; the order within a round flips every round."
    echo "- After the rounds edge got SIGTERM and took ${EDGE_STOP_S} s to exit (its log: \`$(basename "$RAW")/edge.log\`)."
    echo
    echo "Other tenants at start (top):"
    echo
    echo '```'
    echo "$TOP_START"
    echo '```'
    echo
    echo "Raw tool outputs: \`$(basename "$RAW")/\` (results.tsv: one row per measurement)."
} >"$REPORT"
log "report: $REPORT"
cat "$REPORT"
