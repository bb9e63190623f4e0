"""Origin responses on the wire: edge's own HTTP/1.1 response parser against hand-made origin bytes.

A raw TCP origin (a thread in this process) answers each request with the bytes a test chose:
chunked bodies with extensions and trailers, bare-LF line endings, close-delimited bodies, interim
1xx responses, fields named in `Connection`, and malformed heads. The viewer is curl / requests.
"""

import socket
import threading

import pytest
import requests

import subprocess

from conftest import http_listener, https_listener

RESPONSES = {
    "/chunked": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: dropped\r\n\r\n",
    "/barelf": b"HTTP/1.1 200 OK\nX-Bare: yes\nContent-Length: 4\n\nbare",
    "/close": b"HTTP/1.1 200 OK\r\nX-Framing: close\r\n\r\nuntil the origin closes",
    "/interim": b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal",
    "/nominated": b"HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Private\r\nX-Private: secret\r\n"
    b"X-Public: kept\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok",
    "/badstatus": b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
    "/badfield": b"HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
    "/obsfold": b"HTTP/1.1 200 OK\r\nX-A: one\r\n  two\r\nContent-Length: 0\r\n\r\n",
    "/twolengths": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    "/badchunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "/truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this much",
    "/switch": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
    "/teapot": b"HTTP/1.1 418 I'm a teapot\r\nContent-Length: 3\r\n\r\ntea",
    "/netauth": b"HTTP/1.1 511 Network Authentication Required\r\nContent-Length: 0\r\n\r\n",
    "/custom": b"HTTP/1.1 599 Custom\r\nContent-Length: 2\r\n\r\nzz",
    "/spacing": b"HTTP/1.1 200 OK\r\nX-Tight:value\r\nX-Loose: \t spaced out \t\r\nX-Empty:\r\n"
    b"Content-Length: 2\r\n\r\nok",
}
CLOSE_AFTER = {"/close", "/truncated", "/badstatus", "/badfield", "/obsfold", "/twolengths", "/badchunk",
               "/switch"}


