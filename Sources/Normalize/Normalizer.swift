import Foundation
import GoalModel
import GoalSheetSupport
import Ingest
import SpreadsheetML

/// Reads legacy goal sheets into the goal model.
public struct Normalizer: Sendable {
    public let config: NormalizeConfig
    let matcher: HeaderMatcher
    let lexicon: Lexicon
    /// Results of the reader's text functions, for every file of the run (shared by its copies).
    let memos = ReadingMemos()
    /// How one file's rows are shared out (the header search, each row's goals): over more than one thread only
    /// for a file that holds most of a run's bytes, read while no other file is.
    var parallelism = RowParallelism.serial

    public init(config: NormalizeConfig = NormalizeConfig()) {
        self.config = config
        self.matcher = HeaderMatcher(extra: config.synonyms)
        self.lexicon = config.lexicon
    }

    /// One input read (or not), as `run` reports it while the batch goes on.
    public struct FileRead: Sendable {
        /// The input's place in the run (company sheets first), and how many inputs there are.
        public var index: Int, total: Int
        public var input: GoalInput
        /// Goals read; nil when the file could not be read.
        public var goals: Int?
    }

    /// Normalizes every input: unreadable files are listed in `failures` and the others still read. Files are read
    /// on up to `jobs` threads (`onRead` is called from them as each finishes); the run is the same for any `jobs`.
    public func run(
        _ inputs: [GoalInput], jobs: Int = 1, onRead: (@Sendable (FileRead) -> Void)? = nil
    ) -> GoalModelRun {
        var nodes: [GoalNode] = []
        var warnings: [Finding] = []
        var failures: [InputFailure] = []
        var done: [GoalInput] = []
        var goalSheets: [String: [String]] = [:]
        var tables: [String: [GoalTableExtent]] = [:]
        // Company sheets first: their ids are claimed first and parents resolve to them.
        let ordered = inputs.filter(\.isCompany) + inputs.filter { !$0.isCompany }
        let readings = FileSchedule(ordered.map(\.path), jobs: jobs).map { i, rowJobs in
            var reader = self
            reader.parallelism.jobs = rowJobs
            let result = Result { try reader.readWithTables(ordered[i]) }
            onRead?(FileRead(index: i, total: ordered.count, input: ordered[i], goals: try? result.get().0.count))
            return result
        }
        for (input, reading) in zip(ordered, readings) {
            switch reading {
            case .success(let (n, w, t)):
                tables[input.path] = t
                nodes += n
                warnings += w
                done.append(input)
                var sheets: [String] = []
                for node in n where !sheets.contains(node.source.sheet) { sheets.append(node.source.sheet) }
                goalSheets[input.path] = sheets
            case .failure(let error):
                failures.append(InputFailure(file: input.path, error))
            }
        }
        ParentResolver.assignIDs(&nodes, inputs: done)
        ParentResolver.resolve(&nodes, jobs: jobs)
        let natures = MetricNatureClassifier(lexicon: lexicon)
        let unread = nodes.indices.filter { nodes[$0].nature == nil && !nodes[$0].kind.isQualitative }
        // Read on every job from a copy of the list that is gone before the nodes are changed (a node with a
        // second holder would be copied).
        let natureReadings: [MetricNatureReading] = {
            let snapshot = nodes
            return ParallelWork.mapChunked(count: unread.count, jobs: jobs, chunk: ParallelWork.defaultChunk) {
                nature(of: snapshot[unread[$0]], natures)
            }
        }()
        for (i, reading) in zip(unread, natureReadings) { nodes[i].nature = reading }
        return GoalModelRun(
            nodes: nodes, warnings: warnings, failures: failures, inputs: done, goalSheets: goalSheets, tables: tables)
    }

    private func nature(of n: GoalNode, _ natures: MetricNatureClassifier) -> MetricNatureReading {
        natures.classify(
            n.metric.isEmpty ? n.title : n.metric + " " + n.title, unit: n.unit, per: n.per,
            periodMonths: MetricNatureClassifier.periodMonths(start: n.start, due: n.due, fiscal: config.fiscal))
    }

    /// Reads one file's goals (ids are still local; `run` makes them run-wide).
    public func read(_ input: GoalInput) throws -> ([GoalNode], [Finding]) {
        let (n, w, _) = try readWithTables(input)
        return (n, w)
    }

