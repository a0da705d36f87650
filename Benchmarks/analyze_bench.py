#!/usr/bin/env python3
"""Times `goalsheet analyze` on N generated department workbooks (G goals each) against the company
sheets, and prints seconds, goals per second and peak RSS. Usage: analyze_bench.py --bin PATH [--n N] [--goals G]"""
import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--goals", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    data = os.path.join(HERE, "data", f"departments_{a.n}x{a.goals}")
    if not os.path.isdir(os.path.join(data, "departments")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_departments.py"), data, str(a.n), str(a.goals)], check=True)
    out = os.path.join(data, "out")
    cmd = [a.bin, "analyze", "--company", os.path.join(data, "nexbridge_company_okr.xlsx"),
           "--company", os.path.join(data, "nexbridge_kpi_tree.xlsx"), os.path.join(data, "departments"),
           "--as-of", "2025-12-31", "--out", out, "--format", "json"]
    best = None
    for _ in range(a.runs):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit(f"analyze failed ({p.returncode}): {p.stderr.decode()[:500]}")
        best = dt if best is None else min(best, dt)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    goals = a.n * a.goals
    with open(os.path.join(out, "findings.csv"), encoding="utf-8") as f:
        findings = sum(1 for _ in f) - 1
    print(f"analyze: {a.n} department workbooks x {a.goals} goals = {goals} goals (+13 company goals)")
    print(f"  best of {a.runs}: {best:.2f} s, {goals / best:,.0f} goals/s, peak RSS {rss:.0f} MiB, {findings} findings")


if __name__ == "__main__":
    main()
