"""A small HTTP/1.1 keep-alive origin used by the end-to-end tests.

Run as a process: ``python3 origin_server.py --name A [--port 0] [--host 127.0.0.1]``. It binds the host
(default 127.0.0.1; any 127.x address works on Linux loopback), prints
``READY <port>`` on stdout once it accepts connections, and serves until SIGTERM.

Every response carries ``X-Origin-Name: <name>`` so tests can tell origins apart.

Endpoints
- ``/echo``            JSON: method, path, headers (list of [name, value]), bodyLength, peerPort (the
                       connection's client port: tells pooled connections apart).
- ``/status/<code>``   that status, body ``origin <name> answered <code>``.
- ``/slow/<ms>``       200 after a delay of <ms> milliseconds.
- ``/bytes/<n>``       n bytes of a repeating pattern, 64 KiB writes, with Content-Length.
- ``/chunked/<n>``     the same bytes with Transfer-Encoding: chunked.
- ``/upload``          reads the whole body (chunked or Content-Length), answers JSON {"received": count}.
- ``/hop``             a response carrying hop-by-hop headers the proxy must not pass on.
"""

import argparse
import json
import signal
import socket
import socketserver
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

CHUNK = 64 * 1024
PATTERN = bytes(range(256)) * (CHUNK // 256)


def pattern_prefix(n: int) -> bytes:
    """The first n bytes of the body /bytes/<big> streams (for content checks on small n)."""
    out = bytearray()
    while len(out) < n:
        out += PATTERN[: n - len(out)]
    return bytes(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "e2e-origin"
    sys_version = ""

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    # -- body reading ---------------------------------------------------------------------------
    def _read_body(self, keep=False):
        """Reads the request body; returns (count, bytes or None)."""
        kept = bytearray() if keep else None
        count = 0
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("eof in chunk size")
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    # trailers until empty line
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                left = size
                while left:
                    data = self.rfile.read(min(left, CHUNK))
                    if not data:
                        raise ConnectionError("eof in chunk")
                    left -= len(data)
                    count += len(data)
                    if keep:
                        kept += data
                self.rfile.readline(3)  # CRLF after chunk data
        else:
            left = int(self.headers.get("Content-Length", "0") or "0")
            while left:
                data = self.rfile.read(min(left, CHUNK))
                if not data:
                    raise ConnectionError("eof in body")
                left -= len(data)
                count += len(data)
                if keep:
                    kept += data
        return count, (bytes(kept) if keep else None)

    def _send(self, code, body: bytes, ctype="text/plain", extra=()):
        self.send_response(code)
        self.send_header("X-Origin-Name", self.server.origin_name)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        path = self.path.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        head = parts[0] if parts else ""
        if head == "upload":
            count, _ = self._read_body()
            self._send(200, json.dumps({"received": count, "origin": self.server.origin_name}).encode(),
                       "application/json")
            return
        count, _ = self._read_body()
        if head == "status" and len(parts) > 1:
            code = int(parts[1])
            self._send(code, f"origin {self.server.origin_name} answered {code}\n".encode())
        elif head == "slow" and len(parts) > 1:
            time.sleep(int(parts[1]) / 1000.0)
            self._send(200, f"origin {self.server.origin_name} slept {parts[1]} ms\n".encode())
        elif head in ("bytes", "chunked") and len(parts) > 1:
            self._stream(int(parts[1]), chunked=(head == "chunked"))
        elif head == "hop":
            self._send(200, b"hop\n", extra=[
                ("Connection", "X-Origin-Hop"),
                ("X-Origin-Hop", "secret"),
                ("Keep-Alive", "timeout=5, max=100"),
                ("Proxy-Connection", "keep-alive"),
                ("Upgrade", "h2c"),
                ("X-Origin-End2End", "kept"),
            ])
        else:
            # /echo and anything else: describe the request.
            body = json.dumps({
                "origin": self.server.origin_name,
                "method": self.command,
                "path": self.path,
                "version": self.request_version,
                "headers": [[k, v] for k, v in self.headers.items()],
                "bodyLength": count,
                "peerPort": self.client_address[1],
            }).encode()
            self._send(200, body, "application/json")

    def _stream(self, n, chunked):
        self.send_response(200)
        self.send_header("X-Origin-Name", self.server.origin_name)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(n))
        self.end_headers()
        if self.command == "HEAD":
            return
        view = memoryview(PATTERN)
        sock = self.connection
        left = n
        while left:
            k = min(left, CHUNK)
            if chunked:
                sock.sendall(b"%x\r\n" % k)
                sock.sendall(view[:k])
                sock.sendall(b"\r\n")
            else:
                sock.sendall(view[:k])
            left -= k
        if chunked:
            sock.sendall(b"0\r\n\r\n")

    def do_GET(self):
        self._handle()

    do_HEAD = do_GET
    do_POST = do_GET
    do_PUT = do_GET
    do_PATCH = do_GET
    do_DELETE = do_GET
    do_OPTIONS = do_GET


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client (edge) closing mid-body is expected in some tests: no tracebacks on stderr.
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--host", default="127.0.0.1")
    args = ap.parse_args()
    server = Server((args.host, args.port), Handler)
    server.origin_name = args.name
    server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def stop(*_):
        # shutdown() must not run on the serve_forever thread: raise to leave it instead.
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
