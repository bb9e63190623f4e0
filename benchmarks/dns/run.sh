#!/usr/bin/env bash
# DNS benchmark: queries per second of edge's authoritative DNS against NSD (and BIND 9 if installed)
# serving the same zone, in one run, with dnsperf; then callgrind instructions per query.
#
#   benchmarks/dns/run.sh                   # check answers, 3 interleaved rounds x 10 s, callgrind; ~8 min
#   benchmarks/dns/run.sh --check           # start every server, compare sample answers, stop
#   benchmarks/dns/run.sh --no-callgrind    # throughput only (~2 min)
#   benchmarks/dns/run.sh --callgrind-only  # instructions per query only
#   ROUNDS=5 DURATION=20 benchmarks/dns/run.sh --servers "edge nsd"
#
# Servers (all on 127.0.0.1, pinned to SERVER_CPUS=0): edge (`edge serve`, a config with only `dns:`,
# one event loop because its affinity mask has one CPU), NSD (server-count: 1, RRL off), BIND (`named
# -n 1`, recursion off). dnsperf runs on CLIENT_CPUS=1. Queries: gen.py's mix (80% answers incl. wildcard
# and referrals, 10% NXDOMAIN, 5% NODATA, 5% CNAME), sent as a resolver sends them (RD=0, EDNS 1232) via
# dnsperf's binary input (-B). Per round and server: an unrecorded WARMUP-second run, then
#   dnsperf -B -d queries.bin -s 127.0.0.1 -p PORT -l DURATION -c CLIENTS -q OUTSTANDING [-Q MAX_QPS]
# with the server order flipped every round. Callgrind (edge, and NSD as the reference): the server under
# `valgrind --tool=callgrind` on SERVER_CPUS, CG_WARM queries, callgrind_control -z, CG_QUERIES queries
# (dnsperf -n 1), callgrind_control -d, then the same time idle (zero, sleep, dump) as the baseline:
# instructions per query = (load Ir - idle Ir) / answered queries. (NSD's forked server has no vgdb link:
# two whole runs, load and idle, and the difference of the exit dumps.) Rounds wait for a quiet machine.
#
# Writes results/<UTC date>-dns-edge-vs-nsd-<short sha>.md and results/<same>-raw/ (dnsperf outputs,
# results.tsv, callgrind_annotate outputs). Prerequisites (Debian 12):
#   apt-get install -y dnsperf nsd bind9 bind9-dnsutils valgrind      # bind9 optional
#   swift build -c release --product edge --scratch-path .build-release -Xswiftc -enforce-exclusivity=unchecked
# Environment: EDGE_BIN (with EDGE_COMMIT and EDGE_BUILD_NOTE when not built from this tree), SERVER_CPUS,
#   CLIENT_CPUS, PORT_SHIFT, ROUNDS, DURATION, WARMUP, CLIENTS, OUTSTANDING, MAX_QPS, QUERIES, CG_WARM,
#   CG_QUERIES, CG_SERVERS ("edge nsd"), KEEP_WORK=1, KEEP_CG=1,
#   QUIET_LEVEL (10: % busy CPUs tolerated before a round), QUIET_WAIT (600 s), QUIET_ROUND_WAIT (180 s);
#   EDGE_DNS_PACKET_CACHE_BYTES reaches edge (0 turns its packet cache off, for the engine's own cost).
set -uo pipefail
DNS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$DNS_DIR/../lib.sh"   # log, die, register, stop_named, cleanup (stop every registered PID), pid_tree

EDGE_PORT=${EDGE_PORT:-$((29353 + PORT_SHIFT))}
NSD_PORT=${NSD_PORT:-$((29363 + PORT_SHIFT))}
BIND_PORT=${BIND_PORT:-$((29373 + PORT_SHIFT))}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CLIENTS=${CLIENTS:-4}
OUTSTANDING=${OUTSTANDING:-200}
MAX_QPS=${MAX_QPS:-}
QUERIES=${QUERIES:-100000}
CG_WARM=${CG_WARM:-2000}
CG_QUERIES=${CG_QUERIES:-20000}
CG_SERVERS=${CG_SERVERS:-"edge nsd"}
CGCALLS=${CGCALLS:-/work/shared/peer-bench/cgcalls.py}
KEEP_CG=${KEEP_CG:-0}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
START_TIMEOUT=${START_TIMEOUT:-180}
MODE=bench
CALLGRIND=1
SERVERS=${SERVERS:-}
COMMAND_LINE="benchmarks/dns/run.sh${*:+ $*}"

