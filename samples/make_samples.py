#!/usr/bin/env python3
"""Makes the sample sheets with tools other than GoalSheet (openpyxl, Python's Shift_JIS codec).

The NexBridge case: a company OKR sheet laid out as a planning office would (title and date above
the header, a merged title cell, percentages as numbers with a percent format) and a sales
department's legacy goals as a Shift_JIS CSV. Run: python3 samples/make_samples.py
"""
import csv
import datetime as dt
import io
import os

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))


def company_okr():
    wb = Workbook()
    ws = wb.active
    ws.title = "全社OKR"
    ws["A1"] = "NexBridge株式会社 2025年度 全社OKR"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    ws["A2"] = "作成日"
    ws["B2"] = dt.date(2025, 4, 1)
    ws["B2"].number_format = "yyyy/m/d"
    header = ["ID", "目標", "単位", "基準値", "現状(6月末)", "目標値", "期限"]
    for col, name in enumerate(header, start=1):
        ws.cell(row=4, column=col, value=name).font = Font(bold=True)
    rows = [
        ("O1", "顧客の成功を最大化する", None, None, None, None, dt.date(2026, 3, 31)),
        ("KR1", "顧客満足度", "%", 0.68, 0.72, 0.90, dt.date(2026, 3, 31)),
        ("KR2", "解約率（月次）", "%", 0.08, 0.072, 0.03, dt.date(2026, 3, 31)),
        ("KR3", "平均対応時間", "時間", 48, 38, 12, dt.date(2026, 3, 31)),
    ]
    for r, values in enumerate(rows, start=5):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, float) and values[2] == "%":
                cell.number_format = "0.0%"
            if isinstance(v, dt.date):
                cell.number_format = "yyyy/m/d"
    wb.save(os.path.join(HERE, "nexbridge_company_okr.xlsx"))


def sales_csv():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["部署", "目標", "目標値", "実績", "担当者", "全社目標との関連"])
    w.writerow(["営業部", "新規契約", "100社", "42社", "佐藤", ""])
    w.writerow(["営業部", "既存顧客の解約率を月8%→月5%に削減", "月5%", "月7%", "鈴木", "KR2"])
    w.writerow(["営業部", "①重点顧客の満足度（NPS）", "+40", "+12", "高橋", "顧客満足度"])
    with open(os.path.join(HERE, "sales_dept_goals_sjis.csv"), "wb") as f:
        f.write(buf.getvalue().encode("cp932"))


if __name__ == "__main__":
    company_okr()
    sales_csv()
