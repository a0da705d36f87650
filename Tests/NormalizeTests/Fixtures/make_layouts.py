#!/usr/bin/env python3
"""Makes the layout fixtures of the reader's tests, with openpyxl (not GoalSheet), and their expectations.

One file per layout GoalSheet reads, Japanese and English variants, each with rows that are not goals
(totals, examples, hidden and struck-through rows, notes, signature lines, task and people lists).
expected.json lists, per file, every goal the reader must find (sheet, 1-based row, title fragment and
fields) and the rows it must not read as goals. Run: python3 Tests/NormalizeTests/Fixtures/make_layouts.py
"""
import csv
import datetime as dt
import json
import os

import xlsxwriter  # formulas with their cached values (openpyxl writes none), for the summary-sheet fixture
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layouts")
EXPECTED = {}


def goal(sheet, row, title, **fields):
    return dict(sheet=sheet, row=row, title=title, **fields)


def save(wb, name, goals, non_goals):
    wb.save(os.path.join(HERE, name))
    EXPECTED[name] = dict(goals=goals, non_goals=non_goals)


def multi_row_header_ja():
    """人事部: a title block and a two-row merged header (目標項目 → 大項目 / 小項目, 数値目標 → 基準値 / 目標値 / 現状)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "人事部"
    ws["A1"] = "人事部 2025年度 目標管理シート"
    ws.merge_cells("A1:G1")
    ws["A2"] = "作成日"
    ws["B2"] = dt.date(2025, 4, 1)
    ws["A4"] = "目標項目"
    ws.merge_cells("A4:B4")
    ws["C4"] = "数値目標"
    ws.merge_cells("C4:E4")
    ws["F4"] = "期限"
    ws.merge_cells("F4:F5")
    ws["G4"] = "担当"
    ws.merge_cells("G4:G5")
    for col, text in zip("ABCDE", ["大項目", "小項目", "基準値", "目標値", "現状(12月末)"]):
        ws[f"{col}5"] = text
    rows = [
        ("採用", "新卒採用数", "18名", "30名", "14名", dt.date(2026, 3, 31), "佐藤"),
        ("採用", "中途採用数", 5, 12, 7, dt.date(2026, 3, 31), "佐藤"),
        ("定着", "離職率", "12%", "8%", "10%", dt.date(2026, 3, 31), "鈴木"),
        ("定着", "従業員満足度", 3.4, 4.0, 3.6, None, "鈴木"),
        ("記入例", "〇〇を△△する", 0, 100, None, None, None),
        ("育成", "研修受講時間（一人当たり）", "10時間", "20時間", "12時間", dt.date(2026, 3, 31), "高橋"),
        ("育成", "管理職研修の受講率", "40%", "90%", "65%", dt.date(2026, 3, 31), "高橋"),
        ("合計", None, None, None, None, None, None),
        ("育成", "メンター制度の利用者数", 10, 40, 22, dt.date(2026, 3, 31), "高橋"),
        ("評価", "評価面談の実施率", "70%", "100%", "95%", dt.date(2026, 3, 31), "田中"),
    ]
    for i, r in enumerate(rows, start=6):
        for col, v in zip("ABCDEFG", r):
            if v is not None:
                ws[f"{col}{i}"] = v
    ws["B16"] = "旧・紙の評価シート回収率"
    ws["D16"] = "100%"
    ws.row_dimensions[16].hidden = True
    ws["A17"] = "※ 数値は人事システムの12月末時点"
    ws["A19"] = "承認"
    ws["B19"] = "人事部長"
    goals = [
        goal("人事部", 6, "新卒採用数", category="採用", baseline=18, target=30, current=14, unit="count", due="2026-03-31", owner="佐藤"),
        goal("人事部", 7, "中途採用数", category="採用", baseline=5, target=12, current=7, owner="佐藤"),
        goal("人事部", 8, "離職率", category="定着", baseline=12, target=8, current=10, unit="percent", direction="decrease"),
        goal("人事部", 9, "従業員満足度", category="定着", baseline=3.4, target=4.0, current=3.6, due="2026-03-31"),
        goal("人事部", 11, "研修受講時間", category="育成", baseline=10, target=20, current=12, unit="hours"),
        goal("人事部", 12, "管理職研修の受講率", baseline=40, target=90, current=65, unit="percent"),
        goal("人事部", 14, "メンター制度の利用者数", baseline=10, target=40, current=22, owner="高橋"),
        goal("人事部", 15, "評価面談の実施率", category="評価", baseline=70, target=100, current=95, owner="田中"),
    ]
    save(wb, "multi_row_header_ja.xlsx", goals, [dict(sheet="人事部", row=r) for r in (4, 5, 10, 13, 16, 17, 19)])


def multi_row_header_en():
    """A balanced scorecard: Perspective / Objective, then "KPI ALLOCATED" over target of year / actual."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws["A1"] = "FY2026 Balanced Scorecard — Operations"
    ws["A3"] = "Perspective"
    ws.merge_cells("A3:A4")
    ws["B3"] = "Objective"
    ws.merge_cells("B3:B4")
    ws["C3"] = "KPI ALLOCATED"
    ws.merge_cells("C3:E3")
    ws["C4"] = "Measure"
    ws["D4"] = "target of year"
    ws["E4"] = "actual"
    ws["F3"] = "Owner"
    ws.merge_cells("F3:F4")
    rows = [
        ("Customer", "Delight customers", "Net Promoter Score", 45, 38, "Kim"),
        ("Customer", "Keep customers", "Monthly churn rate", "3%", "4.5%", "Kim"),
        ("Process", "Ship reliably", "Uptime", "99.9%", "99.7%", "Lee"),
        ("Process", "Ship faster", "Average lead time (days)", 5, 8, "Lee"),
        ("Total", None, None, None, None, None),
        ("Learning", "Grow people", "Training hours per engineer", "40 hours", "22 hours", "Park"),
    ]
    for i, r in enumerate(rows, start=5):
        for col, v in zip("ABCDEF", r):
            if v is not None:
                ws[f"{col}{i}"] = v
    ws["C8"].font = Font(strike=True)  # a withdrawn KPI
    goals = [
        goal("Scorecard", 5, "Net Promoter Score", category="Customer / Delight customers", target=45, current=38, owner="Kim", due="2027-03-31"),
        goal("Scorecard", 6, "Monthly churn rate", category="Customer / Keep customers", target=3, current=4.5, unit="percent", direction="decrease"),
        goal("Scorecard", 7, "Uptime", target=99.9, current=99.7, unit="percent"),
        goal("Scorecard", 10, "Training hours per engineer", target=40, current=22, unit="hours", owner="Park"),
    ]
    save(wb, "multi_row_header_en.xlsx", goals, [dict(sheet="Scorecard", row=r) for r in (3, 4, 8, 9)])


