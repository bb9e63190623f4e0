#!/usr/bin/env bash
# Instructions and allocations per request (exact, unlike rps) for h1_dir_1k and h1_proxy_1k, edge vs nginx,
# with the method of /work/shared/peer-bench/README.md ("Instructions and allocations per request"):
#
#   objcopy --strip-debug SERVER_BINARY WORK/S.nodebug           # valgrind 3.19 cannot read Swift 6.3's DWARF 5
#   taskset -c 0 valgrind --tool=callgrind --callgrind-out-file=WORK/cg.S.%p.out WORK/S.nodebug ARGS &
#   taskset -c 1 h2load --h1 -t1 -c8 -n2000 URL                   # warm-up
#   callgrind_control -z PID                                      # zero the counters
#   taskset -c 1 h2load --h1 -t1 -c8 -n20000 URL
#   callgrind_control -d PID                                      # dump
#   cgcalls.py DUMP 20000 malloc swift_allocObject swift_retain swift_release
#
# One server process per server (nginx with -g 'daemon off; master_process off;'), both scenarios on it
# (zero / load / dump each). The origin nginx (plain, not under valgrind) runs on ORIGIN_CPUS. For
# h1_proxy_1k, each server's count includes its origin-client side (connection pool, request to the
# origin, response parsing), not the origin's work. Writes results/<UTC date>-callgrind.md with the
# per-function counts and the top functions (callgrind_annotate, self and inclusive, Swift names demangled).
#
# Usage: benchmarks/callgrind.sh [--requests N] [--servers "nginx edge"] [--results DIR]
#   SCENARIOS="h1_dir_1k h1_proxy_1k" (default; also h2_proxy_1k, h2_dir_1k: TLS + h2, 10 streams per connection)
# Environment: EDGE_BIN, CGCALLS (default /work/shared/peer-bench/cgcalls.py), SERVER_CPUS=0 CLIENT_CPUS=1
#   ORIGIN_CPUS=0, PORT_SHIFT, KEEP_CG=1 to keep the callgrind dumps (copied to results/<date>-callgrind-raw/)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

REQUESTS=${REQUESTS:-20000}
WARM_REQUESTS=${WARM_REQUESTS:-2000}
SERVERS=${SERVERS:-"nginx edge"}
SCENARIOS=${SCENARIOS:-"h1_dir_1k h1_proxy_1k"}
CGCALLS=${CGCALLS:-/work/shared/peer-bench/cgcalls.py}
RESULTS_DIR=${RESULTS_DIR:-$HERE/results}
KEEP_CG=${KEEP_CG:-0}
START_TIMEOUT=${START_TIMEOUT:-180}    # valgrind start-up of a Swift binary is slow
LOAD_TIMEOUT=${LOAD_TIMEOUT:-900}
COMMAND_LINE="benchmarks/callgrind.sh $*"

while [ $# -gt 0 ]; do
    case "$1" in
        --requests) REQUESTS=$2; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --results) RESULTS_DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

check_tools nginx h2load openssl curl taskset unshare python3 ss valgrind callgrind_control callgrind_annotate objcopy
[ -r "$CGCALLS" ] || die "cgcalls.py not found at $CGCALLS (set CGCALLS)"
check_ports "$ORIGIN_PORT" "$NGINX_HTTP_PORT" "$NGINX_TLS_PORT" "$EDGE_HTTP_PORT" "$EDGE_TLS_PORT"
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_work edge-cg
DATE=$(date -u +%Y-%m-%d)
REPORT="$RESULTS_DIR/$DATE-callgrind.md"
RAW="$RESULTS_DIR/$DATE-callgrind-raw"
mkdir -p "$RAW" || die "cannot create $RAW"
start_origin

objcopy --strip-debug "$EDGE_BIN" "$WORK/edge.nodebug" || die "objcopy edge"
objcopy --strip-debug "$(command -v nginx)" "$WORK/nginx.nodebug" || die "objcopy nginx"

