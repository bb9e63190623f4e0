"""HTTP/1.1 details over raw sockets: pipelining, keep-alive, malformed requests, HTTP/1.0."""

import json

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
