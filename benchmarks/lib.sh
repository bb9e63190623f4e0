# Shared by run.sh and callgrind.sh (sourced, not run): parameters, work dir,
# certificates, test files, config rendering, starting/stopping the servers.
# Every server binds 127.0.0.1 only; every process we start is recorded with
# its PID and binary and stopped by that PID at exit; every wait is bounded.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

EDGE_BIN=${EDGE_BIN:-$REPO_DIR/.build-release/release/edge}
SERVER_CPUS=${SERVER_CPUS:-0}          # taskset list: servers under test
ORIGIN_CPUS=${ORIGIN_CPUS:-0}          # taskset list: origin nginx (with the servers, as in peer-bench)
CLIENT_CPUS=${CLIENT_CPUS:-1}          # taskset list: wrk / h2load
PORT_SHIFT=${PORT_SHIFT:-0}
ORIGIN_PORT=${ORIGIN_PORT:-$((29100 + PORT_SHIFT))}
NGINX_HTTP_PORT=${NGINX_HTTP_PORT:-$((29180 + PORT_SHIFT))}
NGINX_TLS_PORT=${NGINX_TLS_PORT:-$((29443 + PORT_SHIFT))}
EDGE_HTTP_PORT=${EDGE_HTTP_PORT:-$((29280 + PORT_SHIFT))}
EDGE_TLS_PORT=${EDGE_TLS_PORT:-$((29543 + PORT_SHIFT))}
NGINX_WORKERS=${NGINX_WORKERS:-1}
KEEP_WORK=${KEEP_WORK:-0}
TLS_HOST=bench.test

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------ process control
exe_of() { readlink "/proc/$1/exe" 2>/dev/null || true; }
alive() {  # running (not a zombie); a process reaped while we look counts as gone
    local st
    st=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ]
}

pid_tree() {  # root pids -> those pids and all their descendants
    ps -e -o pid=,ppid= | awk -v roots="$*" '
        BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
        { pp[$1] = $2 }
        END {
            for (it = 0; it < 8; it++) { ch = 0
                for (p in pp) if (!(p in keep) && (pp[p] in keep)) { keep[p] = 1; ch = 1 }
                if (!ch) break }
            for (p in keep) print p }'
}

register() {  # name pid
    local exe
    exe=$(exe_of "$2")
    [ -n "$exe" ] || { log "WARN: $1 pid $2 not alive at registration"; return 1; }
    echo "$1 $2 $exe" >>"$STARTED"
    log "started $1 pid $2 ($exe)"
}

stop_one() {  # name pid exe [signal]
    local name=$1 pid=$2 exe=$3 sig=${4:-TERM} tree p i any
    [ "$(exe_of "$pid")" = "$exe" ] || return 0          # gone, or PID reused: leave it
    tree=$(pid_tree "$pid")
    kill -"$sig" "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do                             # at most 15 s
        any=0
        for p in $tree; do alive "$p" && { any=1; break; }; done
        [ $any = 0 ] && break
        sleep 0.1
    done
    for p in $tree; do
        if alive "$p" && { [ "$p" != "$pid" ] || [ "$(exe_of "$p")" = "$exe" ]; }; then
            log "WARN: $name pid $p still alive after $sig, sending KILL"
            kill -KILL "$p" 2>/dev/null || true
        fi
    done
    log "stopped $name pid $pid"
}

stop_named() {  # name: stop the registered process(es) of that name
    local n pid exe rest
    rest=$(mktemp "$WORK/started.XXXX")
    while read -r n pid exe; do
        if [ "$n" = "$1" ]; then stop_one "$n" "$pid" "$exe"; else echo "$n $pid $exe" >>"$rest"; fi
    done <"$STARTED"
    mv "$rest" "$STARTED"
}

