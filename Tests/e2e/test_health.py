"""Route 53 style health checks end to end: a failover record served over DNS (dig) and used by the
edge's own resolver for an origin flips when the primary backend stops, and back when it returns; the
admin API and /metrics show the state; the edge resolves other names through configured nameservers,
caching answers for their TTL."""

import shutil
import signal
import time

import pytest
import requests

from conftest import http_listener
from support import wait_until, write_config
from test_dns import dig, free_udp_tcp_port, wait_for_dns

pytestmark = pytest.mark.skipif(shutil.which("dig") is None, reason="dig (bind9-dnsutils) is not installed")

TOKEN = "e2e-admin-token-0123456789"

ZONE = """$ORIGIN example.test.
$TTL 60
@       IN SOA ns1 hostmaster 1 2h 1h 2w 30
        IN NS  ns1
ns1     IN A   192.0.2.53
"""

POLICIES = """records:
  - {name: api.example.test., type: A, setIdentifier: primary, failover: PRIMARY, healthCheckId: primary,
     ttl: 5, values: [127.0.0.1]}
  - {name: api.example.test., type: A, setIdentifier: secondary, failover: SECONDARY, ttl: 5, values: [127.0.0.2]}
"""


def admin(edge, path, method="GET", token=TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, edge.url(path, listener="admin"), headers=headers, timeout=10)


def origin_name(edge, path="/echo"):
    r = requests.get(edge.url(path), headers={"Host": "www.example.test"}, timeout=10)
    return r.status_code, r.headers.get("X-Origin-Name")


@pytest.fixture
def failover_edge(launch):
    primary = launch.origin("A", host="127.0.0.1")
    secondary = launch.origin("B", host="127.0.0.2", port=primary.port)
    base = launch.directory / "health"
    (base / "zones").mkdir(parents=True)
    (base / "zones" / "example.test.zone").write_text(ZONE)
    (base / "zones" / "example.test.policies.yaml").write_text(POLICIES)
    (base / "admin.token").write_text(TOKEN + "\n")
    port = free_udp_tcp_port()
    config = {
        "node": {"name": "hc-node", "stateDirectory": str(base / "state")},
        "listeners": [http_listener(), {"name": "admin", "protocol": "admin", "tokenFile": str(base / "admin.token")}],
        "dns": {"listeners": [f"127.0.0.1:{port}"],
                "zones": [{"file": str(base / "zones" / "example.test.zone"),
                           "policies": str(base / "zones" / "example.test.policies.yaml")}]},
        "healthChecks": [{"id": "primary", "type": "HTTP", "target": f"127.0.0.1:{primary.port}",
                          "resourcePath": "/status/200", "requestInterval": 10, "failureThreshold": 1,
                          "searchString": "answered 200"}],
        "origins": [{"id": "api", "http": {"url": f"http://api.example.test:{primary.port}"},
                     "connectionAttempts": 1, "connectionTimeout": "2s"}],
        "distributions": [{"id": "d", "aliases": ["www.example.test"],
                           "defaultCacheBehavior": {"targetOriginId": "api"}}],
    }
    edge = launch.edge(config, name="health")
    edge.dns_port = port
    edge.primary = primary
    edge.secondary = secondary
    edge.launcher = launch
    wait_for_dns(port)
    return edge


def health_status(edge):
    r = admin(edge, "/health-checks/primary")
    assert r.status_code == 200, r.text
    return r.json()["status"]