    /// Reads one file's goals and where its goal tables sit. GoalSheet's own columns and summary sheet from an
    /// earlier run (its `AnnotationMark`) are not read.
    public func readWithTables(_ input: GoalInput) throws -> ([GoalNode], [Finding], [GoalTableExtent]) {
        let f = try readFile(input)
        return (f.nodes, f.warnings, f.extents)
    }

    /// Reads one file and records how: per sheet, what it was taken for, its tables, their columns' fields with
    /// confidence and evidence, the rows skipped and why (what `goalsheet inspect` prints).
    public func readFile(_ input: GoalInput) throws -> FileReading {
        let doc = try SpreadsheetDocument(path: input.path)
        var file = FileReading(path: input.path)
        let mark = doc.annotationMark
        let title = doc.title
        for sheet in doc.sheets {
            let override = config.override(file: input.path, sheet: sheet.name)
            guard sheet.kind == .worksheet else {
                file.sheets.append(SheetReading(name: sheet.name, verdict: .notAWorksheet)); continue
            }
            if override?.skip == true {
                file.sheets.append(SheetReading(name: sheet.name, verdict: .skippedByConfig)); continue
            }
            if sheet.name == mark?.summarySheet {
                file.sheets.append(SheetReading(name: sheet.name, verdict: .goalSheetSummary)); continue
            }
            let grid: SheetGrid
            do {
                grid = try SheetGrid.load(
                    doc, sheet: sheet, ignoring: mark?.ranges(of: sheet.name) ?? [], readAhead: parallelism.jobs > 1)
            } catch {
                file.warnings.append(
                    Finding(
                        .unreadableSheet(reason: (error as? GoalSheetError)?.withinSheet ?? "\(error)"), .error,
                        location: SourceLocation(file: input.path, sheet: sheet.name, row: 0),
                        language: .en))
                file.sheets.append(SheetReading(name: sheet.name, verdict: .unreadable))
                continue
            }
            let obstacles = grid.mergedRanges + doc.tableRanges(of: sheet)
            SheetTableReader(
                normalizer: self, input: input, sheet: sheet, grid: grid, override: override, obstacles: obstacles,
                documentTitle: title
            ).read(into: &file)
        }
        RepeatSheetFilter.drop(&file)
        if file.nodes.isEmpty {
            // The sheets with cells that gave none, and why; an unreadable sheet has its own error.
            let withCells = file.sheets.filter { $0.verdict == .noGoals || $0.verdict == .unreadable }
            let japanese = withCells.contains(where: \.isJapanese)
            let reasons = withCells.map { r in
                SheetReason(
                    sheet: r.name,
                    why: r.verdict == .unreadable
                        ? (japanese ? "読めません（エラーを参照）" : "could not be read (see its error)") : r.why)
            }
            file.warnings.append(
                Finding(
                    .noGoals(sheets: reasons),
                    config.strict ? .error : .warning,
                    location: SourceLocation(file: input.path, sheet: withCells.first?.name ?? "", row: 0),
                    language: japanese ? .ja : .en))
        }
        return file
    }
}

/// How the rows of one sheet are shared out over threads: `jobs` threads taking `chunk` rows at a time. A table
/// of fewer than two chunks' rows is read on the calling thread.
public struct RowParallelism: Sendable {
    public var jobs: Int
    /// Rows per piece of work: fewer are not worth a thread.
    public var chunk: Int

    public init(jobs: Int, chunk: Int = ParallelWork.defaultChunk) {
        self.jobs = jobs
        self.chunk = chunk
    }

    /// One thread.
    public static let serial = RowParallelism(jobs: 1)

    /// Whether `count` rows are worth sharing out.
    func shares(_ count: Int) -> Bool { jobs > 1 && count >= 2 * chunk }
}

/// The order a run's files are read in: a file holding more than half of the run's bytes (one department's
/// 100,000-row sheet beside the company's) alone first, with every job on its rows; then the others, a file
/// per job. Results come in the files' order whatever the schedule.
struct FileSchedule {
    let jobs: Int
    /// The file read alone, by index.
    let dominant: Int?
    let count: Int

    init(_ paths: [String], jobs: Int) {
        self.jobs = max(1, jobs)
        count = paths.count
        let sizes = paths.map { FileIO.size(of: $0) ?? 0 }
        let total = sizes.reduce(0, +)
        let largest = sizes.indices.max { sizes[$0] < sizes[$1] }
        dominant = jobs > 1 ? largest.flatMap { sizes[$0] > total / 2 ? $0 : nil } : nil
    }

