import Analysis
import Foundation
import GoalModel
import GoalSheetSupport
import Ingest
import SpreadsheetML
import SpreadsheetWriter

/// Options of the annotated workbooks.
public struct AnnotationOptions: Sendable {
    /// Which findings get a note on their cell.
    public enum Notes: String, Sendable, CaseIterable {
        /// Errors and warnings (the default): what a manager has to act on.
        case warnings
        /// Every finding, info too.
        case all

        /// Whether a finding of this severity gets a note.
        public func includes(_ severity: Severity) -> Bool { self == .all || severity != .info }
    }

    /// Put the cross-department tables (every department, the coverage map) into each manager's summary sheet.
    public var shareAll: Bool
    public var notes: Notes
    /// Threads the write-back may use (`WorkbookPatch.jobs`): a batch writing many workbooks at once gives 1.
    public var jobs: Int
    /// Whether the workbook is on disk before it takes its name (`WorkbookPatch.syncsToDisk`): a run's folder,
    /// flushed whole before it is put in place, gives false.
    public var syncsToDisk: Bool

    public init(shareAll: Bool = false, notes: Notes = .warnings, jobs: Int = 1, syncsToDisk: Bool = true) {
        self.shareAll = shareAll
        self.notes = notes
        self.jobs = jobs
        self.syncsToDisk = syncsToDisk
    }
}

/// Builds what each manager gets back: their own workbook with six columns beside each goal table, status fills,
/// notes on the cells findings point at, and a summary sheet; and the planning office's `summary.xlsx`.
public enum Annotator {
    static let columnsJA = ["進捗率", "達成率", "スコア", "ステータス", "整合先", "指摘"]
    static let columnsEN = ["Progress", "Attainment", "Score", "Status", "Aligned to", "Findings"]
    static let widths: [Double] = [9, 9, 7, 11, 28, 36]
    /// Fills of the status cell: achieved and on track green, at risk yellow, off track and overdue red, no data grey.
    public static let statusFill: [GoalStatus: String] = [
        .achieved: "C6EFCE", .onTrack: "C6EFCE", .atRisk: "FFEB9C",
        .offTrack: "FFC7CE", .overdue: "FFC7CE", .noData: "D9D9D9",
    ]
    /// The style of a status cell (its fill), and every status's.
    static func statusStyle(_ s: GoalStatus) -> StyleRequest { StyleRequest(fill: statusFill[s]) }
    static let statusStyles = GoalStatus.allCases.map(statusStyle)
    /// Rules whose messages name other departments' goals and numbers: generic text in a manager's workbook.
    static let crossDepartmentRules: Set<RuleID> = [.directionConflict, .duplicateMetric, .allocationGap]

    public static func statusLabel(_ s: GoalStatus, japanese: Bool) -> String {
        switch s {
        case .achieved: return japanese ? "達成" : "Achieved"
        case .onTrack: return japanese ? "順調" : "On track"
        case .atRisk: return japanese ? "要注意" : "At risk"
        case .offTrack: return japanese ? "遅れ" : "Off track"
        case .overdue: return japanese ? "期限超過" : "Overdue"
        case .noData: return japanese ? "データなし" : "No data"
        }
    }

    static func japanese(_ run: AnalyzedRun, _ fallback: Bool) -> Bool {
        run.options.language.map { $0 == .ja } ?? fallback
    }

    /// A finding's words as its manager may see them: those of a rule naming other departments' goals and numbers
    /// are generic unless `--share-all`.
    static func text(_ f: Finding, _ options: AnnotationOptions, japanese: Bool) -> FindingText {
        guard !options.shareAll, crossDepartmentRules.contains(f.rule) else { return f.text }
        return FindingText(
            japanese
                ? "他部門の目標と関係する指摘です（詳細は企画部の summary.xlsx）"
                : "This finding involves another department's goals (details in the planning office's summary.xlsx)")
    }

