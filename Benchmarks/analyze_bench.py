#!/usr/bin/env python3
"""The quarterly batch: `goalsheet run` over N generated department workbooks (G goals each) against the company
sheets, annotated workbooks included, at --jobs 1 and --jobs 2, against the peer the issue names: openpyxl
loading the same N files read-only (every cell's value visited). Alternating, whole process each time, in one
run; prints wall time, CPU time and peak RSS of each, and the ratios.

Usage: python3 Benchmarks/analyze_bench.py --bin .build/release/goalsheet [--n 1000] [--goals 50] [--rounds 1]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# openpyxl's read-only load of every file; with "cells", every cell's value visited too (read-only loading
# parses a sheet only when its rows are asked for).
PEER = r"""
import os, sys, openpyxl
folder, visit = sys.argv[1], sys.argv[2] == "cells"
cells = 0
for name in sorted(os.listdir(folder)):
    if name.endswith(".xlsx"):
        wb = openpyxl.load_workbook(os.path.join(folder, name), read_only=True, data_only=True)
        for ws in wb.worksheets:
            if visit:
                for row in ws.iter_rows(values_only=True):
                    cells += len(row)
        wb.close()
print(cells)
"""


def run(cmd, cwd=None):
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS (MiB) of one child process."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE, cwd=cwd)
        _, status, usage = os.wait4(p.pid, 0)
        err = p.stderr.read().decode(errors="replace")
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}): {err[:800]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def run_file(data):
    """A run file beside the generated sheets, as `goalsheet init` would leave it once checked."""
    path = os.path.join(data, "goalsheet.yml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "company:\n  - nexbridge_company_okr.xlsx\n  - nexbridge_kpi_tree.xlsx\n"
            "departments:\n  - departments/\nas_of: 2025-12-31\nout: out\nprevious: remove\n"
        )
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--goals", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()
    data = os.path.join(HERE, "data", f"departments_{a.n}x{a.goals}")
    if not os.path.isdir(os.path.join(data, "departments")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_departments.py"), data, str(a.n), str(a.goals)], check=True)
    runs = run_file(data)
    jobs = {
        "goalsheet run --jobs 1": [os.path.abspath(a.bin), "run", runs, "--quiet", "--jobs", "1"],
        "goalsheet run --jobs 2": [os.path.abspath(a.bin), "run", runs, "--quiet", "--jobs", "2"],
        "openpyxl read-only load": [sys.executable, "-c", PEER, os.path.join(data, "departments"), "load"],
        "openpyxl load + cells": [sys.executable, "-c", PEER, os.path.join(data, "departments"), "cells"],
    }
    results = {k: [] for k in jobs}
    for _ in range(a.rounds):
        for name, cmd in jobs.items():
            results[name].append(run(cmd))
    goals = a.n * a.goals
    print(f"{a.n} department workbooks x {a.goals} goals = {goals} goals (+13 company goals), annotated workbooks included")
    print(f"{'':26} {'wall s':>8} {'CPU s':>8} {'peak RSS MiB':>13}   (median of {a.rounds})")
    med = {}
    for name, rs in results.items():
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        rss = max(r[2] for r in rs)
        med[name] = wall
        print(f"{name:26} {wall:8.2f} {cpu:8.2f} {rss:13.0f}")
    for peer in ("openpyxl read-only load", "openpyxl load + cells"):
        for j in ("1", "2"):
            ours = med[f"goalsheet run --jobs {j}"]
            print(f"{peer} / goalsheet --jobs {j}: {med[peer] / ours:.2f}x")
    print(f"--jobs 1 -> 2 speed-up: {med['goalsheet run --jobs 1'] / med['goalsheet run --jobs 2']:.2f}x")


if __name__ == "__main__":
    main()