    /// `body(index, rowJobs)` for every file, in index order.
    func map<T: Sendable>(_ body: @Sendable (Int, Int) -> T) -> [T] {
        guard let dominant else { return ParallelWork.map(count: count, jobs: jobs) { body($0, 1) } }
        let first = body(dominant, jobs)
        let others = (0..<count).filter { $0 != dominant }
        var rest = ParallelWork.map(count: others.count, jobs: jobs) { body(others[$0], 1) }[...]
        return (0..<count).map { $0 == dominant ? first : rest.popFirst()! }
    }
}

/// Reads the goal tables of one sheet into nodes.
struct SheetReader: Sendable {
    let input: GoalInput
    let sheet: String
    let grid: SheetGrid
    let normalizer: Normalizer
    let override: NormalizeConfig.SheetOverride?
    /// The department of rows without a department column (see `SheetReader.department`).
    let defaultDepartment: String
    var nodes: [GoalNode] = []
    var warnings: [Finding] = []
    /// Rows of goal tables that were not read as goals, and why.
    var skipped: [SkippedRow] = []
    /// Dates parsed from text on this sheet, by text; as-of notes by note and due date.
    var dateMemo: [String: DateSpan] = [:]
    var asOfMemo: [String: CalendarDate?] = [:]
    /// What the sheet says around its tables: the title block's period, form fields (氏名 / 部署 / 期間).
    var context = SheetContext()
    /// The rows of the table being read, read ahead on several threads (a large table only).
    var prefetch: RowPrefetch?
    /// What every goal of the table being read shares: its field columns and value headers, made once.
    var tableFacts: TableFacts?

    init(
        input: GoalInput, sheet: String, grid: SheetGrid, normalizer: Normalizer,
        override: NormalizeConfig.SheetOverride?
    ) {
        self.input = input
        self.sheet = sheet
        self.grid = grid
        self.normalizer = normalizer
        self.lexicon = normalizer.lexicon
        self.override = override
        self.defaultDepartment = SheetReader.department(
            input: input, sheet: sheet, override: override, words: lexicon.reading)
    }

    var fiscal: FiscalCalendar { normalizer.config.fiscal }
    /// The normalizer's lexicon, held here so that calls borrow it rather than copy it (it has dozens of lists).
    let lexicon: Lexicon

    func location(_ row: Int, _ column: Int?) -> SourceLocation {
        SourceLocation(file: input.path, sheet: sheet, row: row, column: column)
    }

    mutating func warn(
        _ detail: FindingDetail, _ row: Int, _ column: Int?, _ japanese: Bool, severity: Severity = .warning
    ) {
        warnings.append(Finding(detail, severity, location: location(row, column), language: japanese ? .ja : .en))
    }

    /// The department a sheet belongs to when no column says: a 部/課/室/チーム name in the sheet name,
    /// else in the file name, else the sheet name unless generic, else the file name.
    static func department(
        input: GoalInput, sheet: String, override: NormalizeConfig.SheetOverride?, words: ReadingWords = .standard
    ) -> String {
        if let d = override?.department { return d }
        if input.isCompany { return "" }
        if let d = SheetReader.departmentToken(sheet, words: words) { return d }
        if let d = SheetReader.departmentToken(input.stem, words: words) { return d }
        let key = TextNormalizer.matchKey(sheet)
        if !words.genericSheetNames.contains(where: { key.hasPrefix($0) }) && TextNormalizer.matchKey(input.stem) != key
        {
            return sheet
        }
        return input.stem
    }

    /// The first line of a cell's text (its first that is not empty), or the text of one line itself: only a text
    /// holding a line break's scalar (LF, VT, FF, CR, NEL, LS, PS) is split.
    static func firstLine(_ text: String) -> String {
        let breaks = text.unicodeScalars.contains { s in
            (0x0A...0x0D).contains(s.value) || s.value == 0x85 || s.value == 0x2028 || s.value == 0x2029
        }
        guard breaks else { return text }
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }

    /// The department a sheet, file or section name names: a part of it ending in one of `departmentSuffixes`,
    /// else cut after one of `departmentCuts` (営業部目標 → 営業部); never 全部 or a name starting 全 (the company).
    static func departmentToken(_ s: String, words: ReadingWords = .standard) -> String? {
        let parts = s.split { "_- 　.・()（）[]【】".contains($0) }.map(String.init)
        for p in parts {
            for suf in words.departmentSuffixes where p.hasSuffix(suf) && p.count > suf.count && !p.hasSuffix("全部") {
                return p
            }
            for suf in words.departmentCuts {
                if let r = p.range(of: suf), r.lowerBound != p.startIndex {
                    let name = String(p[..<r.upperBound])
                    if name.count >= 2 && name.count <= 8 && !name.hasPrefix("全") { return name }
                }
            }
        }
        return nil
    }

