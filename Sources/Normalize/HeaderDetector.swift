import GoalModel
import GoalSheetSupport
import Ingest
import SpreadsheetML

/// What a column of a goal table holds.
public enum ColumnRole: String, Sendable, CaseIterable, Codable {
    case id, type, title, objective, keyResult = "key_result", metric, unit, baseline, current, target
    case start, due, owner, department, parent, weight, formula, direction, period
    /// One period's figure in a period layout (目標Q1, "Q1'25 / Actual"): many columns, read by `PeriodColumnFinder`.
    case periodValue = "period_value"
    /// The coarser level of a hierarchical title (大項目, Perspective, KPI Group).
    case category
    /// The bounds of a band target ("Min Target", "Max Target", 下限, 上限).
    case targetMin = "target_min", targetMax = "target_max"

    /// Header names, Japanese and English, compared width- and case-insensitively.
    static let builtInSynonyms: [ColumnRole: [String]] = [
        .id: [
            "ID", "No", "No.", "番号", "#", "管理番号", "コード", "Code", "KPI ID", "目標ID", "項番", "通番", "S.No", "S. No.",
            "Sr. No.",
            "KR No.", "KR No", "Goal ID", "Objective ID",
        ],
        .type: ["区分", "種別", "種類", "Type", "Kind", "階層", "レベル", "Level", "OKR Type", "Goal Type", "Object Type"],
        .title: [
            "目標", "KPI", "KPI名", "指標", "指標名", "内容", "目標内容", "Goal", "Goals", "目標項目", "項目", "成果指標",
            "Measure", "KPI項目", "目標名", "テーマ", "施策目標", "Name", "Title", "小項目", "Name of KPI", "KPI Name", "Indicator",
            "Indicators", "指標項目", "評価項目", "Goal Name", "Performance Measure", "Target or KPI", "KGI", "KSF", "KFS",
            "CSF",
        ],
        .objective: ["Objective", "Objectives", "目的", "オブジェクティブ", "O"],
        .keyResult: ["Key Result", "Key Results", "KR", "主要な成果", "主要成果", "成果(KR)", "KRs"],
        .metric: ["測定指標", "Metric", "計測指標", "評価指標"],
        .unit: ["単位", "Unit", "Units"],
        .baseline: [
            "基準値", "前年実績", "開始値", "Baseline", "Start Value", "初期値", "期初値", "前期実績", "昨年度実績", "前年度実績",
            "Base", "開始時点", "現状値(開始時)", "Initial Value", "Starting Value", "Baseline Value", "前年度", "前年値", "PY",
        ],
        .current: [
            "現状", "実績", "現状値", "Actual", "Current", "実績値", "進捗", "現在値", "最新値", "見込", "Actuals", "Current Value",
            "直近実績", "現在", "Progress", "Progress %", "Actual Value", "Result", "Current value", "実績見込",
        ],

        .target: [
            "目標値", "ターゲット", "Target", "目標数値", "計画値", "Goal Value", "目標水準", "年度目標", "期末目標", "計画", "Plan",
            "Target Value", "目標(数値)", "Target Values", "Goal Target", "KPI Target", "目標水準値", "到達目標",
        ],
        .start: ["開始日", "開始", "Start", "Start Date", "期間開始", "From"],
        .due: [
            "期限", "期日", "Due", "Deadline", "達成期限", "締切", "Due Date", "期末", "完了予定日", "目標期限", "To", "End Date",
            "Year", "年度", "対象年度", "Fiscal Year", "FY", "Target Date", "End", "終了日", "Timeline",
        ],
        .owner: [
            "担当", "担当者", "責任者", "Owner", "Assignee", "主担当", "オーナー", "Responsible", "Owner Name", "責任者名",
            "担当者名", "Accountable", "Lead", "Full Name", "氏名", "名前", "Employee Name", "社員名", "Person",
        ],
        .department: ["部門", "部署", "Team", "Department", "Dept", "部", "チーム", "所属", "組織"],
        .parent: [
            "上位", "親ID", "関連", "全社目標との関連", "Parent", "Aligned to", "Aligned", "上位目標", "紐づく全社KR", "関連KR",
            "連動する全社目標", "貢献先", "関連する全社KR", "上位OKR", "Parent ID", "Contributes to", "上位KPI", "親", "関連全社目標",
        ],
        .weight: ["ウェイト", "Weight", "重み", "比重", "配点", "ウエイト"],
        .formula: ["算出式", "Formula", "計算式", "式", "算式", "分解式", "Calculation"],
        .direction: ["方向", "Direction", "方向性", "評価方向", "増減", "Desired Direction", "Polarity", "Better if"],
        .period: ["期間", "集計期間", "周期", "Per", "頻度", "Period", "集計単位", "Frequency"],
        .category: [
            "大項目", "中項目", "カテゴリ", "カテゴリー", "Category", "分類", "視点", "Perspective", "Group", "グループ", "領域",
            "分野", "Area", "Pillar", "KPI Group", "Goal Area", "目標区分", "Focus Area", "Strategic Objective", "戦略目標",
        ],
        .targetMin: ["Min Target", "Minimum Target", "下限", "目標下限", "Target Min", "Lower Bound"],
        .targetMax: ["Max Target", "Maximum Target", "上限", "目標上限", "Target Max", "Upper Bound", "Stretch"],
    ]

