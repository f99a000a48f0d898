#!/usr/bin/env python3
"""Reads wrk --latency output on stdin; prints req/s, p50 ms, p99 ms, max ms, errors (tab-separated)."""
import re, sys

def ms(v):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", v)
    x, u = float(m.group(1)), m.group(2)
    return x / 1000 if u == "us" else x if u == "ms" else x * 1000 if u == "s" else x * 60000

t = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
p50 = re.search(r"^\s+50%\s+(\S+)", t, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", t, re.M)
mx = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", t)
errs = []
se = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
if se and any(int(g) for g in se.groups()):
    errs.append("conn%s/read%s/write%s/timeout%s" % se.groups())
n2 = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
if n2:
    errs.append("non2xx%s" % n2.group(1))
f = lambda m, conv: "%.3f" % conv(m.group(1)) if m else "NA"
print("\t".join([f(rps, float), f(p50, ms), f(p99, ms), f(mx, ms), ",".join(errs) or "-"]))