    mutating func read(_ table: GoalTable) {
        let cols = table.columns
        var currentObjective: (id: String?, title: String)?
        var lastObjectiveText = ""
        var sectionDepartment: String?
        let isJapanese =
            table.headerNames.values.contains { TextNormalizer.isJapanese($0) }
            || (0..<min(grid.rows.count, table.rows.upperBound)).contains { r in
                grid.rows[r].contains { c in
                    if case .text(let t) = c.value { return TextNormalizer.isJapanese(t) } else { return false }
                }
            }

        let classifier = RowClassifier(grid: grid, table: table, words: lexicon.reading, memos: normalizer.memos)
        let staircase = StaircaseLevels(grid: grid, table: table)
        prefetch = readAhead(table, classifier: classifier, staircase: staircase, isJapanese: isJapanese)
        defer { prefetch = nil }
        for r in table.rows {
            guard r < grid.rows.count else { break }
            switch prefetch?.rowClass(r) ?? classifier.classify(r) {
            case .blank: continue
            case .skip(let why):
                skipped.append(SkippedRow(row: r, reason: why))
                continue
            case .section(let t):
                if let d = SheetReader.departmentToken(t, words: lexicon.reading) { sectionDepartment = d }
                skipped.append(SkippedRow(row: r, reason: .section))
                continue
            case .goal: break
            }

            // Objective + Key Result columns: the objective cell opens an objective (merged down or written once).
            if let oc = cols[.objective] {
                let oText = grid.text(r, oc)
                let isNew = !oText.isEmpty && (!grid[r, oc].fromMerge) && oText != lastObjectiveText
                if isNew {
                    lastObjectiveText = oText
                    var node = makeNode(
                        row: r, title: oText, titleColumn: oc, table: table, isJapanese: isJapanese, kind: .objective)
                    if let d = sectionDepartment, cols[.department] == nil { node.department = d }
                    // An objective row in this layout carries its id only when there is no KR on the row.
                    if cols[.keyResult].map({ !grid.text(r, $0).isEmpty }) ?? false {
                        // The row's numbers, owner and id are its key result's.
                        node.localID = nil
                        node.owner = ""
                        node.parentRef = ""
                        node.baseline = nil
                        node.current = nil
                        node.target = nil
                        node.targetMin = nil
                        node.targetMax = nil
                        node.direction = nil
                        node.unit = nil
                        node.weight = nil
                    } else {
                        node.localID = cols[.id].map { grid.text(r, $0) }.flatMap { $0.isEmpty ? nil : $0 }
                    }
                    node.columns = [.title: oc]
                    nodes.append(node)
                    currentObjective = (node.localID, oText)
                }
                guard let kc = cols[.keyResult], !grid.text(r, kc).isEmpty else { continue }
                var kr = makeNode(
                    row: r, title: grid.text(r, kc), titleColumn: kc, table: table, isJapanese: isJapanese, kind: .kr)
                if let d = sectionDepartment, cols[.department] == nil { kr.department = d }
                if let o = currentObjective { kr.groupRef = o.id ?? o.title }
                if kr.parentRef.isEmpty, let o = currentObjective {
                    kr.parentRef = o.id ?? o.title
                    kr.parentMatch = .layout
                }
                nodes.append(kr)
                continue
            }

            switch prefetch?.plainRow(r) ?? plainRow(r, table: table, staircase: staircase) {
            case nil, .remark: continue
            case .untitled(let titleCol, let numeric):
                skipped.append(SkippedRow(row: r, reason: .untitled))
                if numeric {
                    warn(.untitledRow(row: r + 1), r, titleCol, isJapanese)
                }
            case .goals(let titleCol, let parts):
                for part in parts {
                    readGoal(
                        row: r, title: part, titleColumn: titleCol, table: table, isJapanese: isJapanese,
                        department: sectionDepartment,
                        objective: &currentObjective)
                }
            }
        }
    }