def wide_export_en():
    """An OKR tool export: 30 columns, of which a few are goal fields; the rest kept as extra."""
    header = ["Goal ID", "Title", "Description", "Type", "Team", "Owner", "Contributors", "Period", "Start Date", "End Date",
              "Status", "Progress %", "Start Value", "Current Value", "Target Value", "Unit", "Confidence", "Tags", "Created At",
              "Updated At", "Last Check-in", "Check-in Note", "Parent Goal", "Weight", "Visibility", "Archived", "Source",
              "Workspace", "URL", "Custom 1"]
    rows = [
        ["G-101", "Grow annual recurring revenue", "Company revenue goal", "Objective", "Sales", "Ana Silva", "", "FY2026",
         "2025-04-01", "2026-03-31", "On track", "", "", "", "", "", "High", "revenue", "2025-04-02", "2025-11-30", "2025-11-30",
         "", "", "", "Public", "false", "import", "Main", "https://example.test/g/101", ""],
        ["G-102", "Reach $12M ARR", "", "Key Result", "Sales", "Ana Silva", "Ben", "FY2026", "2025-04-01", "2026-03-31",
         "Behind", "40", "8000000", "9600000", "12000000", "USD", "Medium", "revenue", "2025-04-02", "2025-11-30", "2025-11-30",
         "Pipeline slipping", "G-101", "0.6", "Public", "false", "import", "Main", "https://example.test/g/102", ""],
        ["G-103", "Reduce monthly churn", "", "Key Result", "Success", "Chen Wei", "", "FY2026", "2025-04-01", "2026-03-31",
         "On track", "50", "8", "5.5", "3", "%", "High", "retention", "2025-04-02", "2025-11-30", "2025-11-30", "", "G-101",
         "0.4", "Public", "false", "import", "Main", "https://example.test/g/103", ""],
    ]
    with open(os.path.join(HERE, "wide_export_en.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    EXPECTED["wide_export_en.csv"] = dict(goals=[
        goal("wide_export_en", 2, "Grow annual recurring revenue", kind="objective", owner="Ana Silva", due="2026-03-31"),
        goal("wide_export_en", 3, "Reach $12M ARR", kind="kr", baseline=8000000, current=9600000, target=12000000, unit="usd",
             owner="Ana Silva", parent_ref="G-101", due="2026-03-31", extra="Status"),
        goal("wide_export_en", 4, "Reduce monthly churn", kind="kr", baseline=8, current=5.5, target=3, unit="percent",
             direction="decrease", parent_ref="G-101"),
    ], non_goals=[])