demangle() {  # Swift names readable (C names pass through)
    if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else cat; fi
}

SECTIONS="$WORK/sections.md"; : >"$SECTIONS"
SUMMARY="$WORK/summary.tsv"; : >"$SUMMARY"

run_server() {  # server
    local s=$1 vp port sc url dump n prev proto
    case $s in
        nginx) port=$NGINX_HTTP_PORT
               taskset -c "$SERVER_CPUS" valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.nginx.%p.out" \
                   "$WORK/nginx.nodebug" -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" \
                   -g 'daemon off; master_process off;' >"$WORK/vg.nginx.log" 2>&1 & ;;
        edge)  port=$EDGE_HTTP_PORT
               taskset -c "$SERVER_CPUS" valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.edge.%p.out" \
                   "$WORK/edge.nodebug" serve --config "$WORK/edge.yaml" >"$WORK/vg.edge.log" 2>&1 & ;;
    esac
    vp=$!
    sleep 0.5
    register "callgrind-$s" "$vp" || { cat "$WORK/vg.$s.log" >&2; log "ERROR: $s under valgrind exited at once"; return 1; }
    if ! wait_port "$port" "$START_TIMEOUT"; then
        log "ERROR: $s under valgrind did not listen on $port within ${START_TIMEOUT}s"
        echo "- $s: did not listen within ${START_TIMEOUT}s under valgrind; no numbers." >>"$SECTIONS"
        stop_named "callgrind-$s"; return 1
    fi
    log "$s listening under callgrind (pid $vp)"
    n=0
    for sc in $SCENARIOS; do
        case $sc in
            h1_proxy_1k) url="http://127.0.0.1:$port/proxy/1k.bin" ;;
            h2_proxy_1k) url=$(url_of "$s" https /proxy/1k.bin) ;;
            h2_dir_1k) url=$(url_of "$s" https /1k.bin) ;;
            *) url="http://127.0.0.1:$port/1k.bin" ;;
        esac
        case $sc in h2_*) proto=(-m10) ;; *) proto=(--h1) ;; esac
        client "$LOAD_TIMEOUT" h2load "${proto[@]}" -t1 -c8 -n"$WARM_REQUESTS" "$url" >"$RAW/$s-$sc-warmup.txt" 2>&1 \
            || log "WARN: $s $sc warm-up h2load exit $?"
        timeout 120 callgrind_control -z "$vp" >"$WORK/cgc.z.$s.$sc" 2>&1 || { log "ERROR: callgrind_control -z $s failed"; cat "$WORK/cgc.z.$s.$sc" >&2; }
        client "$LOAD_TIMEOUT" h2load "${proto[@]}" -t1 -c8 -n"$REQUESTS" "$url" >"$RAW/$s-$sc-h2load.txt" 2>&1 \
            || log "WARN: $s $sc h2load exit $? (see $RAW/$s-$sc-h2load.txt)"
        timeout 300 callgrind_control -d "$vp" >"$WORK/cgc.d.$s.$sc" 2>&1 || { log "ERROR: callgrind_control -d $s failed"; cat "$WORK/cgc.d.$s.$sc" >&2; }
        n=$((n + 1))
        dump="$WORK/cg.$s.$vp.out.$n"
        for _ in $(seq 1 100); do [ -s "$dump" ] && break; sleep 0.2; done
        if [ ! -s "$dump" ]; then
            log "ERROR: no callgrind dump $dump"; echo "- $s $sc: no callgrind dump (callgrind_control -d failed)." >>"$SECTIONS"; continue
        fi
        [ "$KEEP_CG" = 1 ] && cp "$dump" "$RAW/cg.$s.$sc.out"
        analyse "$s" "$sc" "$dump"
    done
    stop_named "callgrind-$s"
}