    /// 「[警告] 孤立した目標 (orphan-goal)」, the message and the suggestion: the rule by name and by its stable id.
    static func noteText(_ fs: [Finding], _ options: AnnotationOptions, japanese: Bool) -> String {
        let catalog = MessageCatalog(japanese ? .ja : .en)
        return fs.map { f in
            let text = text(f, options, japanese: japanese)
            return "[\(catalog.label(f.severity))] \(catalog.label(f.rule)) (\(f.rule))\n\(text.message)"
                + (text.suggestion.isEmpty ? "" : "\n→ \(text.suggestion)")
        }.joined(separator: "\n\n")
    }

    /// The patch for one input: columns, notes and the summary sheet.
    public static func patch(
        for input: GoalInput, run: AnalyzedRun, options: AnnotationOptions = AnnotationOptions(),
        sheetName: @Sendable (String) -> String = { $0 },
        headerStyle headerOverride: StyleRequest? = nil
    ) -> WorkbookPatch {
        let nodes = run.nodes(of: input.path)
        let ja = japanese(run, nodes.contains { $0.isJapanese } || nodes.isEmpty)
        let findings = AnalysisReport.sortedFindings(run, of: input.path)
        // The labels the cells show are made beside the columns' places and the notes.
        let (context, placed) = ParallelWork.pair(
            jobs: options.jobs, { Context(run: run, findings: findings) },
            {
                placeColumnsAndNotes(
                    input, nodes: nodes, findings: findings, run: run, options: options, sheetName: sheetName,
                    headerStyle: headerOverride, japanese: ja)
            })
        var sheets = placed.sheets
        for columns in placed.columns {
            sheets[columns.patchedSheet]!.bands.append(goalBand(columns, context: context))
        }

        let summary = summarySheet(nodes: nodes, findings: findings, context: context, options: options, japanese: ja)
        var patch = WorkbookPatch(sheets: sheets.keys.sorted().map { sheets[$0]! }, summary: summary)
        patch.jobs = options.jobs
        patch.syncsToDisk = options.syncsToDisk
        return patch
    }

    /// Each goal table's columns placed (`placeColumns`) and the notes on their cells, in the sheets' patches.
    static func placeColumnsAndNotes(
        _ input: GoalInput, nodes: [GoalNode], findings: [Finding], run: AnalyzedRun, options: AnnotationOptions,
        sheetName: (String) -> String, headerStyle: StyleRequest?, japanese ja: Bool
    ) -> (sheets: [String: SheetPatch], columns: [GoalColumns]) {
        let byRow = Dictionary(
            nodes.map { (RowSpot(sheet: $0.source.sheet, row: $0.source.row), $0) }, uniquingKeysWith: { a, _ in a })
        var sheets: [String: SheetPatch] = [:]
        var findingsCell: [RowSpot: CellReference] = [:]  // the 指摘 cell of each goal row
        var placed: [GoalColumns] = []
        for table in run.model.tables[input.path] ?? [] {
            let name = sheetName(table.sheet)
            var sp = sheets[name] ?? SheetPatch(sheet: name)
            guard
                let columns = placeColumns(
                    for: table, in: name, to: &sp, byRow: byRow, run: run, headerStyle: headerStyle)
            else { continue }
            for r in columns.rows {
                findingsCell[RowSpot(sheet: table.sheet, row: r)] = CellReference(row: r, column: columns.start + 5)
            }
            placed.append(columns)
            sheets[name] = sp
        }
        addNotes(findings, to: &sheets, fallbacks: findingsCell, sheetName: sheetName, options: options, japanese: ja)
        return (sheets, placed)
    }

    /// Where one goal table's six columns go and the goals of its rows, for `goalBand`.
    struct GoalColumns: Sendable {
        /// The name of the sheet in the patch.
        let patchedSheet: String
        let start: Int
        let japanese: Bool
        /// The goal rows, ascending, and each one's goal and style.
        let rows: [Int]
        let goals: [GoalNode]
        let rowStyles: [Int: Int]
    }

