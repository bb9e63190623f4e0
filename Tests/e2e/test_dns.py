"""Authoritative DNS served by `edge serve`, queried with dig (bind9-dnsutils) over UDP and TCP."""

import re
import shutil
import signal
import socket
import subprocess
import time

import pytest

from conftest import http_listener

pytestmark = pytest.mark.skipif(shutil.which("dig") is None, reason="dig (bind9-dnsutils) is not installed")

ZONE = """$ORIGIN example.test.
$TTL 3600
@       IN SOA ns1 hostmaster 2026112601 2h 1h 2w 300
        IN NS  ns1
        IN A   192.0.2.10
ns1     IN A   192.0.2.53
www     IN CNAME @
api     IN A   192.0.2.20
*.wild  IN A   192.0.2.30
web.real IN A  192.0.2.40
alias 600 IN DNAME real.example.test.
long    IN DNAME {long}.example.test.
big     IN TXT {txt}
"""


def free_udp_tcp_port():
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket()
        try:
            t.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port for UDP and TCP")


def zone_text(extra=""):
    txt = " ".join(f'"{"x" * 200}-{i}"' for i in range(12))  # > 512 bytes: truncated over plain UDP
    long = ".".join(c * 62 for c in "abc")  # with two 60-byte labels in front: over 255 bytes
    return ZONE.format(txt=txt, long=long) + extra


@pytest.fixture
def dns_edge(launch):
    base = launch.directory / "dns"
    (base / "zones").mkdir(parents=True)
    (base / "site").mkdir()
    zone = base / "zones" / "example.test.zone"
    zone.write_text(zone_text())
    port = free_udp_tcp_port()
    config = {
        "node": {"name": "dns-node", "stateDirectory": str(base / "state")},
        "listeners": [http_listener()],
        "dns": {"listeners": [f"127.0.0.1:{port}"], "zones": [{"file": str(zone)}]},
        "origins": [{"id": "site", "directory": {"path": str(base / "site")}}],
        "distributions": [{"id": "d", "aliases": ["example.test"], "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }
    edge = launch.edge(config, name="dns")
    edge.dns_port = port
    edge.zone_path = zone
    wait_for_dns(port)
    return edge


def dig(port, *args):
    r = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), "+time=2", "+tries=1", *args],
                       capture_output=True, text=True, timeout=20)
    return r.stdout


