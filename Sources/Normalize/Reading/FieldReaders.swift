import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// One row of a goal table as the field readers see it.
struct RowCells {
    let grid: SheetGrid
    let row: Int
    let columns: [ColumnRole: Int]

    /// The role's cell as text, nil when the table has no such column or the cell is empty.
    func text(_ role: ColumnRole) -> String? {
        guard let c = columns[role] else { return nil }
        let t = grid.text(row, c)
        return t.isEmpty ? nil : t
    }
}

/// What a unit column says: a unit ("Percentage", "Tons"), a factor (万円 → 10,000), a period (件/月).
struct UnitColumn {
    var unit: GoalUnit?
    var factor = 1.0
    var per: GoalPeriod?
    /// The cell's text when it names no unit GoalSheet knows.
    var unreadable: String?

    static func read(_ text: String?) -> UnitColumn {
        var out = UnitColumn()
        guard let u = text else { return out }
        if let named = UnitWords.unit(of: u) {
            // "Percentage", "Tons", "Hour": the values are kept as the sheet writes them.
            out.unit = named
        } else if let q = SheetReader.unitCell(u) {
            out.unit = q.unit
            out.factor = q.value
            out.per = q.per
        } else if !QuantityParser.isBlankMarker(u) {
            out.unreadable = u
        }
        return out
    }
}

/// Reads a row's value cells (baseline, current, target and its bounds) with the units, periods and
/// comparators they are written with: numbers, percent cells, text quantities (「100社」, 「月5%」), targets
/// against the baseline (「前年比110%」), bands (「1,200万円〜1,500万円」, 「±5%以内」) and 「月8% → 月3%」.
/// The lexicon is the reader's, lent to each call: a copy per row would retain each of its lists.
struct ValueCellReader {
    let cells: RowCells
    let unitColumn: UnitColumn
    let fiscal: FiscalCalendar
    var units: [GoalUnit] = []
    var pers: [GoalPeriod] = []
    var comparator: GoalDirection?
    var range: ValueRange?
    var relative: RelativeTarget?
    /// The baseline a target cell gave with its target (「月8% → 月3%」).
    var baselineInTarget: Double?
    /// Cells that hold no number: column and the text shown.
    var unreadable: [(column: Int, role: ColumnRole, text: String, isText: Bool)] = []

    init(cells: RowCells, unitColumn: UnitColumn, fiscal: FiscalCalendar) {
        self.cells = cells
        self.unitColumn = unitColumn
        self.fiscal = fiscal
    }

    /// The role's value; `baseline` resolves a target written against it.
    mutating func value(_ role: ColumnRole, baseline: Double?, lexicon: Lexicon) -> Double? {
        guard let c = cells.columns[role] else { return nil }
        let cell = cells.grid[cells.row, c]
        switch cell.value {
        case .empty: return nil
        case .number(let v):
            if cell.isPercent { units.append(.percent); return (v * 100 * 1e9).rounded() / 1e9 }
            if let u = unitColumn.unit { units.append(u) }
            return v * unitColumn.factor
        case .text(let t):
            return text(t, role: role, column: c, baseline: baseline, lexicon: lexicon)
        case .bool, .date, .duration, .error:
            unreadable.append((c, role, cells.grid.text(cells.row, c), false))
            return nil
        }
    }