    /// A band of the goal rows' six cells, made as the patcher writes each row.
    static func goalBand(_ c: GoalColumns, context: Context) -> CellBand {
        CellBand(rows: c.rows) { i in
            goalCells(
                c.goals[i], start: c.start, base: c.rowStyles[c.rows[i]] ?? 0, context: context, japanese: c.japanese)
        }
    }

    /// The six columns beside one goal table: header, widths and the marked range in `sp`, and where the goal rows'
    /// cells go (`goalBand`). Nil when the sheet has no room for the columns.
    static func placeColumns(
        for table: GoalTableExtent, in patchedSheet: String, to sp: inout SheetPatch, byRow: [RowSpot: GoalNode],
        run: AnalyzedRun, headerStyle headerOverride: StyleRequest?
    ) -> GoalColumns? {
        let tja = run.options.language.map { $0 == .ja } ?? table.isJapanese
        let rows = table.headerRow...table.lastRow
        var start = table.lastColumn + 1
        var moved = true
        while moved {
            moved = false
            for o in table.obstacles
            where o.start.row <= rows.upperBound && o.end.row >= rows.lowerBound
                && o.start.column <= start + 5 && o.end.column >= start
            {
                start = o.end.column + 1
                moved = true
            }
        }
        guard start + 5 < CellReference.maxColumns else { return nil }
        let headerStyle = headerOverride ?? StyleRequest(base: table.headerStyle)
        sp.cells[table.headerRow, default: []] += (tja ? columnsJA : columnsEN).enumerated().map {
            CellWrite(column: start + $0.offset, value: .text($0.element), style: headerStyle)
        }
        sp.columnWidths += widths.enumerated().map { ColumnWidth(column: start + $0.offset, width: $0.element) }
        sp.markedRanges.append(
            CellRange(
                start: CellReference(row: table.headerRow, column: start),
                end: CellReference(row: table.lastRow, column: start + 5)))
        // Each goal row's six cells are made as the patcher writes the row (and once before, for their styles).
        var goalRows: [Int] = []
        var goals: [GoalNode] = []
        for r in rows.dropFirst() {
            guard let n = byRow[RowSpot(sheet: table.sheet, row: r)] else { continue }
            goalRows.append(r)
            goals.append(n)
        }
        return GoalColumns(
            patchedSheet: patchedSheet, start: start, japanese: tja, rows: goalRows, goals: goals,
            rowStyles: table.rowStyles)
    }

    /// A goal row's six cells from column `start`: progress, attainment, score, status, the company goal it
    /// traces to and the rules that fired, each in the row's style `base`.
    static func goalCells(_ n: GoalNode, start: Int, base: Int, context: Context, japanese tja: Bool) -> [CellWrite] {
        let g = context.run.gaps[n.id] ?? GapResult()
        var cells: [CellWrite] = []
        cells.reserveCapacity(6)
        if let v = g.progress {
            cells.append(
                CellWrite(
                    column: start, value: .number(rounded(v)), style: StyleRequest(base: base, numberFormat: "0%")))
        }
        if let v = g.attainment {
            cells.append(
                CellWrite(
                    column: start + 1, value: .number(rounded(v)), style: StyleRequest(base: base, numberFormat: "0%")))
        }
        if let v = g.score {
            cells.append(
                CellWrite(column: start + 2, value: .number(v), style: StyleRequest(base: base, numberFormat: "0.0")))
        }
        cells.append(
            CellWrite(
                column: start + 3, value: .text(statusLabel(g.status, japanese: tja)),
                style: StyleRequest(base: base, fill: statusFill[g.status])))
        let aligned = context.alignedLabel(n)
        let rules = context.rules(n, japanese: tja)
        cells.append(
            CellWrite(
                column: start + 4, value: aligned.isEmpty ? .empty : .text(aligned), style: StyleRequest(base: base)))
        cells.append(
            CellWrite(column: start + 5, value: rules.isEmpty ? .empty : .text(rules), style: StyleRequest(base: base)))
        return cells
    }

