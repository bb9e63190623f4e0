"""Routing, viewer policies, limits, origin errors, origin-group failover and proxy headers.

One edge process with several distributions (one per concern, told apart by Host) and two origins.
"""

import json
import subprocess
import time

import pytest
import requests

from conftest import http_listener, https_listener
from support import free_port, raw_connect, raw_exchange, read_response

ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]


@pytest.fixture(scope="module")
def env(module_launch):
    a = module_launch.origin("A")
    b = module_launch.origin("B")
    dead_port = free_port()  # nothing listens here
    root = module_launch.directory
    config = {
        "node": {"name": "e2e-node-1", "stateDirectory": str(root / "state")},
        "listeners": [http_listener(), https_listener()],
        "certificates": [{"domains": ["*.test"], "selfSigned": True, "default": True}],
        "origins": [
            {"id": "A", "http": {"url": a.url}},
            {"id": "B", "http": {"url": b.url}},
            # answers 503 for every path: its base path is /status/503
            {"id": "A503", "http": {"url": a.url + "/status/503"}},
            {"id": "dead", "http": {"url": f"http://127.0.0.1:{dead_port}"}, "connectionTimeout": "2s",
             "connectionAttempts": 1},
            {"id": "slowA", "http": {"url": a.url}, "responseTimeout": "1s"},
        ],
        "originGroups": [
            {"id": "ha503", "members": ["A503", "B"], "failoverCriteria": {"statusCodes": [503]}},
            {"id": "haRefused", "members": ["dead", "B"], "failoverCriteria": {"statusCodes": [503]}},
        ],
        "distributions": [
            {"id": "routing", "aliases": ["route.test"], "debugHeaders": True,
             "cacheBehaviors": [{"pathPattern": "/api/*", "targetOriginId": "A"}],
             "defaultCacheBehavior": {"targetOriginId": "B"}},
            {"id": "redirect", "aliases": ["redirect.test"], "viewerProtocolPolicy": "redirect-to-https",
             "defaultCacheBehavior": {"targetOriginId": "A"}},
            {"id": "httpsonly", "aliases": ["httpsonly.test"], "viewerProtocolPolicy": "https-only",
             "defaultCacheBehavior": {"targetOriginId": "A"}},
            {"id": "methods", "aliases": ["methods.test"],
             "cacheBehaviors": [{"pathPattern": "/upload*", "targetOriginId": "A", "allowedMethods": ALL_METHODS,
                                 "maxRequestBodyBytes": 1000}],
             "defaultCacheBehavior": {"targetOriginId": "A", "allowedMethods": ["GET", "HEAD"]}},
            {"id": "errors", "aliases": ["errors.test"],
             "cacheBehaviors": [{"pathPattern": "/dead/*", "targetOriginId": "dead"},
                                {"pathPattern": "/slow/*", "targetOriginId": "slowA"}],
             "defaultCacheBehavior": {"targetOriginId": "A"}},
            {"id": "failover", "aliases": ["failover.test"], "debugHeaders": True,
             "cacheBehaviors": [{"pathPattern": "/fo503/*", "targetOriginId": "ha503", "allowedMethods": ALL_METHODS},
                                {"pathPattern": "/forefused/*", "targetOriginId": "haRefused",
                                 "allowedMethods": ALL_METHODS}],
             "defaultCacheBehavior": {"targetOriginId": "A"}},
            {"id": "headers", "aliases": ["headers.test"],
             "defaultCacheBehavior": {"targetOriginId": "A", "allowedMethods": ALL_METHODS}},
        ],
    }
    edge = module_launch.edge(config, name="proxy")
    edge.dead_port = dead_port
    edge.origin_a, edge.origin_b = a, b
    return edge


def get(edge, path, host, method="GET", https=False, **kw):
    kw.setdefault("allow_redirects", False)
    kw.setdefault("timeout", 15)
    if https:
        url = f"https://127.0.0.1:{edge.https}{path}"
        kw.setdefault("verify", False)
    else:
        url = f"http://127.0.0.1:{edge.http}{path}"
    headers = kw.pop("headers", {})
    headers.setdefault("Host", host)
    return requests.request(method, url, headers=headers, **kw)


# -- 4. routing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path,origin,behavior", [
    ("/api/x", "A", "/api/*"),
    ("/api/", "A", "/api/*"),
    ("/apix", "B", "*"),
    ("/API/x", "B", "*"),  # path patterns are case-sensitive
    ("/", "B", "*"),
])
def test_routing_first_match(env, path, origin, behavior):
    r = get(env, path, "route.test")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == origin
    assert r.headers["x-edge-behavior"] == behavior
    assert r.headers["x-edge-origin"] == origin
    assert r.json()["path"] == path