class RawOrigin:
    """Answers each request on a connection with RESPONSES[path]; keeps the connection unless told."""

    def __init__(self):
        self.release = threading.Event()
        self.timed_out = False
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = b""
        with conn:
            conn.settimeout(10)
            while True:
                while b"\r\n\r\n" not in buf:
                    try:
                        data = conn.recv(65536)
                    except OSError:
                        return
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                self.requests.append(head.decode("latin-1"))
                path = head.split(b" ")[1].decode().split("?")[0]
                if path == "/slowchunks":  # the first chunk, then the rest once the test has seen it
                    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
                    self.timed_out = not self.release.wait(5)
                    conn.sendall(b"7\r\n second\r\n0\r\n\r\n")
                    continue
                conn.sendall(RESPONSES.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
                if path in CLOSE_AFTER:
                    conn.shutdown(socket.SHUT_WR)
                    return

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def env(module_launch):
    origin = RawOrigin()
    config = {
        "node": {"name": "wire", "stateDirectory": str(module_launch.directory / "state")},
        "listeners": [http_listener(), https_listener()],
        "certificates": [{"domains": ["wire.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "raw", "http": {"url": f"http://127.0.0.1:{origin.port}"}, "connectionAttempts": 1}],
        "distributions": [{"id": "d", "aliases": ["wire.test"], "defaultCacheBehavior": {"targetOriginId": "raw"}}],
    }
    edge = module_launch.edge(config)
    yield edge, origin
    origin.close()


def get(edge, path):
    return requests.get(edge.url(path), headers={"Host": "wire.test"}, timeout=10)


def test_chunked_body_with_extensions_and_trailers(env):
    edge, _ = env
    r = get(edge, "/chunked")
    assert r.status_code == 200
    assert r.text == "hello, world"
    assert "X-Trailer" not in r.headers


def test_bare_line_feeds_are_accepted_and_normalised(env):
    edge, _ = env
    r = get(edge, "/barelf")
    assert r.status_code == 200 and r.text == "bare"
    assert r.headers["X-Bare"] == "yes"


def test_close_delimited_body_is_passed_on_chunked(env):
    edge, _ = env
    r = get(edge, "/close")
    assert r.status_code == 200
    assert r.text == "until the origin closes"
    assert r.headers.get("Transfer-Encoding") == "chunked"


def test_interim_responses_are_skipped(env):
    edge, _ = env
    r = get(edge, "/interim")
    assert r.status_code == 200 and r.text == "final"


def test_fields_named_in_connection_are_dropped(env):
    edge, _ = env
    r = get(edge, "/nominated")
    assert r.status_code == 200 and r.text == "ok"
    assert r.headers["X-Public"] == "kept"
    assert "X-Private" not in r.headers
    assert "Keep-Alive" not in r.headers


@pytest.mark.parametrize("path", ["/badstatus", "/badfield", "/obsfold", "/twolengths", "/switch"])
def test_malformed_origin_heads_are_502(env, path):
    edge, _ = env
    r = get(edge, path)
    assert r.status_code == 502
    assert "127.0.0.1" not in r.text


def test_invalid_chunk_and_truncated_body_cut_the_response(env):
    edge, _ = env
    for path in ["/badchunk", "/truncated"]:
        # The head may already be on its way: the viewer must see a cut response, never a complete one.
        with pytest.raises(requests.exceptions.RequestException):
            get(edge, path)
    # The node is still fine.
    assert get(edge, "/chunked").text == "hello, world"


def test_request_head_sent_to_origin(env):
    edge, origin = env
    r = requests.get(edge.url("/barelf?q=1"), headers={"Host": "wire.test", "X-Custom": "v",
                                                     "Connection": "X-Custom"}, timeout=10)
    assert r.status_code == 200
    head = origin.requests[-1]
    lines = head.split("\r\n")
    assert lines[0] == "GET /barelf?q=1 HTTP/1.1"
    names = [line.split(":", 1)[0].lower() for line in lines[1:]]
    assert names.count("host") == 1
    assert "x-custom" not in names  # nominated by the viewer's Connection header
    assert "connection" not in names
    assert {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "via"} <= set(names)


def test_streamed_response_reaches_the_viewer_as_it_comes(env):
    """A piece the origin sent must be flushed to the viewer before the origin sends more."""
    edge, origin = env
    origin.release.clear()
    r = requests.get(edge.url("/slowchunks"), headers={"Host": "wire.test"}, stream=True, timeout=10)
    assert r.status_code == 200
    first = r.raw.read(5)
    origin.release.set()
    assert first == b"first"
    assert not origin.timed_out, "the first chunk reached the viewer only after the origin sent the rest"
    assert r.raw.read() == b" second"


@pytest.mark.parametrize("path,status_line,body", [
    ("/teapot", b"HTTP/1.1 418 I'm a teapot", b"tea"),
    ("/netauth", b"HTTP/1.1 511 Network Authentication Required", b""),
    ("/custom", b"HTTP/1.1 599 ", b"zz"),
])
def test_uncommon_statuses_reach_the_viewer_with_their_status_line(env, path, status_line, body):
    edge, _ = env
    with socket.create_connection(("127.0.0.1", edge.http)) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: wire.test\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0].startswith(status_line), head
    assert rest == body


@pytest.mark.parametrize("http2", [False, True])
def test_field_values_keep_their_text_whatever_the_spacing_around_them(env, http2):
    edge, _ = env
    port = edge.https if http2 else edge.http
    scheme = "https" if http2 else "http"
    r = subprocess.run(["curl", "-sS", "-i", "-k", "--http2" if http2 else "--http1.1",
                        "--resolve", f"wire.test:{port}:127.0.0.1", f"{scheme}://wire.test:{port}/spacing"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    head = r.stdout.decode().split("\r\n\r\n")[0].lower()
    fields = {}
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        fields[name] = value.strip(" \t")
    assert fields["x-tight"] == "value"
    assert fields["x-loose"] == "spaced out"
    assert fields["x-empty"] == ""


@pytest.mark.parametrize("path,status", [("/teapot", "418"), ("/custom", "599"), ("/spacing", "200")])
def test_statuses_reach_an_http2_viewer(env, path, status):
    edge, _ = env
    port = edge.https
    r = subprocess.run(["curl", "-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                        "--resolve", f"wire.test:{port}:127.0.0.1", f"https://wire.test:{port}{path}"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == f"2 {status}"