    /// Notes: each finding (errors and warnings unless `--notes all`) on the cell it points at, else on the
    /// row's 指摘 cell. Every finding stays in the 指摘 column and the summary sheet.
    static func addNotes(
        _ findings: [Finding], to sheets: inout [String: SheetPatch], fallbacks findingsCell: [RowSpot: CellReference],
        sheetName: (String) -> String, options: AnnotationOptions, japanese ja: Bool
    ) {
        // A cell's findings, the cells in the order their first finding comes; a cell is keyed by the number of its
        // sheet among the sheets seen, so that no sheet name is hashed per finding.
        var groups: [[Finding]] = []
        var groupOf: [NumberedCell: Int] = [:]
        var sheetNumbers: [String: Int] = [:]
        var annotated: (sheet: String, number: Int?)?  // the last sheet looked up: findings come by sheet
        for f in findings where options.notes.includes(f.severity) {
            guard let loc = f.location else { continue }
            if annotated?.sheet != loc.sheet {
                let patched = sheets[sheetName(loc.sheet)] != nil
                annotated = (loc.sheet, patched ? numbered(loc.sheet, in: &sheetNumbers) : nil)
            }
            guard let sheet = annotated!.number else { continue }
            let key = NumberedCell(sheet: sheet, row: loc.row, column: loc.column ?? -1)
            if let g = groupOf[key] {
                groups[g].append(f)
            } else {
                groupOf[key] = groups.count
                groups.append([f])
            }
        }
        for fs in groups {
            let loc = fs[0].location!
            let fallback = findingsCell[RowSpot(sheet: loc.sheet, row: loc.row)]
            guard let cell = loc.column.map({ CellReference(row: loc.row, column: $0) }) ?? fallback else { continue }
            sheets[sheetName(loc.sheet)]!.notes.append(
                CellNote(cell: cell, fallback: fallback == cell ? nil : fallback) {
                    noteText(fs, options, japanese: ja)
                })
        }
    }

    /// The number of `sheet` among `numbers`, given the next one when it is new.
    private static func numbered(_ sheet: String, in numbers: inout [String: Int]) -> Int {
        if let n = numbers[sheet] { return n }
        numbers[sheet] = numbers.count
        return numbers.count - 1
    }

    /// A cell of a numbered sheet (column -1: the whole row), as findings' notes are grouped by it.
    private struct NumberedCell: Hashable {
        let sheet: Int
        let row: Int
        let column: Int
    }

    /// A row of a sheet, as notes and the added columns find goals by it.
    struct RowSpot: Hashable, Sendable {
        let sheet: String
        let row: Int
    }

    /// What the columns and the summary sheet say about a goal, computed once per workbook: each goal's cells are
    /// made three times (the columns' styles and rows, the summary's row), its labels once.
    struct Context: Sendable {
        let run: AnalyzedRun
        /// Each company goal's label, by its id.
        let companyLabels: [String: String]
        /// Each goal's rules by their names in both languages, by its id; goals with the same rules share strings.
        let ruleLabels: [String: (ja: String, en: String)]

        init(run: AnalyzedRun, findings: [Finding]) {
            self.run = run
            companyLabels = run.companyByID.mapValues(AnalysisReport.label)
            let ja = MessageCatalog(.ja), en = MessageCatalog(.en)
            var made: [[String]: (ja: String, en: String)] = [:]
            ruleLabels = AnalysisReport.ruleNames(findings).mapValues { ids in
                if let labels = made[ids] { return labels }
                let labels = (ja: ja.labels(ids), en: en.labels(ids))
                made[ids] = labels
                return labels
            }
        }

