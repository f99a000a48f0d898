#!/usr/bin/env python3
"""results.tsv -> markdown table: median of the repetitions, with [min-max] spread."""
import csv, statistics, sys
from collections import OrderedDict

rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "results.tsv"), delimiter="\t"))
groups = OrderedDict()
for r in rows:
    groups.setdefault((r["config"], r["mode"], r["endpoint"], r["conns"]), []).append(r)

def fmt(vals, nd):
    vals = [float(v) for v in vals if v != "NA"]
    if not vals:
        return "NA"
    m = statistics.median(vals)
    return f"{m:.{nd}f} [{min(vals):.{nd}f}–{max(vals):.{nd}f}]"

print("| config | load | endpoint | conns | n | req/s median [min–max] | p50 ms | p99 ms median [min–max] | load1 | wrk errors (sum) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (cfg, mode, ep, c), rs in groups.items():
    errs = {}
    for r in rs:
        if r["errors"] != "-":
            for part in r["errors"].split(","):
                if part.startswith("conn"):
                    t = int(part.split("timeout")[1]); errs["timeouts"] = errs.get("timeouts", 0) + t
                else:
                    errs[part] = errs.get(part, 0) + 1
    es = ", ".join(f"{k} {v}" for k, v in errs.items()) or "–"
    loads = [float(r["load1"]) for r in rs]
    mode_s = "saturate" if mode == "sat" else "5000/s paced"
    print(f"| {cfg} | {mode_s} | /api/{ep} | {c} | {len(rs)} | {fmt([r['req_s'] for r in rs], 0)} | "
          f"{fmt([r['p50_ms'] for r in rs], 2)} | {fmt([r['p99_ms'] for r in rs], 2)} | "
          f"{min(loads):.1f}–{max(loads):.1f} | {es} |")