def wait_for_dns(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "status:" in dig(port, "example.test", "SOA", "+norec"):
            return
        time.sleep(0.1)
    raise AssertionError("DNS listener did not answer")


def header(out):
    status = re.search(r"status: (\w+)", out).group(1)
    flags = re.search(r"flags: ([a-z ]+);", out).group(1).split()
    return status, flags


def section(out, name):
    m = re.search(rf";; {name} SECTION:\n(.*?)(?:\n\n|\Z)", out, re.S)
    return [line.split() for line in m.group(1).splitlines()] if m else []


def test_soa_is_authoritative(dns_edge):
    out = dig(dns_edge.dns_port, "example.test", "SOA", "+norec")
    status, flags = header(out)
    assert status == "NOERROR"
    assert "aa" in flags and "qr" in flags and "ra" not in flags
    answer = section(out, "ANSWER")
    assert answer[0][3] == "SOA" and answer[0][4] == "ns1.example.test."


def test_nxdomain_carries_soa_with_negative_ttl(dns_edge):
    out = dig(dns_edge.dns_port, "missing.example.test", "A", "+norec")
    status, flags = header(out)
    assert status == "NXDOMAIN" and "aa" in flags
    authority = section(out, "AUTHORITY")
    assert authority[0][3] == "SOA"
    assert authority[0][1] == "300"  # min(SOA TTL 3600, MINIMUM 300)


def test_nodata_is_noerror_with_soa(dns_edge):
    out = dig(dns_edge.dns_port, "api.example.test", "MX", "+norec")
    status, _ = header(out)
    assert status == "NOERROR"
    assert section(out, "ANSWER") == []
    assert section(out, "AUTHORITY")[0][3] == "SOA"


def test_cname_is_followed_inside_the_zone(dns_edge):
    answer = section(dig(dns_edge.dns_port, "www.example.test", "A", "+norec"), "ANSWER")
    assert [r[3] for r in answer] == ["CNAME", "A"]
    assert answer[1][4] == "192.0.2.10"


def test_wildcard_synthesizes_the_query_name_with_case_kept(dns_edge):
    answer = section(dig(dns_edge.dns_port, "Some.WILD.example.test", "A", "+norec"), "ANSWER")
    assert answer == [["Some.WILD.example.test.", "3600", "IN", "A", "192.0.2.30"]]


@pytest.mark.parametrize("transport", ["+notcp", "+tcp"])
def test_dname_rewrites_names_below_its_owner(dns_edge, transport):
    out = dig(dns_edge.dns_port, "Web.Alias.example.test", "A", "+norec", transport)
    status, flags = header(out)
    assert status == "NOERROR" and "aa" in flags
    assert section(out, "ANSWER") == [
        ["alias.example.test.", "600", "IN", "DNAME", "real.example.test."],
        ["Web.Alias.example.test.", "600", "IN", "CNAME", "Web.real.example.test."],
        ["web.real.example.test.", "3600", "IN", "A", "192.0.2.40"],
    ]
    owner = section(dig(dns_edge.dns_port, "alias.example.test", "DNAME", "+norec", transport), "ANSWER")
    assert owner == [["alias.example.test.", "600", "IN", "DNAME", "real.example.test."]]


def test_dname_target_too_long_is_yxdomain(dns_edge):
    out = dig(dns_edge.dns_port, f"{'x' * 60}.{'y' * 60}.long.example.test", "A", "+norec")
    status, flags = header(out)
    assert status == "YXDOMAIN" and "aa" in flags
    assert [r[3] for r in section(out, "ANSWER")] == ["DNAME"]
    missing = dig(dns_edge.dns_port, "nothing.alias.example.test", "A", "+norec")
    assert header(missing)[0] == "NXDOMAIN"
    assert [r[3] for r in section(missing, "ANSWER")] == ["DNAME", "CNAME"]


def test_names_outside_the_zones_are_refused(dns_edge):
    status, flags = header(dig(dns_edge.dns_port, "example.com", "A", "+norec"))
    assert status == "REFUSED" and "aa" not in flags


def test_truncation_over_udp_then_full_answer_over_tcp(dns_edge):
    out = dig(dns_edge.dns_port, "big.example.test", "TXT", "+noedns", "+norec")
    assert "Truncated, retrying in TCP mode" in out
    assert len(section(out, "ANSWER")) == 1 and section(out, "ANSWER")[0][3] == "TXT"
    ignored = dig(dns_edge.dns_port, "big.example.test", "TXT", "+noedns", "+norec", "+ignore")
    _, flags = header(ignored)
    assert "tc" in flags


def test_zone_reload_on_sighup_and_broken_zone_keeps_the_old_one(dns_edge):
    port = dns_edge.dns_port
    dns_edge.zone_path.write_text(zone_text("new IN A 192.0.2.99\n"))
    dns_edge.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "192.0.2.99" not in dig(port, "new.example.test", "A", "+short") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert dig(port, "new.example.test", "A", "+short").strip() == "192.0.2.99"
    dns_edge.zone_path.write_text(zone_text("broken IN MX not-a-number mx\n"))
    dns_edge.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "reload rejected" not in dns_edge.stderr_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert f"{dns_edge.zone_path}:" in dns_edge.stderr_text()
    assert dig(port, "new.example.test", "A", "+short").strip() == "192.0.2.99"  # the last good zone
    assert header(dig(port, "api.example.test", "A", "+norec"))[0] == "NOERROR"


# -- Route 53 routing policies (policies YAML beside the zone) ---------------------------------------------

POLICIES = """records:
  - {name: www.example.test., type: A, setIdentifier: blue, weight: 1, ttl: 30, values: [192.0.2.1]}
  - {name: www.example.test., type: A, setIdentifier: green, weight: 3, ttl: 30, values: [192.0.2.2]}
  - {name: lat.example.test., type: A, setIdentifier: eu, region: eu-west-1, ttl: 60, values: [10.1.2.3]}
  - {name: lat.example.test., type: A, setIdentifier: us, region: us-east-1, ttl: 60, values: [10.2.2.3]}
  - {name: example.test., type: A, aliasTarget: {dnsName: api.example.test., evaluateTargetHealth: true}}
"""

POLICY_ZONE = """$ORIGIN example.test.
$TTL 3600
@       IN SOA ns1 hostmaster 2026112601 2h 1h 2w 300
        IN NS  ns1
ns1     IN A   192.0.2.53
api     IN A   192.0.2.20
"""


@pytest.fixture
def policy_edge(launch):
    base = launch.directory / "dnspol"
    (base / "zones").mkdir(parents=True)
    (base / "site").mkdir()
    zone = base / "zones" / "example.test.zone"
    zone.write_text(POLICY_ZONE)
    policies = base / "zones" / "example.test.policies.yaml"
    policies.write_text(POLICIES)
    port = free_udp_tcp_port()
    config = {
        "node": {"name": "dnspol-node", "stateDirectory": str(base / "state")},
        "listeners": [http_listener()],
        "dns": {
            "listeners": [f"127.0.0.1:{port}"],
            "zones": [{"file": str(zone), "policies": str(policies)}],
            "clientNetworks": [
                {"cidr": "10.1.0.0/16", "region": "eu-west-1", "countryCode": "IE", "continentCode": "EU"},
                {"cidr": "10.2.0.0/16", "region": "us-east-1", "countryCode": "US", "continentCode": "NA"},
            ],
        },
        "origins": [{"id": "site", "directory": {"path": str(base / "site")}}],
        "distributions": [{"id": "d", "aliases": ["example.test"], "defaultCacheBehavior": {"targetOriginId": "site"}}],
    }
    edge = launch.edge(config, name="dnspol")
    edge.dns_port = port
    edge.policies_path = policies
    wait_for_dns(port)
    return edge


def test_weighted_answers_follow_the_weights_over_1000_queries(policy_edge):
    # Many queries in one dig run (each a separate UDP query).
    names = ["www.example.test"] * 1000
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(policy_edge.dns_port), "+short", "+time=2", "+tries=1",
                          *[arg for n in names for arg in (n, "A")]], capture_output=True, text=True, timeout=120).stdout
    answers = out.split()
    assert len(answers) == 1000, len(answers)
    green = answers.count("192.0.2.2")
    blue = answers.count("192.0.2.1")
    assert green + blue == 1000
    # Expected 750 green; binomial sd ~13.7, so ±70 is a 5-sigma band.
    assert 680 <= green <= 820, (green, blue)


