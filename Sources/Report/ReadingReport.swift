import Foundation
import GoalModel
import GoalSheetSupport
import Normalize
import SpreadsheetML

/// `goalsheet inspect`'s text: per sheet, what it was taken for, each region with its header rows and each
/// column's field (confidence, evidence), the rows skipped and why, and the goals read. Japanese for a
/// Japanese sheet, English otherwise. It prints the reader's own record (`FileReading`), not a second reading.
public enum ReadingReport {
    public static func text(_ file: FileReading) -> String {
        var out = "\(file.path)\n"
        for sheet in file.sheets {
            let ja = sheet.isJapanese
            out +=
                ja
                ? "  シート「\(sheet.name)」: \(verdict(sheet.verdict, ja))"
                : "  sheet \"\(sheet.name)\": \(verdict(sheet.verdict, ja))"
            out += sheet.why.isEmpty ? "\n" : " — \(sheet.why)\n"
            if let p = sheet.context.period, !sheet.context.periodText.isEmpty {
                out +=
                    ja
                    ? "    期間: 「\(sheet.context.periodText)」→ \(p.end)まで\n"
                    : "    period: \"\(sheet.context.periodText)\" → due \(p.end)\n"
            }
            if let o = sheet.context.owner { out += (ja ? "    担当（様式）: " : "    owner (form): ") + o + "\n" }
            if let d = sheet.context.department { out += (ja ? "    部署（様式）: " : "    department (form): ") + d + "\n" }
            let goals = file.nodes.filter { $0.source.sheet == sheet.name }
            for t in sheet.tables {
                out += region(t, goals: goals.filter { t.goalRows.contains($0.source.row) }, ja: ja)
            }
        }
        let warnings = file.warnings.filter { $0.rule == .lowConfidenceRead || $0.rule == .noGoals }
        for w in warnings { out += "  \(w.severity.rawValue): \(w.location?.sheet ?? ""): \(w.message) [\(w.rule)]\n" }
        return out
    }

    static func verdict(_ v: SheetReading.Verdict, _ ja: Bool) -> String {
        guard ja else { return v.rawValue }
        switch v {
        case .goalTables: return "目標の表"
        case .periodRows: return "期間別の行（実績・計画）"
        case .goalCards: return "目標カード"
        case .noGoals: return "目標なし"
        case .empty: return "空"
        case .repeatsAnotherSheet: return "他のシートの繰り返し"
        case .notAWorksheet: return "ワークシートではない"
        case .skippedByConfig: return "設定で除外"
        case .goalSheetSummary: return "GoalSheet の分析サマリー"
        case .unreadable: return "読めない"
        }
    }

    static func region(_ t: TableReading, goals: [GoalNode], ja: Bool) -> String {
        let table = t.table
        let headerRows =
            table.headerTop == table.headerRow
            ? "\(table.headerRow + 1)" : "\(table.headerTop + 1)–\(table.headerRow + 1)"
        let confidence = "\(ConfidencePercent.of(table.confidence))%"
        var out =
            ja
            ? "    領域 \(t.range)（\(layout(t.layout, ja))）: 見出し行 \(headerRows)、確信度 \(confidence)\n"
            : "    region \(t.range) (\(t.layout)): header row\(table.headerTop == table.headerRow ? "" : "s") \(headerRows), confidence \(confidence)\n"
        for a in table.assignments {
            let col = CellReference.columnName(a.column)
            out +=
                "      \(col) 「\(a.header)」 → \(a.role.rawValue) \(ConfidencePercent.of(a.confidence))% (\(a.evidence))\n"
        }
        if !table.extraColumns.isEmpty {
            let names = table.extraColumns.map { "\(CellReference.columnName($0)) 「\(table.headerNames[$0] ?? "")」" }
            out += (ja ? "      その他の列（extra）: " : "      extra: ") + names.joined(separator: ", ") + "\n"
        }
        if !t.skipped.isEmpty {
            let grouped = Dictionary(grouping: t.skipped, by: \.reason)
            let parts = SkipReason.allCases.compactMap { r -> String? in
                guard let rows = grouped[r] else { return nil }
                return "\(r.label(japanese: ja)) " + rowList(rows.map(\.row))
            }
            out += (ja ? "      読まなかった行: " : "      skipped: ") + parts.joined(separator: "; ") + "\n"
        }
        for n in goals { out += "      " + goalLine(n, ja: ja) + "\n" }
        return out
    }

    static func layout(_ l: String, _ ja: Bool) -> String {
        guard ja else { return l }
        return ["table": "表", "period rows": "期間別の行", "goal cards": "目標カード"][l] ?? l
    }

    /// "rows 3, 5–7" / 「3, 5–7行目」.
    static func rowList(_ rows: [Int]) -> String {
        let sorted = Array(Set(rows)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i] + 1)" : "\(sorted[i] + 1)–\(sorted[j] + 1)")
            i = j + 1
        }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// One goal, compactly: "row 16 kpi 「Achieve …」 target 5000 tons, due 2024-12-31".
    static func goalLine(_ n: GoalNode, ja: Bool) -> String {
        var parts = [
            (ja ? "\(n.source.row + 1)行目" : "row \(n.source.row + 1)"), n.kind.rawValue, "「\(short(n.title))」",
        ]
        if !n.category.isEmpty { parts.append((ja ? "分類 " : "category ") + "「\(short(n.category))」") }
        let unit = n.unit.map { " " + $0.rawValue } ?? ""
        if let b = n.baseline { parts.append((ja ? "基準 " : "baseline ") + PlainDecimal.format(b) + unit) }
        if let c = n.current { parts.append((ja ? "現状 " : "current ") + PlainDecimal.format(c) + unit) }
        if let t = n.target { parts.append((ja ? "目標 " : "target ") + PlainDecimal.format(t) + unit) }
        if let d = n.direction { parts.append(d.rawValue) }
        if let d = n.due { parts.append((ja ? "期限 " : "due ") + d.description) }
        if !n.owner.isEmpty { parts.append((ja ? "担当 " : "owner ") + n.owner) }
        if !n.parentRef.isEmpty { parts.append((ja ? "上位 " : "parent ") + short(n.parentRef)) }
        return parts.joined(separator: " ")
    }

    static func short(_ s: String) -> String {
        let one = s.split(whereSeparator: \.isNewline).map(String.init).joined(separator: " ")
        return one.count > 40 ? String(one.prefix(39)) + "…" : one
    }

    /// The YAML mapping (the config format `--config` reads) that reproduces this reading: one entry per sheet
    /// with goals, its header row and its columns' fields. A user fixes a stubborn sheet by editing a line.
    public static func configYAML(_ files: [FileReading]) -> String {
        var out = "# Written by goalsheet inspect --config-out: how each sheet was read. Edit a column's field or the\n"
        out += "# header row and pass this file with --config to read the sheet that way.\nsheets:\n"
        for file in files {
            let name = (file.path as NSString).lastPathComponent
            for sheet in file.sheets {
                guard let t = sheet.tables.first(where: { $0.layout == "table" && !$0.goalRows.isEmpty }) else {
                    continue
                }
                out +=
                    "  - file: \(quoted(name))\n    sheet: \(quoted(sheet.name))\n    header_row: \(t.table.headerRow + 1)\n    columns:\n"
                for a in t.table.assignments {
                    out +=
                        "      \(CellReference.columnName(a.column)): \(a.role.rawValue)  # \(a.header.isEmpty ? "-" : a.header), \(ConfidencePercent.of(a.confidence))%\n"
                }
            }
        }
        return out
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
