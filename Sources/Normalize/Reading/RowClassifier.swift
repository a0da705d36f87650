import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// Why a row of a goal table is not a goal.
public enum SkipReason: String, Sendable, Equatable, CaseIterable {
    case section, total, example, placeholder, instruction, signature
    case repeatedHeader = "repeated-header"
    case hidden
    case struckThrough = "struck-through"
    case untitled
    /// A KPI × period table's row without a target: a past period's figure, not a goal.
    case history

    /// The reason as the sheet's reader says it.
    public func label(japanese: Bool) -> String {
        switch self {
        case .section: return japanese ? "見出し行" : "section heading"
        case .total: return japanese ? "合計・小計の行" : "total row"
        case .example: return japanese ? "記入例" : "example row"
        case .placeholder: return japanese ? "テンプレートの仮の文言" : "template placeholder"
        case .instruction: return japanese ? "注記・記入方法" : "note or instruction"
        case .signature: return japanese ? "署名・承認欄" : "signature or approval line"
        case .repeatedHeader: return japanese ? "見出しの繰り返し" : "repeated header"
        case .hidden: return japanese ? "非表示の行" : "hidden row"
        case .struckThrough: return japanese ? "取り消し線（取り下げ）" : "struck through (withdrawn)"
        case .untitled: return japanese ? "目標名のない行" : "no goal title"
        case .history: return japanese ? "目標値のない過去の期間" : "a past period without a target"
        }
    }
}

/// What a row of a goal table is: a goal, or a row to skip and why.
enum RowClass: Equatable {
    case blank
    case goal
    /// A section heading: its text (it may name a department).
    case section(String)
    case skip(SkipReason)
}

/// Classifies the data rows of a goal table (calamine-style: by what the cells hold, never by one file's words).
struct RowClassifier {
    let grid: SheetGrid
    let table: GoalTable
    let words: ReadingWords
    /// The table's mapped and category columns.
    private let mapped: Set<Int>
    /// What the words say of a row's texts, by text, run-wide (a table repeats its owners' and units' texts row
    /// after row, and the next file repeats them again).
    private let labelMemo: TextMemo<RowLabels>

    /// The labels a text of a row may be (`ReadingWords`): a pure function of the text and the words.
    struct RowLabels: OptionSet, Sendable {
        let rawValue: UInt8
        static let total = RowLabels(rawValue: 1)
        static let example = RowLabels(rawValue: 2)
        static let instruction = RowLabels(rawValue: 4)
        static let signature = RowLabels(rawValue: 8)
        /// As a title: a template's placeholder or a line to fill in.
        static let placeholder = RowLabels(rawValue: 16)
    }

    /// `memos` are the run's (a fresh one for a table read alone).
    init(grid: SheetGrid, table: GoalTable, words: ReadingWords, memos: ReadingMemos = ReadingMemos()) {
        self.grid = grid
        self.table = table
        self.words = words
        labelMemo = memos.rowLabels
        mapped = Set(table.columns.values).union(table.categoryColumns)
    }

    func labels(of text: String) -> RowLabels {
        // The words are lent to the closure, not captured (a copy would retain each of their lists, per text).
        labelMemo.value(for: text, with: words) { t, words in
            let k = ReadingWords.key(t)
            var l = RowLabels()
            if words.isTotal(key: k) { l.insert(.total) }
            if words.isExample(key: k) { l.insert(.example) }
            if words.isInstruction(key: k) { l.insert(.instruction) }
            if words.isSignature(key: k) { l.insert(.signature) }
            if words.isPlaceholder(t) || words.isFillIn(t) { l.insert(.placeholder) }
            return l
        }
    }

    var titleColumn: Int? {
        table.columns[.title] ?? table.columns[.keyResult] ?? table.columns[.metric] ?? table.columns[.objective]
    }