def test_latency_answer_is_chosen_by_client_subnet(policy_edge):
    port = policy_edge.dns_port
    eu = dig(port, "lat.example.test", "A", "+short", "+subnet=10.1.7.0/24").split()
    us = dig(port, "lat.example.test", "A", "+short", "+subnet=10.2.7.0/24").split()
    assert eu == ["10.1.2.3"], eu
    assert us == ["10.2.2.3"], us
    out = dig(port, "lat.example.test", "A", "+norec", "+subnet=10.1.7.0/24")
    assert section(out, "ANSWER")[0][1] == "60"  # the policy record's TTL


def test_alias_at_the_apex_answers_with_the_target_records(policy_edge):
    out = dig(policy_edge.dns_port, "example.test", "A", "+norec")
    status, flags = header(out)
    assert status == "NOERROR" and "aa" in flags
    answer = section(out, "ANSWER")
    assert answer == [["example.test.", "3600", "IN", "A", "192.0.2.20"]]  # the target's TTL and value


def test_broken_policy_file_is_rejected_on_reload(policy_edge):
    policy_edge.policies_path.write_text(POLICIES + "  - {name: www.example.test., type: A, setIdentifier: red, weight: 999, values: [192.0.2.9]}\n")
    policy_edge.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while "reload rejected" not in policy_edge.stderr_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "weight" in policy_edge.stderr_text()
    answers = {dig(policy_edge.dns_port, "www.example.test", "A", "+short").strip() for _ in range(20)}
    assert answers <= {"192.0.2.1", "192.0.2.2"}  # the last good policies keep serving