analyse() {  # server scenario dump
    local s=$1 sc=$2 dump=$3 h2 cg ok codes
    h2="$RAW/$s-$sc-h2load.txt"
    ok=$(grep -oE '[0-9]+ succeeded' "$h2" | awk '{print $1}')
    codes=$(grep -oE 'status codes: .*' "$h2" | sed 's/status codes: //')
    python3 "$CGCALLS" "$dump" "$REQUESTS" malloc swift_allocObject swift_retain swift_release >"$RAW/$s-$sc-cgcalls.txt"
    python3 "$CGCALLS" "$dump" "$REQUESTS" >"$RAW/$s-$sc-cgcalls-more.txt"
    python3 "$HERE/cgtop.py" "$dump" "$REQUESTS" 30 | demangle >"$RAW/$s-$sc-self.txt"
    callgrind_annotate --inclusive=yes --threshold=100 "$dump" >"$WORK/incl.txt" 2>/dev/null
    head -n 400 "$WORK/incl.txt" | demangle >"$RAW/$s-$sc-annotate-inclusive.txt"
    # the server's own code (mangled Swift module names of edge; ngx_ functions of nginx), by inclusive cost
    case $s in
        edge) grep -E '\$s(10Edge(Server|Origin|Config)|11EdgeRouting|9EdgeProxy|8EdgeCore|7EdgeTLS)' "$WORK/incl.txt" ;;
        *) grep -E ':ngx_' "$WORK/incl.txt" | grep -vE 'ngx_(single_process_cycle|process_events_and_timers)' ;;
    esac | head -n 20 | demangle >"$RAW/$s-$sc-inclusive-own.txt"
    cg="$RAW/$s-$sc-cgcalls.txt"
    per() { awk -v f="$1" '$1 == f {print $6}' "$cg"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$sc" \
        "$(awk '/^total Ir/{print $6}' "$cg")" "$(per malloc)" "$(per swift_allocObject)" \
        "$(per swift_retain)" "$(per swift_release)" "${ok:-?}" "${codes:-?}" >>"$SUMMARY"
    {
        echo "### $s, $sc"
        echo
        echo "h2load: ${ok:-?} of $REQUESTS succeeded; status codes: ${codes:-?}"
        echo
        echo '```'
        cat "$cg"
        echo '```'
        echo
        echo "More calls per request (cgcalls.py default list):"
        echo
        echo '```'
        cat "$RAW/$s-$sc-cgcalls-more.txt"
        echo '```'
        echo
        echo "Top 10 by self instructions (cgtop.py; per request = self Ir / $REQUESTS):"
        echo
        echo '```'
        head -n 12 "$RAW/$s-$sc-self.txt" | cut -c1-230
        echo '```'
        echo
        echo "Top 25 by inclusive instructions (callgrind_annotate --inclusive=yes; the first lines are thread roots and"
        echo "the event loop; recursive functions (name ending in '2) can exceed 100%):"
        echo
        echo '```'
        top_fns "$RAW/$s-$sc-annotate-inclusive.txt"
        echo '```'
        echo
        echo "Top 20 functions of the server's own code by inclusive instructions (edge: Edge* modules; nginx: ngx_*):"
        echo
        echo '```'
        cut -c1-230 "$RAW/$s-$sc-inclusive-own.txt" | sed 's# \[/dev/shm/[^]]*\]##'
        echo '```'
        echo
    } >>"$SECTIONS"
    log "$s $sc: $(head -1 "$cg"); h2load ${ok:-?} succeeded, $codes"
}

top_fns() {  # annotate output [N] -> the first N (25) function lines, shortened
    awk -v n="${2:-25}" 'found && NF && $1 ~ /^[0-9,]+$/ {print; if (++k == n) exit} /Ir +file:function/ {found=1}' "$1" \
        | cut -c1-230 | sed "s@ \[/dev/shm/[^]]*\]@@"
}

for s in $SERVERS; do run_server "$s" || log "WARN: $s incomplete"; done