    func classify(_ r: Int) -> RowClass {
        let own =
            grid.rows.indices.contains(r)
            ? grid.rows[r].indices.filter { !grid[r, $0].value.isEmpty && !grid[r, $0].fromMerge } : []
        let filled =
            grid.rows.indices.contains(r)
            ? grid.rows[r].indices.filter {
                !grid[r, $0].value.isEmpty && (!grid[r, $0].fromMerge || mapped.contains($0))
            } : []
        if filled.isEmpty || own.isEmpty && !filled.contains(where: { table.columns[.keyResult] == $0 }) {
            return .blank
        }
        if grid.hiddenRows.contains(r) { return .skip(.hidden) }
        let texts = own.compactMap { c -> String? in
            if case .text(let t) = grid[r, c].value { return t.trimmingSpaces } else { return nil }
        }
        if let tc = titleColumn, !grid.text(r, tc).isEmpty, grid[r, tc].isStruck { return .skip(.struckThrough) }
        if let tc = titleColumn,
            grid.text(r, tc) == table.headerNames[tc] || HeaderBand.cellText(grid, r, tc) == table.headerNames[tc]
        {
            return .skip(.repeatedHeader)
        }
        // Labels anywhere on the row: 合計 / 記入例 / ※ notes / signatures.
        let first3 = texts.prefix(3).map { labels(of: $0) }
        for l in first3 {
            if l.contains(.total) { return .skip(.total) }
            if l.contains(.example) { return .skip(.example) }
        }
        if first3.first?.contains(.instruction) == true { return .skip(.instruction) }
        // 「確認 / 承認」, "Review / Approval": a signature block's labels, with nothing else on the row but a date.
        if texts.count <= 3, texts.count == own.count || own.count <= 3,
            first3.contains(where: { $0.contains(.signature) })
        {
            return .skip(.signature)
        }
        if let tc = titleColumn {
            let title = grid.text(r, tc)
            if labels(of: title).contains(.placeholder) { return .skip(.placeholder) }
            // A bare number ("0.8") is a value that strayed into the title column, not a goal's name.
            if case .number = grid[r, tc].value { return .skip(.untitled) }
            if !title.isEmpty, title.allSatisfy({ $0.isNumber || ".,%-".contains($0) }),
                QuantityParser.parseValue(title) != nil
            {
                return .skip(.untitled)
            }
        }
        if isSection(r, own: own) { return .section(texts.first ?? "") }
        return .goal
    }

    /// A section heading: one text, outside the title (or spanning it by a merge), and no numbers in value columns;
    /// or a title cell that is the anchor of a merge across most of the table.
    func isSection(_ r: Int, own: [Int]) -> Bool {
        let valueColumns = [ColumnRole.baseline, .current, .target].compactMap { table.columns[$0] }
        let hasValues = valueColumns.contains { !grid[r, $0].value.isEmpty && !grid[r, $0].fromMerge }
        guard let tc = titleColumn else { return false }
        let titleOwn = !grid[r, tc].value.isEmpty && !grid[r, tc].fromMerge
        let textCells = own.filter { if case .text = grid[r, $0].value { return true } else { return false } }
        if textCells.count == 1, !hasValues {
            let c = textCells[0]
            if c != tc, !titleOwn, table.columns[.keyResult].map({ grid[r, $0].value.isEmpty }) ?? true,
                table.columns[.objective] != c,
                !table.categoryColumns.contains(c) || grid.text(r, tc).isEmpty && isNumberedHeading(grid.text(r, c))
            {
                return true
            }
            if c == tc, spansTable(r, column: c) { return true }
        }
        // 「1. BUSINESS OBJECTIVE …」 in the title's place with nothing but totals beside it.
        if !hasValues, let c = textCells.first, textCells.count == 1, isNumberedHeading(grid.text(r, c)),
            spansTable(r, column: c) || !titleOwn
        {
            return true
        }
        return false
    }

    /// True when the cell is the anchor of a merge over three or more of the table's columns.
    func spansTable(_ r: Int, column c: Int) -> Bool {
        grid.mergedRanges.contains { m in m.start.row == r && m.start.column == c && m.end.column - m.start.column >= 2
        }
    }

    /// 「1. 売上目標」, "2. INDIVIDUAL DEVELOPMENT", 「第1章」, 「■ 営業」, 「【重点施策】」.
    func isNumberedHeading(_ t: String) -> Bool {
        let s = TextNormalizer.foldWidth(t).trimmingSpaces
        if let f = s.first, "■□●◆◇【[<".contains(f) { return true }
        let digits = s.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return false }
        let rest = s.dropFirst(digits.count)
        guard let dot = rest.first, ".)".contains(dot) else { return false }
        let after = rest.dropFirst()
        // "1.1" is a numbered goal, "1. SALES" a heading; a heading's words are mostly capitals or it is short.
        guard let next = after.first, next == " " else { return false }
        let letters = after.filter(\.isLetter)
        return letters.allSatisfy { !$0.isLowercase } || after.count <= 20
    }
}
