#!/usr/bin/env python3
"""Annotate a 100,000-row goal sheet two ways in one run and compare: GoalSheet's patcher (`annotate-patch`,
the write-back half of `goalsheet annotate`) and openpyxl doing exactly the same edits (load, six columns of
cells with number formats and status fills, column widths, 1,000 notes, save). Runs alternate; prints the
best wall time and the peak RSS of each, the ratio, and checks that both outputs hold the same new cells
and notes. Also times the whole `goalsheet annotate` (read, normalize, analyze, write) and `goalsheet analyze`
(its run folder too) on the same file, against openpyxl's load + edit + save, all four in each round (the
best of each reported, and each round's ratio of openpyxl to the whole annotate).

Usage: annotate_bench.py --bin DIR [--rows N] [--runs K]     (DIR holds goalsheet and annotate-patch)
       annotate_bench.py --openpyxl IN OUT [--rows N]        (the peer, run as its own process)
"""
import argparse
import os
import re
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_GEN = os.path.join(HERE, "..", "..", "shared", "bench", "gen_goalsheet.py")
HEADERS = ["進捗率", "達成率", "スコア", "ステータス", "整合先", "指摘"]
STATUSES = [("達成", "C6EFCE"), ("順調", "C6EFCE"), ("要注意", "FFEB9C"), ("遅れ", "FFC7CE"), ("データなし", "D9D9D9")]
WIDTHS = [10, 10, 8, 12, 10, 18]


def row_values(row):
    """The six new cells of 1-based row `row`, as Benchmarks/AnnotatePatch/main.swift writes them."""
    status = STATUSES[row % len(STATUSES)]
    return [row * 37 % 101 / 100, row * 53 % 121 / 100, row * 7 % 11 / 10, status[0], f"KR{row % 5 + 1}",
            "activity-metric" if row % 100 == 0 else None], status[1]


def note_text(row):
    return f"activity-metric: 行{row}の目標は活動量です。成果の指標（解約率など）に結び付けてください。"


def openpyxl_annotate(src, out, rows):
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    wb = load_workbook(src)
    ws = wb["KPI"]
    bold = Font(bold=True)
    fills = {c: PatternFill(fill_type="solid", fgColor="FF" + c) for _, c in STATUSES}
    for i, h in enumerate(HEADERS):
        c = ws.cell(row=1, column=13 + i, value=h)
        c.font = bold
    for row in range(2, rows + 2):
        values, fill = row_values(row)
        for i, v in enumerate(values):
            if v is None:
                continue
            c = ws.cell(row=row, column=13 + i, value=v)
            if i < 2:
                c.number_format = "0%"
            elif i == 2:
                c.number_format = "0.0"
            elif i == 3:
                c.fill = fills[fill]
        if row % 100 == 0:
            ws.cell(row=row, column=6).comment = Comment(note_text(row), "GoalSheet")
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[get_column_letter(13 + i)].width = w
    tmp = out + ".tmp"
    wb.save(tmp)
    os.replace(tmp, out)


def timed(cmd):
    """Wall seconds and peak RSS (MiB) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[:2000]}")
    return dt, ru.ru_maxrss / 1024


def notes_of(path):
    """(cell ref, text) of every note in the workbook's comments parts."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml") and name.rsplit("/", 1)[-1].startswith("comment"):
                xml = z.read(name).decode()
                for ref, body in re.findall(r'<comment ref="([A-Z]+[0-9]+)"[^>]*>(.*?)</comment>', xml, re.S):
                    found.append((ref, "".join(re.findall(r"<t[^>]*>([^<]*)</t>", body))))
    return sorted(found)