        /// The company goal a department goal traces to ("KR3 平均対応時間"), empty for company goals and orphans.
        func alignedLabel(_ n: GoalNode) -> String {
            guard n.level != .company, let id = run.alignedTo[n.id] else { return "" }
            return companyLabels[id] ?? ""
        }

        /// The rules that fired on a goal, by their names in the sheet's language (the stable ids are in the notes).
        func rules(_ n: GoalNode, japanese: Bool) -> String {
            ruleLabels[n.id].map { japanese ? $0.ja : $0.en } ?? ""
        }
    }

    static func rounded(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }

    /// Text cells from column 0; empty values write no cell (a styled header keeps its empty cells filled).
    static func textRow(_ values: [String], style: StyleRequest? = nil) -> [CellWrite] {
        values.enumerated().compactMap {
            $0.element.isEmpty && style == nil
                ? nil : CellWrite(column: $0.offset, value: .text($0.element), style: style)
        }
    }

    static func number(_ c: Int, _ v: Double?, _ s: StyleRequest) -> CellWrite? {
        v.map { CellWrite(column: c, value: .number(rounded($0)), style: s) }
    }

    static let percentStyle = StyleRequest(numberFormat: "0%")
    static let scoreStyle = StyleRequest(numberFormat: "0.0")
    static let wrapStyle = StyleRequest(wrap: true)

    /// 分析サマリー / Summary: the company roll-up, this workbook's goals (frozen header, autofilter) and its findings.
    /// The goals' and findings' rows are made as the sheet is written, never all held at once.
    static func summarySheet(
        nodes: [GoalNode], findings: [Finding], context: Context, options: AnnotationOptions, japanese ja: Bool
    ) -> NewSheet {
        let run = context.run
        let header = tableHeaderStyle
        let c = run.company
        var head: [[CellWrite]] = [
            textRow(
                ja
                    ? ["全社", "進捗率", "達成率", "スコア", "ステータス", "基準日"]
                    : ["Company", "Progress", "Attainment", "Score", "Status", "As of"], style: header),
            [CellWrite(column: 0, value: .text(ja ? "全社ロールアップ" : "Company roll-up"))]
                + [
                    number(1, c.progress, percentStyle), number(2, c.attainment, percentStyle),
                    number(3, c.score, scoreStyle),
                ].compactMap { $0 }
                + [
                    CellWrite(
                        column: 4, value: .text(statusLabel(c.status, japanese: ja)),
                        style: statusStyle(c.status)),
                    CellWrite(column: 5, value: .text(run.options.asOf.description)),
                ],
            [],
        ]
        let catalog = MessageCatalog(ja ? .ja : .en)
        let goalHeader =
            ja
            ? ["ID", "シート", "セル", "種別", "目標", "単位", "基準", "現状", "目標値", "期限", "進捗率", "達成率", "スコア", "ステータス", "整合先", "指摘"]
            : [
                "ID", "Sheet", "Cell", "Kind", "Goal", "Unit", "Baseline", "Current", "Target", "Due", "Progress",
                "Attainment", "Score", "Status", "Aligned to", "Findings",
            ]
        let headerRow = head.count
        head.append(textRow(goalHeader, style: header))
        let goals = SheetRows.made(count: nodes.count, styles: goalRowStyles) { i in
            goalRow(nodes[i], context: context, catalog: catalog, japanese: ja)
        }
        let findingHead: [[CellWrite]] = [
            [],
            textRow(
                ja
                    ? ["重要度", "ルール", "シート", "セル", "メッセージ", "提案", "ルールID"]
                    : ["Severity", "Rule", "Sheet", "Cell", "Message", "Suggestion", "Rule ID"],
                style: header),
        ]
        let findingRows = SheetRows.made(count: findings.count, styles: findingRowStyles) {
            findingRow(findings[$0], text(findings[$0], options, japanese: ja), catalog: catalog)
        }
        var tail: [[CellWrite]] = []
        if options.shareAll {
            for table in [AnalysisReport.departmentRows(run), AnalysisReport.alignmentRows(run)] {
                tail.append([])
                tail.append(textRow(table[0], style: header))
                for r in table.dropFirst() { tail.append(tableRow(r)) }
            }
        }
        let rows = SheetRows(head) + goals + SheetRows(findingHead) + findingRows + SheetRows(tail)
        let lastGoalRow = headerRow + nodes.count
        let name = ja ? "分析サマリー" : "Summary"
        let title = PlanningSummary.printTitle(run.options.asOf, japanese: ja)
        return NewSheet(
            name: name, rows: rows, frozenRows: headerRow + 1,
            autoFilter: CellRange(
                start: CellReference(row: headerRow, column: 0),
                end: CellReference(row: max(headerRow, lastGoalRow), column: goalHeader.count - 1)),
            fit: ColumnFit(caps: [4: 50, 5: 40, 14: 30, 15: 30]),
            printSetup: PrintSetup(titleRows: headerRow...headerRow, title: title))
    }

