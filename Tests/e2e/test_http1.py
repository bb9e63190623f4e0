"""HTTP/1.1 details over raw sockets: pipelining, keep-alive, malformed requests, HTTP/1.0."""

import json
import threading

import pytest

from conftest import http_listener
from support import connection_closed, raw_connect, read_response


@pytest.fixture(scope="module")
def h1_edge(module_launch):
    a = module_launch.origin("H1")
    base = module_launch.directory / "h1"
    (base / "site" / "static").mkdir(parents=True)  # the full viewer path maps into the root
    (base / "site" / "static" / "index.html").write_text("h1 index\n")
    config = {
        "node": {"name": "h1-node", "stateDirectory": str(base / "state")},
        "listeners": [http_listener()],
        "origins": [{"id": "A", "http": {"url": a.url}}, {"id": "site", "directory": {"path": str(base / "site")}}],
        "distributions": [{"id": "h1", "aliases": ["h1.test"],
                           "cacheBehaviors": [{"pathPattern": "/static/*", "targetOriginId": "site"}],
                           "defaultCacheBehavior": {"targetOriginId": "A", "allowedMethods": ["GET", "HEAD", "POST"]}}],
    }
    return module_launch.edge(config, name="h1")


def req(path, extra=""):
    return f"GET {path} HTTP/1.1\r\nHost: h1.test\r\n{extra}\r\n".encode()


