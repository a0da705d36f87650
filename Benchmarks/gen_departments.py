#!/usr/bin/env python3
"""Generates the analyze benchmark: N department workbooks of G goals each, in the layouts the samples
use (Japanese headers, sentences, percentages with a percent format, parents by id and by title), plus
the NexBridge company sheets copied from samples/. Usage: gen_departments.py OUT_DIR [N] [G]"""
import os
import random
import shutil
import sys

import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))

METRICS = [
    ("解約率を月{b}%→月{t}%に削減", "KR2", "percent_dec"),
    ("顧客満足度を{b}%から{t}%に向上", "KR1", "percent_inc"),
    ("平均対応時間を{b}時間から{t}時間に短縮", "KR3", "hours_dec"),
    ("新規契約{t}社", "", "count"),
    ("月間商談数", "T2", "count"),
    ("オンボーディング完了率を{t}%に向上", "顧客満足度", "percent_inc"),
    ("問い合わせ対応{t}件", "", "count"),
    ("新機能{t}個実装", "", "count"),
    ("利用継続率を{t}%以上に", "解約率の低下", "percent_inc"),
    ("障害による停止時間を月{t}時間以内に抑える", "KR2", "hours_dec"),
]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    g = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rnd = random.Random(42)
    depts = os.path.join(out, "departments")
    os.makedirs(depts, exist_ok=True)
    samples = os.path.join(HERE, "..", "samples")
    for name in ("nexbridge_company_okr.xlsx", "nexbridge_kpi_tree.xlsx"):
        shutil.copy(os.path.join(samples, name), os.path.join(out, name))
    for d in range(n):
        wb = xlsxwriter.Workbook(os.path.join(depts, f"dept_{d:04d}.xlsx"))
        ws = wb.add_worksheet(f"第{d}営業部")
        pct = wb.add_format({"num_format": "0.0%"})
        ws.merge_range(0, 0, 0, 6, f"第{d}営業部 2025年度 目標管理表")
        ws.write_row(2, 0, ["No.", "目標", "基準値", "目標値", "現状(9月末)", "期限", "全社目標との関連"])
        for i in range(g):
            text, parent, kind = METRICS[rnd.randrange(len(METRICS))]
            r = 3 + i
            if kind.startswith("percent"):
                b, t = rnd.randint(40, 70), rnd.randint(70, 95)
                if kind == "percent_dec":
                    b, t = rnd.randint(5, 10), rnd.randint(1, 4)
                c = b + (t - b) * rnd.random()
                ws.write(r, 2, b / 100, pct)
                ws.write(r, 3, t / 100, pct)
                ws.write(r, 4, c / 100, pct)
            elif kind == "hours_dec":
                b, t = rnd.randint(24, 48), rnd.randint(1, 12)
                ws.write_row(r, 2, [b, t, round(b - (b - t) * rnd.random(), 1)])
            else:
                b, t = rnd.randint(10, 100), rnd.randint(100, 500)
                ws.write_row(r, 2, [f"{b}件", f"{t}件", f"{rnd.randint(b, t)}件"])
            ws.write(r, 0, f"D{d}-{i + 1}")
            ws.write(r, 1, text.format(b=b, t=t))
            ws.write(r, 5, "2026/3/31")
            ws.write(r, 6, parent)
        wb.close()


if __name__ == "__main__":
    main()
