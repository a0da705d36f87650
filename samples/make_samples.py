#!/usr/bin/env python3
"""Makes the sample sheets with tools other than GoalSheet (openpyxl, Python's Shift_JIS codec).

The NexBridge case: a company OKR sheet laid out as a planning office would (title and date above
the header, a merged title cell, percentages as numbers with a percent format), the company's KPI
trees, and three departments in three layouts: 営業部 as a Shift_JIS CSV, 開発部 as OKR sentences,
CS部 with English headers, merged cells and full-width digits. Old to-do goals (新規契約100社,
新機能20個実装, 月間問い合わせ対応500件) sit beside aligned ones. Run: python3 samples/make_samples.py
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
    w.writerow(["営業部", "契約後3ヶ月の利用継続率を80%に向上", "80%", "68%", "佐藤", "解約率の低下"])
    w.writerow(["営業部", "初回オンボーディングの完了率を95%に向上", "95%", "82%", "鈴木", "KR1"])
    w.writerow(["営業部", "月間商談数", "月50件", "月42件", "高橋", "T2"])
    with open(os.path.join(HERE, "sales_dept_goals_sjis.csv"), "wb") as f:
        f.write(buf.getvalue().encode("cp932"))


def dev_okr():
    """開発部: OKR in sentence form, one cell per key result, a type column and ids with a prefix."""
    wb = Workbook()
    ws = wb.active
    ws.title = "開発部OKR"
    ws["A1"] = "開発部 2025年度下期 OKR（10月〜3月）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws["A2"] = "更新日: 2025/12/26"
    header = ["No.", "区分", "内容", "現状", "担当者", "関連する全社KR"]
    for col, name in enumerate(header, start=1):
        ws.cell(row=4, column=col, value=name).font = Font(bold=True)
    rows = [
        ("D-O1", "Objective", "顧客が求める機能を最速で届ける", None, "山田", "O1"),
        ("D-KR1", "KR", "顧客要望トップ5の機能を四半期内に実装", 2, "山田", "KR1"),
        ("D-KR2", "KR", "新機能のユーザー満足度を平均4.5/5以上に", "4.1/5", "伊藤", "KR1"),
        ("D-KR3", "KR", "システム障害による停止時間を月1時間以内に抑える", "1.5時間", "中村", "KR2"),
        ("D-KR4", "KR", "新規バグレポートの月間平均件数を72件から60件に削減する", "65件", "中村", "解約率"),
        ("D-KR5", "KR", "テストカバレッジを35%から50%に高める", 0.41, "伊藤", None),
        None,
        ("【旧目標（参考）】",),
        ("D-T1", "KPI", "新機能20個実装", "12個", "山田", None),
    ]
    r = 5
    for values in rows:
        if values is not None:
            for c, v in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, float):
                    cell.number_format = "0%"
        r += 1
    ws.column_dimensions["C"].width = 52
    wb.save(os.path.join(HERE, "dev_okr_2025h2.xlsx"))


def cs_kpi():
    """CS部: English headers, a department column merged down, full-width digits, a blank row inside
    the table, era and fiscal-year dates, a value still being counted, and a second table below."""
    wb = Workbook()
    ws = wb.active
    ws.title = "CS KPI"
    ws["A1"] = "CS部 KPI管理表 FY2025"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:I1")
    header = ["Department", "KPI", "Unit", "Baseline", "Target", "Actual", "Due", "Owner", "Aligned to"]
    for col, name in enumerate(header, start=1):
        ws.cell(row=3, column=col, value=name).font = Font(bold=True)
    rows = [
        ("CS部", "月間問い合わせ対応500件", "件", "４２０", "５００", "４６０", "2026年3月末", "小林", None),
        ("CS部", "問い合わせ対応時間（平均）", "時間", 48, 12, 30, "令和8年3月31日", "小林", "KR3"),
        None,
        ("CS部", "自己解決率", "%", 0.35, 0.60, 0.44, "FY2025", "加藤", "平均対応時間の短縮"),
        ("CS部", "サポート満足度", "スコア", "4.1/5", "4.8/5", "4.3/5", dt.date(2026, 3, 31), "加藤", "顧客満足度"),
        ("CS部", "エスカレーション件数", "件/月", 30, 10, "集計中", "2026/3/31", "加藤", "KR3"),
    ]
    r = 4
    for values in rows:
        if values is not None:
            for c, v in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, float):
                    cell.number_format = "0%"
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy/m/d"
        r += 1
    ws.merge_cells("A4:A9")
    # A second table: the onboarding team's KPIs, with its own header.
    ws.cell(row=12, column=1, value="Team").font = Font(bold=True)
    ws.cell(row=12, column=2, value="KPI").font = Font(bold=True)
    ws.cell(row=12, column=3, value="Target").font = Font(bold=True)
    ws.cell(row=12, column=4, value="Actual").font = Font(bold=True)
    ws.cell(row=12, column=5, value="Aligned to").font = Font(bold=True)
    for r, values in enumerate([("CS部", "オンボーディング完了までの日数を20日から14日に短縮", "14日", "17日", "KR1")], start=13):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    wb.save(os.path.join(HERE, "cs_kpi_fy2025.xlsx"))


def kpi_tree():
    """The company's KPI trees: 四半期売上 = 月間商談数 × 3 × 受注率 × 受注単価 (consistent), and an EC
    tree whose arithmetic does not add up (1億円 stated, 12億円 implied)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "売上KPIツリー"
    ws["A1"] = "2025年度 第3四半期 売上KPIツリー"
    ws["A1"].font = Font(bold=True)
    header = ["ID", "区分", "指標", "目標値", "単位", "期間", "算出式", "上位", "現状", "期限"]
    for col, name in enumerate(header, start=1):
        ws.cell(row=3, column=col, value=name).font = Font(bold=True)
    rows = [
        ("T1", "KGI", "四半期売上", 3000, "万円", "四半期", "T2×3×T3×T4", None, 1885, "FY2025 Q3"),
        ("T2", "KPI", "月間商談数", 50, "件", "月", None, "T1", 42, "FY2025 Q3"),
        ("T3", "KPI", "受注率", 0.20, None, None, "T5×T6", "T1", 0.1575, "FY2025 Q3"),
        ("T4", "KPI", "受注単価", 100, "万円", None, None, "T1", 95, "FY2025 Q3"),
        ("T5", "KPI", "商談化率", 0.50, None, None, None, "T3", 0.45, "FY2025 Q3"),
        ("T6", "KPI", "商談成約率", 0.40, None, None, None, "T3", 0.35, "FY2025 Q3"),
    ]
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, float):
                cell.number_format = "0.0%"
            elif isinstance(v, int) and c in (4, 9):
                cell.number_format = "#,##0"
    ec = wb.create_sheet("ECツリー")
    header = ["ID", "区分", "指標", "目標値", "算出式", "上位"]
    for col, name in enumerate(header, start=1):
        ec.cell(row=1, column=col, value=name).font = Font(bold=True)
    rows = [
        ("E1", "KGI", "年間売上", "1億円", "E2×12×E3", None),
        ("E2", "KPI", "新規顧客獲得数", "月200件", None, "E1"),
        ("E3", "KPI", "平均購入単価", "50万円", None, "E1"),
    ]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ec.cell(row=r, column=c, value=v)
    wb.save(os.path.join(HERE, "nexbridge_kpi_tree.xlsx"))


if __name__ == "__main__":
    company_okr()
    sales_csv()
    dev_okr()
    cs_kpi()
    kpi_tree()
