import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// What the region search found in a sheet: its goal tables, and when it found none, the closest
/// candidate and why it was not taken ("no header row found; the closest, row 3, matched 1 of 5 fields").
public struct RegionSearch: Sendable {
    public var tables: [GoalTable]
    public var closest: ClosestCandidate?
    /// Candidate headers that were looked at and refused, with the reason (task lists, people lists …).
    public var refused: [ClosestCandidate] = []
}

/// A header candidate that was not taken.
public struct ClosestCandidate: Sendable, Equatable {
    /// 0-based row.
    public var row: Int
    public var matched: Int
    public var texts: Int
    public var reason: TableRefusal
}

/// Why a row of field names did not start a goal table, said in the sheet's language (`text(japanese:)`).
public enum TableRefusal: Sendable, Equatable {
    /// Too few of the row's texts name fields.
    case tooFewFieldNames
    /// No column of the row holds goal titles.
    case noTitleColumn
    /// The table lists tasks, its title column headed `header`.
    case taskList(header: String)
    /// The table lists people (e-mail, 氏名).
    case peopleList
    case noRowsBelowHeader
    /// The title column, headed `header`, holds no text a goal is written in.
    case noGoalText(header: String)

    /// A task or people list: its rows are not goals, and its header does not start another search.
    var isListOfOtherThings: Bool {
        switch self {
        case .taskList, .peopleList: return true
        default: return false
        }
    }

    /// The reason as a phrase: 「タスクの一覧（「タスク名」）」, "a task list (「Task name」)".
    public func text(japanese: Bool) -> String {
        switch self {
        case .tooFewFieldNames: return japanese ? "項目名と読める見出しが少なすぎます" : "too few texts name fields"
        case .noTitleColumn: return japanese ? "目標名の列がありません" : "no title column"
        case .taskList(let h): return japanese ? "タスクの一覧（「\(h)」）" : "a task list (「\(h)」)"
        case .peopleList: return japanese ? "人の一覧" : "a people list"
        case .noRowsBelowHeader: return japanese ? "見出しの下に行がありません" : "no rows below the header"
        case .noGoalText(let h):
            return japanese ? "目標名の列「\(h)」に目標の文がありません" : "the title column 「\(h)」 holds no goal text"
        }
    }
}

/// Finds goal tables in a sheet: header candidates (rows of short texts that name fields), each read as
/// a header band, its columns profiled and assigned, and kept when the assignment makes a goal table.
struct RegionFinder: Sendable {
    let grid: SheetGrid
    let matcher: HeaderMatcher
    let words: ReadingWords
    let fiscal: FiscalCalendar
    /// A header row fixed by the config (0-based).
    let headerRow: Int?
    /// The threads the rows' evidence is gathered and the columns profiled on.
    var parallelism = RowParallelism.serial
    /// The run's memos (texts profiled).
    var memos = ReadingMemos()

    /// The evidence a row gives of being a header.
    struct HeaderEvidence {
        var texts = 0
        var numbers = 0
        var matched = 0
        var titleLike = false
        var scenarioOrPeriod = 0

        /// Only the row's number and date cells were counted (`numbers`): two or more, so it is no header, and its
        /// texts are looked at only to name the closest candidate of a sheet without a table.
        var isPartial = false

        /// Two fields named and most texts known, or three named in a wide export.
        var isStrong: Bool { titleLike && matched >= 2 && (matched * 2 >= texts || matched >= 3) && numbers <= 1 }
        /// One title-like field among texts only: a header if the content below confirms it.
        var isWeak: Bool { titleLike && matched >= 1 && texts >= 2 && numbers == 0 }
    }

    /// A row the search looked at that could not start a table, or a table that a header candidate could not
    /// start, in the order they came: what names the closest candidate when no table was found.
    enum Miss {
        case row(Int)
        case refused(ClosestCandidate)
    }

    /// What a short text cell says of its row being a header: a pure function of its text (and the matcher's
    /// words), remembered run-wide, since data rows repeat their texts row after row.
    enum HeaderCellKind: Sendable {
        /// A text that names no field (a form label 「氏名：」 among them).
        case text
        /// A value written as text: "477件", "2026/3/31", an e-mail address.
        case value
        /// A field's name, and whether that field holds goals' titles.
        case field, titleField
    }