while [ $# -gt 0 ]; do
    case "$1" in
        --check) MODE=check; shift ;;
        --no-callgrind) CALLGRIND=0; shift ;;
        --callgrind-only) MODE=callgrind; shift ;;
        --servers) SERVERS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --results) RESULTS_DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

# ------------------------------------------------------------ prerequisites
INSTALL="apt-get install -y dnsperf nsd bind9 bind9-dnsutils valgrind   (Debian 12; bind9 is optional)"
missing=""
for b in dnsperf nsd nsd-checkconf dig taskset python3 ss timeout; do command -v "$b" >/dev/null || missing="$missing $b"; done
if [ "$CALLGRIND" = 1 ] && [ "$MODE" != check ]; then
    for b in valgrind callgrind_control callgrind_annotate objcopy; do command -v "$b" >/dev/null || missing="$missing $b"; done
    [ -r "$CGCALLS" ] || die "cgcalls.py not found at $CGCALLS (set CGCALLS, or --no-callgrind)"
fi
[ -z "$missing" ] || die "missing:$missing. Install with: $INSTALL"
[ -x "$EDGE_BIN" ] || die "no edge binary at $EDGE_BIN (cd $REPO_DIR && swift build -c release --product edge --scratch-path .build-release -Xswiftc -enforce-exclusivity=unchecked)"
if [ -z "$SERVERS" ]; then
    SERVERS="edge nsd"
    if command -v named >/dev/null && command -v named-checkconf >/dev/null; then SERVERS="edge nsd bind"
    else log "named not found: BIND skipped (apt-get install -y bind9)"; fi
fi
case " $SERVERS " in *" nsd "*) ;; *) die "--servers must include nsd (the reference)" ;; esac
[ "$(nproc)" -ge 2 ] || log "WARN: $(nproc) CPU(s): server and dnsperf share a core"

port_of() { case $1 in edge) echo "$EDGE_PORT" ;; nsd) echo "$NSD_PORT" ;; bind) echo "$BIND_PORT" ;; esac; }
in_use() { ss -Han "( sport = :$1 )" 2>/dev/null | grep -q .; }   # any UDP or TCP socket on the port
for s in $SERVERS; do in_use "$(port_of "$s")" && die "port $(port_of "$s") in use on 127.0.0.1 (rerun with PORT_SHIFT=N)"; done

trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ set up
WORK=$(mktemp -d /dev/shm/edge-dns-bench.XXXXXX) || die "mktemp"
chmod 755 "$WORK"
STARTED="$WORK/started"; : >"$STARTED"
mkdir -p "$WORK"/{nsd,bind,edge-state,cg}
python3 "$DNS_DIR/gen.py" "$WORK" "$QUERIES" "$CG_WARM" "$CG_QUERIES" || die "gen.py failed"
for f in edge.yaml nsd.conf named.conf; do
    sed -e "s#@WORK@#$WORK#g" -e "s#@EDGE_PORT@#$EDGE_PORT#g" -e "s#@NSD_PORT@#$NSD_PORT#g" \
        -e "s#@BIND_PORT@#$BIND_PORT#g" "$DNS_DIR/conf/$f.in" >"$WORK/$f"
    if grep -q '@[A-Z_]*@' "$WORK/$f"; then die "unfilled placeholder in $WORK/$f"; fi
done
"$EDGE_BIN" check --config "$WORK/edge.yaml" >"$WORK/edge-check.txt" 2>&1 \
    || { cat "$WORK/edge-check.txt" >&2; die "edge check rejected $WORK/edge.yaml"; }
nsd-checkconf "$WORK/nsd.conf" || die "nsd-checkconf rejected $WORK/nsd.conf"
case " $SERVERS " in *" bind "*) named-checkconf "$WORK/named.conf" || die "named-checkconf rejected $WORK/named.conf" ;; esac