def test_failover_record_flips_dns_and_origin_choice_when_the_backend_stops(failover_edge):
    edge = failover_edge
    wait_until(lambda: health_status(edge) == "healthy", 15, what="first successful probe")
    assert dig(edge.dns_port, "api.example.test", "A", "+short").split() == ["127.0.0.1"]
    assert origin_name(edge) == (200, "A")

    edge.primary.stop()
    stopped = time.monotonic()
    # interval 10 s x threshold 1, plus slack for a loaded machine.
    wait_until(lambda: health_status(edge) == "unhealthy", 25, what="primary marked unhealthy")
    assert time.monotonic() - stopped < 25
    assert dig(edge.dns_port, "api.example.test", "A", "+short").split() == ["127.0.0.2"]
    assert origin_name(edge) == (200, "B"), "the edge's own resolver must follow the failover record"

    view = admin(edge, "/health-checks").json()
    assert [c["id"] for c in view] == ["primary"]
    assert view[0]["lastResult"] == "failure"
    assert "failed" in view[0]["lastFailureReason"]
    metrics = admin(edge, "/metrics").text
    assert 'edge_health_check_status{health_check_id="primary",type="HTTP"} 0' in metrics

    # Back on the same port: healthy again after one success (threshold 1), and both flip back.
    edge.primary = edge.launcher.origin("A", host="127.0.0.1", port=edge.primary.port)
    wait_until(lambda: health_status(edge) == "healthy", 25, what="primary healthy again")
    assert dig(edge.dns_port, "api.example.test", "A", "+short").split() == ["127.0.0.1"]
    assert origin_name(edge) == (200, "A")
    assert 'edge_health_check_status{health_check_id="primary",type="HTTP"} 1' in admin(edge, "/metrics").text


def test_admin_api_needs_the_token_and_reloads(failover_edge):
    edge = failover_edge
    for path in ("/status", "/health-checks", "/metrics"):
        r = admin(edge, path, token=None)
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        assert admin(edge, path, token="wrong").status_code == 401
    status = admin(edge, "/status").json()
    assert status["node"] == "hc-node"
    assert status["healthChecks"] == 1
    assert admin(edge, "/reload", method="GET").status_code == 405

    good = edge.config_path.read_text()
    edge.config_path.write_text(good.replace("requestInterval: 10", "requestInterval: 15"))
    r = admin(edge, "/reload", method="POST")
    assert r.status_code == 422, r.text
    assert any("requestInterval must be 10 or 30" in p for p in r.json()["problems"])
    assert admin(edge, "/health-checks/primary").json()["requestInterval"] == 10

    edge.config_path.write_text(good.replace("requestInterval: 10", "requestInterval: 30"))
    r = admin(edge, "/reload", method="POST")
    assert r.status_code == 200, r.text
    assert admin(edge, "/health-checks/primary").json()["requestInterval"] == 30
    assert 'edge_config_reloads_total{result="applied"} 1' in admin(edge, "/metrics").text
    assert 'edge_config_reloads_total{result="rejected"} 1' in admin(edge, "/metrics").text


def test_unknown_health_check_id_in_policies_is_rejected(failover_edge):
    edge = failover_edge
    policies = edge.config_path.parent.parent / "health" / "zones" / "example.test.policies.yaml"
    policies.write_text(POLICIES.replace("healthCheckId: primary", "healthCheckId: nosuch"))
    r = admin(edge, "/reload", method="POST")
    assert r.status_code == 422
    assert any("healthCheckId 'nosuch' is not in healthChecks" in p for p in r.json()["problems"])
    assert dig(edge.dns_port, "api.example.test", "A", "+short").split() == ["127.0.0.1"]