def content_roles_ja():
    """「目標」 holding numbers beside 「KPI」 holding words; 「目標」 beside 「目標値」 is the title."""
    wb = Workbook()
    ws = wb.active
    ws.title = "営業KPI"
    ws.append(["KPI", "目標", "実績", "単位"])
    ws.append(["新規商談数", 120, 80, "件"])
    ws.append(["受注率", 25, 22, "%"])
    ws.append(["平均受注単価", 300, 280, "万円"])
    ws2 = wb.create_sheet("CS目標")
    ws2.append(["目標", "目標値", "現状", "期限"])
    ws2.append(["一次回答時間の短縮", "2時間", "5時間", "2026/3末"])
    ws2.append(["顧客満足度", "4.5点", "4.1点", "2026/3末"])
    goals = [
        goal("営業KPI", 2, "新規商談数", target=120, current=80, unit="count"),
        goal("営業KPI", 3, "受注率", target=25, current=22, unit="percent"),
        goal("営業KPI", 4, "平均受注単価", target=3000000, current=2800000, unit="jpy"),
        goal("CS目標", 2, "一次回答時間の短縮", target=2, current=5, unit="hours", direction="decrease", due="2026-03-31"),
        goal("CS目標", 3, "顧客満足度", target=4.5, current=4.1, due="2026-03-31"),
    ]
    save(wb, "content_roles_ja.xlsx", goals, [])


