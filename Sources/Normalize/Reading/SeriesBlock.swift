import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// A period-rows block: a header of period columns (months, quarters, a Total), and rows labelled
/// "<metric> <scenario>" (No of Staff PY / Act / Plan), optionally split by a dimension column (State,
/// 支店) with a Total row. One goal per metric: prior → baseline, actual → current, plan → target.
struct SeriesBlock: Sendable {
    var headerRow: Int
    var lastRow: Int
    var labelColumn: Int
    /// A text column between the label and the periods (State): its Total rows are the metric's own.
    var dimensionColumn: Int?
    /// Period columns, left to right, with their labels and last days.
    var periods: [(column: Int, label: String, end: CalendarDate?)]
    /// The column that sums or averages the periods ("Total", 「合計」, "Full Year").
    var totalColumn: Int?
    var headerNames: [Int: String]

    /// The block as a table, for the reading record.
    var asTable: GoalTable {
        var t = GoalTable(
            headerRow: headerRow, columns: [.title: labelColumn], headerNotes: [:], headerNames: headerNames,
            rows: (headerRow + 1)..<(lastRow + 1))
        t.assignments = [
            ColumnAssignment(
                column: labelColumn, role: .title, confidence: 0.8, header: headerNames[labelColumn] ?? "",
                evidence: "row labels end with scenario words (PY / Act / Plan)")
        ]
        for p in periods {
            t.assignments.append(
                ColumnAssignment(
                    column: p.column, role: .period, confidence: 0.9, header: p.label, evidence: "a period column"))
        }
        if let tc = totalColumn {
            t.assignments.append(
                ColumnAssignment(
                    column: tc, role: .target, confidence: 0.8, header: headerNames[tc] ?? "",
                    evidence: "the full period's figure (Total)"))
        }
        return t
    }
}

/// Finds period-rows blocks.
struct SeriesBlockFinder {
    let grid: SheetGrid
    let words: ReadingWords
    let fiscal: FiscalCalendar
    let labelRuns: LabelRunTable

    init(grid: SheetGrid, words: ReadingWords, fiscal: FiscalCalendar) {
        self.grid = grid
        self.words = words
        self.fiscal = fiscal
        labelRuns = LabelRunTable(grid: grid, words: words)
    }

    func find() -> [SeriesBlock] {
        var out: [SeriesBlock] = []
        var r = 0
        while r < grid.rows.count {
            if let block = block(at: r) {
                out.append(block)
                r = block.lastRow + 1
            } else {
                r += 1
            }
        }
        return out
    }

    /// A period label: a date cell, or text naming a month or quarter ("2025-04", 「4月」, "Q1", "Jan").
    func periodEnd(_ r: Int, _ c: Int) -> (String, CalendarDate?)? {
        switch grid[r, c].value {
        case .date(let d):
            guard let day = SheetReader.calendarDate(d) else { return nil }
            return (grid.text(r, c), day.monthEnd)
        case .text(let raw):
            guard let t = SeriesBlockFinder.periodText(raw) else { return nil }
            return (t, DateParser.parse(t, fiscal: fiscal)?.end)
        default: return nil
        }
    }

    /// A text naming a month or quarter, trimmed; nil for any other text.
    static func periodText(_ raw: String) -> String? {
        // Only a text beginning with an ASCII letter (Jan, Q1) or ending with 月 (4月, 四月) can be one: told from
        // its end bytes, before it is trimmed (every text cell of a sheet is asked).
        guard let ends = TextEnds(raw), ends.latinHead || ends.monthTail else { return nil }
        let t = raw.trimmingSpaces
        guard t.hasAtMost(characters: 16) else { return nil }
        // Month names and quarters start with an ASCII letter: other texts are not lower-cased to be compared.
        let k = ends.latinHead ? t.lowercased() : ""
        if ends.latinHead
            && (Lexicon.DateWords.monthAbbreviations.contains(where: { k.hasPrefix($0) })
                || k.hasPrefix("q") && k.count <= 8 && k.dropFirst().first?.isNumber == true)
            || t.hasSuffix("月") && t.dropLast().allSatisfy(\.isNumber)
        {
            return t
        }
        return nil
    }