def test_other_names_resolve_through_the_nameservers_with_ttl_caching(launch):
    first = launch.origin("A", host="127.0.0.1")
    second = launch.origin("B", host="127.0.0.2", port=first.port)
    base = launch.directory / "ns"
    base.mkdir()
    zone = base / "other.test.zone"
    ttl = 6
    zone_text = ("$ORIGIN other.test.\n$TTL 60\n@ IN SOA ns1 hostmaster 1 2h 1h 2w 30\n  IN NS ns1\n"
                 "ns1 IN A 192.0.2.53\napp {ttl} IN A {ip}\n")
    zone.write_text(zone_text.format(ttl=ttl, ip="127.0.0.1"))
    dns_port = free_udp_tcp_port()
    nameserver = launch.edge({
        "node": {"stateDirectory": str(base / "state1")},
        "listeners": [http_listener()],
        "dns": {"listeners": [f"127.0.0.1:{dns_port}"], "zones": [{"file": str(zone)}]},
        "origins": [{"id": "o", "http": {"url": "http://127.0.0.1:9"}}],
        "distributions": [{"id": "d", "aliases": ["ns.test"], "defaultCacheBehavior": {"targetOriginId": "o"}}],
    }, name="nameserver")
    wait_for_dns(dns_port)
    edge = launch.edge({
        "node": {"stateDirectory": str(base / "state2")},
        "listeners": [http_listener()],
        "resolver": {"nameservers": [f"127.0.0.1:{dns_port}"], "hostsFile": ""},
        "origins": [{"id": "app", "http": {"url": f"http://app.other.test:{first.port}"}}],
        "distributions": [{"id": "d", "aliases": ["www.example.test"],
                           "defaultCacheBehavior": {"targetOriginId": "app"}}],
    }, name="client")
    assert origin_name(edge) == (200, "A")

    zone.write_text(zone_text.format(ttl=ttl, ip="127.0.0.2"))
    nameserver.send_signal(signal.SIGHUP)
    wait_until(lambda: dig(dns_port, "app.other.test", "A", "+short").split() == ["127.0.0.2"], 10,
               what="nameserver reloaded")
    changed = time.monotonic()
    still_cached = origin_name(edge)
    if time.monotonic() - changed < ttl - 1:  # only meaningful while the TTL surely has not run out
        assert still_cached == (200, "A"), "the cached answer must be used until its TTL runs out"
    wait_until(lambda: origin_name(edge) == (200, "B"), ttl + 10, what="the new answer after the TTL")

    edge_missing = launch.edge({
        "node": {"stateDirectory": str(base / "state3")},
        "listeners": [http_listener()],
        "resolver": {"nameservers": [f"127.0.0.1:{dns_port}"], "hostsFile": ""},
        "origins": [{"id": "app", "http": {"url": f"http://nosuch.other.test:{first.port}"}}],
        "distributions": [{"id": "d", "aliases": ["www.example.test"],
                           "defaultCacheBehavior": {"targetOriginId": "app"}}],
    }, name="client-missing")
    r = requests.get(edge_missing.url("/echo"), headers={"Host": "www.example.test"}, timeout=15)
    assert r.status_code == 502
    assert "127.0.0.1" not in r.text


def test_https_and_tcp_checks_and_string_match(launch):
    """HTTPS checks speak TLS without validating the certificate (edge's own self-signed listener here);
    a search string missing from the body fails the check; TCP checks only connect."""
    base = launch.directory / "https-check"
    (base / "site").mkdir(parents=True)
    (base / "site" / "health.txt").write_text("status: ok\n")
    (base / "admin.token").write_text(TOKEN)
    config = {
        "node": {"name": "hc-https", "stateDirectory": str(base / "state")},
        "listeners": [http_listener(), {"name": "https", "protocol": "https"},
                      {"name": "admin", "protocol": "admin", "tokenFile": str(base / "admin.token")}],
        "certificates": [{"domains": ["site.test"], "selfSigned": True, "default": True}],
        "origins": [{"id": "site", "directory": {"path": str(base / "site")}}],
        "distributions": [{"id": "d", "aliases": ["site.test", "127.0.0.1"],
                           "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }
    edge = launch.edge(config, name="https-check", wait=True)
    https_port, http_port = edge.ports["https"], edge.ports["http"]
    config["healthChecks"] = [
        {"id": "tls-ok", "type": "HTTPS_STR_MATCH", "target": f"127.0.0.1:{https_port}", "resourcePath": "/health.txt",
         "fullyQualifiedDomainName": "site.test", "searchString": "status: ok", "failureThreshold": 1},
        {"id": "tls-wrong-string", "type": "HTTPS", "target": f"127.0.0.1:{https_port}",
         "resourcePath": "/health.txt", "searchString": "status: degraded", "failureThreshold": 1},
        {"id": "http-404", "type": "HTTP", "target": f"127.0.0.1:{http_port}", "resourcePath": "/missing",
         "failureThreshold": 1},
        {"id": "tcp-ok", "type": "TCP", "target": f"127.0.0.1:{http_port}"},
    ]

    write_config(edge.config_path, config)
    r = admin(edge, "/reload", method="POST")
    assert r.status_code == 200, r.text

    def statuses():
        return {c["id"]: c["status"] for c in admin(edge, "/health-checks").json()}

    expected = {"tls-ok": "healthy", "tls-wrong-string": "unhealthy", "http-404": "unhealthy", "tcp-ok": "healthy"}
    wait_until(lambda: statuses() == expected, 20, what=f"health states {expected}")
    view = {c["id"]: c for c in admin(edge, "/health-checks").json()}
    assert view["http-404"]["lastFailureReason"] == "HTTP status 404"
    assert "search string" in view["tls-wrong-string"]["lastFailureReason"]