def period_rows_en():
    """Period rows: <metric> PY / Act / Plan × 12 months × regions with a Total row, and a Total column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sales"
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    ws.append(["Measure", "Region"] + months + ["Total"])
    r = 2
    for metric, base in (("Orders", 100), ("Returns", 10)):
        for scen, k in (("PY", 0.9), ("Act", 1.0), ("Plan", 1.1)):
            for region, share in (("North", 0.6), ("South", 0.4), ("Total", 1.0)):
                vals = [round(base * k * share) for _ in months]
                ws.append([f"{metric} {scen}", region] + vals + [sum(vals)])
                r += 1
            ws.append([])
            r += 1
    # Orders: rows 2–13, Returns: rows 14–25 (each scenario block is 3 rows and a blank).
    goals = [
        goal("Sales", 12, "Orders", baseline=1080, current=1200, target=1320, due="2025-12-31"),
        goal("Sales", 24, "Returns", baseline=108, current=120, target=132, due="2025-12-31"),
    ]
    save(wb, "period_rows_en.xlsx", goals, [dict(sheet="Sales", row=r) for r in (2, 3, 6, 7)])


def cards_ja():
    """Goal cards: label/value blocks repeated."""
    wb = Workbook()
    ws = wb.active
    ws.title = "目標カード"
    cards = [
        [("目標：", "解約率を下げる"), ("指標：", "月次解約率"), ("基準値：", "5%"), ("現状：", "4.2%"), ("目標値：", "3%"), ("期限：", "2026/3/31"), ("担当：", "山本")],
        [("目標：", "新規顧客を増やす"), ("指標：", "新規契約社数"), ("現状：", "42社"), ("目標値：", "100社"), ("期限：", "2026/3/31"), ("担当：", "井上")],
    ]
    r = 1
    for card in cards:
        for label, value in card:
            ws.cell(row=r, column=1, value=label)
            ws.cell(row=r, column=2, value=value)
            r += 1
        r += 1
    goals = [
        goal("目標カード", 1, "解約率を下げる", baseline=5, current=4.2, target=3, unit="percent", direction="decrease", due="2026-03-31", owner="山本"),
        goal("目標カード", 9, "新規顧客を増やす", current=42, target=100, unit="count", due="2026-03-31", owner="井上"),
    ]
    save(wb, "cards_ja.xlsx", goals, [])


def form_ja():
    """A form sheet: 氏名 / 部署 / 期間 above the table give owner, department and period."""
    wb = Workbook()
    ws = wb.active
    ws.title = "個人目標"
    ws["A1"] = "個人目標設定シート"
    ws["A2"] = "氏名："
    ws["B2"] = "中村 花子"
    ws["A3"] = "部署："
    ws["B3"] = "マーケティング部"
    ws["A4"] = "期間："
    ws["B4"] = "2025年度下期"
    ws.append([])
    ws.append(["No.", "目標", "目標値", "現状"])
    ws.append([1, "リード獲得数", "600件", "250件"])
    ws.append([2, "ウェビナー参加者数", "1,200名", "400名"])
    ws.append([])
    ws.append(["上長確認", "", "", ""])
    goals = [
        goal("個人目標", 7, "リード獲得数", target=600, current=250, unit="count", owner="中村 花子", department="マーケティング部", due="2026-03-31"),
        goal("個人目標", 8, "ウェビナー参加者数", target=1200, current=400, owner="中村 花子", due="2026-03-31"),
    ]
    save(wb, "form_ja.xlsx", goals, [dict(sheet="個人目標", row=r) for r in (1, 2, 3, 4, 10)])


def okr_en():
    """OKRs with the objective in a merged cell beside its key results; a people list and a task list beside them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "OKRs"
    ws.append(["Objective", "Key Result", "Owner", "Start", "Target", "Current"])
    ws.append(["Win the mid-market", "Sign 40 new mid-market customers", "Dana", 0, 40, 12])
    ws.append([None, "Raise win rate from 18% to 25%", "Eli", "18%", "25%", "21%"])
    ws.append(["Make support effortless", "Cut first response time to 2 hours", "Fay", "6 hours", "2 hours", "4 hours"])
    ws.append([None, "CSAT (1-5) from 4.1 to 4.6", "Fay", 4.1, 4.6, 4.3])
    ws.merge_cells("A2:A3")
    ws.merge_cells("A4:A5")
    people = wb.create_sheet("People")
    people.append(["email", "first name", "last name", "language"])
    people.append(["dana@example.test", "Dana", "Ng", "english"])
    tasks = wb.create_sheet("Tasks")
    tasks.append(["Objective", "Task name", "Owner"])
    tasks.append(["Win the mid-market", "Call 20 leads", "Dana"])
    goals = [
        goal("OKRs", 2, "Win the mid-market", kind="objective"),
        goal("OKRs", 2, "Sign 40 new mid-market customers", kind="kr", baseline=0, target=40, current=12, owner="Dana", parent_ref="Win the mid-market"),
        goal("OKRs", 3, "Raise win rate", kind="kr", baseline=18, target=25, current=21, unit="percent", parent_ref="Win the mid-market"),
        goal("OKRs", 4, "Make support effortless", kind="objective"),
        goal("OKRs", 4, "Cut first response time", kind="kr", baseline=6, target=2, current=4, unit="hours", direction="decrease"),
        goal("OKRs", 5, "CSAT", kind="kr", baseline=4.1, target=4.6, current=4.3),
    ]
    save(wb, "okr_en.xlsx", goals, [dict(sheet="People", row=2), dict(sheet="Tasks", row=2)])