    /// What a goal row of a table without an objective column holds, from its cells alone: its title (one goal, or
    /// several written in one cell), a remark (※…), or no title; nil when the table has no title column.
    func plainRow(_ r: Int, table: GoalTable, staircase: StaircaseLevels) -> PlainRow? {
        let cols = table.columns
        guard let mainTitle = cols[.title] ?? cols[.keyResult] ?? cols[.metric] else { return nil }
        let (titleCol, title) = staircase.title(grid, r, titleColumn: mainTitle)
        let valueCells = [ColumnRole.baseline, .current, .target].contains { role in
            cols[role].map { !grid[r, $0].value.isEmpty } ?? false
        }
        if title.isEmpty { return .untitled(column: titleCol, numeric: valueCells) }
        if title.hasPrefix("※") { return .remark }
        let firstLine = SheetReader.firstLine(title)
        let parts =
            valueCells || firstLine != title ? [title] : GoalSentenceSplitter.split(title, words: lexicon.reading)
        return .goals(column: titleCol, parts: parts)
    }

    /// One goal of a plain table row: its kind from a type column, an id prefix, else its shape (words only →
    /// objective, unless the column names indicators; numbers under an objective → KR).
    mutating func readGoal(
        row r: Int, title: String, titleColumn: Int, table: GoalTable, isJapanese: Bool, department: String?,
        objective currentObjective: inout (id: String?, title: String)?
    ) {
        let cols = table.columns
        var node = makeNode(
            row: r, title: title, titleColumn: titleColumn, table: table, isJapanese: isJapanese, kind: nil)
        PeriodColumnReader(columns: table.periodColumns, grid: grid, period: context.period, fiscal: fiscal).apply(
            to: &node, row: r)
        if let d = department, cols[.department] == nil { node.department = d }
        if node.kind == .kpi && !node.kindIsExplicit {
            let hasNumbers =
                node.baseline != nil || node.current != nil || node.target != nil || node.relativeChange != nil
                || node.formula != nil
            // The header is looked at only for a row without numbers (most rows have them).
            if !hasNumbers && cols[.formula] == nil
                && !lexicon.reading.isMetricHeader(table.headerNames[titleColumn] ?? "")
            {
                node.kind = .objective
            } else if currentObjective != nil && hasNumbers {
                node.kind = .kr
            }
        }
        if node.kind == .objective {
            node.metric = ""
            nodes.append(node)
            currentObjective = (node.localID, title)
            return
        }
        if node.kind == .kr, let o = currentObjective {
            node.groupRef = o.id ?? o.title
            if node.parentRef.isEmpty {
                node.parentRef = o.id ?? o.title
                node.parentMatch = .layout
            }
        }
        nodes.append(node)
    }

    /// Builds a node from a row: every mapped cell read, the title parsed as a sentence (or the node read ahead).
    mutating func makeNode(
        row r: Int, title: String, titleColumn: Int, table: GoalTable, isJapanese: Bool, kind: GoalKind?
    ) -> GoalNode {
        if let made = prefetch?.take(row: r, title: title, column: titleColumn, kind: kind) {
            warnings += made.warnings
            return made.node
        }
        return buildNode(
            row: r, title: title, titleColumn: titleColumn, table: table, isJapanese: isJapanese, kind: kind)
    }

    /// A node made from a row: every mapped cell read, the title parsed as a sentence.
    mutating func buildNode(
        row r: Int, title: String, titleColumn: Int, table: GoalTable, isJapanese: Bool, kind: GoalKind?
    ) -> GoalNode {
        let cells = RowCells(grid: grid, row: r, columns: table.columns)
        let facts = facts(of: table, titleColumn: titleColumn)
        var node = identity(
            cells, title: title, titleColumn: titleColumn, table: table, isJapanese: isJapanese, kind: kind,
            columns: facts.fieldColumns)
        // A cell of several lines states the goal on its first line; the rest is how it is measured.
        let statement = SheetReader.firstLine(title)
        let fiscal = fiscal
        let sentence = normalizer.memos.sentences.value(for: statement, with: lexicon) {
            GoalTextParser.parse($0, lexicon: $1, fiscal: fiscal)
        }
        node.metric = cells.text(.metric) ?? sentence.metric
        // The unit column: "%", "万円", "件/月" …
        let unitColumn = UnitColumn.read(cells.text(.unit))
        if let u = unitColumn.unreadable {
            warn(.unreadableUnit(text: u), r, table.columns[.unit], isJapanese)
        }
        var values = ValueCellReader(cells: cells, unitColumn: unitColumn, fiscal: fiscal)
        readValues(&node, &values, sentence: sentence, table: table, isJapanese: isJapanese)
        var units = values.units
        if let u = sentence.unit { units.append(u) }
        node.unit = GoalInference.unit(of: node, units: units, column: unitColumn.unit, lexicon: lexicon)
        if Set(units).count > 1 {
            warn(
                .mixedUnits(units: Set(units).sorted { $0.rawValue < $1.rawValue }), r,
                table.columns[.target] ?? titleColumn, isJapanese)
        }
        let perColumn = cells.text(.period).flatMap { SheetReader.period(from: $0, words: lexicon.reading) }
        node.per = perColumn ?? unitColumn.per ?? values.pers.first ?? sentence.per
        readDirection(&node, cells, values: values, sentence: sentence, isJapanese: isJapanese)
        readDates(&node, cells, table: table, sentence: sentence)
        readWeightAndFormula(&node, cells, isJapanese: isJapanese)
        node.nature = facts.cumulativeHeaders ? nature(of: node, headers: facts.valueHeaders) : nil
        return node
    }

