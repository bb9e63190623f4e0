#!/usr/bin/env python3
"""Compare edge's authoritative DNS answers with BIND 9's, query by query, on the same zones.

Usage:

    scripts/compare-bind.py ZONEFILE[:ORIGIN] [ZONEFILE[:ORIGIN] ...] [options]

    scripts/compare-bind.py Tests/e2e/dns_zones/tricky.test.zone
    scripts/compare-bind.py parent.zone:example.test. child.zone:child.example.test. --strict -v
    EDGE_BIN=.build/release/edge scripts/compare-bind.py my.zone --names extra-names.txt

What it does:

1. Starts BIND 9's `named` in the foreground (`named -g`, Debian package `bind9`) on 127.0.0.1 and a free
   port with a temporary named.conf: `recursion no`, every zone `type primary`, nothing read from /etc
   (no rndc, no bind.keys, DNSSEC validation off), `named-checkconf -z` run first. All other options are
   BIND's defaults (`minimal-responses no-auth-recursive`, `minimal-any no`, `rrset-order cyclic`).
2. Starts `edge serve` ($EDGE_BIN, default .build/debug/edge) with a temporary edge.yaml holding only a
   `dns:` section (plus a `node.stateDirectory` inside the temporary directory) serving the same files.
3. Builds a query list from the zones as BIND loaded them (AXFR from BIND): every owner name × common
   types and the types it has, names below every owner (NXDOMAIN, names under wildcards and below
   delegations), empty non-terminals, the literal `*` owners, ANY, mixed-case variants, a name outside
   the zones, and a class CH query. No DNSSEC (DO=0).
4. Sends each question to both servers as dnspython messages in several variants (UDP with EDNS 1232 and
   RD=0, the same with RD=1, UDP without EDNS, UDP with EDNS 512, TCP; `--variants` picks) and compares:
   RCODE; the AA and TC flags (RA, AD, CD ignored); the question (byte-exact, case included); answer,
   authority and additional sections as sets of records (owner compared case-insensitively, TTLs
   compared, names in data in canonical form); presence of OPT and its version (options such as COOKIE
   and EDE are listed, not compared). Over UDP with TC=1 only the header is compared (which records a
   truncated answer keeps is implementation-defined).
5. Prints one block per differing query (what each server answered) and a summary by category.
   Differences docs/dns.md justifies ("Differences from BIND 9": ANY over UDP, class CH, owner-name case
   of wildcard answers, which optional additional records fit in 512 bytes, BIND's per-response cap on
   additional data, BIND setting TC at 512 bytes where edge's better-compressed answer fits) are labelled
   `documented:` and do not fail the run unless `--strict`; `-v` prints
   them too. Exit status: 0 = no undocumented differences, 1 = differences, 2 = bad arguments, a
   missing file or a server that did not start (its log is printed).

Options: `--names FILE` adds query names (one per line: NAME [TYPE ...]); `--variants
udp,rd,noedns,edns512,tcp`; `--case` also reports owner-name case differences; `--strict` fails on
documented differences too; `--keep` keeps the temporary directory (named.conf, edge.yaml, both logs);
`--user U` runs named with `-u U` (otherwise as the current user; root works); `--seed N` changes the
case variants; `-v` prints every query. Needs Python 3.9+ and dnspython (scripts/setup-test-deps) and
BIND 9 (`apt-get install -y bind9`); a server that does not start ends the run with its log.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

REPO = Path(__file__).resolve().parent.parent
COMMON_TYPES = ["SOA", "NS", "A", "AAAA", "MX", "TXT", "CNAME", "SRV", "PTR", "CAA", "DS", "HTTPS", "ANY"]
VARIANTS = {
    # name: (transport, rd, edns payload or None)
    "udp": ("udp", False, 1232),
    "rd": ("udp", True, 1232),
    "noedns": ("udp", False, None),
    "edns512": ("udp", False, 512),
    "tcp": ("tcp", False, 1232),
}
IGNORED_FLAGS = dns.flags.RA | dns.flags.AD | dns.flags.CD
TIMEOUT = 3.0


# -- processes ---------------------------------------------------------------------------------------------


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP a moment ago."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free UDP+TCP port")


def stop(proc: subprocess.Popen | None):
    """SIGTERM, then SIGKILL after 10 s; only the process we started (by its PID)."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_answering(port: int, origin: dns.name.Name, proc: subprocess.Popen, log: Path, what: str):
    """Waits until the server answers the first zone's SOA over UDP and TCP (or exits)."""
    deadline = time.monotonic() + 30
    query = dns.message.make_query(origin, "SOA")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            response = dns.query.udp(query, "127.0.0.1", port=port, timeout=0.5)
            if response.rcode() == dns.rcode.NOERROR and response.answer:
                dns.query.tcp(query, "127.0.0.1", port=port, timeout=2)
                return
        except (dns.exception.DNSException, OSError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not answer {origin} SOA within 30 s:\n{log.read_text(errors='replace')[-4000:]}")


@dataclass
class ZoneSpec:
    path: Path
    origin: dns.name.Name


def zone_origin(path: Path, given: str | None) -> dns.name.Name:
    """The origin given, else the file's first `$ORIGIN`, else its file name without `.zone`."""
    if given:
        return dns.name.from_text(given)
    match = re.search(r"^\$ORIGIN\s+(\S+)", path.read_text(errors="replace"), re.M | re.I)
    if match:
        return dns.name.from_text(match.group(1))
    stem = path.name[:-5] if path.name.endswith(".zone") else path.name
    return dns.name.from_text(stem)


def copy_with_includes(zone: Path, into: Path):
    """Copies the `$INCLUDE`d files of `zone` (relative to its directory) into `into`, keeping their
    relative paths: BIND reads includes relative to its working directory, edge relative to the zone."""
    pending = [zone]
    while pending:
        text = pending.pop().read_text(errors="replace")
        for match in re.finditer(r"^\$INCLUDE\s+(\S+)", text, re.M | re.I):
            relative = Path(match.group(1).strip('"'))
            source = zone.parent / relative
            if relative.is_absolute() or not source.is_file():
                continue
            target = into / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            pending.append(source)


def start_named(zones: list[ZoneSpec], workdir: Path, port: int, user: str | None) -> subprocess.Popen:
    named = shutil.which("named") or "/usr/sbin/named"
    if not Path(named).exists():
        raise SystemExit("named not found: apt-get install -y bind9")
    bind_dir = workdir / "bind"
    bind_dir.mkdir()
    for spec in zones:
        copy_with_includes(spec.path, bind_dir)
    zone_blocks = "\n".join(
        f'zone "{spec.origin.to_text()}" {{ type primary; file "{spec.path.resolve()}"; }};' for spec in zones)
    conf = bind_dir / "named.conf"
    conf.write_text(f"""options {{
    directory "{bind_dir}";
    pid-file "{bind_dir}/named.pid";
    session-keyfile "{bind_dir}/session.key";
    managed-keys-directory "{bind_dir}";
    bindkeys-file "{bind_dir}/bind.keys";
    dump-file "{bind_dir}/cache_dump.db";
    statistics-file "{bind_dir}/named.stats";
    listen-on port {port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    recursion no;
    allow-query {{ any; }};
    dnssec-validation no;
    notify no;
}};
controls {{ }};
logging {{
    channel out {{ stderr; severity info; print-time yes; }};
    category default {{ out; }};
    category lame-servers {{ null; }};
}};
{zone_blocks}
""")
    (bind_dir / "bind.keys").write_text("")
    check = subprocess.run([shutil.which("named-checkconf") or "named-checkconf", "-z", str(conf)],
                           capture_output=True, text=True, timeout=60)
    if check.returncode != 0:
        raise SystemExit(f"named-checkconf -z failed:\n{check.stdout}{check.stderr}")
    log = bind_dir / "named.log"
    if user:
        shutil.chown(bind_dir, user=user)
    cmd = [named, "-g", "-4", "-n", "1", "-c", str(conf)] + (["-u", user] if user else [])
    return subprocess.Popen(cmd, stdout=open(log, "wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            cwd=str(bind_dir))


def start_edge(zones: list[ZoneSpec], workdir: Path, port: int, binary: Path) -> subprocess.Popen:
    if not binary.exists():
        raise SystemExit(f"edge binary {binary} not found (set EDGE_BIN or run swift build --product edge)")
    edge_dir = workdir / "edge"
    edge_dir.mkdir()
    config = {
        "node": {"stateDirectory": str(edge_dir / "state")},
        "dns": {"listeners": [f"127.0.0.1:{port}"], "zones": [{"file": str(spec.path.resolve())} for spec in zones]},
    }
    conf = edge_dir / "edge.yaml"
    conf.write_text(json.dumps(config, indent=2) + "\n")  # JSON is YAML
    log = edge_dir / "edge.log"
    return subprocess.Popen([str(binary), "serve", "--config", str(conf)], stdout=open(log, "wb"),
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=str(edge_dir))


# -- queries -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    name: dns.name.Name
    rdtype: int
    rdclass: int = dns.rdataclass.IN
    why: str = ""


def mixed_case(name: dns.name.Name, rng: random.Random) -> dns.name.Name:
    labels = []
    for label in name.labels:
        labels.append(bytes(c ^ 0x20 if 97 <= (c | 0x20) <= 122 and rng.random() < 0.5 else c for c in label))
    return dns.name.Name(labels)


def transfer(port: int, origin: dns.name.Name) -> dns.zone.Zone:
    """The zone as BIND loaded it (AXFR over TCP)."""
    return dns.zone.from_xfr(dns.query.xfr("127.0.0.1", origin, port=port, timeout=10, lifetime=60,
                                           relativize=False),
                             relativize=False)


def build_questions(zones: dict[dns.name.Name, dns.zone.Zone], extra: list[Question], seed: int) -> list[Question]:
    rng = random.Random(seed)
    out: list[Question] = []
    seen = set()

    def add(name, rdtype, why, rdclass=dns.rdataclass.IN):
        key = (name.to_text(), rdtype, rdclass)
        if key not in seen:
            seen.add(key)
            out.append(Question(name, dns.rdatatype.from_text(rdtype) if isinstance(rdtype, str) else rdtype,
                                rdclass, why))

    for origin, zone in zones.items():
        owners = sorted(zone.nodes.keys())
        owner_set = set(owners)
        cuts = {n for n in owners if n != origin and zone.nodes[n].get_rdataset(dns.rdataclass.IN, dns.rdatatype.NS)}
        for owner in owners:
            node = zone.nodes[owner]
            present = [rds.rdtype for rds in node.rdatasets]
            below_cut = any(owner != cut and owner.is_subdomain(cut) for cut in cuts)
            why = "below a delegation" if below_cut else ("delegation" if owner in cuts else "owner")
            for rdtype in COMMON_TYPES + [dns.rdatatype.to_text(t) for t in present]:
                add(owner, rdtype, why)
            add(mixed_case(owner, rng), "A", "case variant")
            add(mixed_case(owner, rng), present[0], "case variant")
            child = dns.name.Name((b"zz-nx",) + owner.labels)
            for rdtype in ("A", "TXT", "SOA"):
                add(child, rdtype, "below " + why)
            if owner.labels[0] == b"*":
                parent = owner.parent()
                for label in (b"q1", b"Q-Mixed"):
                    below = dns.name.Name((label,) + parent.labels)
                    for rdtype in ["A", "AAAA", "TXT", "MX", "CNAME", "ANY"] + [dns.rdatatype.to_text(t) for t in present]:
                        add(below, rdtype, "under wildcard")
                add(dns.name.Name((b"a", b"b") + parent.labels), "A", "two labels under wildcard")
                add(dns.name.Name((b"x",) + owner.labels), "A", "below the wildcard owner")
            # empty non-terminals: ancestors of owners that own nothing
            name = owner
            while name != origin and len(name) > len(origin):
                name = name.parent()
                if name not in owner_set:
                    for rdtype in ["A", "TXT", "ANY", "NS"]:
                        add(name, rdtype, "empty non-terminal")
                    add(dns.name.Name((b"zz-nx",) + name.labels), "A", "below an empty non-terminal")
        add(dns.name.Name((b"zz-nx",) + origin.labels), "A", "nxdomain")
        add(dns.name.Name((b"zz-nx", b"deeper") + origin.labels), "MX", "nxdomain")
        add(origin, "SOA", "class CH", dns.rdataclass.CH)
        add(origin, "A", "class CH", dns.rdataclass.CH)
    add(dns.name.from_text("outside-the-zones.invalid."), "A", "not served")
    for question in extra:
        add(question.name, question.rdtype, question.why or "from --names")
    return out


def read_names(path: Path) -> list[Question]:
    out = []
    for line in path.read_text().splitlines():
        line = line.split(";", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        types = parts[1:] or ["A"]
        for rdtype in types:
            out.append(Question(dns.name.from_text(parts[0]), dns.rdatatype.from_text(rdtype), why="from --names"))
    return out


# -- asking and comparing ----------------------------------------------------------------------------------


def make_message(question: Question, rd: bool, payload: int | None) -> dns.message.Message:
    message = dns.message.make_query(question.name, question.rdtype, question.rdclass,
                                     use_edns=0 if payload is not None else False,
                                     payload=payload or 1232, want_dnssec=False)
    message.flags = dns.flags.RD if rd else 0
    return message


def ask(message: dns.message.Message, port: int, transport: str):
    try:
        if transport == "tcp":
            return dns.query.tcp(message, "127.0.0.1", port=port, timeout=TIMEOUT)
        return dns.query.udp(message, "127.0.0.1", port=port, timeout=TIMEOUT, ignore_trailing=True,
                             raise_on_truncation=False)
    except dns.exception.Timeout:
        return "timeout"
    except Exception as error:  # a malformed answer is a difference too
        return f"error: {type(error).__name__}: {error}"


def record_keys(section) -> set:
    """Records as comparable tuples: owner (lower case), class, type, TTL, canonical data."""
    keys = set()
    for rrset in section:
        for rdata in rrset:
            keys.add((rrset.name.to_text().lower(), rrset.rdclass, rrset.rdtype, rrset.ttl,
                      rdata.to_digestable(dns.name.root)))
    return keys


def key_text(key) -> str:
    owner, rdclass, rdtype, ttl, data = key
    rdata = dns.rdata.from_wire(rdclass, rdtype, data, 0, len(data))
    return f"{owner} {ttl} {dns.rdataclass.to_text(rdclass)} {dns.rdatatype.to_text(rdtype)} {rdata.to_text()}"


def owner_cases(section) -> set:
    return {(rrset.name.to_text(), rrset.rdtype) for rrset in section}


def flag_text(flags: int) -> str:
    return dns.flags.to_text(flags & ~IGNORED_FLAGS) or "-"


def compare(bind, edge, transport: str, check_case: bool) -> list[str]:
    """Differences between the two responses, one line each (empty if they match)."""
    if isinstance(bind, str) or isinstance(edge, str):
        if isinstance(bind, str) and isinstance(edge, str):
            return []  # both dropped / both failed the same way
        return [f"response: bind={bind if isinstance(bind, str) else 'answered'} "
                f"edge={edge if isinstance(edge, str) else 'answered'}"]
    out = []
    if bind.rcode() != edge.rcode():
        out.append(f"rcode: bind={dns.rcode.to_text(bind.rcode())} edge={dns.rcode.to_text(edge.rcode())}")
    if bind.opcode() != edge.opcode():
        out.append(f"opcode: bind={dns.opcode.to_text(bind.opcode())} edge={dns.opcode.to_text(edge.opcode())}")
    if bind.flags & ~IGNORED_FLAGS != edge.flags & ~IGNORED_FLAGS:
        out.append(f"flags: bind={flag_text(bind.flags)} edge={flag_text(edge.flags)}")
    bind_question = [(q.name.to_text(), q.rdtype, q.rdclass) for q in bind.question]
    edge_question = [(q.name.to_text(), q.rdtype, q.rdclass) for q in edge.question]
    if bind_question != edge_question:
        out.append(f"question: bind={bind_question} edge={edge_question}")
    if (bind.edns >= 0) != (edge.edns >= 0) or bind.edns != edge.edns:
        out.append(f"edns version: bind={bind.edns} edge={edge.edns}")
    truncated = transport == "udp" and (bind.flags & dns.flags.TC or edge.flags & dns.flags.TC)
    if truncated:
        return out
    for name in ("answer", "authority", "additional"):
        b, e = record_keys(getattr(bind, name)), record_keys(getattr(edge, name))
        for key in sorted(b - e):
            out.append(f"{name}: only bind: {key_text(key)}")
        for key in sorted(e - b):
            out.append(f"{name}: only edge: {key_text(key)}")
        if check_case and b == e:
            bc, ec = owner_cases(getattr(bind, name)), owner_cases(getattr(edge, name))
            if bc != ec:
                out.append(f"{name} owner case: bind={sorted(bc)} edge={sorted(ec)}")
    return out


def edns_options(message) -> str:
    if isinstance(message, str) or message.edns < 0:
        return ""
    return ",".join(str(option.otype) for option in message.options)


# Differences docs/dns.md justifies ("Differences from BIND 9"), by a label; None for any other.
def documented(question: Question, variant: str, lines: list[str], bind, edge=None) -> str | None:
    transport, _, payload = VARIANTS[variant]
    if question.rdtype == dns.rdatatype.ANY and transport == "udp":
        return "ANY over UDP: one RRset (RFC 8482)"
    if question.rdclass == dns.rdataclass.CH:
        return "class CH: REFUSED"
    if all(" owner case" in line.split(":", 1)[0] for line in lines):
        return "owner-name case"
    if (transport == "udp" and (payload is None or payload <= 512) and len(lines) == 1
            and lines[0].startswith("flags:") and not isinstance(bind, str) and not isinstance(edge, str)
            and bind.flags & ~edge.flags == dns.flags.TC and not edge.flags & dns.flags.TC
            and bind.rcode() == edge.rcode() and len(edge.to_wire()) <= 512
            and sum(len(r) for r in edge.answer) >= sum(len(r) for r in bind.answer)):
        return "BIND truncates at 512 bytes where edge's better-compressed answer fits"
    if all(line.startswith("additional: only") for line in lines):
        if transport == "udp" and (payload is None or payload <= 512):
            return "optional additional records that fit in 512 bytes"
        names = {rrset.name for rrset in bind.additional} if not isinstance(bind, str) else set()
        if all(line.startswith("additional: only edge") for line in lines) and len(names) >= 12:
            return "BIND's per-response cap on additional data"
    return None


def run(args) -> int:
    specs = []
    for item in args.zones:
        path_text, _, origin = item.partition(":") if not Path(item).exists() else (item, "", "")
        path = Path(path_text)
        if not path.is_file():
            raise SystemExit(f"{path}: no such zone file")
        specs.append(ZoneSpec(path, zone_origin(path, origin or None)))
    binary = Path(os.environ.get("EDGE_BIN", str(REPO / ".build" / "debug" / "edge")))
    workdir = Path(tempfile.mkdtemp(prefix="compare-bind-"))
    bind_port, edge_port = free_port(), free_port()
    named = edge = None
    try:
        named = start_named(specs, workdir, bind_port, args.user)
        edge = start_edge(specs, workdir, edge_port, binary)
        wait_answering(bind_port, specs[0].origin, named, workdir / "bind" / "named.log", "named")
        wait_answering(edge_port, specs[0].origin, edge, workdir / "edge" / "edge.log", "edge")
        zones = {spec.origin: transfer(bind_port, spec.origin) for spec in specs}
        extra = read_names(Path(args.names)) if args.names else []
        questions = build_questions(zones, extra, args.seed)
        variants = args.variants.split(",")
        for variant in variants:
            if variant not in VARIANTS:
                raise SystemExit(f"unknown variant {variant}; known: {', '.join(VARIANTS)}")
        counts: dict[str, int] = {}
        undocumented = 0
        total = 0
        for question in questions:
            for variant in variants:
                transport, rd, payload = VARIANTS[variant]
                message = make_message(question, rd, payload)
                bind = ask(message, bind_port, transport)
                edge_answer = ask(message, edge_port, transport)
                total += 1
                lines = compare(bind, edge_answer, transport, args.case)
                label = f"{question.name} {dns.rdatatype.to_text(question.rdtype)}"
                if question.rdclass != dns.rdataclass.IN:
                    label += f" class {dns.rdataclass.to_text(question.rdclass)}"
                label += f" [{variant}] ({question.why})"
                if args.verbose and not lines:
                    print(f"same  {label}")
                if not lines:
                    continue
                known = documented(question, variant, lines, bind, edge_answer)
                category = f"documented: {known}" if known else lines[0].split(":", 1)[0]
                counts[category] = counts.get(category, 0) + 1
                if known is None:
                    undocumented += 1
                if known and not args.strict and not args.verbose:
                    continue
                print(f"DIFF  {label}" + (f"  [{category}]" if known else ""))
                for line in lines:
                    print(f"      {line}")
                if args.verbose or not known:
                    for who, response in (("bind", bind), ("edge", edge_answer)):
                        if not isinstance(response, str):
                            opts = edns_options(response)
                            print(f"      {who}: {dns.rcode.to_text(response.rcode())} "
                                  f"flags={flag_text(response.flags)} "
                                  f"an={sum(len(r) for r in response.answer)} "
                                  f"ns={sum(len(r) for r in response.authority)} "
                                  f"ar={sum(len(r) for r in response.additional)}"
                                  + (f" edns-options={opts}" if opts else ""))
        print(f"\n{total} queries ({len(questions)} questions x {len(variants)} variants) on "
              f"{', '.join(spec.origin.to_text() for spec in specs)}")
        if not counts:
            print("no differences")
        for category, count in sorted(counts.items()):
            print(f"  {count:5d}  {category}")
        failing = sum(counts.values()) if args.strict else undocumented
        return 1 if failing else 0
    finally:
        stop(edge)
        stop(named)
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("zones", nargs="+", metavar="ZONEFILE[:ORIGIN]")
    parser.add_argument("--names", help="extra query names, one per line (NAME [TYPE ...])")
    parser.add_argument("--variants", default="udp,rd,noedns,edns512,tcp")
    parser.add_argument("--case", action="store_true", help="also report owner-name case differences")
    parser.add_argument("--strict", action="store_true", help="documented differences fail the run too")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--user", help="run named with -u USER")
    parser.add_argument("--seed", type=int, default=1, help="seed of the case variants")
    parser.add_argument("-v", "--verbose", action="store_true")
    try:
        return run(parser.parse_args())
    except SystemExit as stop:
        if isinstance(stop.code, str):  # a server did not start, a zone file is missing...
            print(stop.code, file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