    /// Every style a goal's row of the summary sheet asks for (so that the sheet is written in one pass).
    static let goalRowStyles =
        [wrapStyle, StyleRequest(), percentStyle, scoreStyle]
        + statusStyles
    /// Every style a finding's row asks for.
    static let findingRowStyles = [wrapStyle]

    /// A goal's row of the summary sheet: where it is, its figures, its gap, what it aligns to, its findings.
    static func goalRow(_ n: GoalNode, context: Context, catalog: MessageCatalog, japanese ja: Bool) -> [CellWrite] {
        let g = context.run.gaps[n.id] ?? GapResult()
        var r = textRow([n.localID ?? "", n.source.sheet, n.location(of: .title).cellName, catalog.label(n.kind)])
        r.append(CellWrite(column: 4, value: .text(n.title), style: wrapStyle))
        if let u = n.unit { r.append(CellWrite(column: 5, value: .text(catalog.label(u)))) }
        r += [
            number(6, n.baseline, StyleRequest()), number(7, n.current, StyleRequest()),
            number(8, n.target, StyleRequest()),
        ].compactMap { $0 }
        if let d = n.due { r.append(CellWrite(column: 9, value: .text(d.description))) }
        r += [
            number(10, g.progress, percentStyle), number(11, g.attainment, percentStyle),
            number(12, g.score, scoreStyle),
        ]
        .compactMap { $0 }
        r.append(
            CellWrite(
                column: 13, value: .text(statusLabel(g.status, japanese: ja)),
                style: statusStyle(g.status)))
        r.append(CellWrite(column: 14, value: .text(context.alignedLabel(n))))
        r.append(CellWrite(column: 15, value: .text(context.rules(n, japanese: ja)), style: wrapStyle))
        return r
    }

    /// A finding's row of the summary sheet.
    static func findingRow(_ f: Finding, _ text: FindingText, catalog: MessageCatalog) -> [CellWrite] {
        textRow([
            catalog.label(f.severity), catalog.label(f.rule), f.location?.sheet ?? "", f.location?.cellName ?? "",
        ])
            + [
                CellWrite(column: 4, value: .text(ExcelLimitError.clip(text.message)), style: wrapStyle),
                CellWrite(column: 5, value: .text(ExcelLimitError.clip(text.suggestion)), style: wrapStyle),
                CellWrite(column: 6, value: .text(f.rule.rawValue)),
            ]
    }

    /// A row of text fields with plain decimals as numbers.
    static func tableRow(_ fields: [String], style: StyleRequest? = nil) -> [CellWrite] {
        fields.enumerated().compactMap { i, s in
            if s.isEmpty { return nil }
            if let v = plainNumber(s) { return CellWrite(column: i, value: .number(v), style: style) }
            return CellWrite(column: i, value: .text(ExcelLimitError.clip(s)), style: style)
        }
    }