    /// The table's facts for goals titled in `titleColumn`: those kept when they are the same table's, else new.
    mutating func facts(of table: GoalTable, titleColumn: Int) -> TableFacts {
        if let f = tableFacts, f.isFor(table, titleColumn: titleColumn) { return f }
        let f = TableFacts(table, titleColumn: titleColumn, lexicon: lexicon)
        tableFacts = f
        return f
    }

    /// The metric's nature read from the value columns' headers that say their figures are running totals (累計);
    /// only asked when one does (`TableFacts.cumulativeHeaders`), else the run classifies it by its words and unit.
    func nature(of node: GoalNode, headers: [String]) -> MetricNatureReading? {
        MetricNatureClassifier(lexicon: lexicon).classify(
            node.metric.isEmpty ? node.title : node.metric + " " + node.title,
            unit: node.unit, per: node.per, headers: headers,
            periodMonths: MetricNatureClassifier.periodMonths(start: node.start, due: node.due, fiscal: fiscal))
    }

    /// The row's identity: columns, id, owner, department, parent, category, extra columns and kind.
    func identity(
        _ cells: RowCells, title: String, titleColumn: Int, table: GoalTable, isJapanese: Bool, kind: GoalKind?,
        columns: [GoalField: Int]
    ) -> GoalNode {
        let r = cells.row
        var node = GoalNode(
            id: "", source: location(r, nil), level: override?.level ?? (input.isCompany ? .company : .department),
            kind: kind ?? .kpi, title: title)
        node.isJapanese = isJapanese || TextNormalizer.isJapanese(title)
        node.columns = columns
        node.localID = cells.text(.id)
        node.owner = cells.text(.owner) ?? context.owner ?? ""
        node.department = cells.text(.department) ?? context.department ?? defaultDepartment
        node.parentRef = cells.text(.parent) ?? ""
        node.category = table.categoryColumns.filter { $0 != titleColumn }.map { grid.text(r, $0) }.filter {
            !$0.isEmpty
        }.joined(separator: " / ")
        node.extra = table.extraColumns.compactMap { c in
            let v = grid.text(r, c)
            return v.isEmpty ? nil : (header: table.headerNames[c] ?? CellReference.columnName(c), value: v)
        }
        // Kind from a type column or the id's prefix.
        if let k = cells.text(.type).flatMap({ SheetReader.kind(from: $0, words: lexicon.reading) }) {
            node.kind = k; node.kindIsExplicit = true
        } else if let k = node.localID.flatMap(SheetReader.kind(fromID:)), kind == nil {
            node.kind = k; node.kindIsExplicit = true
        }
        return node
    }

    /// Baseline, current, target and bounds from their cells, then what the title's sentence gives when no
    /// column does (「解約率を月8% → 月3%に削減」, 「30%削減」).
    mutating func readValues(
        _ node: inout GoalNode, _ values: inout ValueCellReader, sentence: ParsedGoalText, table: GoalTable,
        isJapanese: Bool
    ) {
        node.baseline = values.value(.baseline, baseline: nil, lexicon: lexicon)
        node.current = values.value(.current, baseline: node.baseline, lexicon: lexicon)
        node.target = values.value(.target, baseline: node.baseline, lexicon: lexicon)
        if node.baseline == nil { node.baseline = values.baselineInTarget }
        node.targetMin = values.value(.targetMin, baseline: node.baseline, lexicon: lexicon)
        node.targetMax = values.value(.targetMax, baseline: node.baseline, lexicon: lexicon)
        for bad in values.unreadable {
            let header = table.headerNames[bad.column] ?? bad.role.rawValue
            warn(
                bad.isText ? .unreadableNumber(text: bad.text, column: header) : .notANumber(text: bad.text),
                node.source.row, bad.column, isJapanese)
        }
        if let band = values.range { RangeTarget.apply(band, to: &node, comparator: &values.comparator) }
        if let rel = values.relative { RelativeTarget.note(rel, on: &node) }
        if node.target == nil, let t = sentence.target {
            node.target = t.value; if let u = t.unit { values.units.append(u) }
        }
        if node.baseline == nil, let b = sentence.baseline { node.baseline = b.value }
        if let c = sentence.change, node.target == nil {
            if let b = node.baseline {
                node.target = sentence.changeIsPercent ? b * (1 + c / 100) : b + c
            } else {
                node.relativeChange = sentence.changeIsPercent ? c : nil
                if !sentence.changeIsPercent { node.absoluteChange = c }
            }
        }
    }

