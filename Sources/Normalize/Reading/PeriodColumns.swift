import GoalModel

/// A period token in a header: a quarter, a half, a month, or the whole period, with a year when written.
struct PeriodToken: Equatable {
    enum Part: Equatable {
        case quarter(Int), half(Int), month(Int), whole
    }

    var part: Part
    /// A year written with the token ("Q1'25", "2025 Q1", "FY25 Q1"), else nil.
    var year: Int?
    /// The year was written as a fiscal year (FY25): the parts fall in the fiscal calendar's year.
    var isFiscal = false

    /// Reads "Q1", "1Q", "第1四半期", "Q1'25", "FY25 Q1", "上期", "H2", "4月", "Apr", "通期", "Full Year".
    static func parse(_ text: String, words: ReadingWords) -> PeriodToken? {
        var k = ReadingWords.key(text).filter { $0 != " " }
        guard !k.isEmpty, k.count <= 14 else { return nil }
        var year: Int?
        var isFiscal = false
        // A year written with it: 'NN, 20NN, FYNN, FY20NN.
        if let apostrophe = k.lastIndex(where: { $0 == "'" || $0 == "’" }) {
            guard let y = Int(k[k.index(after: apostrophe)...]), k.distance(from: apostrophe, to: k.endIndex) == 3
            else { return nil }
            year = 2000 + y
            k = String(k[..<apostrophe])
        }
        for prefix in ["fy", "cy"] where k.hasPrefix(prefix) && k.dropFirst(2).prefix(2).allSatisfy(\.isNumber) {
            let digits = k.dropFirst(2).prefix { $0.isNumber }
            guard let y = Int(digits) else { break }
            year = digits.count == 2 ? 2000 + y : y
            isFiscal = prefix == "fy"
            k = String(k.dropFirst(2 + digits.count))
        }
        if k.count > 4, let y = Int(k.prefix(4)), (1990...2100).contains(y) {
            year = y; k = String(k.dropFirst(4))
        } else if k.count > 4, let y = Int(k.suffix(4)), (1990...2100).contains(y) {
            year = y; k = String(k.dropLast(4))
        }
        k = k.trimming(chars: "-_/年")
        guard let part = part(k, words: words) else { return nil }
        return PeriodToken(part: part, year: year, isFiscal: isFiscal)
    }

    static func part(_ k: String, words: ReadingWords) -> Part? {
        if k.isEmpty { return nil }
        if words.fullPeriodWords.contains(k) { return .whole }
        if let h = words.halfWords.first(where: { $0.word == k }) { return .half(h.half) }
        let digits = k.filter { $0.isASCII && $0.isNumber }
        if let n = Int(digits), digits.count == 1, (1...4).contains(n) {
            let rest = k.filter { !($0.isASCII && $0.isNumber) }
            if ["q", "第四半期", "四半期"].contains(rest) { return .quarter(n) }
        }
        if let n = Int(digits), digits.count <= 2, (1...12).contains(n), k == digits + "月" { return .month(n) }
        if k.count >= 3, let m = Lexicon.DateWords.monthAbbreviations.firstIndex(where: { k.hasPrefix($0) }),
            k.allSatisfy(\.isLetter),
            k.count <= 9
        {
            return .month(m + 1)
        }
        return nil
    }

