"""Response rate limiting (dns.responseRateLimit) with dnspython over UDP: over the limit, answers are
dropped except every `slip`-th sent truncated (TC=1); loopback clients are exempt by default."""

import shutil

import pytest

dns = pytest.importorskip("dns")
import dns.exception  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.query  # noqa: E402

from conftest import http_listener  # noqa: E402
from test_dns import free_udp_tcp_port, wait_for_dns  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("dig") is None, reason="dig (bind9-dnsutils) is not installed")

ZONE = """$ORIGIN rrl.test.
$TTL 300
@   IN SOA ns1 hostmaster 1 2h 1h 2w 60
    IN NS  ns1
ns1 IN A   192.0.2.53
www IN A   192.0.2.80
"""


def start(launch, name, rate_limit):
    base = launch.directory / name
    base.mkdir()
    (base / "rrl.test.zone").write_text(ZONE)
    port = free_udp_tcp_port()
    dns_section = {"listeners": [f"127.0.0.1:{port}"], "zones": [{"file": str(base / "rrl.test.zone")}]}
    if rate_limit is not None:
        dns_section["responseRateLimit"] = rate_limit
    launch.edge({
        "node": {"name": name, "stateDirectory": str(base / "state")},
        "listeners": [http_listener()],
        "dns": dns_section,
        "origins": [{"id": "o", "http": {"url": "http://127.0.0.1:9"}}],
        "distributions": [{"id": "d", "aliases": ["rrl.test"], "defaultCacheBehavior": {"targetOriginId": "o"}}],
    }, name=name)
    wait_for_dns(port)
    return port


def burst(port, count=60, timeout=0.3):
    answered = truncated = dropped = 0
    for _ in range(count):
        query = dns.message.make_query("www.rrl.test.", "A", use_edns=0)
        try:
            response = dns.query.udp(query, "127.0.0.1", port=port, timeout=timeout)
        except dns.exception.Timeout:
            dropped += 1
            continue
        if response.flags & dns.flags.TC:
            truncated += 1
        else:
            answered += 1
    return answered, truncated, dropped


def test_over_the_limit_answers_are_slipped_or_dropped(launch):
    port = start(launch, "rrl-on", {"responsesPerSecond": 2, "burst": 5, "slip": 2, "exemptLoopback": False})
    answered, truncated, dropped = burst(port)
    assert answered < 30, (answered, truncated, dropped)
    assert truncated > 0 and dropped > 0, (answered, truncated, dropped)
    # A slipped client retries over TCP, which is never limited.
    response = dns.query.tcp(dns.message.make_query("www.rrl.test.", "A"), "127.0.0.1", port=port, timeout=5)
    assert [str(r) for rrset in response.answer for r in rrset] == ["192.0.2.80"]


def test_loopback_is_exempt_by_default_and_limiting_can_be_off(launch):
    for name, rate_limit in (("rrl-default", None), ("rrl-off", {"enabled": False, "exemptLoopback": False})):
        port = start(launch, name, rate_limit)
        assert burst(port, count=40, timeout=3.0) == (40, 0, 0), name
