"""Authoritative DNS served by `edge serve`, queried with dnspython (a second real client after dig).

One edge serves `dns_zones/dnspython.test.zone` with its routing policies and `dns_zones/lowttl.test.zone`;
`dns.clientNetworks` maps the EDNS Client Subnet prefixes below to regions and locations.
"""

import math
import os
import random
import shutil
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

dns = pytest.importorskip("dns")
import dns.edns  # noqa: E402
import dns.exception  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.query  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402


ZONES = Path(__file__).resolve().parent / "dns_zones"
REPO = ZONES.parent.parent.parent
ORIGIN = "dnspython.test."
TIMEOUT = 5.0

CLIENT_NETWORKS = [
    {"cidr": "10.1.0.0/16", "region": "eu-west-1", "countryCode": "IE", "continentCode": "EU"},
    {"cidr": "10.2.0.0/16", "region": "us-east-1", "countryCode": "US", "continentCode": "NA"},
    {"cidr": "10.3.0.0/16", "region": "ap-southeast-2", "countryCode": "AU", "continentCode": "OC"},
    {"cidr": "2001:db8:1::/48", "region": "us-east-1", "countryCode": "US", "continentCode": "NA",
     "subdivisionCode": "VA"},
    {"cidr": "2001:db8:2::/48", "region": "eu-west-1", "countryCode": "IE", "continentCode": "EU"},
]