def kpi_year_en():
    """A KPI × year table: one row per KPI and year; rows without a target are history."""
    rows = [["Area", "Strategic Objective", "KPI", "Year", "Target", "Actual", "Unit", "Desired Direction"]]
    for year, target, actual in ((2022, "", "0.12"), (2023, "0.10", "0.11"), (2024, "0.09", "0.085"), (2025, "0.08", "")):
        rows.append(["Operations", "Lower the cost of service", "Cost per ticket as share of revenue", str(year), target, actual, "Percentage", "Decrease"])
    for year, target, actual in ((2023, "", "70"), (2024, "75", "72"), (2025, "80", "")):
        rows.append(["Customers", "Keep customers loyal", "Customer loyalty score", str(year), target, actual, "10 point scale", "Increase"])
    with open(os.path.join(HERE, "kpi_year_en.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    EXPECTED["kpi_year_en.csv"] = dict(goals=[
        goal("kpi_year_en", 3, "Cost per ticket", category="Operations / Lower the cost of service", target=0.10, current=0.11, unit="percent",
             direction="decrease", due="2023-12-31"),
        goal("kpi_year_en", 4, "Cost per ticket", target=0.09, current=0.085),
        goal("kpi_year_en", 5, "Cost per ticket", target=0.08, due="2025-12-31"),
        goal("kpi_year_en", 7, "Customer loyalty score", target=75, current=72, unit="score", direction="increase"),
        goal("kpi_year_en", 8, "Customer loyalty score", target=80),
    ], non_goals=[dict(sheet="kpi_year_en", row=2), dict(sheet="kpi_year_en", row=6)])


def sentences_en():
    """Goals written as English sentences, and one Japanese sentence holding two goals."""
    rows = [["Team", "Goal"],
            ["Success", "Reduce monthly churn from 8% to 3%"],
            ["Platform", "Keep uptime at or above 99.9%"],
            ["Support", "CSAT (1-5) from 4.1 to 4.6"],
            ["品質管理", "不良率を30%低減し、納期遵守率98%を達成する"]]
    with open(os.path.join(HERE, "sentences_en.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    EXPECTED["sentences_en.csv"] = dict(goals=[
        goal("sentences_en", 2, "churn", baseline=8, target=3, unit="percent", direction="decrease", department="Success"),
        goal("sentences_en", 3, "uptime", target=99.9, unit="percent", direction="at_least"),
        goal("sentences_en", 4, "CSAT", baseline=4.1, target=4.6),
        goal("sentences_en", 5, "不良率", direction="decrease", unit="percent"),
        goal("sentences_en", 5, "納期遵守率", target=98, unit="percent"),
    ], non_goals=[])


def period_columns_ja():
    """Quarter columns with target/actual pairs in one cell each (目標Q1 … 実績Q4) and a 通期 target; the year from the title."""
    wb = Workbook()
    ws = wb.active
    ws.title = "営業部"
    ws.append(["営業部 2025年度 四半期目標"])
    ws.append([])
    ws.append(["KPI", "単位", "目標Q1", "実績Q1", "目標Q2", "実績Q2", "目標Q3", "実績Q3", "目標Q4", "実績Q4", "通期目標"])
    ws.append(["新規契約数", "件", 20, 18, 25, 27, 25, None, 30, None, 100])
    ws.append(["解約率", "%", 3, 3.2, 3, 2.9, 2.5, None, 2.5, None, 2.5])
    ws.append(["合計", None, 23, 21.2, 28, 29.9, 27.5, None, 32.5, None, 102.5])
    ws.append(["記入例：商談数", "件", 10, 9, 10, 11, 10, None, 10, None, 40])
    goals = [
        goal("営業部", 4, "新規契約数", target=100, current=27, unit="count", start="2025-04-01", due="2026-03-31"),
        goal("営業部", 5, "解約率", target=2.5, current=2.9, unit="percent", due="2026-03-31"),
    ]
    save(wb, "period_columns_ja.xlsx", goals, [dict(sheet="営業部", row=r) for r in (1, 3, 6, 7)])