# ------------------------------------------------------------------- report
{
    echo "# Instructions and allocations per request: edge vs nginx, $DATE"
    echo
    echo "Generated by \`benchmarks/callgrind.sh\` (run by hand, not in CI); method of /work/shared/peer-bench/README.md."
    echo
    echo '```sh'
    echo "REQUESTS=$REQUESTS SERVER_CPUS=$SERVER_CPUS CLIENT_CPUS=$CLIENT_CPUS $COMMAND_LINE"
    echo "# per server and scenario:"
    echo "objcopy --strip-debug SERVER_BINARY WORK/S.nodebug"
    echo "taskset -c $SERVER_CPUS valgrind --tool=callgrind --callgrind-out-file=WORK/cg.S.%p.out WORK/edge.nodebug serve --config WORK/edge.yaml &"
    echo "taskset -c $SERVER_CPUS valgrind --tool=callgrind --callgrind-out-file=WORK/cg.S.%p.out WORK/nginx.nodebug -p WORK -c WORK/nginx.conf -g 'daemon off; master_process off;' &"
    echo "taskset -c $CLIENT_CPUS h2load --h1 -t1 -c8 -n$WARM_REQUESTS URL     # warm-up"
    echo "callgrind_control -z PID"
    echo "taskset -c $CLIENT_CPUS h2load --h1 -t1 -c8 -n$REQUESTS URL"
    echo "callgrind_control -d PID"
    echo "$CGCALLS DUMP $REQUESTS malloc swift_allocObject swift_retain swift_release"
    echo '```'
    echo
    echo "URLs: h1_dir_1k = http://127.0.0.1:PORT/1k.bin (edge: directory origin; nginx: root), h1_proxy_1k = /proxy/1k.bin"
    echo "(both forward to the same origin nginx over HTTP/1.1 keep-alive; no cache). Configs: conf/edge.yaml.in, conf/nginx.conf.in."
    echo
    echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r); $(valgrind --version);"
    echo "$(nginx -v 2>&1 | sed 's/.*: //'); $(swift --version 2>/dev/null | head -1); edge commit $(git -C "$REPO_DIR" rev-parse --short HEAD)"
    echo "($(git -C "$REPO_DIR" status --porcelain --untracked-files=no 2>/dev/null | wc -l) tracked file(s) modified), release build (-enforce-exclusivity=unchecked)."
    echo
    echo "## Per request (total user-space instructions of the whole process / $REQUESTS requests)"
    echo
    echo "| server | scenario | instructions | malloc | swift_allocObject | swift_retain | swift_release | h2load succeeded | status codes |"
    echo "|---|---|---|---|---|---|---|---|---|"
    while IFS=$'\t' read -r a b c d e f g h i; do
        echo "| $a | $b | $c | $d | $e | $f | $g | $h | $i |"
    done <"$SUMMARY"
    echo
    for sc in $SCENARIOS; do
        e=$(awk -F'\t' -v sc="$sc" '$1=="edge" && $2==sc {print $3}' "$SUMMARY")
        n=$(awk -F'\t' -v sc="$sc" '$1=="nginx" && $2==sc {print $3}' "$SUMMARY")
        [ -n "$e" ] && [ -n "$n" ] && echo "- $sc: edge/nginx instructions per request = $(awk -v e="$e" -v n="$n" 'BEGIN{printf "%.2f", e/n}')×"
    done
    echo
    echo "Notes: counts cover every thread of the server process (edge: NIO event loops and its file I/O thread pool)."
    echo "For h1_proxy_1k each server's count includes its origin-client side (pooled connection to the origin, request"
    echo "encoding, response parsing); the origin's own work is not counted. Design budget for a plain h1 cache hit:"
    echo "≤ ~20k instructions, ≤ 3 mallocs (design.md, Performance shape); these are no-cache paths, not hits."
    echo
    echo "## Details"
    echo
    cat "$SECTIONS"
    echo "Full callgrind_annotate outputs and h2load outputs: \`$(basename "$RAW")/\`."
} >"$REPORT"
log "report: $REPORT"
cat "$REPORT"