def free_udp_tcp_port():
    """A port free on 127.0.0.1 for both UDP and TCP a moment ago."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            candidate = u.getsockname()[1]
            with socket.socket() as t:
                try:
                    t.bind(("127.0.0.1", candidate))
                except OSError:
                    continue
                return candidate
    raise RuntimeError("no free port for UDP and TCP")


@pytest.fixture(scope="module")
def port(module_launch):
    base = module_launch.directory / "dnspython"
    base.mkdir()
    port = free_udp_tcp_port()
    config = {
        "node": {"name": "dnspython-node", "stateDirectory": str(base / "state")},
        "dns": {
            "listeners": [f"127.0.0.1:{port}"],
            "zones": [
                {"file": str(ZONES / "dnspython.test.zone"), "policies": str(ZONES / "dnspython.test.policies.yaml")},
                {"file": str(ZONES / "lowttl.test.zone")},
            ],
            "clientNetworks": CLIENT_NETWORKS,
        },
    }
    edge = module_launch.edge(config, name="dnspython")
    deadline = time.monotonic() + 20
    while True:
        try:
            dns.query.udp(query(ORIGIN, "SOA"), "127.0.0.1", port=port, timeout=0.5)
            break
        except (dns.exception.Timeout, OSError):
            assert edge.proc.poll() is None, edge.stderr_text()
            assert time.monotonic() < deadline, "DNS listener did not answer"
            time.sleep(0.1)
    return port


def query(name, rdtype, rd=False, payload=1232, options=None, edns=True):
    """A query without RD (as a resolver sends to an authoritative server) and with EDNS unless asked."""
    return dns.message.make_query(name, rdtype, use_edns=0 if edns else False, payload=payload,
                                  options=options, flags=dns.flags.RD if rd else 0)


def udp(port, message, **kw):
    return dns.query.udp(message, "127.0.0.1", port=port, timeout=TIMEOUT, **kw)


def tcp(port, message):
    return dns.query.tcp(message, "127.0.0.1", port=port, timeout=TIMEOUT)


def records(section):
    """{(owner, type, ttl, data)} of a section, owner as sent (case kept)."""
    return {(rrset.name.to_text(), dns.rdatatype.to_text(rrset.rdtype), rrset.ttl, rdata.to_text())
            for rrset in section for rdata in rrset}


def only_soa(response, ttl):
    assert [(r.rdtype, r.ttl, len(r)) for r in response.authority] == [(dns.rdatatype.SOA, ttl, 1)], response


def is_aa(response):
    return bool(response.flags & dns.flags.AA)


# -- header, rcodes, negative answers ------------------------------------------------------------------


def test_positive_answer_is_authoritative_with_apex_ns_only_without_rd(port):
    response = udp(port, query("host.dnspython.test.", "A"))
    assert response.rcode() == dns.rcode.NOERROR
    assert response.flags & dns.flags.QR and is_aa(response) and not response.flags & dns.flags.RA
    assert records(response.answer) == {("Host.dnspython.test.", "A", 3600, "192.0.2.80")}
    # minimal-responses no-auth-recursive (BIND's default): apex NS and their addresses when RD=0 ...
    assert records(response.authority) == {
        ("dnspython.test.", "NS", 3600, "ns1.dnspython.test."), ("dnspython.test.", "NS", 3600, "ns2.dnspython.test.")}
    assert records(response.additional) == {
        ("ns1.dnspython.test.", "A", 3600, "192.0.2.53"), ("ns2.dnspython.test.", "A", 3600, "192.0.2.54"),
        ("ns2.dnspython.test.", "AAAA", 3600, "2001:db8::54")}
    # ... and neither with RD=1; RD is copied, RA stays clear.
    recursive = udp(port, query("host.dnspython.test.", "A", rd=True))
    assert recursive.flags & dns.flags.RD and not recursive.flags & dns.flags.RA and is_aa(recursive)
    assert recursive.authority == [] and recursive.additional == []


def test_mx_answer_carries_the_exchange_address(port):
    response = udp(port, query(ORIGIN, "MX", rd=True))
    assert records(response.answer) == {("dnspython.test.", "MX", 3600, "10 mail.dnspython.test.")}
    assert records(response.additional) == {("mail.dnspython.test.", "A", 3600, "192.0.2.25")}


def test_nodata_has_soa_with_the_negative_ttl(port):
    for transport in (udp, tcp):
        response = transport(port, query("host.dnspython.test.", "MX"))
        assert response.rcode() == dns.rcode.NOERROR and is_aa(response) and response.answer == []
        only_soa(response, 300)  # min(SOA TTL 3600, MINIMUM 300)
    low = udp(port, query("www.lowttl.test.", "TXT"))
    assert low.rcode() == dns.rcode.NOERROR and low.answer == []
    only_soa(low, 60)  # min(SOA TTL 60, MINIMUM 300)


def test_nxdomain_has_soa_with_the_negative_ttl(port):
    for name in ("nope.dnspython.test.", "below.host.dnspython.test."):
        response = udp(port, query(name, "A"))
        assert response.rcode() == dns.rcode.NXDOMAIN and is_aa(response) and response.answer == []
        only_soa(response, 300)
    low = udp(port, query("nope.lowttl.test.", "A"))
    assert low.rcode() == dns.rcode.NXDOMAIN
    only_soa(low, 60)


def test_names_outside_the_zones_are_refused(port):
    for name in ("example.com.", "test.", "other.test."):
        response = udp(port, query(name, "A"))
        assert response.rcode() == dns.rcode.REFUSED and not is_aa(response), name
        assert response.answer == [] and response.authority == []


# -- CNAME, wildcards, delegations, ANY ---------------------------------------------------------------


def test_cname_chain_is_followed_inside_the_zone_in_order(port):
    response = udp(port, query("c1.dnspython.test.", "A"))
    assert response.rcode() == dns.rcode.NOERROR and is_aa(response)
    assert [(r.name.to_text(), dns.rdatatype.to_text(r.rdtype), r[0].to_text()) for r in response.answer] == [
        ("c1.dnspython.test.", "CNAME", "c2.dnspython.test."),
        ("c2.dnspython.test.", "CNAME", "Host.dnspython.test."),
        ("Host.dnspython.test.", "A", "192.0.2.80")]
    # The chain ends in NODATA for a type the target lacks: the CNAMEs, then the SOA.
    nodata = udp(port, query("c1.dnspython.test.", "TXT"))
    assert nodata.rcode() == dns.rcode.NOERROR and [r.rdtype for r in nodata.answer] == [dns.rdatatype.CNAME] * 2
    only_soa(nodata, 300)
    # Asking for the CNAME itself does not follow it.
    assert records(udp(port, query("c1.dnspython.test.", "CNAME")).answer) == {
        ("c1.dnspython.test.", "CNAME", 3600, "c2.dnspython.test.")}


def test_wildcard_synthesis_follows_rfc4592(port):
    synthesized = udp(port, query("Foo.wild.dnspython.test.", "A"))
    assert synthesized.rcode() == dns.rcode.NOERROR and is_aa(synthesized)
    assert records(synthesized.answer) == {("Foo.wild.dnspython.test.", "A", 3600, "192.0.2.99")}
    # More than one label below the closest encloser is still covered.
    assert records(udp(port, query("a.b.wild.dnspython.test.", "TXT")).answer) == {
        ("a.b.wild.dnspython.test.", "TXT", 3600, '"wild"')}
    # The wildcard owner itself answers as an ordinary name.
    assert records(udp(port, query("*.wild.dnspython.test.", "A")).answer) == {
        ("*.wild.dnspython.test.", "A", 3600, "192.0.2.99")}
    # A type the wildcard lacks: NODATA.
    nodata = udp(port, query("foo.wild.dnspython.test.", "MX"))
    assert nodata.rcode() == dns.rcode.NOERROR and nodata.answer == []
    only_soa(nodata, 300)
    # An existing name blocks synthesis for every type, and for names below it (no *.exp.wild).
    explicit = udp(port, query("exp.wild.dnspython.test.", "TXT"))
    assert explicit.rcode() == dns.rcode.NOERROR and explicit.answer == []
    below = udp(port, query("y.exp.wild.dnspython.test.", "A"))
    assert below.rcode() == dns.rcode.NXDOMAIN
    # RFC 4592 §2.2.2: an empty non-terminal (ent.wild, parent of x.ent.wild) exists, so it is NODATA,
    # and it is the closest encloser of names below it, which has no wildcard: NXDOMAIN, not *.wild.
    ent = udp(port, query("ent.wild.dnspython.test.", "A"))
    assert ent.rcode() == dns.rcode.NOERROR and ent.answer == []
    only_soa(ent, 300)
    under_ent = udp(port, query("y.ent.wild.dnspython.test.", "A"))
    assert under_ent.rcode() == dns.rcode.NXDOMAIN and under_ent.answer == []


def test_delegation_gives_a_referral_with_glue(port):
    for name, rdtype in (("www.sub.dnspython.test.", "A"), ("sub.dnspython.test.", "NS"),
                         ("deep.www.sub.dnspython.test.", "MX")):
        response = udp(port, query(name, rdtype))
        assert response.rcode() == dns.rcode.NOERROR, name
        assert not is_aa(response) and response.answer == [], name
        assert records(response.authority) == {
            ("sub.dnspython.test.", "NS", 3600, "ns.sub.dnspython.test."),
            ("sub.dnspython.test.", "NS", 3600, "ns.elsewhere.invalid.")}, name
        # Glue for the in-bailiwick server only.
        assert records(response.additional) == {("ns.sub.dnspython.test.", "A", 3600, "192.0.2.200")}, name
    # DS at the cut belongs to the parent: an authoritative NODATA here.
    ds = udp(port, query("sub.dnspython.test.", "DS"))
    assert ds.rcode() == dns.rcode.NOERROR and is_aa(ds) and ds.answer == []
    only_soa(ds, 300)


def test_any_is_one_rrset_over_udp_and_all_over_tcp(port):
    types = {dns.rdatatype.A, dns.rdatatype.TXT, dns.rdatatype.MX}
    small = udp(port, query("multi.dnspython.test.", "ANY"))
    assert small.rcode() == dns.rcode.NOERROR and is_aa(small)
    assert len(small.answer) == 1 and small.answer[0].rdtype in types  # RFC 8482 §4.2
    full = tcp(port, query("multi.dnspython.test.", "ANY"))
    assert {r.rdtype for r in full.answer} == types and len(full.answer) == 3
    missing = udp(port, query("nope.dnspython.test.", "ANY"))
    assert missing.rcode() == dns.rcode.NXDOMAIN


# -- EDNS, truncation, TCP, case ---------------------------------------------------------------------


def test_edns_is_answered_with_our_payload_size_and_badvers(port):
    for payload in (512, 1232, 4096):
        response = udp(port, query(ORIGIN, "SOA", payload=payload))
        assert response.edns == 0 and response.payload == 1232, payload
    plain = udp(port, query(ORIGIN, "SOA", edns=False))
    assert plain.edns == -1 and plain.rcode() == dns.rcode.NOERROR
    version1 = dns.message.make_query(ORIGIN, "SOA", use_edns=1, flags=0)
    bad = udp(port, version1)
    assert bad.rcode() == dns.rcode.BADVERS and bad.edns == 0 and bad.answer == []


def test_udp_size_follows_the_edns_payload(port):
    # mid TXT is about 620 bytes: too big for 512 (no EDNS), fits in an EDNS 1232 buffer.
    without = udp(port, query("mid.dnspython.test.", "TXT", edns=False), raise_on_truncation=False)
    assert without.flags & dns.flags.TC
    with_edns = udp(port, query("mid.dnspython.test.", "TXT", payload=1232))
    assert not with_edns.flags & dns.flags.TC and len(with_edns.answer[0][0].strings) == 4


def test_large_rrset_is_truncated_over_udp_and_complete_over_tcp(port):
    for payload in (1232, 4096):  # the server never sends more than 1232 bytes over UDP
        truncated = udp(port, query("big.dnspython.test.", "TXT", payload=payload), raise_on_truncation=False)
        assert truncated.flags & dns.flags.TC and truncated.rcode() == dns.rcode.NOERROR, payload
        assert truncated.answer == []  # EDNS clients get whole RRsets only
    response, used_tcp = dns.query.udp_with_fallback(query("big.dnspython.test.", "TXT"), "127.0.0.1",
                                                     port=port, timeout=TIMEOUT)
    assert used_tcp and not response.flags & dns.flags.TC and is_aa(response)
    assert len(response.answer) == 1 and len(response.answer[0]) == 1
    assert [s[-2:] for s in response.answer[0][0].strings] == [b"%02d" % i for i in range(8)]
    small, small_tcp = dns.query.udp_with_fallback(query("host.dnspython.test.", "A"), "127.0.0.1",
                                                   port=port, timeout=TIMEOUT)
    assert not small_tcp and small.answer


def test_question_case_is_preserved_and_owners_keep_the_zone_case(port):
    name = dns.name.from_text("hOsT.DnSpYtHoN.tEsT.")
    for transport in (udp, tcp):
        response = transport(port, query(name, "A"))
        assert response.question[0].name.labels == name.labels  # byte-exact, not just equal
        assert response.answer[0].name.labels == (b"Host", b"dnspython", b"test", b"")
    mixed = udp(port, query("FOO.Wild.dnspython.TEST.", "A"))
    assert mixed.answer[0].name.labels == (b"FOO", b"Wild", b"dnspython", b"TEST", b"")


# -- routing policies --------------------------------------------------------------------------------


def chi_square_sf(statistic, df):
    """P(X >= statistic) for a chi-square variable with `df` degrees of freedom: the regularized upper
    incomplete gamma Q(df/2, statistic/2), by its power series (fine for the small values used here)."""
    a, x = df / 2.0, statistic / 2.0
    if x <= 0:
        return 1.0
    term = total = 1.0 / a
    n = 0
    while term > total * 1e-15:
        n += 1
        term *= x / (a + n)
        total += term
    lower = total * math.exp(-x + a * math.log(x) - math.lgamma(a))
    return max(0.0, 1.0 - lower)


def chi_square(counts, expected_shares):
    total = sum(counts.values())
    return sum((counts.get(key, 0) - total * share) ** 2 / (total * share) for key, share in expected_shares.items())


def tally(port, name, count):
    """Answers to `count` UDP queries (a TC or lost answer is retried over TCP: the server's rate limiter
    slips or drops when a busy machine bunches the queries)."""
    counts = {}
    message = query(name, "A")
    for _ in range(count):
        try:
            response = dns.query.udp(message, "127.0.0.1", port=port, timeout=2.0, raise_on_truncation=True)
        except (dns.exception.Timeout, dns.message.Truncated):
            response = tcp(port, message)
        values = tuple(sorted(r.to_text() for rrset in response.answer for r in rrset))
        counts[values] = counts.get(values, 0) + 1
    return counts


def test_chi_square_helper_matches_known_quantiles():
    assert abs(chi_square_sf(13.8155, 2) - 0.001) < 1e-5
    assert abs(chi_square_sf(10.8276, 1) - 0.001) < 1e-5
    assert abs(chi_square_sf(16.2662, 3) - 0.001) < 1e-5
    assert chi_square_sf(0.0, 2) == 1.0


def test_weighted_answers_pass_a_chi_square_test_over_1000_queries(port):
    counts = tally(port, "w.dnspython.test.", 1000)
    assert set(counts) <= {("192.0.2.1",), ("192.0.2.3",), ("192.0.2.6",)}, counts  # one record per answer
    weights = {("192.0.2.1",): 0.1, ("192.0.2.3",): 0.3, ("192.0.2.6",): 0.6}
    p = chi_square_sf(chi_square(counts, weights), df=2)
    assert p > 0.001, (counts, p)
    # The same test rejects equal weights: it can tell the configured weights apart.
    assert chi_square_sf(chi_square(counts, {key: 1 / 3 for key in weights}), df=2) < 0.001, counts


def test_all_weights_zero_answer_with_equal_chances(port):
    counts = tally(port, "zero.dnspython.test.", 600)
    keys = {("192.0.2.11",), ("192.0.2.12",), ("192.0.2.13",)}
    assert set(counts) == keys, counts
    p = chi_square_sf(chi_square(counts, {key: 1 / 3 for key in keys}), df=2)
    assert p > 0.001, (counts, p)


def test_multivalue_answers_at_most_eight_records(port):
    configured = {f"192.0.2.{n}" for n in range(31, 41)}
    seen = set()
    for _ in range(30):
        response = udp(port, query("mv.dnspython.test.", "A"))
        values = [r.to_text() for rrset in response.answer for r in rrset]
        assert len(values) == 8 and len(set(values)) == 8 and set(values) <= configured, values
        seen |= set(values)
    assert seen == configured  # all ten take turns


def ecs(address, prefix):
    return dns.edns.ECSOption(address, prefix)


def echoed_subnet(response):
    options = [o for o in response.options if isinstance(o, dns.edns.ECSOption)]
    assert len(options) == 1, response.options
    return options[0]


def answer_values(response):
    return [r.to_text() for rrset in response.answer for r in rrset]


def test_latency_answer_is_chosen_by_client_subnet_and_the_scope_is_echoed(port):
    cases = [
        ("10.1.7.0", 24, ["10.1.2.3"]),     # eu-west-1
        ("10.2.7.0", 24, ["10.2.2.3"]),     # us-east-1
        ("10.3.0.0", 20, ["10.3.2.3"]),     # ap-southeast-2
        ("2001:db8:2::", 56, ["10.1.2.3"]),  # eu-west-1 over IPv6 ECS
        ("2001:db8:1::", 48, ["10.2.2.3"]),
        ("192.0.2.0", 24, ["10.1.2.3"]),    # unknown network: the first record in file order
        ("10.0.0.0", 8, ["10.1.2.3"]),      # shorter than every table prefix: unknown too
    ]
    for name in ("lat.dnspython.test.", "alat.dnspython.test."):  # the alias follows the latency set
        for address, prefix, expected in cases:
            for transport in (udp, tcp):
                response = transport(port, query(name, "A", options=[ecs(address, prefix)]))
                assert answer_values(response) == expected, (name, address, prefix)
                assert response.answer[0].ttl == 60
                option = echoed_subnet(response)  # RFC 7871 §7.2.1: family, prefix, address as sent
                assert (option.address, option.srclen) == (address, prefix), option
                assert option.scopelen == prefix, option  # the answer is valid for the client's prefix only


def test_geolocation_answer_is_chosen_by_client_subnet(port):
    cases = [
        ("10.1.9.0", 24, ["192.0.2.91"]),      # IE: the country record
        ("10.2.9.0", 24, ["192.0.2.92"]),      # US without a subdivision: the continent (NA) record
        ("2001:db8:1::", 48, ["192.0.2.94"]),  # US-VA: the subdivision record
        ("10.3.9.0", 24, ["192.0.2.93"]),      # AU: the default (*) record
        ("198.51.100.0", 24, ["192.0.2.93"]),  # unknown network: the default
    ]
    for address, prefix, expected in cases:
        response = udp(port, query("geo.dnspython.test.", "A", options=[ecs(address, prefix)]))
        assert answer_values(response) == expected, (address, prefix)
        assert echoed_subnet(response).scopelen == prefix
    # No match and no default: NODATA (as Route 53), still scoped to the client's prefix.
    nodata = udp(port, query("geonodef.dnspython.test.", "A", options=[ecs("10.2.9.0", 24)]))
    assert nodata.rcode() == dns.rcode.NOERROR and nodata.answer == [] and is_aa(nodata)
    only_soa(nodata, 300)
    assert echoed_subnet(nodata).scopelen == 24
    matched = udp(port, query("geonodef.dnspython.test.", "A", options=[ecs("10.1.9.0", 24)]))
    assert answer_values(matched) == ["192.0.2.95"]


def test_client_subnet_scope_is_zero_for_answers_that_do_not_depend_on_it(port):
    for name, rdtype in (("host.dnspython.test.", "A"), ("w.dnspython.test.", "A"), ("nope.dnspython.test.", "A"),
                         ("lat.dnspython.test.", "TXT"), ("www.sub.dnspython.test.", "A")):
        response = udp(port, query(name, rdtype, options=[ecs("10.1.7.0", 24)]))
        option = echoed_subnet(response)
        assert (option.address, option.srclen, option.scopelen) == ("10.1.7.0", 24, 0), (name, rdtype)
    # Source prefix 0: "do not use my address"; the answer comes from the source address (127.0.0.1,
    # not in clientNetworks: the first latency record) and the scope is 0.
    zero = udp(port, query("lat.dnspython.test.", "A", options=[ecs("0.0.0.0", 0)]))
    assert answer_values(zero) == ["10.1.2.3"] and echoed_subnet(zero).scopelen == 0
    # No ECS in the query, none in the response.
    assert len(udp(port, query("lat.dnspython.test.", "A")).options) == 0


# -- malformed packets ---------------------------------------------------------------------------------


def collect(sock, quiet=1.0, limit=10.0):
    """Every datagram received until `quiet` seconds pass without one (at most `limit` seconds)."""
    out = []
    deadline = time.monotonic() + limit
    sock.settimeout(quiet)
    while time.monotonic() < deadline:
        try:
            out.append(sock.recv(65535))
        except socket.timeout:
            break
    return out


def assert_formerr(data, ident=None):
    assert len(data) >= 12, data
    got_id, flags = struct.unpack("!HH", data[:4])
    assert flags & 0x8000, "QR must be set"
    assert flags & 0x000F == dns.rcode.FORMERR, f"rcode {flags & 0xF}"
    if ident is not None:
        assert got_id == ident


def assert_still_answering(port):
    for transport in (udp, tcp):
        response = transport(port, query("host.dnspython.test.", "A"))
        assert response.rcode() == dns.rcode.NOERROR and answer_values(response) == ["192.0.2.80"]


def test_random_garbage_gets_formerr_or_nothing_and_the_server_keeps_answering(port):
    rng = random.Random(20261127)
    packets = []
    for _ in range(150):
        data = bytearray(rng.randbytes(rng.randrange(0, 120)))
        if len(data) >= 3:
            data[2] &= 0x07  # a query (QR=0, opcode QUERY) so that the header alone asks for FORMERR
        packets.append(bytes(data))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        for data in packets:
            sock.send(data)
        replies = collect(sock, quiet=3.0)
    ids = {struct.unpack("!H", p[:2])[0] for p in packets if len(p) >= 12}
    assert replies, "packets with a readable header get FORMERR"
    assert len(replies) <= len([p for p in packets if len(p) >= 12])
    for reply in replies:
        assert_formerr(reply)
        assert struct.unpack("!H", reply[:2])[0] in ids
    assert_still_answering(port)


def test_truncated_header_gets_no_answer(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        sock.send(b"\x12\x34\x00\x00\x00")
        assert collect(sock, quiet=1.0) == []
    assert_still_answering(port)


def test_truncated_question_and_compression_loops_get_formerr(port):
    valid = query("host.dnspython.test.", "A", edns=False)
    valid.id = 0x0101
    wire = valid.to_wire()
    header = lambda ident: struct.pack("!HHHHHH", ident, 0, 1, 0, 0, 0)  # noqa: E731
    cases = {
        0x0101: wire[:-3],                                           # cut inside the question
        0x0202: header(0x0202) + b"\xc0\x0c" + b"\x00\x01\x00\x01",   # pointer to itself
        0x0303: header(0x0303) + b"\x01a\xc0\x0c" + b"\x00\x01\x00\x01",  # label, then back to it
        0x0404: header(0x0404) + b"\xc0\x10" + b"\x00\x01\x00\x01",   # forward pointer
        0x0505: header(0x0505) + b"\x40" + b"a" * 64 + b"\x00\x00\x01\x00\x01",  # 64-byte label
    }
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        for ident, data in cases.items():
            sock.send(data)
            sock.settimeout(TIMEOUT)
            assert_formerr(sock.recv(65535), ident)
    # Over TCP: FORMERR, then the connection is closed.
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as conn:
        loop = cases[0x0202]
        conn.sendall(struct.pack("!H", len(loop)) + loop)
        length = struct.unpack("!H", recv_exactly(conn, 2))[0]
        assert_formerr(recv_exactly(conn, length), 0x0202)
        assert conn.recv(1) == b""
    assert_still_answering(port)


def test_responses_are_never_answered(port):
    response = dns.message.make_response(query("host.dnspython.test.", "A"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        sock.send(response.to_wire())
        assert collect(sock, quiet=1.0) == []


def recv_exactly(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        assert chunk, "connection closed early"
        data += chunk
    return data


# -- the same zones as BIND 9 --------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("named") is None and not Path("/usr/sbin/named").exists(),
                    reason="BIND 9 (named, Debian package bind9) is not installed")
def test_answers_match_bind9_on_the_fixture_zones(edge_bin):
    """scripts/compare-bind.py: no difference from BIND 9 but those docs/dns.md documents."""
    zones = [ZONES / "tricky.test.zone", ZONES / "other.test.zone", ZONES / "served.tricky.test.zone"]
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compare-bind.py"), *map(str, zones), "--variants", "udp,noedns,tcp"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "EDGE_BIN": str(edge_bin)})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "queries (" in result.stdout


@pytest.mark.skipif(shutil.which("named") is None and not Path("/usr/sbin/named").exists(),
                    reason="BIND 9 (named, Debian package bind9) is not installed")
def test_dname_answers_match_bind9(edge_bin):
    """scripts/compare-bind.py on the DNAME zones (RFC 6672 substitution), with the names below them."""
    zones = [ZONES / "dname.test.zone", ZONES / "dname-apex.test.zone", ZONES / "other.test.zone"]
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compare-bind.py"), *map(str, zones),
         "--names", str(ZONES / "dname.test.names"), "--variants", "udp,rd,noedns,tcp"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "EDGE_BIN": str(edge_bin)})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "queries (" in result.stdout