    /// The days this token covers: within its written year (a calendar year), else within the sheet's period
    /// (「2025年度」 → Q1 is April to June); nil when neither is known.
    func span(within period: DateSpan?, fiscal: FiscalCalendar) -> DateSpan? {
        // The period's first month: the written year's (calendar), else the sheet's period.
        let start: CalendarDate
        if let y = year {
            start = CalendarDate(year: y, month: isFiscal ? fiscal.startMonth : 1, day: 1)!
        } else if let p = period?.start {
            start = p
        } else {
            return nil
        }
        let whole = period.map { p in p.end } ?? CalendarDate.endOfMonth(year: start.year, month: 12)
        switch part {
        case .whole:
            return DateSpan(start: start, end: year == nil ? whole : start.firstOfMonth(adding: 11).monthEnd)
        case .quarter(let q):
            return DateSpan(
                start: start.firstOfMonth(adding: 3 * (q - 1)), end: start.firstOfMonth(adding: 3 * q - 1).monthEnd)
        case .half(let h):
            return DateSpan(
                start: start.firstOfMonth(adding: 6 * (h - 1)), end: start.firstOfMonth(adding: 6 * h - 1).monthEnd)
        case .month(let m):
            // The month of that number within the twelve months from the start.
            let offset = (m - start.month + 12) % 12
            let first = start.firstOfMonth(adding: offset)
            return DateSpan(start: first, end: first.monthEnd)
        }
    }
}

/// One column of a period layout: one period's target, actual, forecast or prior figure
/// (目標Q1, 「Q1 / 実績」, "Q1'25 / Goal", 「通期 / 目標」).
public struct PeriodColumn: Sendable, Equatable {
    public var column: Int
    /// The period as the header writes it ("Q1'25", "上期", "通期").
    public var label: String
    public var scenario: ReadingWords.Scenario
    /// The column holds the whole period's figure (通期, Full Year), not one part's.
    public var isWholePeriod: Bool
    var token: PeriodToken
}

/// Finds the period columns of a header band: a period token and a scenario word in a column's header
/// path, in one cell (目標Q1, "Q1 Actual") or in two rows (Q1'25 over Goal / Fcst / Actual).
struct PeriodColumnFinder {
    let band: HeaderBand
    let words: ReadingWords

    func find() -> [PeriodColumn] {
        var out: [PeriodColumn] = []
        for c in band.paths.keys.sorted() {
            guard let path = band.paths[c], let found = read(path) else { continue }
            out.append(
                PeriodColumn(
                    column: c, label: found.label, scenario: found.scenario, isWholePeriod: found.token.part == .whole,
                    token: found.token))
        }
        // A period layout has at least two periods' parts (Q1 and Q2, 上期 and 下期); a lone 「年間目標」 is a target column.
        let parts = Set(out.filter { !$0.isWholePeriod }.map(\.label))
        return parts.count >= 2 ? out : []
    }

    /// The period columns a config names (`F: period_value`): each read from its header cell and the group
    /// above it (a merged cell, or written once at the left of its group).
    static func configured(_ columns: [Int], grid: SheetGrid, headerRow h: Int, words: ReadingWords) -> [PeriodColumn] {
        let finder = PeriodColumnFinder(band: HeaderBand(rows: h...h, paths: [:]), words: words)
        return columns.compactMap { c in
            let group =
                h > 0
                ? columns.filter { $0 <= c }.reversed().lazy.map { grid.text(h - 1, $0) }.first { !$0.isEmpty } : nil
            guard let found = finder.read([group, grid.text(h, c)].compactMap { $0 }) else { return nil }
            return PeriodColumn(
                column: c, label: found.label, scenario: found.scenario, isWholePeriod: found.token.part == .whole,
                token: found.token)
        }
    }

    /// The period and scenario of one header path.
    func read(_ path: [String]) -> (label: String, scenario: ReadingWords.Scenario, token: PeriodToken)? {
        var token: (String, PeriodToken)?
        var scenario: ReadingWords.Scenario?
        for part in path {
            let t = part.trimmingSpaces
            if let s = words.scenario(header: t) { scenario = s; continue }
            if let p = PeriodToken.parse(t, words: words) { token = (t, p); continue }
            // One cell holding both: 目標Q1, Q1目標, "Q1 Actual", "Target Q1".
            if let (s, rest) = splitScenario(t), let p = PeriodToken.parse(rest, words: words) {
                scenario = s
                token = (rest.trimmingSpaces, p)
            }
        }
        guard let (label, p) = token, let s = scenario else { return nil }
        return (label, s, p)
    }

