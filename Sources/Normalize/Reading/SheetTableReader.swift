import GoalModel
import GoalSheetSupport
import Ingest
import SpreadsheetML

/// How one file was read: its goals, warnings, table extents and a record per sheet.
public struct FileReading: Sendable {
    public var path: String
    public var nodes: [GoalNode] = []
    public var warnings: [Finding] = []
    public var extents: [GoalTableExtent] = []
    public var sheets: [SheetReading] = []

    public init(path: String) { self.path = path }
}

/// How one sheet was read: what it was taken for, its regions, and why it gave no goals if it gave none.
public struct SheetReading: Sendable {
    public enum Verdict: String, Sendable {
        case goalTables = "goal tables"
        case periodRows = "period rows"
        case goalCards = "goal cards"
        case noGoals = "no goals"
        case empty
        case repeatsAnotherSheet = "repeats another sheet"
        case notAWorksheet = "not a worksheet"
        case skippedByConfig = "skipped by the config"
        case goalSheetSummary = "GoalSheet's own summary"
        case unreadable
    }

    public var name: String
    public var verdict: Verdict
    public var tables: [TableReading] = []
    /// Why no goals were read, when none were ("no header row found; the closest, row 3, matched 1 of 5 fields").
    public var why: String = ""
    public var context = SheetContext()
    public var isJapanese = false
    /// The share of the numbers in the regions read that are formulas over other sheets, and those sheets.
    public var numbersFromOtherSheets = 0.0
    public var referencedSheets: Set<String> = []

    public init(name: String, verdict: Verdict) {
        self.name = name
        self.verdict = verdict
    }
}

/// One region of a sheet as read.
public struct TableReading: Sendable {
    public var table: GoalTable
    /// The region's cells: header top-left to the last row read, as A1 ("A3:H12").
    public var range: String
    public var skipped: [SkippedRow]
    /// The rows of the goals read from the region (0-based), in order.
    public var goalRows: [Int]
    /// The layout the region was read as ("table", "period rows", "goal cards").
    public var layout: String
}

/// Reads one sheet: finds its regions, reads each into goals, and records how.
struct SheetTableReader {
    let normalizer: Normalizer
    let input: GoalInput
    let sheet: SheetDescriptor
    let grid: SheetGrid
    let override: NormalizeConfig.SheetOverride?
    let obstacles: [CellRange]
    /// The workbook's title property: a period there ("2025年度 目標") dates goals the sheet leaves undated.
    var documentTitle: String?

    func read(into file: inout FileReading) {
        var reading = SheetReading(name: sheet.name, verdict: .noGoals)
        reading.isJapanese = grid.rows.prefix(50).contains {
            $0.contains { c in
                if case .text(let t) = c.value { return TextNormalizer.isJapanese(t) } else { return false }
            }
        }
        guard grid.rows.contains(where: { $0.contains { !$0.value.isEmpty } }) else {
            reading.verdict = .empty
            file.sheets.append(reading)
            return
        }
        let fiscal = normalizer.config.fiscal
        let words = normalizer.lexicon.reading
        var reader = SheetReader(
            input: input, sheet: sheet.name, grid: grid, normalizer: normalizer, override: override)
        let names = [sheet.name] + [documentTitle].compactMap { $0 }
        let search = HeaderDetector.search(
            in: grid, matcher: normalizer.matcher, override: override, words: words, fiscal: fiscal,
            parallelism: normalizer.parallelism, memos: normalizer.memos)
        var regions = search.tables.map { TableRegion.table($0) }
        if override?.columns == nil {
            let series = SeriesBlockFinder(grid: grid, words: words, fiscal: fiscal).find()
            // A period-rows block replaces the tables it overlaps (its label column looks like a title column).
            for block in series {
                regions.removeAll { r in
                    if case .table(let t) = r {
                        return t.headerTop >= block.headerRow && t.headerTop <= block.lastRow
                    } else {
                        return false
                    }
                }
                regions.append(.series(block))
            }
            if regions.isEmpty {
                for card in GoalCardFinder(grid: grid, matcher: normalizer.matcher).find() {
                    regions.append(.cards(card))
                }
            }
        }
        regions.sort { $0.top < $1.top }
        for region in regions {
            reader.context = SheetContext.read(
                grid, above: region.top, names: names, matcher: normalizer.matcher, fiscal: fiscal)
            reading.context = reader.context
            let before = reader.nodes.count
            let skippedBefore = reader.skipped.count
            switch region {
            case .table(let table):
                reader.read(table)
                PeriodRowHistory.drop(&reader, from: before, table: table)
                CellFormulaTree.link(&reader, from: before, table: table)
                OutlineParents.link(&reader, from: before, table: table)
                record(
                    table: table, layout: "table", reader: reader, before: before, skippedBefore: skippedBefore,
                    into: &reading, file: &file)
            case .series(let block):
                SeriesBlockReader(block: block, grid: grid).read(into: &reader)
                record(
                    table: block.asTable, layout: "period rows", reader: reader, before: before,
                    skippedBefore: skippedBefore, into: &reading, file: &file)
            case .cards(let cards):
                cards.read(into: &reader)
                record(
                    table: cards.asTable, layout: "goal cards", reader: reader, before: before,
                    skippedBefore: skippedBefore, into: &reading, file: &file)
            }
        }
        if reader.nodes.isEmpty {
            reading.verdict = .noGoals
            reading.why = SheetTableReader.whyNoGoals(search, regions: regions.count, japanese: reading.isJapanese)
        } else {
            reading.verdict =
                regions.contains { if case .series = $0 { return true } else { return false } }
                ? .periodRows
                : regions.contains { if case .cards = $0 { return true } else { return false } }
                    ? .goalCards : .goalTables
        }
        reading.referencedSheets = grid.referencedSheets.subtracting([sheet.name])
        reading.numbersFromOtherSheets = reading.referencedSheets.isEmpty ? 0 : crossSheetShare(reading.tables)
        file.nodes += reader.nodes
        file.warnings += reader.warnings
        file.sheets.append(reading)
    }

