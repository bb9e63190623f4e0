#!/usr/bin/env python3
"""Test zone and query files for the DNS benchmark (deterministic: fixed seed).

  gen.py OUTDIR [QUERIES] [CG_WARM] [CG_QUERIES]

writes into OUTDIR:
  bench.test.zone   the zone (SOA, NS, ~4,200 names of A/AAAA/CNAME/MX/TXT, a wildcard, a delegation with glue)
  queries.txt       QUERIES (default 100,000) lines "name type", shuffled, for reading and for dig
  queries.bin       the same queries in dnsperf -B form (2-byte length + message): RD=0, EDNS(0) with a
                    1232-byte UDP size, as a resolver asks an authoritative server
  cg-warm.bin       CG_WARM (default 2,000) queries of the same mix, for the callgrind warm-up
  cg.bin            CG_QUERIES (default 20,000) queries of the same mix, for the callgrind measurement
  mix.txt           the query mix (category, share, count) as a markdown table
  samples.txt       one "category name type" line per kind of answer, for the equal-answers check

The mix: 80% answers (A, AAAA, MX, TXT, apex, wildcard, referral), 10% NXDOMAIN, 5% NODATA, 5% CNAME
(half one link, half a two-link chain), shuffled.
"""
import os
import random
import struct
import sys

ORIGIN = "bench.test."
HOSTS = 3000       # hN: A (every 10th two A), every 3rd also AAAA
CNAMES = 500       # cN CNAME hN
CHAINS = 200       # dN CNAME cN (two links)
TEXTS = 300        # tN TXT
MAILS = 200        # mN MX 10 hN
GROUPS = 100       # svc.gN A: gN is an empty non-terminal

# (category, share in %, generator(rng) -> (name, type))
def host(rng):
    return rng.randrange(HOSTS)


MIX = [
    ("answer: A", 46, lambda r: (f"h{host(r)}.{ORIGIN}", "A")),
    ("answer: AAAA", 12, lambda r: (f"h{3 * r.randrange(HOSTS // 3)}.{ORIGIN}", "AAAA")),
    ("answer: MX (+ A/AAAA of the exchange in additional)", 5, lambda r: (f"m{r.randrange(MAILS)}.{ORIGIN}", "MX")),
    ("answer: TXT", 5, lambda r: (f"t{r.randrange(TEXTS)}.{ORIGIN}", "TXT")),
    ("answer: apex A/MX/TXT/NS", 3, lambda r: (ORIGIN, r.choice(["A", "MX", "TXT", "NS"]))),
    ("answer: wildcard A", 5, lambda r: (f"q{r.randrange(100000)}.wild.{ORIGIN}", "A")),
    ("referral: below the sub. delegation", 4, lambda r: (f"w{r.randrange(1000)}.sub.{ORIGIN}", "A")),
    ("NXDOMAIN", 10, lambda r: (r.choice([f"nx{r.randrange(100000)}.{ORIGIN}", f"x.h{host(r)}.{ORIGIN}"]), "A")),
    ("NODATA: missing type / empty non-terminal", 5,
     lambda r: r.choice([(f"h{3 * r.randrange(HOSTS // 3) + 1}.{ORIGIN}", "AAAA"), (f"h{host(r)}.{ORIGIN}", "MX"),
                         (f"t{r.randrange(TEXTS)}.{ORIGIN}", "A"), (f"g{r.randrange(GROUPS)}.{ORIGIN}", "A")])),
    ("CNAME: one link", 2.5, lambda r: (f"c{r.randrange(CNAMES)}.{ORIGIN}", "A")),
    ("CNAME: two-link chain", 2.5, lambda r: (f"d{r.randrange(CHAINS)}.{ORIGIN}", "A")),
]

SAMPLES = [
    ("answer A", f"h10.{ORIGIN}", "A"),  # two A records
    ("answer A", f"h7.{ORIGIN}", "A"),
    ("answer AAAA", f"h9.{ORIGIN}", "AAAA"),
    ("answer MX", f"m3.{ORIGIN}", "MX"),
    ("answer TXT", f"t5.{ORIGIN}", "TXT"),
    ("apex MX", ORIGIN, "MX"),
    ("apex NS", ORIGIN, "NS"),
    ("apex SOA", ORIGIN, "SOA"),
    ("wildcard", f"q77.wild.{ORIGIN}", "A"),
    ("referral", f"w1.sub.{ORIGIN}", "A"),
    ("NXDOMAIN", f"nx1.{ORIGIN}", "A"),
    ("NXDOMAIN below a name", f"x.h5.{ORIGIN}", "A"),
    ("NODATA", f"h5.{ORIGIN}", "MX"),
    ("NODATA empty non-terminal", f"g3.{ORIGIN}", "A"),
    ("CNAME", f"c4.{ORIGIN}", "A"),
    ("CNAME chain", f"d2.{ORIGIN}", "A"),
]

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28}