def check(ours, theirs, rows):
    """Both outputs hold the original cells plus the same new ones, the same fills and the same notes."""
    from python_calamine import CalamineWorkbook
    a = CalamineWorkbook.from_path(ours).get_sheet_by_name("KPI").to_python()
    b = CalamineWorkbook.from_path(theirs).get_sheet_by_name("KPI").to_python()
    if len(a) != rows + 1 or len(b) != rows + 1:
        sys.exit(f"check: {len(a)} and {len(b)} rows, expected {rows + 1}")
    if a[0][12:18] != HEADERS or b[0][12:18] != HEADERS:
        sys.exit(f"check: headers {a[0][12:18]}")
    def new_cells(row):
        cells = [x if x != "" else None for x in row[12:18]]
        return cells + [None] * (6 - len(cells))
    for r in range(1, rows + 1):
        want, _ = row_values(r + 1)
        if new_cells(a[r]) != want or new_cells(b[r]) != want:
            sys.exit(f"check: row {r + 1}: ours {a[r][12:18]} openpyxl {b[r][12:18]} expected {want}")
        if a[r][:12] != b[r][:12]:
            sys.exit(f"check: row {r + 1}: original cells differ: {a[r][:12]} / {b[r][:12]}")
    na, nb = notes_of(ours), notes_of(theirs)
    if na != nb or len(na) != rows // 100:
        sys.exit(f"check: notes differ ({len(na)} ours, {len(nb)} openpyxl)")
    from openpyxl import load_workbook
    ws = load_workbook(ours, read_only=True)["KPI"]
    for row in ws.iter_rows(min_row=2, max_row=11, min_col=13, max_col=16):
        want = row_values(row[0].row)[1]
        if row[3].fill.fgColor.rgb[-6:] != want or row[0].number_format != "0%" or row[2].number_format != "0.0":
            sys.exit(f"check: row {row[0].row}: fill {row[3].fill.fgColor.rgb}, formats {row[0].number_format} {row[2].number_format}")
    return len(na)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--openpyxl", nargs=2, metavar=("IN", "OUT"))
    a = ap.parse_args()
    if a.openpyxl:
        openpyxl_annotate(*a.openpyxl, a.rows)
        return
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)
    src = os.path.join(data, f"goals_{a.rows}.xlsx")
    if not os.path.exists(src):
        subprocess.run([sys.executable, SHARED_GEN, "--rows", str(a.rows), "--out", src], check=True)
    out = os.path.join(data, "annotate-out")
    os.makedirs(out, exist_ok=True)
    ours, theirs, whole = (os.path.join(out, n) for n in ("goalsheet.xlsx", "openpyxl.xlsx", "whole.xlsx"))
    patch_cmd = [os.path.join(a.bin, "annotate-patch"), src, ours, "KPI", str(a.rows)]
    peer_cmd = [sys.executable, os.path.abspath(__file__), "--openpyxl", src, theirs, "--rows", str(a.rows)]
    company = [os.path.join(HERE, "..", "samples", n) for n in ("nexbridge_company_okr.xlsx", "nexbridge_kpi_tree.xlsx")]
    whole_cmd = [os.path.join(a.bin, "goalsheet"), "annotate", "--company", company[0], "--company", company[1],
                 src, "--out", whole, "--as-of", "2025-12-31"]
    run_dir = os.path.join(out, "analyze-run")
    analyze_cmd = [os.path.join(a.bin, "goalsheet"), "analyze", "--company", company[0], "--company", company[1],
                   src, "--out", run_dir, "--as-of", "2025-12-31", "--previous", "remove", "--quiet"]
    # Each round times all four side by side, so that a ratio compares runs made moments apart (this machine's
    # speed moves by a third within a day).
    results = {"goalsheet": [], "openpyxl": [], "whole": [], "analyze": []}
    for _ in range(a.runs):
        results["goalsheet"].append(timed(patch_cmd))
        results["openpyxl"].append(timed(peer_cmd))
        results["whole"].append(timed(whole_cmd))
        results["analyze"].append(timed(analyze_cmd))
    notes = check(ours, theirs, a.rows)
    g = min(t for t, _ in results["goalsheet"]); o = min(t for t, _ in results["openpyxl"])
    g_rss = max(m for _, m in results["goalsheet"]); o_rss = max(m for _, m in results["openpyxl"])
    whole_t = min(t for t, _ in results["whole"]); whole_rss = max(m for _, m in results["whole"])
    analyze_t = min(t for t, _ in results["analyze"]); analyze_rss = max(m for _, m in results["analyze"])
    print(f"annotate {a.rows:,} rows x 6 new columns, status fills, {notes:,} notes (best of {a.runs}, alternating; outputs checked equal)")
    print(f"  goalsheet patcher  {g:7.2f} s  peak RSS {g_rss:6.0f} MiB")
    print(f"  openpyxl           {o:7.2f} s  peak RSS {o_rss:6.0f} MiB   ({o / g:.1f}x goalsheet's time, {o_rss / g_rss:.1f}x its memory)")
    print(f"  sizes: goalsheet {os.path.getsize(ours) / 2**20:.1f} MiB, openpyxl {os.path.getsize(theirs) / 2**20:.1f} MiB, input {os.path.getsize(src) / 2**20:.1f} MiB")
    print(f"  whole `goalsheet annotate` (read, normalize, analyze against the company sheets, write): {whole_t:.2f} s, peak RSS {whole_rss:.0f} MiB ({o / whole_t:.2f}x openpyxl's time)")
    print(f"  whole `goalsheet analyze` (the same, plus the run's CSVs, model.json, summary.xlsx, manifest.json): {analyze_t:.2f} s, peak RSS {analyze_rss:.0f} MiB ({o / analyze_t:.2f}x openpyxl's time)")
    if a.runs > 1:
        rounds = ", ".join(f"{p[0] / w[0]:.2f}x" for p, w in zip(results["openpyxl"], results["whole"]))
        print(f"  each round's openpyxl / whole annotate: {rounds}")


if __name__ == "__main__":
    main()