    /// The row's evidence; with `skippingDataRows`, that of a row of two number or date cells or more is only
    /// their count (`isPartial`): such a row is neither a strong nor a weak header, whatever its texts say.
    func evidence(row r: Int, skippingDataRows: Bool = false) -> HeaderEvidence {
        var e = HeaderEvidence()
        guard r >= 0, r < grid.rows.count else { return e }
        if skippingDataRows {
            for cell in grid.rows[r] where !cell.fromMerge {
                switch cell.value {
                case .number, .date: e.numbers += 1
                default: break
                }
            }
            if e.numbers >= 2 {
                e.isPartial = true
                return e
            }
            e.numbers = 0
        }
        for (c, cell) in grid.rows[r].enumerated() {
            switch cell.value {
            case .text(let raw):
                guard !cell.fromMerge || c == 0 else { continue }
                e.texts += 1
                // No header cell is a sentence: long texts count as texts only.
                guard raw.hasAtMost(characters: 40) else { continue }
                switch matcher.headerCellKinds.value(for: raw, with: matcher, RegionFinder.kind(ofShortText:_:)) {
                case .text: break
                case .value: e.numbers += 1
                case .field: e.matched += 1
                case .titleField:
                    e.matched += 1
                    e.titleLike = true
                }
            case .number, .date: if !cell.fromMerge { e.numbers += 1 }
            default: break
            }
        }
        return e
    }

    static func kind(ofShortText raw: String, _ matcher: HeaderMatcher) -> HeaderCellKind {
        let t = HeaderBand.cellText(raw)
        // 「氏名：」 is a form label with its value beside it, not a column header.
        if t.hasSuffix(":") || t.hasSuffix("：") { return .text }
        // An e-mail address is a value (a data row of a people or task list), as a number is.
        if ColumnProfiler.isEmail(t) { return .value }
        // A digit and at most two letters, none of them ASCII, is a value ("477件", "2026/3/31"); else the parser decides.
        if t.hasAtMost(characters: 12),
            t.unicodeScalars.contains(where: { $0.properties.numericType != nil }),
            !t.contains(where: { $0.isASCII && $0.isLetter }) && RegionFinder.letters(in: t, atMost: 2)
                || QuantityParser.parseValue(t) != nil
        {
            return .value
        }
        guard let m = matcher.score(t) else { return .text }
        return [.title, .objective, .keyResult, .metric].contains(m.role) ? .titleField : .field
    }

    /// Whether `t` has at most `limit` letters (counted only as far as needed).
    static func letters(in t: String, atMost limit: Int) -> Bool {
        var n = 0
        for c in t where c.isLetter {
            n += 1
            if n > limit { return false }
        }
        return true
    }

    func search() -> RegionSearch {
        let rows = headerRow.map { [$0] } ?? Array(0..<grid.rows.count)
        var evidences: [Int: HeaderEvidence] = [:]
        // Data rows' texts are classified only if the sheet has no table (they name the closest candidate).
        let skipping = headerRow == nil
        let gathered = ParallelWork.mapChunked(count: rows.count, jobs: parallelism.jobs, chunk: parallelism.chunk) {
            evidence(row: rows[$0], skippingDataRows: skipping)
        }
        for (r, e) in zip(rows, gathered) { evidences[r] = e }
        let strong = rows.filter { evidences[$0]!.isStrong || headerRow == $0 }
        var tables: [GoalTable] = []
        var misses: [Miss] = []
        var refused: [ClosestCandidate] = []
        var coveredUntil = -1
        var weakBlockedUntil = -1
        for r in rows where r > coveredUntil {
            let e = evidences[r]!
            if r <= weakBlockedUntil, !e.isStrong { continue }
            guard e.isStrong || e.isWeak || headerRow == r else {
                misses.append(.row(r))
                continue
            }
            let band = HeaderBand.read(grid, top: r, matcher: matcher)
            let nextHeader = strong.first { $0 > band.lastRow } ?? grid.rows.count
            let end = foreignHeader(after: band, before: nextHeader) ?? nextHeader
            let data = (band.lastRow + 1)..<max(band.lastRow + 1, end)
            switch build(band: band, data: data, strong: e.isStrong || headerRow == r) {
            case .success(let table):
                tables.append(table)
                // Rows inside the table start no table of their own unless they are strong headers.
                coveredUntil = band.lastRow
                weakBlockedUntil = end - 1
            case .failure(let why):
                let cand = ClosestCandidate(row: r, matched: e.matched, texts: e.texts, reason: why.reason)
                if why.reason.isListOfOtherThings { refused.append(cand); coveredUntil = max(coveredUntil, end - 1) }
                misses.append(.refused(cand))
            }
        }
        // Each table runs to the next table's header.
        for i in tables.indices.dropLast() {
            tables[i].rows =
                tables[i].rows
                .lowerBound..<max(tables[i].rows.lowerBound, min(tables[i].rows.upperBound, tables[i + 1].headerTop))
        }
        let closest = tables.isEmpty ? closestCandidate(misses, evidences) : nil
        return RegionSearch(tables: tables, closest: closest, refused: refused)
    }