    /// Whether a row has the three period cells a block's header needs, told without making their labels (a
    /// sheet's every row is asked).
    func hasThreePeriods(_ row: [SheetGrid.GridCell]) -> Bool {
        var n = 0
        for cell in row {
            switch cell.value {
            case .date(let d) where SheetReader.calendarDate(d) != nil: n += 1
            case .text(let raw) where SeriesBlockFinder.periodText(raw) != nil: n += 1
            default: continue
            }
            if n == 3 { return true }
        }
        return false
    }

    func block(at h: Int) -> SeriesBlock? {
        guard h < grid.rows.count else { return nil }
        let row = grid.rows[h]
        guard hasThreePeriods(row) else { return nil }
        var periods: [(column: Int, label: String, end: CalendarDate?)] = []
        for c in row.indices { if let (label, end) = periodEnd(h, c) { periods.append((c, label, end)) } }
        guard periods.count >= 3, let firstPeriod = periods.first?.column else { return nil }
        let totalColumn = row.indices.first { c in
            c > periods.last!.column
                && {
                    if case .text(let t) = row[c].value {
                        return words.isTotal(t) || words.fullPeriodWords.contains(ReadingWords.key(t))
                    } else {
                        return false
                    }
                }()
        }
        // The label column: the first text column left of the periods whose rows end with scenario words.
        var labelColumn: Int?
        var lastRow = h
        var scenarioRows = 0
        var labelled = 0
        for c in 0..<firstPeriod {
            let run = labelRuns.run(column: c, from: h + 1)
            scenarioRows = run.scenarios
            labelled = run.labelled
            lastRow = run.lastRow >= 0 ? run.lastRow : h
            if labelled >= 3, scenarioRows * 3 >= labelled { labelColumn = c; break }
        }
        guard let lc = labelColumn else { return nil }
        let dimension = (lc + 1..<firstPeriod).first { c in
            (h + 1...lastRow).contains { words.isTotal(grid.text($0, c)) }
        }
        var names: [Int: String] = [:]
        for c in row.indices where !row[c].value.isEmpty { names[c] = grid.text(h, c) }
        return SeriesBlock(
            headerRow: h, lastRow: lastRow, labelColumn: lc, dimensionColumn: dimension, periods: periods,
            totalColumn: totalColumn, headerNames: names)
    }
}

/// Per column, what a scan down from each row finds before three blank rows in a row: how many labels,
/// how many end with a scenario word, and the last labelled row. Built once per column, bottom-up, so
/// that trying every row as a block's header costs one pass (a sheet of 2,500 date rows took 43 s).
final class LabelRunTable {
    struct Run {
        var labelled = 0
        var scenarios = 0
        var lastRow = -1
    }

    let grid: SheetGrid
    let words: ReadingWords
    /// Per column: `[blanks seen so far (0…2)][row]`.
    private var columns: [Int: [[Run]]] = [:]

    init(grid: SheetGrid, words: ReadingWords) {
        self.grid = grid
        self.words = words
    }

    func run(column c: Int, from start: Int) -> Run {
        guard start < grid.rows.count else { return Run() }
        if columns[c] == nil { columns[c] = build(c) }
        return columns[c]![0][start]
    }

    private func build(_ c: Int) -> [[Run]] {
        let n = grid.rows.count
        var t = Array(repeating: Array(repeating: Run(), count: n + 1), count: 3)
        for r in stride(from: n - 1, through: 0, by: -1) {
            let text = grid.text(r, c)
            if text.isEmpty {
                t[0][r] = t[1][r + 1]
                t[1][r] = t[2][r + 1]
                t[2][r] = Run()
                continue
            }
            var run = t[0][r + 1]
            run.labelled += 1
            if words.scenario(endingLabel: text) != nil { run.scenarios += 1 }
            if run.lastRow < 0 { run.lastRow = r }
            t[0][r] = run
            t[1][r] = run
            t[2][r] = run
        }
        return t
    }
}

/// Reads a period-rows block into one goal per metric.
struct SeriesBlockReader {
    let block: SeriesBlock
    let grid: SheetGrid

