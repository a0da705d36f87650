import GoalModel
import Ingest
import SpreadsheetML

/// What a column of a goal table holds.
public enum ColumnRole: String, Sendable, CaseIterable, Codable {
    case id, type, title, objective, keyResult = "key_result", metric, unit, baseline, current, target
    case start, due, owner, department, parent, weight, formula, direction, period

    /// Header names, Japanese and English, compared width- and case-insensitively.
    static let builtInSynonyms: [ColumnRole: [String]] = [
        .id: ["ID", "No", "No.", "番号", "#", "管理番号", "コード", "Code", "KPI ID", "目標ID", "項番", "通番"],
        .type: ["区分", "種別", "種類", "Type", "Kind", "分類", "階層", "レベル", "Level"],
        .title: ["目標", "KPI", "KPI名", "指標", "指標名", "内容", "目標内容", "Goal", "Goals", "目標項目", "項目", "成果指標",
                 "Measure", "KPI項目", "目標名", "テーマ", "施策目標", "Name", "Title"],
        .objective: ["Objective", "Objectives", "目的", "オブジェクティブ", "O"],
        .keyResult: ["Key Result", "Key Results", "KR", "主要な成果", "主要成果", "成果(KR)", "KRs"],
        .metric: ["測定指標", "Metric", "計測指標", "評価指標"],
        .unit: ["単位", "Unit", "Units"],
        .baseline: ["基準値", "前年実績", "開始値", "Baseline", "Start Value", "初期値", "期初値", "前期実績", "昨年度実績", "前年度実績",
                    "Base", "開始時点", "現状値(開始時)"],
        .current: ["現状", "実績", "現状値", "Actual", "Current", "実績値", "進捗", "現在値", "最新値", "見込", "Actuals", "Current Value",
                   "直近実績", "現在"],
        .target: ["目標値", "ターゲット", "Target", "目標数値", "計画値", "Goal Value", "目標水準", "年度目標", "期末目標", "計画", "Plan",
                  "Target Value", "目標(数値)"],
        .start: ["開始日", "開始", "Start", "Start Date", "期間開始", "From"],
        .due: ["期限", "期日", "Due", "Deadline", "達成期限", "締切", "Due Date", "期末", "完了予定日", "目標期限", "To", "End Date"],
        .owner: ["担当", "担当者", "責任者", "Owner", "Assignee", "主担当", "オーナー", "Responsible"],
        .department: ["部門", "部署", "Team", "Department", "Dept", "部", "チーム", "所属", "組織"],
        .parent: ["上位", "親ID", "関連", "全社目標との関連", "Parent", "Aligned to", "Aligned", "上位目標", "紐づく全社KR", "関連KR",
                  "連動する全社目標", "貢献先", "関連する全社KR", "上位OKR", "Parent ID", "Contributes to", "上位KPI", "親", "関連全社目標"],
        .weight: ["ウェイト", "Weight", "重み", "比重", "配点", "ウエイト"],
        .formula: ["算出式", "Formula", "計算式", "式", "算式", "分解式", "Calculation"],
        .direction: ["方向", "Direction", "方向性", "評価方向", "増減"],
        .period: ["期間", "集計期間", "周期", "Per", "頻度", "Period", "集計単位"],
    ]
}

/// Reads a header cell's text into a role, using the built-in synonyms plus the config's.
public struct HeaderMatcher: Sendable {
    var exact: [String: ColumnRole] = [:]
    /// Names that may match inside a longer header, longest first.
    var contained: [([Unicode.Scalar], ColumnRole)] = []

    public init(extra: [String: [String]] = [:]) {
        var all = ColumnRole.builtInSynonyms
        for (role, names) in extra { if let r = ColumnRole(rawValue: role) { all[r, default: []] += names } }
        for (role, names) in all {
            for n in names {
                let k = TextNormalizer.matchKey(n)
                if exact[k] == nil || extra[role.rawValue]?.contains(n) == true { exact[k] = role }
                // Only distinctive names match inside longer headers ("KPI名称", "上位目標ID").
                if k.count >= 2, !["to", "部", "o", "no", "id", "kr"].contains(k) { contained.append((Array(k.unicodeScalars), role)) }
            }
        }
        contained.sort { $0.0.count > $1.0.count }
    }