    /// Of the number cells in the rows of the regions read, the share computed from other sheets.
    func crossSheetShare(_ tables: [TableReading]) -> Double {
        var numbers = 0, fromOthers = 0
        for t in tables {
            guard let last = t.goalRows.max() else { continue }
            for r in t.table.headerRow...last where r < grid.rows.count {
                for cell in grid.rows[r] where !cell.fromMerge {
                    guard case .number = cell.value else { continue }
                    numbers += 1
                    if cell.refersToOtherSheet { fromOthers += 1 }
                }
            }
        }
        return numbers == 0 ? 0 : Double(fromOthers) / Double(numbers)
    }

    func record(
        table: GoalTable, layout: String, reader: SheetReader, before: Int, skippedBefore: Int,
        into reading: inout SheetReading,
        file: inout FileReading
    ) {
        let read = reader.nodes[before...]
        let rows = read.map(\.source.row)
        let last = max(rows.max() ?? table.headerRow, table.rows.upperBound - 1)
        let lastColumn =
            (table.headerTop...max(table.headerTop, min(last, grid.rows.count - 1)))
            .map { r in r < grid.rows.count ? (grid.rows[r].lastIndex { !$0.value.isEmpty } ?? 0) : 0 }.max() ?? 0
        let firstColumn = table.headerNames.keys.min() ?? 0
        let range =
            CellReference(row: table.headerTop, column: firstColumn).description + ":"
            + CellReference(row: last, column: lastColumn).description
        reading.tables.append(
            TableReading(
                table: table, range: range, skipped: Array(reader.skipped[skippedBefore...]),
                goalRows: rows, layout: layout))
        guard let lastGoal = rows.max() else { return }
        let tableLast = table.columns.values.max() ?? 0
        let goalLastColumn =
            (table.headerRow...lastGoal).map { r in grid.rows[r].lastIndex { !$0.value.isEmpty } ?? 0 }.max() ?? 0
        file.extents.append(
            GoalTableExtent(
                sheet: sheet.name, headerRow: table.headerRow, lastRow: lastGoal, lastColumn: goalLastColumn,
                headerStyle: grid[table.headerRow, tableLast].style,
                rowStyles: Dictionary(rows.map { ($0, grid[$0, tableLast].style) }, uniquingKeysWith: { a, _ in a }),
                obstacles: obstacles, isJapanese: read.contains { $0.isJapanese }))
        if table.confidence < 0.55 || !table.doubts.isEmpty && table.confidence < 0.7 {
            file.warnings.append(
                Finding(
                    .lowConfidenceRead(range: range, confidence: table.confidence, doubts: table.doubts), .warning,
                    location: SourceLocation(file: input.path, sheet: sheet.name, row: table.headerTop),
                    language: reading.isJapanese ? .ja : .en))
        }
    }

    static func whyNoGoals(_ search: RegionSearch, regions: Int, japanese: Bool) -> String {
        if regions > 0 { return japanese ? "表は見つかりましたが、目標の行がありません" : "tables found, but no goal rows in them" }
        if let r = search.refused.first {
            return japanese
                ? "\(r.row + 1)行目の表は\(r.reason.text(japanese: true))で、目標ではありません"
                : "the table at row \(r.row + 1) is \(r.reason.text(japanese: false)), not goals"
        }
        guard let c = search.closest else {
            return japanese ? "見出し行が見つかりません（目標・目標値・実績などの列名がありません）" : "no header row found (no cell names a goal field)"
        }
        return japanese
            ? "見出し行が見つかりません。最も近い\(c.row + 1)行目は\(c.texts)項目中\(c.matched)項目が一致（\(c.reason.text(japanese: true))）"
            : "no header row found; the closest, row \(c.row + 1), matched \(c.matched) of \(c.texts) fields (\(c.reason.text(japanese: false)))"
    }
}