    mutating func text(_ t: String, role: ColumnRole, column c: Int, baseline: Double?, lexicon: Lexicon) -> Double? {
        if QuantityParser.isBlankMarker(t) { return nil }
        let special = role == .target && RelativeTarget.mayBeWritten(t)
        if special, let rel = RelativeTarget.parse(t, lexicon: lexicon),
            rel.isWorded || !units.contains(.percent), rel.factor == 0 || baseline != nil || !t.hasSuffix("倍")
        {
            relative = rel
            return rel.resolve(baseline: baseline)
        }
        // A signed percentage on a rate is a change of it: points while they keep it at or above zero
        // (8% and 「-3%」 → 5%), else a share of it (8% and 「-30%」 → 5.6%), never a target of -30%.
        if special, let sign = t.trimmingSpaces.first, "+-−－＋▲".contains(sign),
            let rel = RelativeTarget.parse(t, lexicon: lexicon), rel.factor != 0,
            let b = baseline
        {
            relative = rel
            return b + rel.changePercent >= 0 ? b + rel.changePercent : rel.resolve(baseline: b)
        }
        if special, let band = ValueRange.parse(t) {
            range = band
            if let u = band.upper.unit { units.append(u) }
            return band.isTolerance ? band.upper.value : band.lower.value
        }
        let factor = unitColumn.factor
        if let q = QuantityParser.parseValue(t) {
            if let u = q.unit ?? unitColumn.unit { units.append(u) }
            if let p = q.per { pers.append(p) }
            if role == .target, let cmp = q.comparator { comparator = cmp }
            return q.unit == nil ? q.value * factor : q.value
        }
        // "月8% → 月3%" in a target cell: the baseline and the target.
        let p = GoalTextParser.parse(t, lexicon: lexicon, fiscal: fiscal)
        if role == .target, let tq = p.target, let bq = p.baseline {
            baselineInTarget = bq.unit == nil ? bq.value * factor : bq.value
            if let u = tq.unit { units.append(u) }
            if let per = tq.per { pers.append(per) }
            return tq.unit == nil ? tq.value * factor : tq.value
        }
        unreadable.append((c, role, t, true))
        return nil
    }
}

/// What the reader infers when the cells do not say: the unit and the direction.
enum GoalInference {
    /// The values' unit, else the unit column's; NPS is a score, a rate (不良率, "win rate") a percentage,
    /// a Japanese count (件数, 人数) of whole numbers a count.
    static func unit(of node: GoalNode, units: [GoalUnit], column: GoalUnit?, lexicon: Lexicon) -> GoalUnit? {
        if let u = units.first ?? column { return u }
        if node.metric.uppercased().contains("NPS") || node.title.uppercased().contains("NPS") { return .score }
        if node.target != nil || node.relativeChange != nil || node.current != nil,
            lexicon.reading.isRate(node.metric.isEmpty ? node.title : node.metric)
        {
            return .percent
        }
        if let q = [node.target, node.current, node.baseline].compactMap({ $0 }).first, q == q.rounded(),
            TextNormalizer.isJapanese(node.title),
            Lexicon.firstMatch(in: node.metric, of: lexicon.countNouns) != nil
        {
            return .count
        }
        return nil
    }

    /// Direction when no column gives one: a comparator, else a verb, else the values, else the lexicon.
    static func direction(
        of node: GoalNode, comparator: GoalDirection?, sentence: ParsedGoalText, lexicon: Lexicon
    ) -> GoalDirection? {
        if let cmp = comparator { return cmp }
        if let d = sentence.direction, sentence.directionSource != "values" { return d }
        if let b = node.baseline, let t = node.target, b != t { return t > b ? .increase : .decrease }
        if node.target != nil || node.relativeChange != nil || node.absoluteChange != nil {
            return lexicon.isLowerBetter(node.metric.isEmpty ? node.title : node.metric) ? .decrease : .increase
        }
        return nil
    }
}

extension RelativeTarget {
    /// Records how a relative target was read: resolved against the baseline, or kept as a change when
    /// there is no baseline to resolve it against.
    static func note(_ rel: RelativeTarget, on node: inout GoalNode) {
        if node.target == nil, rel.factor != 0 { node.relativeChange = rel.changePercent }
        node.valueNote =
            node.target == nil
            ? "target 「\(rel.text)」: \(PlainDecimal.format(rel.changePercent))% of a baseline the sheet does not give"
            : "target 「\(rel.text)」 of the baseline \(node.baseline.map(PlainDecimal.format) ?? "-")"
    }
}

/// A target written as a band: the lower end is the target and the upper its stretch (the other way round
/// when lower is better, once the direction is known); a tolerance (「±5%以内」) is a band around zero.
enum RangeTarget {
    static func apply(_ band: ValueRange, to node: inout GoalNode, comparator: inout GoalDirection?) {
        node.targetMin = node.targetMin ?? band.lower.value
        node.targetMax = node.targetMax ?? band.upper.value
        if band.isTolerance {
            comparator = .range
        } else {
            node.stretch = band.upper.value
        }
    }
}