DATE=$(date -u +%Y-%m-%d)
SHA=${EDGE_COMMIT:-$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)}
NAME="$DATE-dns-edge-vs-nsd-$SHA"
REPORT="$RESULTS_DIR/$NAME.md"
RAW="$RESULTS_DIR/$NAME-raw"
if [ "$MODE" != check ]; then mkdir -p "$RAW" || die "cannot create $RAW"; fi

# ------------------------------------------------------------ start / stop
load() { local lim=$1; shift; timeout -k 5 "$lim" taskset -c "$CLIENT_CPUS" "$@"; }

answers() {  # port: the SOA answers
    dig @127.0.0.1 -p "$1" +short +norec +time=1 +tries=1 bench.test SOA 2>/dev/null | grep -q hostmaster
}

wait_dns() {  # port seconds pid
    local i
    for i in $(seq 1 "$2"); do
        answers "$1" && return 0
        alive "$3" || return 1
        sleep 1
    done
    return 1
}

start() {  # server [callgrind]: start it on SERVER_CPUS, wait until it answers
    local s=$1 cg=${2:-} port pid vg=()
    port=$(port_of "$s")
    [ -n "$cg" ] && vg=(valgrind --tool=callgrind "--callgrind-out-file=$WORK/cg/$s.%p.out")
    case $s in
        edge) local bin=$EDGE_BIN
              [ -n "$cg" ] && bin="$WORK/edge.nodebug"
              taskset -c "$SERVER_CPUS" "${vg[@]}" "$bin" serve --config "$WORK/edge.yaml" >"$WORK/$s.log" 2>&1 & ;;
        nsd)  taskset -c "$SERVER_CPUS" "${vg[@]}" nsd -d -c "$WORK/nsd.conf" >"$WORK/$s.log" 2>&1 & ;;
        bind) taskset -c "$SERVER_CPUS" "${vg[@]}" named -f -n 1 -c "$WORK/named.conf" >"$WORK/$s.log" 2>&1 & ;;
    esac
    pid=$!
    local i exe
    for i in $(seq 1 200); do   # until taskset (and valgrind's launchers) have exec'd the server (or the tool)
        exe=$(exe_of "$pid")
        case "$exe" in
            "") ;;
            *callgrind*) break ;;
            *) [ -z "$cg" ] && [ "${exe##*/}" != taskset ] && break ;;
        esac
        alive "$pid" || break
        sleep 0.05
    done
    register "$s" "$pid" || { cat "$WORK/$s.log" >&2; die "$s exited at once"; }
    wait_dns "$port" "$([ -n "$cg" ] && echo "$START_TIMEOUT" || echo 30)" "$pid" \
        || { tail -20 "$WORK/$s.log" >&2; die "$s does not answer on 127.0.0.1:$port"; }
    eval "PID_$s=$pid"
}

pid_of() { eval "echo \${PID_$1}"; }