def test_routing_host_with_port_and_case(env):
    r = get(env, "/api/y", f"ROUTE.test:{env.http}")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "A"


def test_unknown_host_is_421(env):
    r = get(env, "/", "nope.example")
    assert r.status_code == 421
    assert "nope.example" in r.text
    assert "X-Origin-Name" not in r.headers


def test_debug_headers_absent_when_not_enabled(env):
    r = get(env, "/echo", "headers.test")
    assert r.status_code == 200
    assert "x-edge-behavior" not in r.headers


# -- 5. viewer protocol policy ------------------------------------------------------------------------


def test_redirect_to_https(env):
    r = get(env, "/same/path?same=query&x=1", f"redirect.test:{env.http}")
    assert r.status_code == 301
    assert r.headers["Location"] == f"https://redirect.test:{env.https}/same/path?same=query&x=1"
    assert "X-Origin-Name" not in r.headers
    r = get(env, "/same/path?same=query", "redirect.test", https=True)
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "A"


def test_https_only(env):
    r = get(env, "/echo", "httpsonly.test")
    assert r.status_code == 403
    assert "X-Origin-Name" not in r.headers
    r = get(env, "/echo", "httpsonly.test", https=True)
    assert r.status_code == 200
    assert r.json()["origin"] == "A"


# -- 6. allowed methods --------------------------------------------------------------------------------


def test_method_not_allowed(env):
    r = get(env, "/echo", "methods.test", method="POST", data=b"x")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD"
    assert "X-Origin-Name" not in r.headers
    r = get(env, "/echo", "methods.test", method="DELETE")
    assert r.status_code == 405
    r = get(env, "/echo", "methods.test", method="HEAD")
    assert r.status_code == 200


# -- 7. limits ----------------------------------------------------------------------------------------


def test_url_too_long_is_414(env):
    long_path = "/" + "a" * 8200
    r = raw_exchange(env.http, f"GET {long_path} HTTP/1.1\r\nHost: headers.test\r\n\r\n".encode())
    assert r is not None and r.status == 414, r


def test_url_at_limit_is_served(env):
    path = "/echo?" + "a" * (8192 - len("/echo?"))
    assert len(path) == 8192
    r = raw_exchange(env.http, f"GET {path} HTTP/1.1\r\nHost: headers.test\r\nConnection: close\r\n\r\n".encode())
    assert r is not None and r.status == 200, r


def test_headers_too_large_is_431(env):
    big = "x" * 21000
    r = raw_exchange(env.http, f"GET /echo HTTP/1.1\r\nHost: headers.test\r\nX-Big: {big}\r\n\r\n".encode())
    assert r is not None and r.status == 431, r


def test_many_headers_too_large_is_431(env):
    headers = "".join(f"X-H{i}: {'v' * 100}\r\n" for i in range(250))  # ~27 KB in many fields
    r = raw_exchange(env.http, f"GET /echo HTTP/1.1\r\nHost: headers.test\r\n{headers}\r\n".encode())
    assert r is not None and r.status == 431, r


def test_body_over_limit_content_length_is_413(env):
    body = b"z" * 2000
    s, f = raw_connect(env.http)
    try:
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: methods.test\r\nContent-Length: 2000\r\n\r\n" + body)
        r = read_response(f)
        assert r is not None and r.status == 413, r
        assert r.header("X-Origin-Name") is None
    finally:
        f.close()
        s.close()


def test_body_over_limit_chunked_is_413(env):
    chunk = b"z" * 500
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4)) + b"0\r\n\r\n"
    s, f = raw_connect(env.http)
    try:
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: methods.test\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        r = read_response(f)
        assert r is not None and r.status == 413, r
    finally:
        f.close()
        s.close()


def test_body_under_limit_is_forwarded(env):
    r = get(env, "/upload", "methods.test", method="POST", data=b"y" * 1000)
    assert r.status_code == 200
    assert r.json()["received"] == 1000
    r = get(env, "/upload", "methods.test", method="POST", data=iter([b"y" * 400, b"y" * 600]))  # chunked
    assert r.status_code == 200
    assert r.json()["received"] == 1000


# -- 8. origin errors ----------------------------------------------------------------------------------


def test_refused_origin_is_502_without_internal_address(env):
    r = get(env, "/dead/x", "errors.test")
    assert r.status_code == 502
    assert "127.0.0.1" not in r.text
    assert str(env.dead_port) not in r.text
    for k, v in r.headers.items():
        assert str(env.dead_port) not in v, (k, v)


