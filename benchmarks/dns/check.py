#!/usr/bin/env python3
"""Do the servers give the same answers? Asks each sample query of every server with dig (as a resolver
asks an authoritative server: +norec, EDNS with a 1232-byte buffer, the same shape as queries.bin) and
compares the rcode, the AA flag and each section as a set of records (owner names lower-cased; order and
RRset rotation ignored; OPT left out).

  check.py SAMPLES OUT.md NAME:PORT [NAME:PORT ...]

The first server is the reference. Prints and writes a markdown table (the answer section in dig +short
form per server, and which sections differ). Exit status 1 if any rcode, AA flag or answer section
differs from the reference (then the servers would not be doing the same work); differences only in the
authority or additional sections are reported but do not fail.
"""
import subprocess
import sys


def ask(port, name, qtype):
    out = subprocess.run(
        ["dig", "@127.0.0.1", "-p", str(port), "+norec", "+bufsize=1232", "+time=2", "+tries=2", "+nocookie",
         "+noall", "+comments", "+answer", "+authority", "+additional", name, qtype],
        capture_output=True, text=True, timeout=30).stdout
    status, flags, section = "?", set(), None
    sections = {"ANSWER": set(), "AUTHORITY": set(), "ADDITIONAL": set()}
    short = []
    for line in out.splitlines():
        if "status:" in line:
            status = line.split("status:")[1].split(",")[0].strip()
        elif line.startswith(";; flags:"):
            flags = set(line.split(";", 3)[2].split(":")[1].split())
        elif line.startswith(";; ") and " SECTION:" in line:
            section = line[3:].split(" SECTION:")[0]
        elif line and not line.startswith(";") and section in sections:
            fields = line.split()
            if len(fields) >= 5 and fields[3] != "OPT":
                fields[0] = fields[0].lower()
                sections[section].add(" ".join(fields))
                if section == "ANSWER":
                    short.append(" ".join(fields[4:]))
    return {"status": status, "aa": "aa" in flags, "sections": sections, "short": sorted(short)}


def main():
    samples_path, out_path, servers = sys.argv[1], sys.argv[2], [s.split(":") for s in sys.argv[3:]]
    samples = [line.split() for line in open(samples_path) if line.strip()]
    names = [n for n, _ in servers]
    rows, fatal = [], 0
    header = "| query | " + " | ".join(f"{n}: rcode, AA, answer (dig +short)" for n in names) + " | differences |"
    rows.append(header)
    rows.append("|" + "---|" * (len(names) + 2))
    for label, qname, qtype in samples:
        results = [ask(port, qname, qtype) for _, port in servers]
        ref = results[0]
        diffs = []
        for (name, _), res in zip(servers[1:], results[1:]):
            if res["status"] != ref["status"] or res["aa"] != ref["aa"]:
                diffs.append(f"{name}: rcode/AA")
                fatal = 1
            for sec in ("ANSWER", "AUTHORITY", "ADDITIONAL"):
                if res["sections"][sec] != ref["sections"][sec]:
                    extra = sorted(res["sections"][sec] - ref["sections"][sec])
                    missing = sorted(ref["sections"][sec] - res["sections"][sec])
                    diffs.append(f"{name} {sec.lower()}: +{len(extra)} -{len(missing)} vs {names[0]}"
                                 + (f" (+ `{extra[0]}`)" if extra else "") + (f" (- `{missing[0]}`)" if missing else ""))
                    if sec == "ANSWER":
                        fatal = 1
        cells = []
        for res in results:
            short = "<br>".join(res["short"][:3]) + (" …" if len(res["short"]) > 3 else "")
            cells.append(f"{res['status']}, {'aa' if res['aa'] else 'no aa'}, {short or '—'}")
        rows.append(f"| `{qname} {qtype}` ({label.replace('_', ' ')}) | " + " | ".join(cells)
                    + f" | {'; '.join(diffs) or 'same'} |")
    text = "\n".join(rows) + "\n"
    with open(out_path, "w") as f:
        f.write(text)
    print(text)
    sys.exit(fatal)


if __name__ == "__main__":
    main()