    /// A scenario word at the start or end of a cell, and the rest.
    func splitScenario(_ t: String) -> (ReadingWords.Scenario, String)? {
        let k = ReadingWords.key(t)
        for (word, s) in words.scenariosLongestFirst {
            if k.hasPrefix(word), k.count > word.count {
                return (s, String(t.dropFirst(word.count)).trimming(chars: " _-/:"))
            }
            if k.hasSuffix(word), k.count > word.count {
                return (s, String(t.dropLast(word.count)).trimming(chars: " _-/:"))
            }
        }
        return nil
    }
}

/// Unpivots a row's period columns into its goal's periods. The current value is the latest period with an
/// actual (the analysis picks it again at its as-of date); the target is the whole period's, else the last
/// part's; `valueNote` says which.
struct PeriodColumnReader {
    let columns: [PeriodColumn]
    let grid: SheetGrid
    /// The sheet's period (its title's 「2025年度」), which places parts written without a year.
    let period: DateSpan?
    let fiscal: FiscalCalendar

    func apply(to node: inout GoalNode, row r: Int) {
        guard !columns.isEmpty else { return }
        var percent = false
        func number(_ c: Int) -> Double? {
            let cell = grid[r, c]
            switch cell.value {
            case .number(let v):
                if cell.isPercent { percent = true; return (v * 100 * 1e9).rounded() / 1e9 }
                return v
            case .text(let t):
                guard let q = QuantityParser.parseValue(t) else { return nil }
                if q.unit == .percent { percent = true }
                return q.value
            default: return nil
            }
        }
        var periods: [PeriodValue] = []
        // "Full Year" beside Q1'25 … is 2025's: a whole period without a year takes its parts'.
        let partsYear = columns.lazy.compactMap(\.token.year).first
        for c in columns {
            var token = c.token
            if token.year == nil, token.part == .whole, period == nil { token.year = partsYear }
            let span = token.span(within: period, fiscal: fiscal)
            var i = periods.firstIndex { $0.label == c.label && $0.isWholePeriod == c.isWholePeriod } ?? -1
            if i < 0 {
                periods.append(PeriodValue(label: c.label, end: span?.end, isWholePeriod: c.isWholePeriod))
                i = periods.count - 1
            }
            let v = number(c.column)
            switch c.scenario {
            case .target: periods[i].target = v ?? periods[i].target
            case .actual: periods[i].actual = v ?? periods[i].actual
            case .prior: periods[i].prior = v ?? periods[i].prior
            case .forecast: periods[i].forecast = v ?? periods[i].forecast
            }
        }
        node.periods = periods
        let parts = periods.filter { !$0.isWholePeriod }
        let whole = periods.first { $0.isWholePeriod }
        var notes: [String] = []
        if node.target == nil {
            if let t = whole?.target {
                node.target = t
                notes.append("target: the \(whole!.label) column")
            } else if let last = parts.last(where: { $0.target != nil }) {
                node.target = last.target
                notes.append("target: the last period's (\(last.label))")
            }
        }
        if node.current == nil, let latest = PeriodValue.latestActual(periods, asOf: nil) {
            node.current = latest.actual
            node.asOf = latest.end ?? node.asOf
            node.currentFromPeriods = true
            notes.append("current: the latest period with an actual (\(latest.label))")
        }
        if node.baseline == nil, let prior = whole?.prior { node.baseline = prior }
        if node.due == nil || node.due == period?.end, let end = whole?.end ?? parts.last?.end { node.due = end }
        if node.start == nil, let first = columns.first(where: { !$0.isWholePeriod }) {
            node.start = first.token.span(within: period, fiscal: fiscal)?.start
        }
        if percent, node.unit == nil { node.unit = .percent }
        node.valueNote = notes.joined(separator: "; ")
    }
}