    /// Direction: the direction column, else what `GoalInference` finds; a band's ends swap when lower is better.
    mutating func readDirection(
        _ node: inout GoalNode, _ cells: RowCells, values: ValueCellReader, sentence: ParsedGoalText, isJapanese: Bool
    ) {
        if let d = cells.text(.direction) {
            if let dir = DirectionWords.parse(d, words: lexicon.reading) {
                node.direction = dir
            } else {
                warn(.unreadableDirection(text: d), cells.row, cells.columns[.direction], isJapanese)
            }
        }
        if node.direction == nil {
            node.direction = GoalInference.direction(
                of: node, comparator: values.comparator, sentence: sentence, lexicon: lexicon)
        }
        if let band = values.range, !band.isTolerance, node.direction?.lowerIsBetter == true {
            // Lower is better: the upper end is the target, the lower the stretch.
            node.target = band.upper.value
            node.stretch = band.lower.value
        }
    }

    /// Due and start dates from their cells, else the sentence's deadline, else the sheet's period; the
    /// current value's date from its header note (「現状(9月末)」).
    mutating func readDates(_ node: inout GoalNode, _ cells: RowCells, table: GoalTable, sentence: ParsedGoalText) {
        let r = cells.row
        if let c = cells.columns[.due], let span = date(r, c, isJapanese: node.isJapanese) {
            node.due = span.end; if node.start == nil { node.start = span.start }
        } else if let span = periodSpan(cells) {
            node.due = span.end; node.start = span.start
        } else if let d = sentence.due {
            node.due = d.end; node.start = d.start
        } else if let p = context.period {
            node.due = p.end; node.start = p.start
        }
        if let c = cells.columns[.start], let span = date(r, c, isJapanese: node.isJapanese) {
            node.start = span.start ?? span.end
        }
        if let note = table.headerNotes[.current] {
            // The same note on every row: parsed once per due date.
            let key = note + "|" + (node.due?.description ?? "")
            if let known = asOfMemo[key] {
                node.asOf = known
            } else {
                node.asOf = DateParser.parse(note, fiscal: fiscal, notAfter: node.due)?.end
                asOfMemo[key] = node.asOf
            }
        }
    }

    /// The span a period column names (「2025年度上期」, "FY2025 Q3", or 「Q3」 within the title's year), when it
    /// names one rather than a rate's period (「月」, 「四半期」).
    mutating func periodSpan(_ cells: RowCells) -> DateSpan? {
        guard let t = cells.text(.period), SheetReader.period(from: t, words: lexicon.reading) == nil,
            !QuantityParser.isBlankMarker(t)
        else {
            return nil
        }
        if let known = dateMemo[t] { return known }
        var span = DateParser.parse(t, fiscal: fiscal)
        if span == nil, let token = PeriodToken.parse(t, words: lexicon.reading) {
            span = token.span(within: context.period, fiscal: fiscal)
        }
        guard let span, span.start != nil else { return nil }
        dateMemo[t] = span
        return span
    }

    /// The weight (「20%」, 0.2) and the KPI-tree formula (「商談数×受注率」).
    mutating func readWeightAndFormula(_ node: inout GoalNode, _ cells: RowCells, isJapanese: Bool) {
        let r = cells.row
        if let w = cells.text(.weight) {
            if let q = QuantityParser.parseValue(w) {
                node.weight = q.unit == .percent ? q.value / 100 : q.value
            } else {
                warn(.unreadableWeight(text: w), r, cells.columns[.weight], isJapanese)
            }
        } else if let c = cells.columns[.weight], case .number(let v) = grid[r, c].value, grid[r, c].isPercent {
            node.weight = v
        }
        if let f = cells.text(.formula) {
            do { node.formula = try FormulaParser.parse(f) } catch {
                warn(.unreadableFormula(text: f, reason: "\(error)"), r, cells.columns[.formula], isJapanese)
            }
        }
    }