    /// Offset of the first occurrence of `needle` in `hay`, by scalars (Foundation's `range(of:)` is slow
    /// on Linux for this many calls).
    static func firstOffset(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        outer: for i in 0...(hay.count - needle.count) {
            for j in 0..<needle.count where hay[i + j] != needle[j] { continue outer }
            return i
        }
        return nil
    }

    /// The header's role and the text in its brackets ("現状(6月末)" → current, "6月末").
    public func match(_ header: String) -> (ColumnRole, String?)? {
        let (base, bracket) = HeaderMatcher.splitBracket(header)
        let k = TextNormalizer.matchKey(base)
        guard !k.isEmpty, k.count <= 24 else { return nil }
        if let r = exact[k] { return (r, bracket) }
        if let full = exact[TextNormalizer.matchKey(header)] { return (full, nil) }
        // The longest name inside the header wins; between equally long ones, the one written first
        // ("上位目標ID" is a parent, not an id).
        let scalars = Array(k.unicodeScalars)
        var best: (length: Int, offset: Int, role: ColumnRole)?
        for (name, role) in contained {
            if let b = best, name.count < b.length { break }
            guard let at = HeaderMatcher.firstOffset(scalars, name) else { continue }
            if best == nil || at < best!.offset { best = (name.count, at, role) }
        }
        return best.map { ($0.role, bracket) }
    }

    /// "現状(6月末)" → ("現状", "6月末"); "目標値（2026/3）" → ("目標値", "2026/3").
    static func splitBracket(_ s: String) -> (String, String?) {
        let t = TextNormalizer.foldWidth(s).trimmingSpaces
        guard t.hasSuffix(")"), let open = t.lastIndex(of: "(") else { return (t, nil) }
        let inner = String(t[t.index(after: open)..<t.index(before: t.endIndex)]).trimmingSpaces
        return (String(t[..<open]).trimmingSpaces, inner.isEmpty ? nil : inner)
    }
}

/// A sheet's cells in memory (goal sheets are small), with merged ranges filled in.
public struct SheetGrid: Sendable {
    public struct GridCell: Sendable, Equatable {
        public var value: CellValue
        /// The cell's number format shows a percentage (0.68 shown as 68%).
        public var isPercent: Bool
        /// The cell was empty and took the value of its merged range's top-left cell.
        public var fromMerge: Bool
        /// The cell's style (cellXfs index), for annotations that match their row's look.
        public var style: Int = 0
    }

    public var rows: [[GridCell]]
    public var is1904: Bool
    /// Merged ranges of the sheet (annotation columns never land inside one).
    public var mergedRanges: [CellRange] = []

    static let emptyCell = GridCell(value: .empty, isPercent: false, fromMerge: false)

    public subscript(row: Int, column: Int) -> GridCell {
        guard row >= 0, row < rows.count, column >= 0, column < rows[row].count else { return SheetGrid.emptyCell }
        return rows[row][column]
    }

    /// Reads one sheet of a document, filling each merged range with its top-left value.
    /// Cells inside `ignoring` (GoalSheet's own columns from an earlier run) are left out.
    public static func load(_ doc: SpreadsheetDocument, sheet: SheetDescriptor, maxRows: Int = 100_000, ignoring: [CellRange] = []) throws -> SheetGrid {
        let cursor = try doc.rows(of: sheet)
        var grid = SheetGrid(rows: [], is1904: doc.workbook?.is1904 ?? false)
        while let row = try cursor.next() {
            guard row.index < maxRows else { break }
            while grid.rows.count <= row.index { grid.rows.append([]) }
            var cells = grid.rows[row.index]
            for cell in row.cells where cell.column < 512 {
                if !ignoring.isEmpty && ignoring.contains(where: { $0.contains(CellReference(row: cell.row, column: cell.column)) }) { continue }
                while cells.count <= cell.column { cells.append(emptyCell) }
                let fmt = doc.numberFormat(of: cell)
                cells[cell.column] = GridCell(value: cell.value, isPercent: fmt.kind == .percent, fromMerge: false, style: cell.styleIndex)
            }
            grid.rows[row.index] = cells
        }
        if let reader = cursor as? WorksheetReader {
            grid.mergedRanges = reader.mergedRanges
            for range in reader.mergedRanges {
                let anchor = grid[range.start.row, range.start.column]
                guard !anchor.value.isEmpty else { continue }
                let lastRow = min(range.end.row, grid.rows.count - 1, range.start.row + 1000)
                let lastCol = min(range.end.column, range.start.column + 100)
                guard lastRow >= range.start.row else { continue }
                for r in range.start.row...lastRow {
                    for c in range.start.column...lastCol where !(r == range.start.row && c == range.start.column) {
                        while grid.rows[r].count <= c { grid.rows[r].append(emptyCell) }
                        if grid.rows[r][c].value.isEmpty {
                            grid.rows[r][c] = GridCell(value: anchor.value, isPercent: anchor.isPercent, fromMerge: true, style: grid.rows[r][c].style)
                        }
                    }
                }
            }
        }
        return grid
    }