stop_all() {
    [ -n "${STARTED:-}" ] && [ -s "$STARTED" ] || return 0
    local name pid exe
    tac "$STARTED" | while read -r name pid exe; do stop_one "$name" "$pid" "$exe"; done
    : >"$STARTED"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_all
    if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
        if [ "$KEEP_WORK" = 1 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    fi
    exit $rc
}

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

wait_port() {  # port [seconds]
    local i n=$(( ${2:-10} * 10 ))
    for i in $(seq 1 "$n"); do
        port_busy "$1" && return 0
        sleep 0.1
    done
    return 1
}

pid_from_file() {  # file [seconds]
    local i n=$(( ${2:-10} * 10 ))
    for i in $(seq 1 "$n"); do
        [ -s "$1" ] && { head -n1 "$1" | tr -dc 0-9; return 0; }
        sleep 0.1
    done
    return 1
}

# --------------------------------------------------------------- preparation
check_tools() {
    local b
    for b in "$@"; do command -v "$b" >/dev/null || die "$b missing (apt-get install -y nginx-light wrk nghttp2-client valgrind)"; done
    [ -x "$EDGE_BIN" ] || die "no edge binary at $EDGE_BIN (cd $REPO_DIR && swift build -c release --product edge --scratch-path .build-release -Xswiftc -enforce-exclusivity=unchecked)"
}

check_ports() {
    local p busy=""
    for p in "$@"; do port_busy "$p" && busy="$busy $p"; done
    [ -z "$busy" ] || die "port(s) in use on 127.0.0.1:$busy (rerun with PORT_SHIFT=N)"
}

render() {  # template out
    sed -e "s#@WORK@#$WORK#g" -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" \
        -e "s#@NGINX_HTTP_PORT@#$NGINX_HTTP_PORT#g" -e "s#@NGINX_TLS_PORT@#$NGINX_TLS_PORT#g" \
        -e "s#@EDGE_HTTP_PORT@#$EDGE_HTTP_PORT#g" -e "s#@EDGE_TLS_PORT@#$EDGE_TLS_PORT#g" \
        -e "s#@NGINX_WORKERS@#$NGINX_WORKERS#g" "$1" >"$2"
    if grep -q '@[A-Z_]*@' "$2"; then die "unfilled placeholder in $2"; fi
}

setup_work() {  # prefix: work dir on tmpfs, files, certificates, configs
    WORK=$(mktemp -d "/dev/shm/$1.XXXXXX") || die "mktemp"
    chmod 755 "$WORK"
    STARTED="$WORK/started"; : >"$STARTED"
    mkdir -p "$WORK"/{data/proxy,certs,origin-tmp,nginx-tmp,edge-state}
    head -c 1024 /dev/urandom >"$WORK/data/1k.bin"
    head -c 16384 /dev/urandom >"$WORK/data/16k.bin"
    head -c 262144 /dev/urandom >"$WORK/data/256k.bin"
    # the origin serves the same files under /proxy/, so both servers forward the path unchanged
    cp "$WORK"/data/*.bin "$WORK/data/proxy/"
    chmod 755 "$WORK/data" "$WORK/data/proxy"; chmod 644 "$WORK"/data/*.bin "$WORK"/data/proxy/*.bin
    chown -R nobody:nogroup "$WORK/origin-tmp" "$WORK/nginx-tmp"

    # one self-made CA and a leaf for bench.test (ECDSA P-256), shared by nginx and edge
    local c="$WORK/certs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
        -subj "/CN=Edge bench CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$c/ca.key" -out "$c/ca.crt" 2>/dev/null || die "openssl CA"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=$TLS_HOST" -keyout "$c/$TLS_HOST.key" -out "$c/$TLS_HOST.csr" 2>/dev/null || die "openssl csr"
    printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
        "$TLS_HOST" >"$c/leaf.ext"
    openssl x509 -req -in "$c/$TLS_HOST.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
        -days 30 -extfile "$c/leaf.ext" -out "$c/$TLS_HOST.crt" 2>/dev/null || die "openssl sign"
    cat "$c/$TLS_HOST.crt" "$c/ca.crt" >"$c/$TLS_HOST.fullchain.crt"
    chmod 644 "$c"/*

    # load generators run in a private mount namespace where bench.test is 127.0.0.1
    # (so TLS clients send SNI bench.test); the system /etc/hosts is untouched
    printf '127.0.0.1 localhost\n127.0.0.1 %s\n' "$TLS_HOST" >"$WORK/hosts"
    if unshare -m -- sh -c 'mount --bind "$0" /etc/hosts && getent hosts bench.test >/dev/null' "$WORK/hosts" 2>/dev/null; then
        USE_NS=1; TLS_NAME=$TLS_HOST
    else
        USE_NS=0; TLS_NAME=127.0.0.1
        log "WARN: no private mount namespace; TLS clients connect to 127.0.0.1 without SNI (edge/nginx default cert)"
    fi

    render "$BENCH_DIR/conf/origin-nginx.conf.in" "$WORK/origin-nginx.conf"
    render "$BENCH_DIR/conf/nginx.conf.in" "$WORK/nginx.conf"
    render "$BENCH_DIR/conf/edge.yaml.in" "$WORK/edge.yaml"
    "$EDGE_BIN" check --config "$WORK/edge.yaml" >"$WORK/edge-check.txt" 2>&1 \
        || { cat "$WORK/edge-check.txt" >&2; die "edge check rejected $WORK/edge.yaml"; }
}

client() {  # bounded load generator on CLIENT_CPUS, with bench.test -> 127.0.0.1; first arg: time limit (s)
    local lim=$1; shift
    if [ "$USE_NS" = 1 ]; then
        timeout -k 5 "$lim" unshare -m -- sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$WORK/hosts" \
            taskset -c "$CLIENT_CPUS" "$@"
    else
        timeout -k 5 "$lim" taskset -c "$CLIENT_CPUS" "$@"
    fi
}

# -------------------------------------------------------------------- start
start_origin() {
    taskset -c "$ORIGIN_CPUS" nginx -p "$WORK" -e "$WORK/origin-error.log" -c "$WORK/origin-nginx.conf" \
        -g 'daemon on;' || die "origin nginx failed"
    local pid; pid=$(pid_from_file "$WORK/origin-nginx.pid") || die "origin nginx pid"
    register origin "$pid"
    wait_port "$ORIGIN_PORT" 10 || die "origin did not listen"
}

start_nginx() {  # daemon: master + NGINX_WORKERS workers on SERVER_CPUS
    taskset -c "$SERVER_CPUS" nginx -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" \
        -g 'daemon on;' || die "nginx failed"
    local pid; pid=$(pid_from_file "$WORK/nginx.pid") || die "nginx pid"
    register nginx "$pid"
    NGINX_PID=$pid
    wait_port "$NGINX_HTTP_PORT" 10 && wait_port "$NGINX_TLS_PORT" 10 || die "nginx did not listen"
}

start_edge() {  # edge serve in the background on SERVER_CPUS
    taskset -c "$SERVER_CPUS" "$EDGE_BIN" serve --config "$WORK/edge.yaml" >"$WORK/edge.log" 2>&1 &
    EDGE_PID=$!
    sleep 0.2
    register edge "$EDGE_PID" || { cat "$WORK/edge.log" >&2; die "edge exited at once"; }
    wait_port "$EDGE_HTTP_PORT" 30 && wait_port "$EDGE_TLS_PORT" 30 || { cat "$WORK/edge.log" >&2; die "edge did not listen"; }
}

url_of() {  # server proto(http|https) path
    local port
    case "$1:$2" in
        nginx:http) port=$NGINX_HTTP_PORT ;; nginx:https) port=$NGINX_TLS_PORT ;;
        edge:http) port=$EDGE_HTTP_PORT ;; edge:https) port=$EDGE_TLS_PORT ;;
    esac
    if [ "$2" = https ]; then echo "https://$TLS_NAME:$port$3"; else echo "http://127.0.0.1:$port$3"; fi
}

check_responses() {  # server: every scenario URL answers 200 with the right size; /proxy/ went through the origin
    local s=$1 proto path want code size via ok=0 v
    for proto in http https; do
        for path in /1k.bin /proxy/1k.bin /256k.bin; do
            case $path in *256k*) want=262144 ;; *) want=1024 ;; esac
            read -r code size via < <(client 20 curl -sk --max-time 10 -D "$WORK/hdr" -o /dev/null \
                -w '%{http_code} %{size_download}' "$(url_of "$s" "$proto" "$path")"; \
                grep -qi '^x-bench-origin:' "$WORK/hdr" 2>/dev/null && echo " origin" || echo " direct")
            case $path in /proxy/*) [ "$via" = origin ] || { log "CHECK $s $proto $path: response did not come from the origin"; ok=1; } ;;
                          *) [ "$via" = direct ] || { log "CHECK $s $proto $path: directory response carries the origin header"; ok=1; } ;; esac
            if [ "$code" != 200 ] || [ "$size" != "$want" ]; then
                log "CHECK $s $proto $path: status $code size $size (want 200 $want)"; ok=1
            fi
        done
    done
    v=$(client 20 curl -sk --http2 --max-time 10 -o /dev/null -w '%{http_version}' "$(url_of "$s" https /1k.bin)")
    [ "$v" = 2 ] || { log "CHECK $s: HTTP/2 over TLS not negotiated (got $v)"; ok=1; }
    return $ok
}