    /// The candidate that came closest to a table: the row naming most fields (the first of equals) or a later
    /// refused table naming as many; a data row's texts are classified now, when it is looked at.
    func closestCandidate(_ misses: [Miss], _ evidences: [Int: HeaderEvidence]) -> ClosestCandidate? {
        var closest: ClosestCandidate?
        for miss in misses {
            switch miss {
            case .row(let r):
                guard var e = evidences[r] else { continue }
                if e.isPartial { e = evidence(row: r) }
                if e.matched > 0, e.matched > (closest?.matched ?? 0) {
                    closest = ClosestCandidate(
                        row: r, matched: e.matched, texts: e.texts,
                        reason: e.titleLike ? .tooFewFieldNames : .noTitleColumn)
                }
            case .refused(let cand):
                if cand.matched >= (closest?.matched ?? 0) { closest = cand }
            }
        }
        return closest
    }

    /// The first row below the band that is the header of something else: several short texts, no numbers,
    /// and words where this header names a number (a rubric's "Meets expectations" under "Target").
    func foreignHeader(after band: HeaderBand, before end: Int) -> Int? {
        let numericRoles: Set<ColumnRole> = [
            .baseline, .current, .target, .weight, .targetMin, .targetMax, .unit, .type, .id, .direction,
        ]
        let numericColumns = Set(
            band.paths.keys.filter { c in matcher.score(band.finest(c)).map { numericRoles.contains($0.role) } ?? false
            })
        guard !numericColumns.isEmpty else { return nil }
        var sawData = false
        for r in (band.lastRow + 1)..<min(end, grid.rows.count) {
            // Only a row of texts alone, three at least, is looked at closer (a data row has numbers).
            var own = 0
            var textCells = 0
            for cell in grid.rows[r] where !cell.value.isEmpty && !cell.fromMerge {
                own += 1
                if case .text = cell.value { textCells += 1 }
            }
            if own == 0 { continue }
            if sawData, textCells == own, textCells >= 3, isForeignHeader(row: r, numericColumns: numericColumns) {
                return r
            }
            sawData = true
        }
        return nil
    }

    /// A row of texts is another thing's header when three are short and words stand where this header names a
    /// number.
    private func isForeignHeader(row r: Int, numericColumns: Set<Int>) -> Bool {
        let texts = grid.rows[r].indices.compactMap { c -> (Int, String)? in
            guard !grid[r, c].fromMerge, !grid[r, c].value.isEmpty, case .text(let t) = grid[r, c].value else {
                return nil
            }
            return (c, t.trimmingSpaces)
        }
        let shortTexts = texts.filter { $0.1.count <= 40 }
        let wordsInNumbers = texts.contains { c, t in
            numericColumns.contains(c) && t.filter(\.isLetter).count >= 6
                && SheetReader.kind(from: t, words: words) == nil
                && DirectionWords.parse(t, words: words) == nil
                && !ColumnProfiler.isUnitWord(t)
        }
        return shortTexts.count >= 3 && wordsInNumbers
    }

    struct Refusal: Error {
        var reason: TableRefusal
    }