def test_pipelined_requests_answered_in_order(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        # the first is slow: the second must still come second
        s.sendall(req("/slow/300") + req("/echo?n=2") + req("/echo?n=3"))
        r1 = read_response(f)
        r2 = read_response(f)
        r3 = read_response(f)
    finally:
        f.close()
        s.close()
    assert r1.status == 200 and b"slept 300" in r1.body, r1
    assert r2.status == 200 and json.loads(r2.body)["path"] == "/echo?n=2", r2
    assert r3.status == 200 and json.loads(r3.body)["path"] == "/echo?n=3", r3


def test_pipelined_mixed_origins(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(req("/echo?first") + req("/static/") + req("/echo?third"))
        rs = [read_response(f) for _ in range(3)]
    finally:
        f.close()
        s.close()
    assert [r.status for r in rs] == [200, 200, 200], rs
    assert json.loads(rs[0].body)["path"] == "/echo?first"
    assert rs[1].body == b"h1 index\n"
    assert json.loads(rs[2].body)["path"] == "/echo?third"


def test_pipelined_request_after_slow_one_then_malformed(h1_edge):
    # Reads go on while a response is in flight: a malformed request pipelined behind two good ones
    # is answered 400 only after both of them, and then the connection closes.
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(req("/slow/300") + req("/echo?second") + b"GET /x HTTP/1.1\r\nHost h1.test\r\n\r\n")
        rs = [read_response(f) for _ in range(3)]
        assert connection_closed(s, f)
    finally:
        f.close()
        s.close()
    assert rs[0].status == 200 and b"slept 300" in rs[0].body, rs[0]
    assert rs[1].status == 200 and json.loads(rs[1].body)["path"] == "/echo?second", rs[1]
    assert rs[2].status == 400, rs[2]


def test_many_pipelined_requests_all_answered(h1_edge):
    # More pipelined bytes than the queue holds (64 KiB): reads pause and resume, nothing is lost.
    n = 400
    s, f = raw_connect(h1_edge.http)
    try:
        pad = "x-pad: " + "p" * 300 + "\r\n"
        data = b"".join(req(f"/echo?n={i}", pad) for i in range(n))
        sender = threading.Thread(target=s.sendall, args=(data,))  # reading and writing at once
        sender.start()
        rs = [read_response(f) for _ in range(n)]
        sender.join()
    finally:
        f.close()
        s.close()
    assert [json.loads(r.body)["path"] for r in rs] == [f"/echo?n={i}" for i in range(n)]


def test_keep_alive_three_requests(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        local = s.getsockname()
        for i in range(3):
            s.sendall(req(f"/echo?i={i}"))
            r = read_response(f)
            assert r.status == 200, r
            assert json.loads(r.body)["path"] == f"/echo?i={i}"
            assert (r.header("connection") or "").lower() != "close"
        # one POST with a body on the same connection, then a GET again
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: h1.test\r\nContent-Length: 5\r\n\r\nhello" + req("/echo?after"))
        r = read_response(f)
        assert r.status == 200 and json.loads(r.body)["bodyLength"] == 5
        r = read_response(f)
        assert r.status == 200 and json.loads(r.body)["path"] == "/echo?after"
        assert s.getsockname() == local
    finally:
        f.close()
        s.close()


def test_connection_close_is_honoured(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(req("/echo", "Connection: close\r\n"))
        r = read_response(f)
        assert r.status == 200
        assert connection_closed(s, f)
    finally:
        f.close()
        s.close()


def test_malformed_request_line_400_and_close(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(b"GARBAGE\r\n\r\n")
        r = read_response(f)
        assert r is not None and r.status == 400, r
        assert connection_closed(s, f)
    finally:
        f.close()
        s.close()


def test_missing_host_http11_is_400(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(b"GET /echo HTTP/1.1\r\n\r\n")
        r = read_response(f)
        assert r is not None and r.status == 400, r
    finally:
        f.close()
        s.close()


def test_conflicting_content_length_is_400(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: h1.test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
        r = read_response(f)
        assert r is not None and r.status == 400, r
        assert r.header("X-Origin-Name") is None
    finally:
        f.close()
        s.close()


@pytest.mark.parametrize("raw", [
    # Request smuggling shapes (RFC 9112 §6.1, §6.3): refused, never guessed.
    b"POST /echo HTTP/1.1\r\nHost: h1.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: h1.test\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
    b"POST /echo HTTP/1.0\r\nHost: h1.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nHost: h1.test\r\nContent-Length: 1, 2\r\n\r\nab",
    # obs-fold, whitespace before the colon, a control character, a space in the target.
    b"GET /echo HTTP/1.1\r\nHost: h1.test\r\nX-A: a\r\n  folded\r\n\r\n",
    b"GET /echo HTTP/1.1\r\nHost : h1.test\r\n\r\n",
    b"GET /echo HTTP/1.1\r\nHost: h1.test\r\nX-A: a\x01b\r\n\r\n",
    b"GET /echo now HTTP/1.1\r\nHost: h1.test\r\n\r\n",
    b"GET /echo HTTP/3.0\r\nHost: h1.test\r\n\r\n",
])
def test_ambiguous_or_malformed_requests_are_400_and_never_reach_the_origin(h1_edge, raw):
    r, closed = one_exchange(h1_edge, raw)
    assert r is not None and r.status == 400, r
    assert r.header("X-Origin-Name") is None
    assert closed


def one_exchange(edge, raw):
    """Sends `raw` on a new connection; returns the first response and whether the edge then closed."""
    s, f = raw_connect(edge.http)
    try:
        s.sendall(raw)
        r = read_response(f)
        return r, (r is not None and connection_closed(s, f, timeout=2.0))
    finally:
        f.close()
        s.close()


def test_request_line_over_the_header_limit_is_414(h1_edge):
    r, _ = one_exchange(h1_edge, b"GET /" + b"a" * 30000 + b" HTTP/1.1\r\nHost: h1.test\r\n\r\n")
    assert r is not None and r.status == 414, r


def test_empty_lines_before_a_request_are_skipped(h1_edge):
    r, _ = one_exchange(h1_edge, b"\r\n\r\nGET /echo?after-blank HTTP/1.1\r\nHost: h1.test\r\n\r\n")
    assert r.status == 200 and json.loads(r.body)["path"] == "/echo?after-blank"


def test_http10_with_host(h1_edge):
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(b"GET /echo HTTP/1.0\r\nHost: h1.test\r\n\r\n")
        r = read_response(f)
        assert r.status == 200, r
        assert json.loads(r.body)["path"] == "/echo"
        assert connection_closed(s, f)  # HTTP/1.0 without keep-alive closes
    finally:
        f.close()
        s.close()


def test_http10_without_host_is_400(h1_edge):
    # Routing needs a host; like CloudFront, edge does not guess one for HTTP/1.0 (docs/architecture.md).
    s, f = raw_connect(h1_edge.http)
    try:
        s.sendall(b"GET /echo HTTP/1.0\r\n\r\n")
        r = read_response(f)
        assert r is not None and r.status == 400, r
        assert b"Host" in r.body
        assert r.header("X-Origin-Name") is None
        assert connection_closed(s, f)
    finally:
        f.close()
        s.close()
