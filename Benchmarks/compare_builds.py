#!/usr/bin/env python3
"""Two builds of goalsheet side by side, alternating, whole process each time (wall and CPU time, peak RSS): `cat` (CSV and JSON) of the
100,000-row benchmark workbook and `analyze` of N generated department workbooks (annotated workbooks
included). Prints each build's median wall time and peak RSS, and the ratio new/old. For a refactoring's
"no slower" check. Usage: compare_builds.py OLD_BIN NEW_BIN [--rounds 3] [--n 300]"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench"))


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        sys.exit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--n", type=int, default=300)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="goalsheet-compare-")
    book = os.path.join(work, "bench100k.xlsx")
    subprocess.run([sys.executable, os.path.join(SHARED, "gen_goalsheet.py"), "--rows", "100000", "--out", book],
                   check=True, stdout=subprocess.DEVNULL)
    data = os.path.join(HERE, "data", f"departments_{a.n}x50")
    if not os.path.isdir(os.path.join(data, "departments")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_departments.py"), data, str(a.n), "50"], check=True)
    jobs = {
        "cat csv 100k rows": lambda b: [b, "cat", "--format", "csv", book],
        "cat json 100k rows": lambda b: [b, "cat", "--format", "json", book],
        f"analyze {a.n} x 50 goals": lambda b: [
            b, "analyze", "--company", os.path.join(data, "nexbridge_company_okr.xlsx"), "--company",
            os.path.join(data, "nexbridge_kpi_tree.xlsx"), os.path.join(data, "departments"), "--as-of",
            "2025-12-31", "--out", os.path.join(work, "out"), "--format", "json"],
    }
    results = {(j, w): [] for j in jobs for w in ("old", "new")}
    for _ in range(a.rounds):
        for j, make in jobs.items():
            for w, b in (("old", a.old), ("new", a.new)):
                results[(j, w)].append(timed(make(b)))
    # Wall time on a shared machine varies by a third from run to run; CPU time (user + system) less so.
    # The least CPU time of the rounds is the steadiest figure of the three.
    print(f"{'job':26} {'old s':>7} {'new s':>7} {'ratio':>6} {'old cpu':>8} {'new cpu':>8} {'ratio':>6} "
          f"{'min old':>8} {'min new':>8} {'ratio':>6} {'old MiB':>8} {'new MiB':>8}")
    for j in jobs:
        o, n = (statistics.median(t for t, _, _ in results[(j, w)]) for w in ("old", "new"))
        oc, nc = (statistics.median(c for _, _, c in results[(j, w)]) for w in ("old", "new"))
        lo, ln = (min(c for _, _, c in results[(j, w)]) for w in ("old", "new"))
        om, nm = (max(m for _, m, _ in results[(j, w)]) for w in ("old", "new"))
        print(f"{j:26} {o:7.2f} {n:7.2f} {n / o:6.2f} {oc:8.2f} {nc:8.2f} {nc / oc:6.2f} "
              f"{lo:8.2f} {ln:8.2f} {ln / lo:6.2f} {om:8.0f} {nm:8.0f}")


if __name__ == "__main__":
    main()