# ------------------------------------------------------------ measurements
CLK=$(getconf CLK_TCK)
proc_ticks() {  # root pid: utime+stime of it and its descendants (all threads)
    local p sum=0 t
    for p in $(pid_tree "$1"); do
        # fields after "(comm)", which may contain blanks ("nsd: server 1"): state is 1st, utime 12th, stime 13th
        t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') && sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
core_ticks() {  # "busy total" per CPU for the lists in SERVER_CPUS and CLIENT_CPUS (first CPU of each)
    local c
    for c in "${SERVER_CPUS%%[,-]*}" "${CLIENT_CPUS%%[,-]*}"; do
        awk -v c="cpu$c" '$1 == c { t = 0; for (i = 2; i <= NF; i++) t += $i; printf "%d %d ", t - $5 - $6, t }' /proc/stat
    done
}

TSV="$RAW/results.tsv"
run_dnsperf() {  # server round label seconds
    local s=$1 r=$2 label=$3 secs=$4 port out pt0 pt1 c0 c1 tf args
    port=$(port_of "$s")
    out="$RAW/dnsperf-$s-r$r-$label.txt"
    args=(dnsperf -B -d "$WORK/queries.bin" -s 127.0.0.1 -p "$port" -l "$secs" -c "$CLIENTS" -q "$OUTSTANDING")
    [ -n "$MAX_QPS" ] && args+=(-Q "$MAX_QPS")
    pt0=$(proc_ticks "$(pid_of "$s")"); c0=$(core_ticks)
    tf="$WORK/time.$s.$r.$label"
    { TIMEFORMAT='%R %U %S'; time load $((secs + 30)) "${args[@]}" >"$out" 2>&1; } 2>"$tf"
    pt1=$(proc_ticks "$(pid_of "$s")"); c1=$(core_ticks)
    [ "$label" = measure ] || return 0
    python3 - "$out" "$s" "$r" "$pt0" "$pt1" "$CLK" "$c0" "$c1" "$(cat "$tf")" >>"$TSV" <<'PY'
import re, sys
out, server, rnd, pt0, pt1, clk = sys.argv[1:7]
c0, c1, tm = sys.argv[7].split(), sys.argv[8].split(), sys.argv[9].split()
text = open(out).read()
def num(pattern, default="?"):
    m = re.search(pattern, text)
    return m.group(1) if m else default
run = float(num(r"Run time \(s\):\s+([\d.]+)", "0") or 0) or float(tm[0])
busy = lambda i: 100.0 * (int(c1[i]) - int(c0[i])) / max(1, int(c1[i + 1]) - int(c0[i + 1]))
row = [rnd, server, num(r"Queries per second:\s+([\d.]+)"), num(r"Queries sent:\s+(\d+)"),
       num(r"Queries completed:\s+(\d+)"), num(r"Queries lost:\s+(\d+)"),
       num(r"Average Latency \(s\):\s+([\d.]+)"), num(r"Latency StdDev \(s\):\s+([\d.]+)"),
       num(r"request (\d+), response"), num(r"response (\d+)"),
       num(r"Response codes:\s+(.*)").strip(),
       f"{100.0 * (int(pt1) - int(pt0)) / int(clk) / max(run, 0.001):.0f}",
       f"{100.0 * (float(tm[1]) + float(tm[2])) / max(float(tm[0]), 0.001):.0f}",
       f"{busy(0):.0f}", f"{busy(2):.0f}"]
print("\t".join(row))
PY
    log "$s round $r: $(awk '/Queries per second/{print $4}' "$out") qps, lost $(awk '/Queries lost/{print $3}' "$out")"
}

check_answers() {
    local args=("nsd:$NSD_PORT") s
    for s in $SERVERS; do [ "$s" = nsd ] || args+=("$s:$(port_of "$s")"); done
    python3 "$DNS_DIR/check.py" "$WORK/samples.txt" "$WORK/answers.md" "${args[@]}"
}

versions() {
    echo "- edge: $("$EDGE_BIN" version 2>/dev/null | head -1), release build, \`$EDGE_BIN\`; ${EDGE_BUILD_NOTE:-built from the working tree at commit $SHA ($(git -C "$REPO_DIR" status --porcelain --untracked-files=no -- Sources Package.swift 2>/dev/null | wc -l) modified tracked file(s) under Sources/ or Package.swift when run)}"
    if [ "${EDGE_DNS_PACKET_CACHE_BYTES-unset}" = 0 ]; then
        echo "- edge's UDP packet cache (docs/dns.md, Transports): off (EDGE_DNS_PACKET_CACHE_BYTES=0): every query goes through the answer engine"
    else
        echo "- edge's UDP packet cache (docs/dns.md, Transports): on (${EDGE_DNS_PACKET_CACHE_BYTES:-the default 8 MiB}): dnsperf repeats queries.bin, so after its first pass edge answers the repeated questions from it; callgrind's cg.bin is drawn apart from the warm-up, so part of it is first-time questions"
    fi
    echo "- $(nsd -v 2>&1 | head -1) (Debian package $(dpkg-query -W -f='${Version}' nsd 2>/dev/null))"
    case " $SERVERS " in *" bind "*) echo "- $(named -v 2>&1 | head -1) (Debian package $(dpkg-query -W -f='${Version}' bind9 2>/dev/null))" ;; esac
    echo "- dnsperf $(dnsperf -h 2>&1 | awk '/^Version/{print $2}'), $(valgrind --version 2>/dev/null), $(dig -v 2>&1 | head -1)"
}

# ------------------------------------------------------------------ check
for s in $SERVERS; do start "$s"; done
EDGE_THREADS=$(ls "/proc/$PID_edge/task" 2>/dev/null | wc -l)
NSD_PROCS=$(pid_tree "$PID_nsd" | wc -l)
log "all servers answer; comparing sample answers"
ANSWERS_OK=0
check_answers || { ANSWERS_OK=1; log "WARN: the servers disagree on some answers (see the table)"; }
if [ "$MODE" = check ]; then
    [ $ANSWERS_OK = 0 ] || die "answers differ"
    exit 0