    func build(band: HeaderBand, data: Range<Int>, strong: Bool) -> Result<GoalTable, Refusal> {
        let dataRows = data.filter { r in r < grid.rows.count && grid.rows[r].contains { !$0.value.isEmpty } }
        let profiler = ColumnProfiler(grid: grid, fiscal: fiscal, memo: memos.textProfiles)
        var profiles: [Int: ColumnProfile] = [:]
        let periodColumns = PeriodColumnFinder(band: band, words: words).find()
        // Periods with their scenarios name the columns as surely as field names do.
        let strong = strong || periodColumns.count >= 2
        var fieldBand = band
        for p in periodColumns { fieldBand.paths[p.column] = nil }
        let fieldColumns = fieldBand.paths.keys.sorted()
        // A large table's columns are profiled on several threads, a column each.
        let profileJobs = parallelism.shares(dataRows.count) ? parallelism.jobs : 1
        let columnProfiles = ParallelWork.map(count: fieldColumns.count, jobs: profileJobs) {
            profiler.profile(column: fieldColumns[$0], rows: dataRows)
        }
        for (c, p) in zip(fieldColumns, columnProfiles) { profiles[c] = p }
        var assignments = ColumnRoleAssigner(band: fieldBand, profiles: profiles, matcher: matcher, words: words)
            .assign()
        var columns: [ColumnRole: Int] = [:]
        var notes: [ColumnRole: String] = [:]
        var categories: [Int] = []
        for a in assignments {
            if a.role == .category { categories.append(a.column); continue }
            columns[a.role] = a.column
            if let note = matcher.score(band.finest(a.column))?.note { notes[a.role] = note }
        }
        let titleRole = [ColumnRole.title, .keyResult, .objective, .metric].first { columns[$0] != nil }
        guard let titleRole, let titleColumn = columns[titleRole] else {
            return .failure(Refusal(reason: .noTitleColumn))
        }
        if words.taskHeaders.contains(ReadingWords.key(band.finest(titleColumn)))
            || columns[.keyResult] == nil && columns[.title] == nil
                && band.paths.values.contains(where: { words.taskHeaders.contains(ReadingWords.key($0.last ?? "")) })
        {
            return .failure(Refusal(reason: .taskList(header: band.finest(titleColumn))))
        }
        let people = band.paths.values.filter { words.peopleHeaders.contains(ReadingWords.key($0.last ?? "")) }.count
        let numeric =
            [ColumnRole.baseline, .current, .target].contains { columns[$0] != nil } || !periodColumns.isEmpty
        if people >= 2, !numeric { return .failure(Refusal(reason: .peopleList)) }
        guard !dataRows.isEmpty else { return .failure(Refusal(reason: .noRowsBelowHeader)) }
        let titleProfile = profiles[titleColumn] ?? ColumnProfile()
        let supported = numeric || columns.count >= 2 || titleProfile.sentencesWithNumbers > 0
        guard strong || supported, titleProfile.texts > 0 else {
            return .failure(Refusal(reason: .noGoalText(header: band.finest(titleColumn))))
        }
        var table = GoalTable(
            headerRow: band.lastRow, columns: columns, headerNotes: notes,
            headerNames: Dictionary(uniqueKeysWithValues: band.paths.keys.map { ($0, band.name($0)) }), rows: data)
        table.headerTop = band.rows.lowerBound
        table.periodColumns = periodColumns
        for p in periodColumns {
            assignments.append(
                ColumnAssignment(
                    column: p.column, role: .periodValue, confidence: 0.9, header: band.name(p.column),
                    evidence: "period \(p.label), \(p.scenario.rawValue)"))
        }
        assignments.sort { $0.column < $1.column }
        table.assignments = assignments
        table.categoryColumns = categories
        let assigned = Set(assignments.map(\.column))
        table.extraColumns = band.paths.keys.filter { !assigned.contains($0) }.sorted()
        let core = assignments.filter {
            [.title, .keyResult, .objective, .metric, .target, .current, .baseline].contains($0.role)
        }
        table.confidence = core.isEmpty ? 0.5 : core.map(\.confidence).min()!
        for a in core where a.confidence < 0.55 {
            table.doubts.append(
                "\(CellReference.columnName(a.column)) 「\(a.header)」 → \(a.role.rawValue) (\(ConfidencePercent.of(a.confidence))%)"
            )
        }
        if !strong {
            table.doubts.append("header row \(band.rows.lowerBound + 1) names only \(assignments.count) field(s)")
        }
        return .success(table)
    }
}