    /// Text of a cell as a person reads it: text as is, numbers plainly, dates in ISO.
    public func text(_ row: Int, _ column: Int) -> String {
        switch self[row, column].value {
        case .empty: return ""
        case .text(let s): return s.trimmingSpaces
        case .number(let v): return PlainDecimal.format(v)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .date(let d): return d.isoString ?? PlainDecimal.format(d.serial)
        case .duration(let d): return PlainDecimal.format(d)
        case .error(let e): return e
        }
    }
}

/// A goal table found in a sheet: its header row, its columns' roles and its rows.
public struct GoalTable: Sendable {
    public var headerRow: Int
    /// Role → 0-based column.
    public var columns: [ColumnRole: Int]
    /// The bracketed text of each role's header ("6月末" of "現状(6月末)").
    public var headerNotes: [ColumnRole: String]
    /// The header text of each column, for messages.
    public var headerNames: [Int: String]
    /// Data rows, from the row after the header to the row before the next table (0-based).
    public var rows: Range<Int>
}

/// Finds goal tables: any row where at least two cells name known roles, one of them a title,
/// objective or key result (or a fixed mapping from the config).
public enum HeaderDetector {
    public static func tables(in grid: SheetGrid, matcher: HeaderMatcher, override: NormalizeConfig.SheetOverride? = nil) -> [GoalTable] {
        if let o = override, let fixed = o.columns, !fixed.isEmpty {
            var cols: [ColumnRole: Int] = [:]
            for (letter, role) in fixed { if let c = CellReference.columnIndex(letter), let r = ColumnRole(rawValue: role) { cols[r] = c } }
            let header = (o.headerRow ?? 1) - 1
            var names: [Int: String] = [:]
            for c in cols.values { names[c] = grid.text(header, c) }
            return [GoalTable(headerRow: header, columns: cols, headerNotes: [:], headerNames: names, rows: (header + 1)..<max(header + 1, grid.rows.count))]
        }
        var headers: [(Int, [ColumnRole: Int], [ColumnRole: String], [Int: String])] = []
        let candidates: [Int] = override?.headerRow.map { [$0 - 1] } ?? Array(0..<grid.rows.count)
        for r in candidates where r >= 0 && r < grid.rows.count {
            var cols: [ColumnRole: Int] = [:]
            var notes: [ColumnRole: String] = [:]
            var names: [Int: String] = [:]
            var texts = 0
            for (c, cell) in grid.rows[r].enumerated() {
                guard case .text(let t) = cell.value, !cell.fromMerge || c == 0 else { continue }
                texts += 1
                guard let (role, note) = matcher.match(t) else { continue }
                if cols[role] == nil {
                    cols[role] = c
                    if let note { notes[role] = note }
                    names[c] = t.trimmingSpaces
                } else if role == .title, cols[.target] == nil {
                    // A second "目標…" column is the target ("2025年度目標").
                    cols[.target] = c
                    names[c] = t.trimmingSpaces
                }
            }
            let hasTitle = cols[.title] != nil || cols[.objective] != nil || cols[.keyResult] != nil || cols[.metric] != nil
            // A header is mostly role names: at least two, and at least half of its text cells.
            if hasTitle, cols.count >= 2, cols.count * 2 >= texts {
                // Not a repeat of the previous table's header with the same roles right below it.
                if let last = headers.last, last.0 == r - 1 { continue }
                headers.append((r, cols, notes, names))
            }
        }
        var tables: [GoalTable] = []
        for (i, h) in headers.enumerated() {
            let end = i + 1 < headers.count ? headers[i + 1].0 : grid.rows.count
            tables.append(GoalTable(headerRow: h.0, columns: h.1, headerNotes: h.2, headerNames: h.3, rows: (h.0 + 1)..<max(h.0 + 1, end)))
        }
        return tables
    }
}