def zone_text():
    out = [
        f"$ORIGIN {ORIGIN}",
        "$TTL 3600",
        "@ IN SOA ns1 hostmaster 2026112601 7200 3600 1209600 300",
        "@ IN NS ns1",
        "@ IN NS ns2",
        "@ IN A 192.0.2.10",
        "@ IN AAAA 2001:db8::10",
        "@ IN MX 10 mx1",
        "@ IN MX 20 mx2",
        '@ IN TXT "v=spf1 mx -all"',
        "ns1 IN A 192.0.2.1",
        "ns1 IN AAAA 2001:db8::1",
        "ns2 IN A 192.0.2.2",
        "mx1 IN A 192.0.2.25",
        "mx2 IN A 192.0.2.26",
        "mx2 IN AAAA 2001:db8::26",
        "www IN CNAME @",
        "*.wild IN A 192.0.2.80",
        "*.wild IN AAAA 2001:db8::80",
        "sub IN NS ns.sub",
        "ns.sub IN A 192.0.2.53",
    ]
    for n in range(HOSTS):
        out.append(f"h{n} IN A 10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        if n % 10 == 0:
            out.append(f"h{n} IN A 10.200.{n // 256 % 256}.{n % 256}")
        if n % 3 == 0:
            out.append(f"h{n} IN AAAA 2001:db8:{n // 65536:x}::{n % 65536:x}")
    for n in range(CNAMES):
        out.append(f"c{n} IN CNAME h{(7 * n) % HOSTS}")
    for n in range(CHAINS):
        out.append(f"d{n} IN CNAME c{(3 * n) % CNAMES}")
    for n in range(TEXTS):
        out.append(f't{n} 300 IN TXT "site-verification={n:08x}{n * 7919:08x}" "owner=team{n % 17}"')
    for n in range(MAILS):
        out.append(f"m{n} IN MX 10 h{(11 * n) % HOSTS}")
        out.append(f"m{n} IN MX 20 mx2")
    for n in range(GROUPS):
        out.append(f"svc.g{n} IN A 192.0.2.{100 + n % 100}")
    return "\n".join(out) + "\n"


def wire_query(name, qtype):
    """dnsperf -B record: length, then ID 0 (dnsperf overwrites it), flags 0 (RD=0), 1 question, 1 OPT."""
    qname = b"".join(bytes([len(label)]) + label.encode() for label in name.rstrip(".").split(".") if label) + b"\0"
    msg = struct.pack(">HHHHHH", 0, 0, 1, 0, 0, 1) + qname + struct.pack(">HH", TYPES[qtype], 1)
    msg += b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
    return struct.pack(">H", len(msg)) + msg


def queries(rng, count):
    total = sum(share for _, share, _ in MIX)
    kinds = []
    for index, (_, share, _) in enumerate(MIX):
        kinds += [index] * round(count * share / total)
    kinds = (kinds + [0] * count)[:count]
    rng.shuffle(kinds)
    return [MIX[k][2](rng) for k in kinds], kinds


def main():
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    cg_warm = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    cg_count = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "bench.test.zone"), "w") as f:
        f.write(zone_text())
    rng = random.Random(20261126)
    main_queries, kinds = queries(rng, count)
    with open(os.path.join(outdir, "queries.txt"), "w") as f:
        f.writelines(f"{n} {t}\n" for n, t in main_queries)
    with open(os.path.join(outdir, "queries.bin"), "wb") as f:
        f.writelines(wire_query(n, t) for n, t in main_queries)
    for file, n in (("cg-warm.bin", cg_warm), ("cg.bin", cg_count)):
        with open(os.path.join(outdir, file), "wb") as f:
            f.writelines(wire_query(name, t) for name, t in queries(rng, n)[0])
    with open(os.path.join(outdir, "mix.txt"), "w") as f:
        f.write("| query kind | share | queries in queries.txt |\n|---|---|---|\n")
        for index, (label, share, _) in enumerate(MIX):
            f.write(f"| {label} | {share}% | {kinds.count(index)} |\n")
    with open(os.path.join(outdir, "samples.txt"), "w") as f:
        f.writelines(f"{label.replace(' ', '_')} {n} {t}\n" for label, n, t in SAMPLES)


if __name__ == "__main__":
    main()