    struct Series {
        var stem: String
        var rows: [ReadingWords.Scenario: Int] = [:]
        var lastRow: Int
    }

    func read(into reader: inout SheetReader) {
        let words = reader.lexicon.reading
        var series: [Series] = []
        for r in (block.headerRow + 1)...block.lastRow {
            let label = grid.text(r, block.labelColumn)
            guard !label.isEmpty else { continue }
            if let d = block.dimensionColumn, !words.isTotal(grid.text(r, d)) {
                reader.skipped.append(SkippedRow(row: r, reason: .section))
                continue
            }
            let (scenario, stem) = words.scenario(endingLabel: label).map { ($0.scenario, $0.stem) } ?? (.actual, label)
            if let i = series.lastIndex(where: { TextNormalizer.matchKey($0.stem) == TextNormalizer.matchKey(stem) }) {
                series[i].rows[scenario] = series[i].rows[scenario] ?? r
                series[i].lastRow = r
            } else {
                series.append(Series(stem: stem, rows: [scenario: r], lastRow: r))
            }
        }
        for s in series { reader.nodes.append(node(s, reader: reader)) }
    }

    func number(_ r: Int?, _ c: Int?) -> Double? {
        guard let r, let c else { return nil }
        if case .number(let v) = grid[r, c].value { return v }
        return QuantityParser.parseValue(grid.text(r, c))?.value
    }

    func node(_ s: Series, reader: SheetReader) -> GoalNode {
        var n = GoalNode(
            id: "", source: reader.location(s.lastRow, nil),
            level: reader.override?.level ?? (reader.input.isCompany ? .company : .department),
            kind: .kpi, title: s.stem)
        n.metric = s.stem
        n.department = reader.context.department ?? reader.defaultDepartment
        n.columns[.title] = block.labelColumn
        n.isJapanese = TextNormalizer.isJapanese(s.stem)
        n.periods = block.periods.map { p in
            PeriodValue(
                label: p.label, end: p.end, target: number(s.rows[.target], p.column),
                actual: number(s.rows[.actual], p.column),
                prior: number(s.rows[.prior], p.column))
        }
        n.due = block.periods.last?.end
        n.start = block.periods.first?.end.flatMap { CalendarDate(year: $0.year, month: $0.month, day: 1) }
        if let tc = block.totalColumn {
            n.baseline = number(s.rows[.prior], tc)
            n.current = number(s.rows[.actual], tc)
            n.target = number(s.rows[.target], tc)
            n.valueNote =
                "baseline, current and target from the \(block.headerNames[tc] ?? "Total") column (prior, actual and plan rows)"
        } else {
            n.baseline = n.periods.last { $0.prior != nil }?.prior
            let latest = n.periods.last { $0.actual != nil }
            n.current = latest?.actual
            n.asOf = latest?.end
            n.target = n.periods.last { $0.target != nil }?.target
            n.valueNote =
                "current: the latest period with an actual (\(latest?.label ?? "none")); target: the last period's plan"
        }
        if n.target != nil || n.current != nil { n.kind = .kpi }
        return n
    }
}

/// The two ends of a text past its spaces (ASCII blanks and U+3000), read from its UTF-8 bytes: whether the first
/// scalar is an ASCII letter and whether the last is 月. Nil for a text of spaces only.
struct TextEnds {
    let latinHead: Bool
    let monthTail: Bool

    init?(_ raw: String) {
        var text = raw
        guard let ends = text.withUTF8({ TextEnds.ends(of: $0) }) else { return nil }
        (latinHead, monthTail) = ends
    }

    private static func ends(of u: UnsafeBufferPointer<UInt8>) -> (Bool, Bool)? {
        guard let r = UTF8Spaces.trimmed(u) else { return nil }
        let (i, j) = (r.lowerBound, r.upperBound)
        let latin = u[i] < 0x80 && (0x61...0x7A).contains(u[i] | 0x20)
        // 月 is E6 9C 88.
        let month = j - i >= 3 && u[j - 3] == 0xE6 && u[j - 2] == 0x9C && u[j - 1] == 0x88
        return (latin, month)
    }
}
