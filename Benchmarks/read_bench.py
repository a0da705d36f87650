#!/usr/bin/env python3
"""Reader benchmark: `goalsheet cat --all-sheets --format csv FILE > /dev/null` against python-calamine,
fastexcel and openpyxl (read-only) on the same generated goal-sheet workbooks, in the same run,
alternating, whole process each time; plus the floor, inflating the sheet part alone (unzip -p).

Prints the median wall time, the peak RSS and the median CPU time (user + system over all threads: GoalSheet
inflates large parts on a second thread) of each reader, and GoalSheet's wall-time ratio to each peer.
Usage: python3 Benchmarks/read_bench.py [--bin .build/release/goalsheet] [--rounds 3] [--sizes 100000,1000000]
       [--openpyxl-max 100000]   (openpyxl takes ~50 s on the 1M file; it runs only up to this size)
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench"))


def run(cmd):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, all threads) of one child process,
    output discarded."""
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        err = p.stderr.read().decode(errors="replace")
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(cmd), err[-2000:]))
    return wall, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", ".build", "release", "goalsheet"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--openpyxl-max", type=int, default=100000)
    args = ap.parse_args()
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    gen = os.path.join(SHARED, "gen_goalsheet.py")
    peer = os.path.join(SHARED, "peer_read.py")
    for rows in [int(s) for s in args.sizes.split(",")]:
        path = os.path.join(data, "goals_%d.xlsx" % rows)
        if not os.path.exists(path):
            print("generating %s ..." % path, flush=True)
            subprocess.run([sys.executable, gen, "--rows", str(rows), "--out", path], check=True)
        readers = {
            "goalsheet": [args.bin, "cat", "--all-sheets", "--format", "csv", path],
            "python-calamine": [sys.executable, peer, "calamine", path],
            "fastexcel": [sys.executable, peer, "fastexcel", path],
            "inflate only (unzip -p)": ["unzip", "-p", path, "xl/worksheets/sheet1.xml"],
        }
        if rows <= args.openpyxl_max:
            readers["openpyxl read-only"] = [sys.executable, peer, "openpyxl_ro", path]
        results = {name: [] for name in readers}
        for _ in range(args.rounds):
            for name, cmd in readers.items():  # alternating, one of each per round
                results[name].append(run(cmd))
        print("\n%d rows x 12 columns (%s, %.1f MB), median of %d rounds:" % (
            rows, os.path.basename(path), os.path.getsize(path) / 1e6, args.rounds))
        ours = statistics.median(w for w, _, _ in results["goalsheet"])
        print("  %-26s %9s  %12s  %8s" % ("", "wall", "peak RSS", "CPU"))
        for name, runs in results.items():
            wall = statistics.median(w for w, _, _ in runs)
            rss = max(r for _, r, _ in runs)
            cpu = statistics.median(c for _, _, c in runs)
            ratio = "" if name == "goalsheet" else "  goalsheet is %.2fx %s" % (
                wall / ours if wall >= ours else ours / wall, "faster" if wall >= ours else "slower")
            print("  %-26s %7.3f s  %8.1f MiB  %6.2f s%s" % (name, wall, rss, cpu, ratio))


if __name__ == "__main__":
    main()