def test_slow_origin_is_504(env):
    r = get(env, "/slow/3000", "errors.test")
    assert r.status_code == 504
    assert "127.0.0.1" not in r.text


def test_slow_origin_within_timeout_is_200(env):
    r = get(env, "/slow/200", "errors.test")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "A"


# -- 9. origin group failover -------------------------------------------------------------------------


def test_failover_on_status(env):
    r = get(env, "/fo503/x", "failover.test")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "B"
    assert r.json()["path"] == "/fo503/x"


def test_failover_on_refused_connection(env):
    r = get(env, "/forefused/y", "failover.test")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "B"


def test_post_is_not_failed_over(env):
    r = get(env, "/fo503/x", "failover.test", method="POST", data=b"payload")
    assert r.status_code == 503
    assert r.headers["X-Origin-Name"] == "A"
    assert "origin A answered 503" in r.text


def test_head_is_failed_over(env):
    r = get(env, "/fo503/x", "failover.test", method="HEAD")
    assert r.status_code == 200
    assert r.headers["X-Origin-Name"] == "B"


# -- 10. proxy headers ---------------------------------------------------------------------------------


def echo_headers(resp_body):
    data = json.loads(resp_body)
    return data, {k.lower(): v for k, v in data["headers"]}, [k.lower() for k, _ in data["headers"]]


def test_forwarded_headers_and_hop_by_hop_request_headers(env):
    req = (b"GET /echo?q=1 HTTP/1.1\r\n"
           b"Host: headers.test\r\n"
           b"X-Forwarded-For: 203.0.113.7\r\n"
           b"X-Forwarded-Proto: spoofed\r\n"
           b"Connection: keep-alive, X-Drop-Me\r\n"
           b"X-Drop-Me: 1\r\n"
           b"Keep-Alive: 5\r\n"
           b"TE: trailers\r\n"
           b"Proxy-Connection: keep-alive\r\n"
           b"X-End-To-End: kept\r\n"
           b"\r\n")
    s, f = raw_connect(env.http)
    try:
        s.sendall(req)
        r = read_response(f)
    finally:
        f.close()
        s.close()
    assert r.status == 200, r
    data, h, names = echo_headers(r.body)
    assert h["x-forwarded-for"] == "203.0.113.7, 127.0.0.1"
    assert names.count("x-forwarded-proto") == 1 and h["x-forwarded-proto"] == "http"
    assert h["x-forwarded-host"] == "headers.test"
    assert "e2e-node-1" in h["via"]
    assert h["x-end-to-end"] == "kept"
    for hop in ["x-drop-me", "keep-alive", "te", "proxy-connection"]:
        assert hop not in names, (hop, data["headers"])
    assert "x-drop-me" not in h.get("connection", "").lower()


def test_forwarded_proto_https(env):
    r = get(env, "/echo", "headers.test", https=True)
    _, h, _ = echo_headers(r.content)
    assert h["x-forwarded-proto"] == "https"
    assert h["x-forwarded-for"] == "127.0.0.1"


def test_hop_by_hop_response_headers_not_passed(env):
    r = get(env, "/hop", "headers.test")
    assert r.status_code == 200
    assert r.headers.get("X-Origin-End2End") == "kept"
    for name in ["X-Origin-Hop", "Keep-Alive", "Proxy-Connection", "Upgrade"]:
        assert name not in r.headers, (name, dict(r.headers))
    assert "x-origin-hop" not in r.headers.get("Connection", "").lower()
    assert "e2e-node-1" in r.headers.get("Via", "")


def test_request_body_reaches_origin_with_put(env):
    r = get(env, "/echo", "headers.test", method="PUT", data=b"0123456789")
    assert r.status_code == 200
    assert r.json()["bodyLength"] == 10
    assert r.json()["method"] == "PUT"


def test_curl_through_edge_keeps_query(env):
    out = subprocess.run(["curl", "-sS", "-H", "Host: route.test", f"http://127.0.0.1:{env.http}/api/q?a=1&b=%20"],
                         capture_output=True, timeout=15)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["path"] == "/api/q?a=1&b=%20"


# -- HTTP/2 viewer to an HTTP/1.1 origin ---------------------------------------------------------------