fi
cp "$WORK/answers.md" "$WORK/mix.txt" "$RAW/"
[ $ANSWERS_OK = 0 ] || die "answers differ (rcode, AA or answer section): not comparing unequal work"

# ------------------------------------------------------------ throughput
busy_now() {  # percent of all CPUs busy over one second
    local a b
    a=$(awk '/^cpu /{t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat); sleep 1
    b=$(awk '/^cpu /{t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat)
    echo "$a $b" | awk '{printf "%.0f", 100 * ($3 - $1) / ($4 - $2)}'
}
others() {  # the busiest processes over the last second, for the report
    top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/{n++} n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 1 {printf "%s %s%%; ", $12, $9}' | head -c 300
}
wait_quiet() {  # seconds: wait (at most that long) until at most QUIET_LEVEL% of the CPUs are busy
    local waited=0 b
    while b=$(busy_now); [ "$b" -gt "$QUIET_LEVEL" ] && [ $waited -lt "$1" ]; do
        [ $((waited % 60)) = 0 ] && log "CPUs ${b}% busy with other work; waiting (up to ${1}s) for <= ${QUIET_LEVEL}%"
        sleep 4; waited=$((waited + 5))
    done
    QUIET_WAITED=$((QUIET_WAITED + waited))
    [ "$b" -le "$QUIET_LEVEL" ] || { log "WARN: still ${b}% busy; measuring anyway"; NOISY=$((NOISY + 1)); }
    LAST_BUSY=$b
}
if [ "$MODE" = bench ]; then
    # other work on the machine skews qps: wait (bounded) until the CPUs are nearly idle
    QUIET_WAIT=${QUIET_WAIT:-600}; QUIET_ROUND_WAIT=${QUIET_ROUND_WAIT:-180}; QUIET_LEVEL=${QUIET_LEVEL:-10}
    QUIET_WAITED=0; NOISY=0
    BUSY_BEFORE="load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; busiest processes: $(others)"
    : >"$TSV"
    order="$SERVERS"
    for r in $(seq 1 "$ROUNDS"); do
        wait_quiet "$([ "$r" = 1 ] && echo "$QUIET_WAIT" || echo "$QUIET_ROUND_WAIT")"
        for s in $order; do
            run_dnsperf "$s" "$r" warmup "$WARMUP"
            run_dnsperf "$s" "$r" measure "$DURATION"
        done
        order=$(echo "$order" | tr ' ' '\n' | tac | tr '\n' ' ')
    done
    BUSY_AFTER="waited ${QUIET_WAITED}s in all for <= ${QUIET_LEVEL}% busy CPUs before the rounds; $NOISY round(s) started busier; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
fi
for s in $SERVERS; do stop_named "$s"; done

# ------------------------------------------------------------ callgrind
CG_MD="$WORK/callgrind.md"; : >"$CG_MD"
CG_TSV="$WORK/callgrind.tsv"; : >"$CG_TSV"
demangle() { if command -v swift-demangle >/dev/null; then swift-demangle --simplified; else cat; fi; }
dump_total() { awk '/^(summary|totals):/ {print $2; exit}' "$1"; }

cg_load() {  # server label file-or-empty: send the file once (and set IDLE to the seconds it took), or sleep IDLE s
    local s=$1 label=$2 file=$3 t0 t1
    if [ -n "$file" ]; then
        t0=$(date +%s.%N)
        load 1800 dnsperf -B -d "$file" -s 127.0.0.1 -p "$(port_of "$s")" -n 1 -c 1 -q 10 -t 30 \
            >"$RAW/callgrind-$s-$label-dnsperf.txt" 2>&1
        t1=$(date +%s.%N)
        IDLE=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b - a + 0.5}')
    else
        sleep "$IDLE"
    fi
}

new_dumps() {  # before-listing label: the dump files written since, sorted by pid, into $WORK/dumps.label
    sleep 1
    comm -13 <(echo "$1") <(ls "$WORK/cg") | sort -t. -k2,2n | sed "s#^#$WORK/cg/#" >"$WORK/dumps.$2"
}

warm_up() { load 1800 dnsperf -B -d "$WORK/cg-warm.bin" -s 127.0.0.1 -p "$(port_of "$1")" -n 1 -c 1 -q 10 -t 30 \
    >"$RAW/callgrind-$1-warmup-dnsperf.txt" 2>&1; }

cg_counts() {  # server: fills $WORK/dumps.load and $WORK/dumps.idle (one dump per process, pid order)
    local s=$1 p before
    if [ "$s" = edge ]; then
        # one process: zero the counters after the warm-up, dump after the load, then the same for an
        # idle period as long as the load took
        start "$s" callgrind
        warm_up "$s"
        for label in load idle; do
            for p in $(pid_tree "$(pid_of "$s")"); do timeout 120 callgrind_control -z "$p" >/dev/null 2>&1; done
            cg_load "$s" "$label" "$([ $label = load ] && echo "$WORK/cg.bin")"
            before=$(ls "$WORK/cg")
            for p in $(pid_tree "$(pid_of "$s")"); do timeout 300 callgrind_control -d "$p" >/dev/null 2>&1; done
            new_dumps "$before" "$label"
        done
        stop_named "$s"
    else
        # forked server processes have no vgdb link for callgrind_control: two whole runs instead, each
        # start + warm-up + (load | idle as long) + stop, and the difference of their exit dumps
        for label in load idle; do
            before=$(ls "$WORK/cg")
            start "$s" callgrind
            warm_up "$s"
            cg_load "$s" "$label" "$([ $label = load ] && echo "$WORK/cg.bin")"
            stop_named "$s"
            new_dumps "$before" "$label"
        done
    fi
}

cg_server() {
    local s=$1 load_ir=0 idle_ir=0 d ir main="" best=-1 i done_q perq
    local -a loads idles
    [ "$s" = edge ] && { objcopy --strip-debug "$EDGE_BIN" "$WORK/edge.nodebug" || die "objcopy edge"; }
    log "$s: callgrind"
    cg_counts "$s"
    mapfile -t loads <"$WORK/dumps.load"
    mapfile -t idles <"$WORK/dumps.idle"
    # processes pair up by pid order; the one whose count grew most under load is the one shown below
    for i in "${!loads[@]}"; do
        ir=$(dump_total "${loads[$i]}"); ir=${ir:-0}; load_ir=$((load_ir + ir))
        d=$(dump_total "${idles[$i]:-/dev/null}"); d=${d:-0}
        if [ $((ir - d)) -gt "$best" ]; then best=$((ir - d)); main=${loads[$i]}; fi
    done
    for d in "${idles[@]}"; do ir=$(dump_total "$d"); idle_ir=$((idle_ir + ${ir:-0})); done
    local scope="counters zeroed after the warm-up, so per query = Ir / $CG_QUERIES answered queries"
    [ "$s" = edge ] || scope="the whole life of that process (start-up and warm-up included), so the first functions are not all per-query work"
    done_q=$(awk '/Queries completed/{print $3}' "$RAW/callgrind-$s-load-dnsperf.txt")
    [ -n "$main" ] && [ "${done_q:-0}" -gt 0 ] || { log "ERROR: $s: no callgrind dump or no answers"; echo "- $s: no callgrind result" >>"$CG_MD"; return 1; }
    perq=$(( (load_ir - idle_ir) / done_q ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$perq" "$load_ir" "$idle_ir" "$IDLE" "$done_q" \
        "$(awk '/Queries lost/{print $3}' "$RAW/callgrind-$s-load-dnsperf.txt")" >>"$CG_TSV"
    log "$s: $perq instructions per query (load $load_ir, idle $idle_ir over ${IDLE}s, $done_q answered)"
    [ "$KEEP_CG" = 1 ] && cp "$main" "$RAW/cg.$s.out"
    python3 "$CGCALLS" "$main" "$done_q" malloc free swift_allocObject swift_retain swift_release swift_beginAccess \
        swift_bridgeObjectRetain swift_bridgeObjectRelease recvmsg sendmsg recvmmsg sendmmsg epoll_wait \
        >"$RAW/callgrind-$s-calls.txt"
    python3 "$BENCH_DIR/cgtop.py" "$main" "$done_q" 25 | demangle >"$RAW/callgrind-$s-self.txt"
    callgrind_annotate --inclusive=yes --threshold=100 "$main" 2>/dev/null >"$WORK/inclusive.$s.txt"
    head -n 400 "$WORK/inclusive.$s.txt" | demangle >"$RAW/callgrind-$s-inclusive.txt"
    # edge's own functions (mangled Swift names of its DNS modules), by inclusive instructions
    [ "$s" != edge ] || grep -E '\$s(7EdgeDNS|13EdgeDNSServer)' "$WORK/inclusive.$s.txt" | head -n 40 | demangle \
        >"$RAW/callgrind-$s-inclusive-own.txt"
    {
        echo "### $s"
        echo
        echo "The process whose count grew most under load: \`$(basename "$main")\` ($scope). Its calls per query (cgcalls.py):"
        echo
        echo '```'
        cat "$RAW/callgrind-$s-calls.txt"
        echo '```'
        echo
        echo "Top 25 functions by self instructions (cgtop.py; self Ir / $done_q; idle cost not subtracted):"
        echo
        echo '```'
        cut -c1-220 "$RAW/callgrind-$s-self.txt"
        echo '```'
        echo
        echo "Top 25 functions by inclusive instructions (callgrind_annotate --inclusive=yes; thread roots and the event"
        echo "loop come first; Ir / $done_q per query):"
        echo
        echo '```'
        awk -v n=25 -v q="$done_q" 'found && NF && $1 ~ /^[0-9,]+$/ { ir = $1; gsub(",", "", ir);
                printf "%8.0f/q  %s\n", ir / q, $0; if (++k == n) exit } /Ir +file:function/ {found=1}' \
            "$RAW/callgrind-$s-inclusive.txt" | cut -c1-230 | sed "s@ \[/dev/shm/[^]]*\]@@"
        echo '```'
        echo
        if [ -s "$RAW/callgrind-$s-inclusive-own.txt" ]; then
            echo "edge's own DNS code (EdgeDNS, EdgeDNSServer), top 40 by inclusive instructions (Ir / $done_q per query):"
            echo
            echo '```'
            awk -v q="$done_q" '$1 ~ /^[0-9,]+$/ { ir = $1; gsub(",", "", ir); printf "%8.0f/q  %s\n", ir / q, $0 }' \
                "$RAW/callgrind-$s-inclusive-own.txt" | cut -c1-200 | sed "s@ \[/dev/shm/[^]]*\]@@"
            echo '```'
            echo
        fi
    } >>"$CG_MD"
}

if [ "$CALLGRIND" = 1 ]; then
    for s in $CG_SERVERS; do
        case " $SERVERS " in *" $s "*) cg_server "$s" || log "WARN: callgrind $s incomplete" ;; esac
    done
fi

# ------------------------------------------------------------------ report
{
    echo "# DNS: edge vs NSD$(case " $SERVERS " in *" bind "*) echo " and BIND" ;; esac), $DATE, edge $SHA"
    echo
    echo "Generated by \`benchmarks/dns/run.sh\` (run by hand, not in CI; see benchmarks/README.md, \"DNS\")."
    echo
    echo "## Setup"
    echo
    echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
    versions
    echo "- Pinning: servers on CPU $SERVER_CPUS, dnsperf on CPU $CLIENT_CPUS. edge: $EDGE_THREADS threads, one event loop"
    echo "  (its affinity mask has one CPU); NSD: \`server-count: 1\` ($NSD_PROCS processes: main, xfrd, one server), RRL off;"
    echo "  BIND: \`named -f -n 1\`, recursion off, RRL off (its default). Configs: \`benchmarks/dns/conf/\`."
    echo "- Zone \`bench.test\` from \`gen.py\`: $(grep -c . "$WORK/bench.test.zone") lines; SOA, 2 NS, 3,000 hosts (A, every 10th two A,"
    echo "  every 3rd AAAA), 500 CNAMEs, 200 two-link CNAME chains, 300 TXT, 200 MX names, 100 empty non-terminals,"
    echo "  a wildcard \`*.wild\`, a delegation \`sub\` with glue."
    echo "- Queries: $QUERIES, shuffled, sent as a resolver asks an authoritative server: RD=0, EDNS(0) with a 1232-byte"
    echo "  buffer (dnsperf's binary input \`-B\`, so RD can be off; text input always sets RD). Mix:"
    echo
    cat "$WORK/mix.txt"
    echo
    echo "## Command"
    echo
    echo '```sh'
    echo "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CLIENTS=$CLIENTS OUTSTANDING=$OUTSTANDING${MAX_QPS:+ MAX_QPS=$MAX_QPS} $COMMAND_LINE"
    echo "# per round (order flips each round) and server, after an unrecorded ${WARMUP}-s run with the same options:"
    echo "taskset -c $CLIENT_CPUS dnsperf -B -d queries.bin -s 127.0.0.1 -p PORT -l $DURATION -c $CLIENTS -q $OUTSTANDING${MAX_QPS:+ -Q $MAX_QPS}"
    echo '```'
    echo
    echo "## Same answers"
    echo
    echo "Each sample query asked of every server with \`dig +norec +bufsize=1232\` before measuring; sections compared as"
    echo "sets (NSD is the reference):"
    echo
    cat "$WORK/answers.md"
    echo
    if [ "$MODE" = bench ]; then
        echo "## Queries per second"
        echo
        python3 "$DNS_DIR/report.py" "$TSV" "$SERVERS"
        echo
        echo "Other work on the machine: ${BUSY_BEFORE:-?}. ${BUSY_AFTER:-}"
        echo
    fi
    if [ "$CALLGRIND" = 1 ] && [ -s "$CG_TSV" ]; then
        echo "## Instructions per query (callgrind)"
        echo
        echo '```sh'
        echo "objcopy --strip-debug $EDGE_BIN edge.nodebug       # valgrind 3.19 cannot read Swift 6.3's DWARF 5"
        echo "taskset -c $SERVER_CPUS valgrind --tool=callgrind --callgrind-out-file=cg/edge.%p.out edge.nodebug serve --config edge.yaml &"
        echo "taskset -c $SERVER_CPUS valgrind --tool=callgrind --callgrind-out-file=cg/nsd.%p.out nsd -d -c nsd.conf &   # follows NSD's forks"
        echo "taskset -c $CLIENT_CPUS dnsperf -B -d cg-warm.bin -s 127.0.0.1 -p PORT -n 1 -c 1 -q 10 -t 30   # $CG_WARM queries, warm-up"
        echo "callgrind_control -z PID"
        echo "taskset -c $CLIENT_CPUS dnsperf -B -d cg.bin -s 127.0.0.1 -p PORT -n 1 -c 1 -q 10 -t 30        # $CG_QUERIES queries, same mix"
        echo "callgrind_control -d PID"
        echo "callgrind_control -z PID; sleep <as long as the load took>; callgrind_control -d PID   # idle baseline"
        echo "# NSD's forked server process has no vgdb link for callgrind_control: two whole runs instead (start,"
        echo "# warm-up, cg.bin or an idle sleep as long, stop) and the difference of the processes' exit dumps"
        echo '```'
        echo
        echo "| server | instructions per query | load Ir (all processes) | idle Ir (same time, no queries) | seconds | answered | lost |"
        echo "|---|---|---|---|---|---|---|"
        while IFS=$'\t' read -r s perq lir iir secs q lost; do
            echo "| $s | $(printf "%'d" "$perq") | $(printf "%'d" "$lir") | $(printf "%'d" "$iir") | $secs | $q | $lost |"
        done <"$CG_TSV"
        e=$(awk -F'\t' '$1=="edge"{print $2}' "$CG_TSV"); n=$(awk -F'\t' '$1=="nsd"{print $2}' "$CG_TSV")
        if [ -n "$e" ] && [ -n "$n" ]; then
            echo
            echo "edge/NSD instructions per query: $(awk -v e="$e" -v n="$n" 'BEGIN{printf "%.2f", e/n}')×. User-space instructions only (no kernel time);"
            echo "every thread of the process (edge) or every process (NSD) counted; Ir = instructions executed."
        fi
        echo
        cat "$CG_MD"
    fi
    echo "Raw outputs (dnsperf per run, results.tsv, callgrind_annotate): \`$(basename "$RAW")/\`."
} >"$REPORT"
log "report: $REPORT"
cat "$REPORT"
