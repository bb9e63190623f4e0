"""limits.viewerIdleTimeout and limits.tlsHandshakeTimeout, with real sockets and curl."""

import socket
import subprocess
import time

import pytest

from conftest import http_listener, https_listener
from support import connection_closed, raw_connect, read_response


@pytest.fixture(scope="module")
def edge(module_launch):
    a = module_launch.origin("A")
    config = {
        "node": {"name": "timeouts", "stateDirectory": str(module_launch.directory / "timeouts-state")},
        "listeners": [http_listener(), https_listener()],
        "certificates": [{"domains": ["t.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "A", "http": {"url": a.url}}],
        "distributions": [{"id": "t", "aliases": ["t.test"], "defaultCacheBehavior": {"targetOriginId": "A"}}],
        "limits": {"viewerIdleTimeout": "1s", "tlsHandshakeTimeout": "1s"},
    }
    return module_launch.edge(config, name="timeouts")


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(edge):
    s, f = raw_connect(edge.http)
    try:
        s.sendall(b"GET /echo HTTP/1.1\r\nHost: t.test\r\n\r\n")
        assert read_response(f).status == 200
        started = time.monotonic()
        assert connection_closed(s, f, timeout=5.0)
        assert time.monotonic() - started < 3.0
    finally:
        f.close()
        s.close()


def test_a_request_in_flight_is_not_cut_by_the_idle_timeout(edge):
    s, f = raw_connect(edge.http)
    try:
        s.sendall(b"GET /slow/2500 HTTP/1.1\r\nHost: t.test\r\n\r\n")
        r = read_response(f)
        assert r.status == 200 and b"slept 2500" in r.body
    finally:
        f.close()
        s.close()


def test_a_tls_connection_without_a_handshake_is_closed_after_the_handshake_timeout(edge):
    with socket.create_connection(("127.0.0.1", edge.https), timeout=5.0) as s:
        started = time.monotonic()
        assert s.recv(1) == b""  # closed without a byte sent either way
        assert time.monotonic() - started < 3.0


def test_a_tls_connection_that_handshakes_is_served(edge):
    port = edge.https
    r = subprocess.run(["curl", "-sS", "-k", "-o", "/dev/null", "-w", "%{http_code}",
                        "--resolve", f"t.test:{port}:127.0.0.1", f"https://t.test:{port}/echo"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"200"
