#!/usr/bin/env python3
"""Top functions by SELF instructions from a callgrind out file (name compression aware).

  cgtop.py FILE REQUESTS [N]   -> "self Ir  per request  %  function [object]" for the top N (default 10)

callgrind_annotate 3.19 attributes the whole total as *self* cost to the frames that were on the stack
when `callgrind_control -d` dumped (main, thread start), which hides everything else in its self view;
this sums the cost lines directly under each fn= (not the call costs after calls=) instead. The self
costs add up to the file's total.
"""
import re
import sys

path, nreq = sys.argv[1], int(sys.argv[2])
top = int(sys.argv[3]) if len(sys.argv) > 3 else 10
names, objs, fn_obj = {}, {}, {}
selfc = {}
cur = cur_ob = None
after_calls = False
total = 0
with open(path, errors="replace") as f:
    for line in f:
        m = re.match(r"(c?fn|c?ob)=\((\d+)\)(?: (.*))?", line)
        if m:
            kind, idx, name = m.groups()
            table = objs if kind.endswith("ob") else names
            if name is not None:
                table[idx] = name.strip()
            if kind == "fn":
                cur = (names.get(idx), objs.get(cur_ob, "?"))
            elif kind == "ob":
                cur_ob = idx
            continue
        if line.startswith("calls="):
            after_calls = True
            continue
        m = re.match(r"^([+-]?\d+|\*|0x[0-9a-fA-F]+)\s+(\d+)", line)
        if m:
            if after_calls:
                after_calls = False
            else:
                selfc[cur] = selfc.get(cur, 0) + int(m.group(2))
            continue
        m = re.match(r"(?:summary|totals): (\d+)", line)
        if m:
            total = int(m.group(1))
s = sum(selfc.values())
print(f"total Ir {total:,} (sum of self costs {s:,}); per request {total / nreq:,.0f}")
print(f"{'self Ir':>14} {'per req':>8} {'%':>6}  function [object]")
for (fn, ob), v in sorted(selfc.items(), key=lambda x: -x[1])[:top]:
    print(f"{v:>14,} {v / nreq:>8,.0f} {100.0 * v / max(total, 1):>5.1f}%  {fn} [{ob.rsplit('/', 1)[-1]}]")
