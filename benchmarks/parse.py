#!/usr/bin/env python3
"""Helpers for run.sh (stdlib only).

  parse.py wrk FILE              -> rps<TAB>p50_ms<TAB>p99_ms<TAB>responses<TAB>non2xx<TAB>errors
  parse.py h2load FILE [LOG]     -> same fields; p50/p99 from h2load --log-file
  parse.py summary TSV           -> markdown table: median rps / p99 per server, edge/nginx ratio

`non2xx` counts responses that were not 2xx (wrk: its "Non-2xx or 3xx responses" line, so 3xx are
counted too; h2load: 3xx+4xx+5xx); `errors` counts socket errors / failed / errored / timed-out requests.
"""
import math
import re
import statistics
import sys
from collections import defaultdict

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(v):
    m = re.match(r"^([0-9.]+)(us|ms|s|m)$", v.strip())
    return float(m.group(1)) * UNIT_MS[m.group(2)] if m else float("nan")


def fmt(x, nd=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    return ("{:,.%df}" % nd).format(x)


def parse_wrk(path):
    txt = open(path, errors="replace").read()
    rps = p50 = p99 = float("nan")
    m = re.search(r"Requests/sec:\s+([0-9.]+)", txt)
    if m:
        rps = float(m.group(1))
    m = re.search(r"^\s+50%\s+(\S+)", txt, re.M)
    if m:
        p50 = to_ms(m.group(1))
    m = re.search(r"^\s+99%\s+(\S+)", txt, re.M)
    if m:
        p99 = to_ms(m.group(1))
    m = re.search(r"(\d+) requests in ", txt)
    responses = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", txt)
    non2xx = int(m.group(1)) if m else 0
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", txt)
    if m:
        errors = sum(int(x) for x in m.groups())
    if not responses:
        errors += 1
    return rps, p50, p99, responses, non2xx, errors


def percentiles_from_log(logpath):
    vals = []
    try:
        with open(logpath, "rb") as f:
            for line in f:
                parts = line.split(b"\t")
                if len(parts) >= 3:
                    try:
                        vals.append(int(parts[2]))
                    except ValueError:
                        pass
    except OSError:
        return float("nan"), float("nan")
    if not vals:
        return float("nan"), float("nan")
    vals.sort()

    def pct(p):
        k = max(0, min(len(vals) - 1, int(math.ceil(p / 100.0 * len(vals))) - 1))
        return vals[k] / 1000.0  # us -> ms

    return pct(50), pct(99)


def parse_h2load(path, logpath=None):
    txt = open(path, errors="replace").read()
    rps = float("nan")
    m = re.search(r"finished in ([0-9.]+)(ms|s), ([0-9.]+) req/s", txt)
    if m:
        rps = float(m.group(3))
    errors = 1
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                  r"(\d+) errored, (\d+) timeout", txt)
    if m:
        failed, errored, timeout = (int(x) for x in m.groups()[4:7])
        errors = failed + errored + timeout
    responses = non2xx = 0
    m = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", txt)
    if m:
        c = [int(x) for x in m.groups()]
        responses, non2xx = sum(c), c[1] + c[2] + c[3]
    p50, p99 = percentiles_from_log(logpath) if logpath else (float("nan"), float("nan"))
    return rps, p50, p99, responses, non2xx, errors


def out(fields):
    rps, p50, p99, responses, non2xx, errors = fields
    print("\t".join(["%.1f" % rps if not math.isnan(rps) else "NA",
                     "%.3f" % p50 if not math.isnan(p50) else "NA",
                     "%.3f" % p99 if not math.isnan(p99) else "NA",
                     str(responses), str(non2xx), str(errors)]))


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return float("nan")


def med(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return statistics.median(xs) if xs else float("nan")


def cpu(rs):
    """median server CPU % (median busy % of the server core / the client core)"""
    s = fmt(med([fnum(r["srv_cpu_pct"]) for r in rs]), 0)
    if rs and "srv_core_busy_pct" in rs[0]:
        s += " (%s/%s)" % (fmt(med([fnum(r["srv_core_busy_pct"]) for r in rs]), 0),
                           fmt(med([fnum(r["client_core_busy_pct"]) for r in rs]), 0))
    return s


def summary(path):
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    scenarios, by = [], defaultdict(list)
    for r in rows:
        if r["scenario"] not in scenarios:
            scenarios.append(r["scenario"])
        by[(r["scenario"], r["server"])].append(r)
    print("| scenario | nginx rps | nginx p99 ms | edge rps | edge p99 ms | edge/nginx rps (per round) "
          "| nginx srv CPU % (cores) | edge srv CPU % (cores) | non-2xx / errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for sc in scenarios:
        n, e = by.get((sc, "nginx"), []), by.get((sc, "edge"), [])
        ratios = []
        for rn in sorted(set(r["run"] for r in n) & set(r["run"] for r in e), key=int):
            a = [fnum(r["rps"]) for r in e if r["run"] == rn][0]
            b = [fnum(r["rps"]) for r in n if r["run"] == rn][0]
            if b and not math.isnan(a) and not math.isnan(b):
                ratios.append(a / b)
        bad = []
        for name, rs in (("nginx", n), ("edge", e)):
            nb = sum(int(r["non2xx"]) for r in rs)
            er = sum(int(r["errors"]) for r in rs)
            resp = sum(int(r["responses"]) for r in rs)
            bad.append("%s %d/%d of %d" % (name, nb, er, resp))
        ratio = "**%s** (%s)" % (fmt(med(ratios)), " / ".join(fmt(x) for x in ratios)) if ratios else "NA"
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            sc, fmt(med([fnum(r["rps"]) for r in n]), 0), fmt(med([fnum(r["p99_ms"]) for r in n])),
            fmt(med([fnum(r["rps"]) for r in e]), 0), fmt(med([fnum(r["p99_ms"]) for r in e])), ratio,
            cpu(n), cpu(e),
            "; ".join(bad)))
    flagged = [r for r in rows if r["non2xx"] != "0" or r["errors"] != "0"]
    print()
    if flagged:
        print("**Flagged measurements (non-2xx responses or errors):**")
        print()
        for r in flagged:
            print("- round %s %s %s: %s non-2xx, %s errors, %s responses" % (
                r["run"], r["scenario"], r["server"], r["non2xx"], r["errors"], r["responses"]))
    else:
        print("Every measured response was 2xx; no socket errors, failed or timed-out requests.")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "wrk":
        out(parse_wrk(sys.argv[2]))
    elif cmd == "h2load":
        out(parse_h2load(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    elif cmd == "summary":
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