def period_columns_en():
    """A two-row header: quarters with a year (Q1'25) merged over Goal / Fcst / Actual, and a Full Year group."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Metric", "Q1'25", None, None, "Q2'25", None, None, "Full Year", None])
    ws.append([None, "Goal", "Fcst", "Actual", "Goal", "Fcst", "Actual", "Goal", "Actual"])
    ws.append(["Revenue", 500, 480, 470, 550, 560, None, 2000, None])
    ws.append(["Churn rate", 0.03, 0.03, 0.031, 0.03, 0.028, None, 0.03, None])
    ws.append(["Total", 500.03, 480.03, 470.031, 550.03, 560.028, None, 2000.03, None])
    for c in range(2, 10):
        ws.cell(4, c).number_format = "0.0%"
    for rng in ("B1:D1", "E1:G1", "H1:I1"):
        ws.merge_cells(rng)
    goals = [
        goal("Plan", 3, "Revenue", target=2000, current=470, start="2025-01-01", due="2025-12-31"),
        goal("Plan", 4, "Churn rate", target=3, current=3.1, unit="percent", due="2025-12-31"),
    ]
    save(wb, "period_columns_en.xlsx", goals, [dict(sheet="Plan", row=r) for r in (1, 2, 5)])


def non_goals_en():
    """What is not a goal: a heading merged across the table, a review/approval block, a form's blanks, a bare
    number in the title column, a summary sheet of formulas over the goal sheet, a task list whose rows hold
    e-mails, and a lookup list of full names."""
    name = "non_goals_en.xlsx"
    wb = xlsxwriter.Workbook(os.path.join(HERE, name))
    ws = wb.add_worksheet("Goals")
    ws.write_row(0, 0, ["No", "Goal", "Target", "Actual", "Owner"])
    ws.merge_range(1, 0, 1, 3, "1. GROWTH OBJECTIVES - Max 50%")
    ws.write_formula(1, 4, "=SUM(C3:C4)", None, 5600)
    ws.write_row(2, 0, ["1.1", "Grow monthly revenue", 5000, 3200, "ann@example.test"])
    ws.write_row(3, 0, ["1.2", "Win new accounts", 600, 240, "bo@example.test"])
    ws.write_row(4, 0, ["1.3", 0.8])
    ws.write_row(6, 1, ["Review", None, "Approval"])
    ws.write_row(8, 1, ["Date …./ …../20..", None, "Date …./ …../20.."])
    summary = wb.add_worksheet("Summary")
    summary.write_row(0, 0, ["Goal", "Target", "Actual"])
    for i, (title, target, actual) in enumerate((("Revenue", 5000, 3200), ("Accounts", 600, 240))):
        summary.write(i + 1, 0, title)
        summary.write_formula(i + 1, 1, f"=Goals!C{i + 3}", None, target)
        summary.write_formula(i + 1, 2, f"=Goals!D{i + 3}", None, actual)
    tasks = wb.add_worksheet("Tasks")
    tasks.write_row(0, 0, ["objective", "taskName", "owner"])
    for i, (o, t, who) in enumerate((("Grow revenue", "Call 20 leads", "ann@example.test"), ("Grow revenue", "Send 50 offers", "bo@example.test"),
                                      ("Grow the team", "Discuss budget", "cy@example.test"), ("Grow the team", "Post two job ads", "ann@example.test"))):
        tasks.write_row(i + 1, 0, [o, t, who])
    lists = wb.add_worksheet("Lists")
    lists.write_row(0, 0, ["States", "Full Name", "Link Cell", "Result"])
    for i, (code, full) in enumerate((("NY", "New York"), ("AZ", "Arizona"), ("CA", "California"))):
        lists.write_row(i + 1, 0, [code, full])
    wb.close()
    goals = [
        goal("Goals", 3, "Grow monthly revenue", target=5000, current=3200, owner="ann@example.test"),
        goal("Goals", 4, "Win new accounts", target=600, current=240),
    ]
    EXPECTED[name] = dict(goals=goals, non_goals=[dict(sheet="Goals", row=r) for r in (2, 5, 7, 9)]
                          + [dict(sheet="Summary", row=r) for r in (2, 3)] + [dict(sheet="Tasks", row=r) for r in (2, 3, 4, 5)]
                          + [dict(sheet="Lists", row=r) for r in (2, 3, 4)])


def kpi_trees_ja():
    """KPI trees: a staircase (KGI / KSF / KPI columns, one level per row) whose targets are formulas over
    its children's cells; a numbered outline (1 → 1.1, ① under 2.1); an English tree by cell indentation."""
    name = "kpi_trees_ja.xlsx"
    wb = xlsxwriter.Workbook(os.path.join(HERE, name))
    pct = wb.add_format({"num_format": "0%"})
    ws = wb.add_worksheet("KPIツリー")
    ws.write_row(0, 0, ["KGI", "KSF", "KPI", "目標値", "実績"])
    ws.write(1, 0, "年間売上")
    ws.write_formula(1, 3, "=D3*D6*D7", None, 120000000)
    ws.write(1, 4, 52000000)
    ws.write(2, 1, "商談数")
    ws.write_formula(2, 3, "=D4*D5", None, 2000)
    ws.write(2, 4, 900)
    ws.write_row(3, 2, ["リード数", 8000, 3800])
    ws.write(4, 2, "商談化率")
    ws.write(4, 3, 0.25, pct)
    ws.write(4, 4, 0.24, pct)
    ws.write(5, 1, "受注率")
    ws.write(5, 3, 0.25, pct)
    ws.write(5, 4, 0.22, pct)
    ws.write_row(6, 1, ["平均単価", None, 240000, 260000])
    outline = wb.add_worksheet("番号")
    outline.write_row(0, 0, ["No", "目標", "目標値", "実績"])
    outline.write_row(1, 0, ["1", "顧客満足度を高める"])
    outline.write_row(2, 0, ["1.1", "NPSを30に", 30, 22])
    outline.write_row(3, 0, ["1.2", "解約率を3%以下に", "3%", "4%"])
    outline.write_row(4, 0, ["2", "生産性を上げる"])
    outline.write_row(5, 0, ["2.1", "一人当たり売上", 15000000, 9000000])
    outline.write_row(6, 0, [None, "① 残業時間を月20時間以内に", 20, 28])
    indent = wb.add_worksheet("Indent")
    indent.write_row(0, 0, ["KPI", "Target", "Actual"])
    for r, (title, level, target, actual) in enumerate((("Revenue", 0, 1000000, 420000), ("New business", 1, 400000, 150000),
                                                        ("Deals won", 2, 80, 31), ("Renewals", 1, 600000, 270000))):
        indent.write(r + 1, 0, title, wb.add_format({"indent": level}) if level else None)
        indent.write_row(r + 1, 1, [target, actual])
    wb.close()
    EXPECTED[name] = dict(goals=[
        goal("KPIツリー", 2, "年間売上", target=120000000, current=52000000, formula="商談数*受注率*平均単価", parent_ref=""),
        goal("KPIツリー", 3, "商談数", target=2000, formula="リード数*商談化率", parent_ref="年間売上"),
        goal("KPIツリー", 4, "リード数", target=8000, parent_ref="商談数"),
        goal("KPIツリー", 5, "商談化率", target=25, unit="percent", parent_ref="商談数"),
        goal("KPIツリー", 6, "受注率", target=25, parent_ref="年間売上"),
        goal("KPIツリー", 7, "平均単価", target=240000, parent_ref="年間売上"),
        goal("番号", 2, "顧客満足度", kind="objective"),
        goal("番号", 3, "NPS", target=30, parent_ref="1"),
        goal("番号", 4, "解約率", target=3, parent_ref="1"),
        goal("番号", 5, "生産性", kind="objective"),
        goal("番号", 6, "一人当たり売上", target=15000000, parent_ref="2"),
        goal("番号", 7, "残業時間", target=20, parent_ref="2.1"),
        goal("Indent", 2, "Revenue", parent_ref=""),
        goal("Indent", 3, "New business", parent_ref="Revenue"),
        goal("Indent", 4, "Deals won", parent_ref="New business"),
        goal("Indent", 5, "Renewals", parent_ref="Revenue"),
    ], non_goals=[dict(sheet="KPIツリー", row=1), dict(sheet="番号", row=1)])