/// A region of a sheet and the layout it is read as.
enum TableRegion {
    case table(GoalTable)
    case series(SeriesBlock)
    case cards(GoalCards)

    var top: Int {
        switch self {
        case .table(let t): return t.headerTop
        case .series(let b): return b.headerRow
        case .cards(let c): return c.top
        }
    }
}

/// KPI × period tables (a Year column, one row per KPI and year): a row without a target is history, not a goal.
enum PeriodRowHistory {
    static func drop(_ reader: inout SheetReader, from start: Int, table: GoalTable) {
        guard table.columns[.due] != nil, table.columns[.target] != nil else { return }
        let read = reader.nodes[start...]
        // Each title hashed once: the rows of each title, by their position among the read ones.
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        var groupOfRow: [Int] = []
        groupOfRow.reserveCapacity(read.count)
        for (k, n) in read.enumerated() {
            if let g = groupOf[n.title] {
                groups[g].append(k)
                groupOfRow.append(g)
            } else {
                groupOf[n.title] = groups.count
                groupOfRow.append(groups.count)
                groups.append([k])
            }
        }
        let periodic = groups.contains { rows in
            rows.count >= 3 && Set(rows.compactMap { read[start + $0].due }).count == rows.count
        }
        guard periodic else { return }
        var kept: [GoalNode] = []
        for (k, n) in read.enumerated() {
            if n.target == nil, groups[groupOfRow[k]].count >= 2 {
                reader.skipped.append(SkippedRow(row: n.source.row, reason: .history))
            } else {
                kept.append(n)
            }
        }
        reader.nodes.replaceSubrange(start..., with: kept)
    }
}

/// Sheets that only repeat another sheet of the file (集計 / summary sheets): their goals are dropped, so
/// that no goal is counted twice.
enum RepeatSheetFilter {
    /// Drops the goals of sheets that repeat others: a summary of formulas over a goal sheet, a sheet whose
    /// every goal (title, target, current) an earlier sheet gave. A goal's key is made only where it can meet
    /// another sheet's: a workbook with one goal sheet makes none.
    static func drop(_ file: inout FileReading) {
        var seen: [String: String] = [:]
        var bySheet: [String: [Int]] = [:]
        for (i, n) in file.nodes.enumerated() { bySheet[n.source.sheet, default: []].append(i) }
        var dropped = Set<Int>()
        let goalSheets = file.sheets.filter { bySheet[$0.name]?.isEmpty == false }
        for (k, reading) in goalSheets.enumerated() {
            let ids = bySheet[reading.name]!
            // A summary sheet whose numbers are formulas over sheets that gave goals of their own.
            if reading.numbersFromOtherSheets >= 0.8,
                let source = reading.referencedSheets.sorted().first(where: { bySheet[$0] != nil && $0 != reading.name }
                )
            {
                dropped.formUnion(ids)
                mark(&file, reading.name, why: "its numbers are formulas over sheet \(source)")
                continue
            }
            let later = k + 1 < goalSheets.count
            // Every goal seen before: then the first one was.
            guard !seen.isEmpty && seen[key(file.nodes[ids[0]])] != nil || later else { continue }
            let keys = ids.map { key(file.nodes[$0]) }
            if let other = seen[keys[0]], keys.allSatisfy({ seen[$0] != nil }) {
                dropped.formUnion(ids)
                mark(&file, reading.name, why: "every goal repeats sheet \(other)")
                continue
            }
            if later { for k in keys where seen[k] == nil { seen[k] = reading.name } }
        }
        guard !dropped.isEmpty else { return }
        file.nodes = file.nodes.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        file.extents.removeAll { e in file.sheets.contains { $0.name == e.sheet && $0.verdict == .repeatsAnotherSheet }
        }
    }

    static func mark(_ file: inout FileReading, _ sheet: String, why: String) {
        guard let k = file.sheets.firstIndex(where: { $0.name == sheet }) else { return }
        file.sheets[k].verdict = .repeatsAnotherSheet
        file.sheets[k].why = why
    }

    static func key(_ n: GoalNode) -> String {
        [
            TextNormalizer.matchKey(n.title), n.target.map(PlainDecimal.format) ?? "",
            n.current.map(PlainDecimal.format) ?? "",
        ].joined(separator: "|")
    }
}