    /// Synonyms that name a field less surely than the others (a "Progress %" column loses to "Current Value").
    static let secondarySynonyms: Set<String> = ["progress", "progress%", "result", "実績見込", "見込", "plan", "計画"]
}

/// Reads a header cell's text into a role, using the built-in synonyms plus the config's.
public struct HeaderMatcher: Sendable {
    var exact: [String: ColumnRole] = [:]
    /// Names that may match inside a longer header, longest first.
    var contained: [([Unicode.Scalar], ColumnRole, ScalarPresence)] = []
    /// Headers already scored (every data row's short texts are scored as possible headers).
    private let memo = TextMemo<HeaderScore?>()
    /// Short cell texts already classed as header evidence (`RegionFinder.evidence`), run-wide.
    let headerCellKinds = TextMemo<RegionFinder.HeaderCellKind>()

    /// A header's role, how surely it names it, the bracketed note beside it, and the synonym matched.
    public typealias HeaderScore = (role: ColumnRole, strength: Double, note: String?, synonym: String)

    public init(extra: [String: [String]] = [:]) {
        var all = ColumnRole.builtInSynonyms
        for (role, names) in extra { if let r = ColumnRole(rawValue: role) { all[r, default: []] += names } }
        for (role, names) in all {
            for n in names {
                let k = TextNormalizer.matchKey(n)
                if exact[k] == nil || extra[role.rawValue]?.contains(n) == true { exact[k] = role }
                // Only distinctive names match inside longer headers ("KPI名称", "上位目標ID").
                if k.count >= 2,
                    ![
                        "to", "部", "o", "no", "id", "kr", "fy", "py", "end", "lead", "year", "group", "area", "result",
                        "progress", "base",
                    ].contains(k)
                {
                    contained.append((Array(k.unicodeScalars), role, ScalarPresence(k.unicodeScalars)))
                }
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
        guard !k.isEmpty, k.count <= 40 else { return nil }
        if let r = exact[k] { return (r, bracket) }
        if let full = exact[TextNormalizer.matchKey(header)] { return (full, nil) }
        // The longest name inside the header wins; between equally long ones, the one written first
        // ("上位目標ID" is a parent, not an id).
        return longestContained(k).map { ($0.0, bracket) }
    }

    /// The header's role with how strongly the header says so: 1 for a synonym, 0.75 for a synonym inside a
    /// longer header (0.9 when the header calls itself a name: "KPI Name", "目標名"), with the synonym matched.
    public func score(_ header: String) -> HeaderScore? { memo.value(for: header, scoreOnce) }

    func scoreOnce(_ header: String) -> HeaderScore? {
        let (base, bracket) = HeaderMatcher.splitBracket(header)
        let k = TextNormalizer.matchKey(base)
        guard !k.isEmpty, k.count <= 40 else { return nil }
        if let r = exact[k] { return (r, ColumnRole.secondarySynonyms.contains(k) ? 0.8 : 1, bracket, base) }
        if let full = exact[TextNormalizer.matchKey(header)] { return (full, 1, nil, header) }
        // A synonym inside a long text is a sentence, not a header ("PL-02 - 2024 Goals/KPIs Setting").
        guard k.count <= 20, let (role, synonym) = longestContained(k) else { return nil }
        let named = k.hasPrefix("nameof") || k.hasSuffix("name") || k.hasSuffix("名") || k.hasSuffix("名称")
        return (role, named && role == .title ? 0.9 : 0.75, bracket, synonym)
    }

    /// The longest synonym inside a match key; between equally long ones, the one written first.
    func longestContained(_ k: String) -> (ColumnRole, String)? {
        let scalars = Array(k.unicodeScalars)
        let present = ScalarPresence(scalars)
        var best: (length: Int, offset: Int, role: ColumnRole, name: [Unicode.Scalar])?
        for (name, role, needs) in contained {
            if let b = best, name.count < b.length { break }
            guard present.mayContain(needs), let at = HeaderMatcher.firstOffset(scalars, name) else { continue }
            if best == nil || at < best!.offset { best = (name.count, at, role, name) }
        }
        return best.map { ($0.role, String(String.UnicodeScalarView($0.name))) }
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
        /// The cell's font is struck through (a withdrawn goal).
        public var isStruck: Bool = false
        /// The cell's indent level (`<alignment indent>`), for KPI trees drawn by indentation.
        public var indent: Int = 0
        /// The value came from a merge anchored in another column (a heading spanning the table), so it
        /// says nothing about this column's content.
        public var fromMergeAcross: Bool = false
        /// The cell's formula refers to another sheet (`Finance!C2`): a summary sheet's number.
        public var refersToOtherSheet: Bool = false
    }

    public var rows: [[GridCell]]
    public var is1904: Bool
    /// Merged ranges of the sheet (annotation columns never land inside one).
    public var mergedRanges: [CellRange] = []
    /// Rows hidden in the sheet (`<row hidden="1">`), 0-based.
    public var hiddenRows: Set<Int> = []
    /// The sheets this sheet's formulas refer to (`Finance!C2`, `'営業 実績'!B3`).
    public var referencedSheets: Set<String> = []
    /// Short formulas over this sheet's cells (`D3*D6*D7`, `SUM(D4:D5)`), by cell: a KPI tree's arithmetic.
    public var formulas: [CellReference: String] = [:]

    static let emptyCell = GridCell(value: .empty, isPercent: false, fromMerge: false)

    public subscript(row: Int, column: Int) -> GridCell {
        guard row >= 0, row < rows.count, column >= 0, column < rows[row].count else { return SheetGrid.emptyCell }
        return rows[row][column]
    }

    /// Reads one sheet of a document, filling each merged range with its top-left value.
    /// Cells inside `ignoring` (GoalSheet's own columns from an earlier run) are left out. With `readAhead`, the
    /// sheet's XML is parsed on a thread of its own while the grid is built here (`RowReadAhead`).
    public static func load(
        _ doc: SpreadsheetDocument, sheet: SheetDescriptor, maxRows: Int = 100_000, ignoring: [CellRange] = [],
        readAhead: Bool = false
    ) throws -> SheetGrid {
        let rows = try doc.rows(of: sheet)
        let cursor: RowCursor = readAhead ? RowReadAhead(rows) : rows
        var grid = SheetGrid(rows: [], is1904: doc.is1904)
        while let row = try cursor.next() {
            guard row.index < maxRows else { break }
            while grid.rows.count <= row.index { grid.rows.append([]) }
            if row.isHidden { grid.hiddenRows.insert(row.index) }
            var cells = grid.rows[row.index]
            for cell in row.cells where cell.column < 512 {
                if !ignoring.isEmpty
                    && ignoring.contains(where: { $0.contains(CellReference(row: cell.row, column: cell.column)) })
                {
                    continue
                }
                while cells.count <= cell.column { cells.append(emptyCell) }
                let fmt = doc.numberFormat(of: cell)
                let refs = cell.formula.map(FormulaSheetNames.names(in:)) ?? []
                grid.referencedSheets.formUnion(refs)
                if let f = cell.formula, refs.isEmpty, f.utf8.count <= 200 {
                    grid.formulas[CellReference(row: cell.row, column: cell.column)] = f
                }
                cells[cell.column] = GridCell(
                    value: cell.value, isPercent: fmt.kind == .percent, fromMerge: false, style: cell.styleIndex,
                    isStruck: doc.isStruck(cell), indent: doc.indent(of: cell), refersToOtherSheet: !refs.isEmpty)
            }
            grid.rows[row.index] = cells
        }
        grid.fillMerged(cursor.mergedRanges)
        return grid
    }

    /// Records the merged ranges and fills each one's cells with its top-left value (up to 1,000 rows and 100
    /// columns of it), marking them as filled from a merge.
    mutating func fillMerged(_ ranges: [CellRange]) {
        mergedRanges = ranges
        for range in ranges {
            let anchor = self[range.start.row, range.start.column]
            guard !anchor.value.isEmpty else { continue }
            let lastRow = min(range.end.row, rows.count - 1, range.start.row + 1000)
            let lastCol = min(range.end.column, range.start.column + 100)
            guard lastRow >= range.start.row else { continue }
            for r in range.start.row...lastRow {
                for c in range.start.column...lastCol where !(r == range.start.row && c == range.start.column) {
                    while rows[r].count <= c { rows[r].append(Self.emptyCell) }
                    if rows[r][c].value.isEmpty {
                        rows[r][c] = GridCell(
                            value: anchor.value, isPercent: anchor.isPercent, fromMerge: true,
                            style: rows[r][c].style,
                            fromMergeAcross: c != range.start.column)
                    }
                }
            }
        }
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

/// A goal table found in a sheet: its header rows, its columns' roles and its rows.
public struct GoalTable: Sendable {
    /// The last header row (0-based): data starts below it.
    public var headerRow: Int
    /// The first header row (a group row of merged cells above the sub-headers), else `headerRow`.
    public var headerTop: Int
    /// Role → 0-based column.
    public var columns: [ColumnRole: Int]
    /// The bracketed text of each role's header ("6月末" of "現状(6月末)").
    public var headerNotes: [ColumnRole: String]
    /// The header text (path) of each column, for messages and `extra`.
    public var headerNames: [Int: String]
    /// Data rows, from the row after the header to the row before the next table (0-based).
    public var rows: Range<Int>
    /// Every column's field with its confidence and evidence, for `inspect`.
    public var assignments: [ColumnAssignment] = []
    /// The coarser title levels, left to right (大項目 of 大項目/小項目).
    public var categoryColumns: [Int] = []
    /// Columns with a header that no field took: kept as `extra`.
    public var extraColumns: [Int] = []
    /// 0…1: how sure the reader is of this table.
    public var confidence: Double = 1
    /// What was doubtful, for the `low-confidence-read` warning.
    public var doubts: [String] = []
    /// Columns of one period's figure each (目標Q1 … 実績Q4): unpivoted into each goal's periods.
    public var periodColumns: [PeriodColumn] = []

    public init(
        headerRow: Int, columns: [ColumnRole: Int], headerNotes: [ColumnRole: String], headerNames: [Int: String],
        rows: Range<Int>
    ) {
        self.headerRow = headerRow
        self.headerTop = headerRow
        self.columns = columns
        self.headerNotes = headerNotes
        self.headerNames = headerNames
        self.rows = rows
    }
}

/// Finds goal tables (see `RegionFinder`); a fixed mapping from the config wins.
public enum HeaderDetector {
    public static func tables(
        in grid: SheetGrid, matcher: HeaderMatcher, override: NormalizeConfig.SheetOverride? = nil,
        words: ReadingWords = .standard, fiscal: FiscalCalendar = FiscalCalendar()
    ) -> [GoalTable] {
        search(in: grid, matcher: matcher, override: override, words: words, fiscal: fiscal).tables
    }

    public static func search(
        in grid: SheetGrid, matcher: HeaderMatcher, override: NormalizeConfig.SheetOverride? = nil,
        words: ReadingWords = .standard, fiscal: FiscalCalendar = FiscalCalendar(),
        parallelism: RowParallelism = .serial
    ) -> RegionSearch {
        search(
            in: grid, matcher: matcher, override: override, words: words, fiscal: fiscal, parallelism: parallelism,
            memos: ReadingMemos())
    }

    /// The search with a run's memos (`fiscal` the calendar they were made for).
    static func search(
        in grid: SheetGrid, matcher: HeaderMatcher, override: NormalizeConfig.SheetOverride?, words: ReadingWords,
        fiscal: FiscalCalendar, parallelism: RowParallelism, memos: ReadingMemos
    ) -> RegionSearch {
        if let o = override, let fixed = o.columns, !fixed.isEmpty {
            var cols: [ColumnRole: Int] = [:]
            var categories: [Int] = []
            var periodValues: [Int] = []
            for (letter, role) in fixed {
                guard let c = CellReference.columnIndex(letter), let r = ColumnRole(rawValue: role) else { continue }
                if r == .category {
                    categories.append(c)
                } else if r == .periodValue {
                    periodValues.append(c)
                } else {
                    cols[r] = c
                }
            }
            let header = (o.headerRow ?? 1) - 1
            var names: [Int: String] = [:]
            for c in cols.values { names[c] = grid.text(header, c) }
            for c in categories { names[c] = grid.text(header, c) }
            var t = GoalTable(
                headerRow: header, columns: cols, headerNotes: [:], headerNames: names,
                rows: (header + 1)..<max(header + 1, grid.rows.count))
            t.categoryColumns = categories.sorted()
            t.periodColumns = PeriodColumnFinder.configured(
                periodValues.sorted(), grid: grid, headerRow: header, words: words)
            t.assignments = (cols.map { ($0.key, $0.value) } + categories.map { (ColumnRole.category, $0) }).map {
                ColumnAssignment(column: $0.1, role: $0.0, confidence: 1, header: names[$0.1] ?? "", evidence: "config")
            }
            .sorted { $0.column < $1.column }
            return RegionSearch(tables: [t], closest: nil)
        }
        return RegionFinder(
            grid: grid, matcher: matcher, words: words, fiscal: fiscal, headerRow: override?.headerRow.map { $0 - 1 },
            parallelism: parallelism, memos: memos
        ).search()
    }
}

/// The sheet names a formula refers to: `Finance!C$2:C$120` → Finance, `'営業 実績'!B3` → 営業 実績.
enum FormulaSheetNames {
    static func names(in formula: String) -> [String] {
        guard formula.contains("!") else { return [] }
        var out: [String] = []
        let chars = Array(formula)
        var i = 0
        var start = 0
        var quoted: String?
        while i < chars.count {
            let ch = chars[i]
            if ch == "'" {
                var j = i + 1
                var name = ""
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count, chars[j + 1] == "'" {
                            name.append("'"); j += 2; continue
                        } else {
                            break
                        }
                    }
                    name.append(chars[j]); j += 1
                }
                quoted = name
                i = j + 1
                continue
            }
            if ch == "!" {
                let name = quoted ?? String(chars[start..<i])
                // [1]Book!A1 is another workbook's sheet.
                let external = quoted == nil && start > 0 && chars[start - 1] == "]"
                if !name.isEmpty, !external { out.append(name) }
            }
            if !(ch.isLetter || ch.isNumber || ch == "_" || ch == ".") {
                start = i + 1
                quoted = nil
            }
            i += 1
        }
        return out
    }
}