def curl_h2(env, path, *extra):
    port = env.https
    r = subprocess.run(["curl", "-sS", "--http2", "-k", "--resolve", f"headers.test:{port}:127.0.0.1",
                        "-w", "\n%{http_version} %{http_code}", *extra, f"https://headers.test:{port}{path}"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    body, meta = r.stdout.decode().rsplit("\n", 1)
    return body, meta


def test_http2_proxied_get(env):
    body, meta = curl_h2(env, "/echo?h2=1")
    assert meta == "2 200"
    data, h, _ = echo_headers(body)
    assert data["path"] == "/echo?h2=1"
    assert h["x-forwarded-proto"] == "https"
    assert h["x-forwarded-host"].startswith("headers.test")
    assert "e2e-node-1" in h["via"]


def test_http2_proxied_post_body(env):
    body, meta = curl_h2(env, "/echo", "--data-binary", "x" * 100000)
    assert meta == "2 200"
    data = json.loads(body)
    assert data["method"] == "POST"
    assert data["bodyLength"] == 100000


def test_http2_large_download(env):
    port = env.https
    r = subprocess.run(["curl", "-sS", "--http2", "-k", "--resolve", f"headers.test:{port}:127.0.0.1",
                        "-o", "/dev/null", "-w", "%{http_version} %{http_code} %{size_download}",
                        f"https://headers.test:{port}/bytes/5000000"], capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "2 200 5000000"


def test_http2_disabled_on_listener(launch):
    a = launch.origin("A")
    config = {
        "node": {"name": "noh2", "stateDirectory": str(launch.directory / "state")},
        "listeners": [https_listener(http2=False)],
        "certificates": [{"domains": ["*.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "A", "http": {"url": a.url}}],
        "distributions": [{"id": "d", "aliases": ["noh2.test"], "defaultCacheBehavior": {"targetOriginId": "A"}}],
    }
    edge = launch.edge(config)
    r = subprocess.run(["curl", "-sS", "--http2", "-k", "--resolve", f"noh2.test:{edge.https}:127.0.0.1",
                        "-o", "/dev/null", "-w", "%{http_version} %{http_code}", f"https://noh2.test:{edge.https}/echo"],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "1.1 200"


def test_head_through_proxy_keeps_length_without_body(env):
    s, f = raw_connect(env.http)
    try:
        s.sendall(b"HEAD /bytes/1000 HTTP/1.1\r\nHost: headers.test\r\n\r\n"
                  b"GET /echo?after-head HTTP/1.1\r\nHost: headers.test\r\n\r\n")
        r = read_response(f, method="HEAD")
        assert r.status == 200
        assert r.header("Content-Length") == "1000"
        r2 = read_response(f)  # would be garbage if the HEAD response carried a body
        assert r2.status == 200 and json.loads(r2.body)["path"] == "/echo?after-head"
    finally:
        f.close()
        s.close()


def test_origin_connections_are_reused_then_expire_after_keepalive_timeout(launch):
    a = launch.origin("A")
    config = {
        "node": {"name": "keepalive", "stateDirectory": str(launch.directory / "state")},
        "listeners": [http_listener()],
        "origins": [{"id": "A", "http": {"url": a.url}, "keepaliveTimeout": "1s"}],
        "distributions": [{"id": "d", "aliases": ["ka.test"], "defaultCacheBehavior": {"targetOriginId": "A"}}],
    }
    edge = launch.edge(config)
    session = requests.Session()  # one viewer connection: one event loop, so one origin pool

    def peer_port():
        r = session.get(edge.url("/echo"), headers={"Host": "ka.test"}, timeout=10)
        assert r.status_code == 200
        return r.json()["peerPort"]

    first = peer_port()
    assert peer_port() == first, "an idle pooled connection must be reused within keepaliveTimeout"
    time.sleep(2.5)  # keepaliveTimeout 1 s plus the pool's sweep interval, with slack
    assert peer_port() != first, "an idle connection must be closed after keepaliveTimeout"


def test_max_idle_connections_zero_closes_origin_connections_after_each_response(launch):
    a = launch.origin("A")
    config = {
        "node": {"name": "noidle", "stateDirectory": str(launch.directory / "state")},
        "listeners": [http_listener()],
        "origins": [{"id": "A", "http": {"url": a.url}, "maxIdleConnections": 0}],
        "distributions": [{"id": "d", "aliases": ["ni.test"], "defaultCacheBehavior": {"targetOriginId": "A"}}],
    }
    edge = launch.edge(config)
    session = requests.Session()
    ports = []
    for _ in range(3):
        r = session.get(edge.url("/echo"), headers={"Host": "ni.test"}, timeout=10)
        assert r.status_code == 200
        ports.append(r.json()["peerPort"])
    assert len(set(ports)) == 3, f"maxIdleConnections 0 must not reuse origin connections: {ports}"