def values_ja():
    """Values written against the baseline (ゼロ, 半減, 2倍, 前年比110%, 前期比+30%, 20%削減), bands
    (「1,200万円〜1,500万円」, 「±5%以内」), numbers stored as full-width text, dates as text (2026/3末), periods
    as due dates (上期, FY26, 2025年度), and the year from the workbook's title property when the sheet gives none."""
    wb = Workbook()
    wb.properties.title = "人事・営業 2025年度 目標"
    ws = wb.active
    ws.title = "目標"
    ws.append(["指標", "前年実績", "目標", "実績", "期限"])
    ws.append(["不良件数", "40件", "ゼロ", "12件", "2026/3末"])
    ws.append(["問い合わせ対応時間", "10分", "半減", "7分", "上期"])
    ws.append(["会員数", "5000人", "2倍", "7000人", "FY26"])
    ws.append(["売上", "1億円", "前年比110%", "0.6億円", None])
    ws.append(["受注件数", "200件", "前期比+30%", "150件", "2025年度"])
    ws.append(["返品件数", "50件", "20%削減", "45件", None])
    ws.append(["粗利", None, "1,200万円〜1,500万円", "900万円", None])
    ws.append(["予算差異", None, "±5%以内", "3%", None])
    ws.append(["研修受講者数", "８０", "１２０", "９５", None])
    goals = [
        goal("目標", 2, "不良件数", baseline=40, target=0, current=12, unit="count", due="2026-03-31"),
        goal("目標", 3, "問い合わせ対応時間", baseline=10, target=5, current=7, unit="minutes", direction="decrease", due="2025-09-30"),
        goal("目標", 4, "会員数", baseline=5000, target=10000, current=7000, due="2027-03-31"),
        goal("目標", 5, "売上", baseline=100000000, target=110000000, current=60000000, unit="jpy", due="2026-03-31"),
        goal("目標", 6, "受注件数", baseline=200, target=260, current=150, due="2026-03-31"),
        goal("目標", 7, "返品件数", baseline=50, target=40, direction="decrease"),
        goal("目標", 8, "粗利", target=12000000, current=9000000),
        goal("目標", 9, "予算差異", target=5, current=3, unit="percent", direction="range"),
        goal("目標", 10, "研修受講者数", baseline=80, target=120, current=95, due="2026-03-31"),
    ]
    save(wb, "values_ja.xlsx", goals, [dict(sheet="目標", row=1)])


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    for make in (multi_row_header_ja, multi_row_header_en, wide_export_en, content_roles_ja, period_rows_en, cards_ja, form_ja,
                 okr_en, kpi_year_en, sentences_en, period_columns_ja, period_columns_en, non_goals_en,
                 kpi_trees_ja, values_ja):
        make()
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(EXPECTED, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(EXPECTED)} fixtures to {HERE}")