    /// A date or period from a date cell, a serial in a General cell, or text.
    mutating func date(_ r: Int, _ c: Int, isJapanese: Bool) -> DateSpan? {
        let cell = grid[r, c]
        switch cell.value {
        case .empty: return nil
        case .date(let d):
            return SheetReader.calendarDate(d).map { DateSpan(end: $0) }
        case .number(let v) where v >= 20_000 && v < 80_000:
            // A serial in a General cell: 2020-10-03 … 2119-01-10.
            return SheetReader.calendarDate(ExcelDate(serial: v, is1904: grid.is1904)).map { DateSpan(end: $0) }
        case .number(let v) where v == v.rounded() && v >= 1990 && v <= 2100:
            // A year in a Year column: the calendar year (a fiscal year says 年度 or FY).
            return SheetContext.calendarYear(Int(v))
        case .text(let t):
            if QuantityParser.isBlankMarker(t) { return nil }
            if t.count == 4, let y = Int(t), (1990...2100).contains(y) { return SheetContext.calendarYear(y) }
            // A due column repeats its dates: each distinct text is parsed once per sheet.
            if let known = dateMemo[t] { return known }
            if let span = DateParser.parse(t, fiscal: fiscal) {
                dateMemo[t] = span
                return span
            }
            // 「上期」, "Q3", 「4月」 without a year: within the title's period (「2025年度」).
            if let token = PeriodToken.parse(t, words: lexicon.reading),
                let span = token.span(within: context.period, fiscal: fiscal)
            {
                return span
            }
            warn(.unreadableDate(text: t), r, c, isJapanese)
            return nil
        default:
            warn(.notADate(text: grid.text(r, c)), r, c, isJapanese)
            return nil
        }
    }

    /// The day of an Excel date (its time of day dropped).
    static func calendarDate(_ d: ExcelDate) -> CalendarDate? {
        d.components.flatMap { CalendarDate(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// A unit cell as a factor: "万円" → (1e4, jpy), "%" → (1, percent), "件/月" → (1, count, month).
    static func unitCell(_ text: String, words: ReadingWords = .standard) -> Quantity? {
        let t = TextNormalizer.foldWidth(text).trimmingSpaces
        let lower = t.lowercased()
        if let named = words.unitNames.first(where: { $0.word == lower }) {
            return Quantity(value: 1, unit: named.unit)
        }
        if let q = QuantityParser.parseValue("1" + t), q.unit != nil || q.per != nil { return q }
        if let q = QuantityParser.parseValue("1 " + t), q.unit != nil || q.per != nil { return q }
        return nil
    }

    /// The kind a type cell names (「KGI」, 「重要成功要因」, "Key Result"), by the reading words' `kindWords`.
    static func kind(from type: String, words: ReadingWords = .standard) -> GoalKind? {
        words.kind(typeKey: TextNormalizer.matchKey(type))
    }

    static func kind(fromID id: String) -> GoalKind? {
        let k = TextNormalizer.matchKey(id)
        func prefixThenDigits(_ p: String) -> Bool {
            guard k.hasPrefix(p) else { return false }
            let rest = k.dropFirst(p.count)
            return rest.isEmpty || rest.first!.isNumber
        }
        if prefixThenDigits("kgi") { return .kgi }
        if prefixThenDigits("ksf") || prefixThenDigits("kfs") || prefixThenDigits("csf") { return .ksf }
        if prefixThenDigits("kpi") { return .kpi }
        if prefixThenDigits("kr") { return .kr }
        if prefixThenDigits("o") || prefixThenDigits("obj") { return .objective }
        // "D-KR1", "営業-O1": a department prefix before the kind.
        if let dash = k.lastIndex(where: { $0 == "-" || $0 == "/" }) ?? nil {
            return kind(fromID: String(k[k.index(after: dash)...]))
        }
        return nil
    }

    /// The direction a direction cell names, by the reading words' `directionWords`.
    static func direction(from text: String, words: ReadingWords = .standard) -> GoalDirection? {
        words.direction(named: TextNormalizer.matchKey(text))
    }

    /// The period a period cell names, by the reading words' `periodWords`.
    static func period(from text: String, words: ReadingWords = .standard) -> GoalPeriod? {
        words.period(named: TextNormalizer.matchKey(text))
    }
}
