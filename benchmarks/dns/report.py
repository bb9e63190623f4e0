#!/usr/bin/env python3
"""Markdown tables from run.sh's results.tsv (one row per measured dnsperf run).

  report.py RESULTS.tsv "edge nsd bind"

Columns of the TSV: round, server, qps, sent, completed, lost, average latency (s), latency stddev (s),
request size, response size, response codes, server CPU %, dnsperf CPU %, server-core busy %,
client-core busy %.
"""
import statistics
import sys

TARGET = 1 / 1.5  # issue #2: edge within 1.5x of NSD


def fnum(value):
    try:
        return float(value)
    except ValueError:
        return float("nan")


def main():
    path, servers = sys.argv[1], sys.argv[2].split()
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    by = {}
    for r in rows:
        by.setdefault(r[1], {})[int(r[0])] = r
    rounds = sorted({int(r[0]) for r in rows})
    peers = [s for s in servers if s != "edge"]
    ratio_cols = [p for p in peers if "edge" in by and p in by]

    def qps(server, rnd):
        return fnum(by.get(server, {}).get(rnd, [None, None, "nan"])[2])

    head = ["round"] + [f"{s} qps (server CPU)" for s in servers] + [f"edge/{p}" for p in ratio_cols]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    per_round_ratios = {p: [] for p in ratio_cols}
    for rnd in rounds:
        cells = [str(rnd)] + [f"{qps(s, rnd):,.0f} ({by.get(s, {}).get(rnd, ['?'] * 12)[11]}%)" for s in servers]
        for p in ratio_cols:
            ratio = qps("edge", rnd) / qps(p, rnd)
            per_round_ratios[p].append(ratio)
            cells.append(f"{ratio:.2f}")
        print("| " + " | ".join(cells) + " |")
    medians = {s: statistics.median([qps(s, rnd) for rnd in rounds]) for s in servers}
    cells = ["**median**"] + [f"**{medians[s]:,.0f}**" for s in servers]
    cells += [f"**{statistics.median(per_round_ratios[p]):.2f}**" for p in ratio_cols]
    print("| " + " | ".join(cells) + " |")
    print()
    for p in ratio_cols:
        ratio = medians["edge"] / medians[p]
        line = f"- edge/{p} (median qps ratio): **{ratio:.2f}** (per round: " \
               + ", ".join(f"{x:.2f}" for x in per_round_ratios[p]) + ")"
        if p == "nsd":
            verdict = "met" if ratio >= TARGET else "NOT met"
            line += f"; target edge ≥ NSD/1.5 = {TARGET:.3f}× NSD: **{verdict}**"
        print(line)
    # qps per second of server CPU: what the server could do with a whole core to itself; only
    # meaningful next to the raw qps when one side did not get its core (or dnsperf ran out of core)
    per_cpu = {}
    for s in servers:
        values = [qps(s, rnd) / (fnum(by[s][rnd][11]) / 100) for rnd in rounds
                  if rnd in by.get(s, {}) and fnum(by[s][rnd][11]) > 0]
        if values:
            per_cpu[s] = statistics.median(values)
    for p in ratio_cols:
        if "edge" in per_cpu and p in per_cpu:
            print(f"- edge/{p} by queries per server CPU-second (median): {per_cpu['edge'] / per_cpu[p]:.2f}"
                  f" ({per_cpu['edge']:,.0f} vs {per_cpu[p]:,.0f})")
    bound = [s for s in servers for rnd in rounds if rnd in by.get(s, {})
             and (fnum(by[s][rnd][12]) >= 90 or fnum(by[s][rnd][14]) >= 97)]
    if bound:
        print(f"- **dnsperf's core was (nearly) saturated** in {len(bound)} run(s) ({', '.join(sorted(set(bound)))}):"
              " those qps are lower bounds of what the server can do; compare the CPU-second column too.")
    print()
    print("Per server (sum or median over the measured rounds):")
    print()
    print("| server | queries answered | lost | avg latency (median, ms) | latency stddev (ms) | request / response bytes (avg)"
          " | server CPU % | qps per server CPU-second | dnsperf CPU % | server core / client core busy % |"
          " response codes (last round) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in servers:
        rs = [by[s][rnd] for rnd in rounds if rnd in by.get(s, {})]
        if not rs:
            continue
        completed = sum(int(fnum(r[4])) for r in rs if r[4] != "?")
        lost = sum(int(fnum(r[5])) for r in rs if r[5] != "?")
        lat = statistics.median(fnum(r[6]) * 1000 for r in rs)
        sd = statistics.median(fnum(r[7]) * 1000 for r in rs)
        med = lambda i: statistics.median(fnum(r[i]) for r in rs)
        print(f"| {s} | {completed:,} | {lost:,} | {lat:.3f} | {sd:.3f} | {rs[-1][8]} / {rs[-1][9]} | {med(11):.0f} | "
              f"{per_cpu.get(s, float('nan')):,.0f} | {med(12):.0f} | {med(13):.0f} / {med(14):.0f} | {rs[-1][10]} |")
    print()
    print("Server CPU % is the server's processes' user+system time over the run (100 = one core); dnsperf CPU % the same"
          " for dnsperf; core busy % from /proc/stat (includes softirq: on loopback the kernel delivers each packet on"
          " the sender's core). Lost = sent but not answered within dnsperf's 5-s timeout (UDP drops). The servers"
          " send equal work when their average response sizes match.")


if __name__ == "__main__":
    main()
