"""The JSON access log on stdout: one line per request with the documented keys and the right values."""

import re
import subprocess

import requests

from conftest import http_listener, https_listener

KEYS = ["time", "requestId", "clientAddress", "sni", "host", "method", "path", "protocol", "status", "bytesIn",
        "bytesOut", "durationMs", "distribution", "behavior", "origin", "cacheStatus"]


def make_edge(launch):
    a = launch.origin("LOG")
    config = {
        "node": {"name": "log-node", "stateDirectory": str(launch.directory / "state")},
        "listeners": [http_listener(), https_listener()],
        "certificates": [{"domains": ["log.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "logorigin", "http": {"url": a.url}}],
        "distributions": [{"id": "logdist", "aliases": ["log.test"],
                           "cacheBehaviors": [{"pathPattern": "/api/*", "targetOriginId": "logorigin",
                                               "allowedMethods": ["GET", "HEAD", "POST"]}],
                           "defaultCacheBehavior": {"targetOriginId": "logorigin"}}],
    }
    return launch.edge(config)


def test_access_log_line_for_http_request(launch):
    edge = make_edge(launch)
    r = requests.post(f"http://127.0.0.1:{edge.http}/api/thing?x=1", headers={"Host": "log.test"},
                      data=b"0123456789", timeout=15)
    assert r.status_code == 200
    request_id = r.headers["x-edge-request-id"]
    rec = edge.wait_for_log(lambda rec: rec.get("requestId") == request_id)
    for key in KEYS:
        assert key in rec, (key, rec)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", rec["time"]), rec["time"]
    assert rec["clientAddress"] == "127.0.0.1"
    assert rec["sni"] is None
    assert rec["host"] == "log.test"
    assert rec["method"] == "POST"
    assert rec["path"] == "/api/thing?x=1"
    assert rec["protocol"] == "HTTP/1.1"
    assert rec["status"] == 200
    assert rec["bytesIn"] == 10
    assert rec["bytesOut"] == len(r.content)
    assert isinstance(rec["durationMs"], (int, float)) and rec["durationMs"] >= 0
    assert rec["distribution"] == "logdist"
    assert rec["behavior"] == "/api/*"
    assert rec["origin"] == "logorigin"
    assert isinstance(rec["cacheStatus"], str) and rec["cacheStatus"]


def test_access_log_line_for_https_and_local_answers(launch):
    edge = make_edge(launch)
    r = requests.get(f"https://127.0.0.1:{edge.https}/x", headers={"Host": "log.test"}, verify=False, timeout=15)
    # requests sends no SNI for an IP literal; use curl for the SNI case
    assert r.status_code == 200
    ca = edge.ca_path()
    out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-D", "-", "--cacert", ca, "--resolve",
                          f"log.test:{edge.https}:127.0.0.1", f"https://log.test:{edge.https}/sni-path"],
                         capture_output=True, timeout=15)
    assert out.returncode == 0, out.stderr
    rid = re.search(rb"x-edge-request-id: (\S+)", out.stdout, re.I).group(1).decode()
    rec = edge.wait_for_log(lambda rec: rec.get("requestId") == rid)
    assert rec["sni"] == "log.test"
    assert rec["host"] == f"log.test:{edge.https}"
    assert rec["path"] == "/sni-path"
    assert rec["behavior"] == "*"
    assert rec["status"] == 200

    r = requests.get(f"http://127.0.0.1:{edge.http}/", headers={"Host": "unknown.test"}, timeout=15)
    assert r.status_code == 421
    rid = r.headers.get("x-edge-request-id")
    rec = edge.wait_for_log(lambda rec: rec.get("status") == 421 and rec.get("host") == "unknown.test")
    if rid:
        assert rec["requestId"] == rid
    assert rec["distribution"] is None
    assert rec["origin"] is None
    assert rec["bytesOut"] == len(r.content)


def test_one_line_per_request(launch):
    edge = make_edge(launch)
    session = requests.Session()
    ids = []
    for i in range(5):
        r = session.get(f"http://127.0.0.1:{edge.http}/n{i}", headers={"Host": "log.test"}, timeout=15)
        ids.append(r.headers["x-edge-request-id"])
    assert len(set(ids)) == 5
    edge.wait_for_log(lambda rec: rec.get("requestId") == ids[-1])
    lines = edge.access_log_lines()
    assert sorted(rec["path"] for rec in lines) == [f"/n{i}" for i in range(5)]
    assert [rec["requestId"] for rec in lines] == ids


def test_access_log_http2_protocol(launch):
    edge = make_edge(launch)
    out = subprocess.run(["curl", "-sS", "--http2", "-k", "-o", "/dev/null", "-D", "-", "--resolve",
                          f"log.test:{edge.https}:127.0.0.1", f"https://log.test:{edge.https}/h2-path"],
                         capture_output=True, timeout=15)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"HTTP/2 200"), out.stdout
    rid = re.search(rb"x-edge-request-id: (\S+)", out.stdout, re.I).group(1).decode()
    rec = edge.wait_for_log(lambda rec: rec.get("requestId") == rid)
    assert rec["protocol"] == "HTTP/2"
    assert rec["sni"] == "log.test"
    assert rec["path"] == "/h2-path"
    assert rec["status"] == 200