    /// "12", "-3.5", "0.25" (not "007" or "1e3", which stay text).
    static func plainNumber(_ s: String) -> Double? {
        let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            body.filter({ $0 == "." }).count <= 1,
            !body.hasPrefix("."), !body.hasSuffix("."),
            !(body.hasPrefix("0") && body.count > 1 && !body.hasPrefix("0."))
        else { return nil }
        return Double(s)
    }

    /// The planning office's workbook (see `PlanningSummary`).
    public static func summaryWorkbook(_ run: AnalyzedRun) -> [NewSheet] { PlanningSummary(run).sheets() }

    /// The header style GoalSheet gives the tables it writes: the summary sheet's and a CSV input's header (and the
    /// columns added beside it).
    static let tableHeaderStyle = StyleRequest(fill: PlanningSummary.headerFill, bold: true)

    /// Annotates one input into `output`: an XLSX is patched in place of a copy; a CSV becomes a new workbook first.
    @discardableResult
    public static func annotate(
        _ input: GoalInput, run: AnalyzedRun, output: String, options: AnnotationOptions = AnnotationOptions()
    ) throws -> PatchReport {
        // A workbook goes to the patcher, which opens it itself; a CSV file is read into a new workbook first.
        let doc = try SpreadsheetDocument.format(of: input.path) == .csv ? SpreadsheetDocument(path: input.path) : nil
        guard let doc, let sheet = doc.sheets.first else {
            return try WorkbookPatcher.apply(
                patch(for: input, run: run, options: options), to: input.path, output: output)
        }
        // CSV: its cells into a new workbook, then the same patch (sheet name made valid for Excel).
        var name = String(sheet.name.filter { !"[]:*?/\\".contains($0) }.prefix(ExcelLimitError.maxSheetNameLength))
        if name.isEmpty || name.hasPrefix("'") || name.hasSuffix("'") { name = "Sheet1" }
        var rows: [[CellWrite]] = []
        let cursor = try doc.rows(of: sheet)
        while let row = try cursor.next() {
            while rows.count <= row.index { rows.append([]) }
            rows[row.index] = row.cells.compactMap { c in
                switch c.value {
                case .empty: return nil
                case .number(let v): return CellWrite(column: c.column, value: .number(v))
                case .text(let t):
                    return t.isEmpty
                        ? nil
                        : CellWrite(
                            column: c.column,
                            value: plainNumber(t).map { .number($0) } ?? .text(ExcelLimitError.clip(t)))
                case .bool(let b): return CellWrite(column: c.column, value: .text(b ? "TRUE" : "FALSE"))
                case .date(let d):
                    return CellWrite(column: c.column, value: .text(d.isoString ?? PlainDecimal.format(d.serial)))
                case .duration(let d): return CellWrite(column: c.column, value: .number(d))
                case .error(let e): return CellWrite(column: c.column, value: .text(e))
                }
            }
        }
        // The goal table's header styled like the summary sheets and frozen; columns fitted to their content.
        let headerRow = run.model.tables[input.path]?.first?.headerRow
        if let h = headerRow, h < rows.count {
            rows[h] = rows[h].map {
                var c = $0; c.style = tableHeaderStyle; return c
            }
        }
        let base = FileIO.temporaryPath(beside: output) + ".base.xlsx"
        defer { unlink(base) }
        try WorkbookWriter.write(
            [
                NewSheet(
                    name: name, rows: SheetRows(rows), frozenRows: headerRow.map { $0 + 1 } ?? 0,
                    fit: ColumnFit(maximum: 40))
            ], to: base, jobs: options.jobs)
        let (csvSheet, sheetName) = (sheet.name, name)
        return try WorkbookPatcher.apply(
            patch(
                for: input, run: run, options: options, sheetName: { $0 == csvSheet ? sheetName : $0 },
                headerStyle: tableHeaderStyle),
            to: base, output: output)
    }
}
