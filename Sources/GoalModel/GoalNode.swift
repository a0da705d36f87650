import GoalSheetSupport

/// Where a goal sits in the organisation.
public enum GoalLevel: String, Sendable, CaseIterable, Codable {
    case company, department, team
}

/// What a goal row is: qualitative (objective, ksf) or numeric (kgi, kpi, kr).
public enum GoalKind: String, Sendable, CaseIterable, Codable {
    case objective, kgi, ksf, kpi, kr

    /// Objectives and KSFs are words; KGI, KPI and KR carry numbers.
    public var isQualitative: Bool { self == .objective || self == .ksf }
}

/// The unit a goal's numbers are expressed in, after normalization (8% → 8 percent, 18億円 → 1.8e9 jpy).
public enum GoalUnit: String, Sendable, CaseIterable, Codable {
    case percent, count, jpy, usd, eur, hours, days, minutes, score, ratio
    /// Mass, as written in production and logistics sheets (kg, t).
    case kg, tons

    /// Money units, whose values add up across departments.
    public var isCurrency: Bool { self == .jpy || self == .usd || self == .eur }
}

/// The period a rate is counted over (月8% → month).
public enum GoalPeriod: String, Sendable, CaseIterable, Codable {
    case day, week, month, quarter, year

    /// Length in months, for converting between periods (week and day as fractions of a month).
    public var months: Double {
        switch self {
        case .day: return 12.0 / 365.0
        case .week: return 12.0 / 52.0
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        }
    }
}

/// Which way a goal wants its metric to move.
public enum GoalDirection: String, Sendable, CaseIterable, Codable {
    case increase, decrease
    case atLeast = "at_least"
    case atMost = "at_most"
    /// Within a band (`targetMin`…`targetMax`): "With in Range", 「±5%以内」.
    case range

    /// True when a lower value is better (decrease, at_most).
    public var lowerIsBetter: Bool { self == .decrease || self == .atMost }
    /// True for threshold goals, met or not (以上 / 以内 / within a band).
    public var isThreshold: Bool { self == .atLeast || self == .atMost || self == .range }
}

/// A place in an input: file, sheet, and a 0-based row and column.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var file: String
    public var sheet: String
    /// 0-based row index (row 1 in Excel is 0).
    public var row: Int
    /// 0-based column index, when the location is a cell.
    public var column: Int?

    public init(file: String, sheet: String, row: Int, column: Int? = nil) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    /// The cell as Excel names it ("C7"), or the row number ("7") for a whole row.
    public var cellName: String {
        guard let column else { return String(row + 1) }
        return CellReference(row: row, column: column).description
    }
}

/// How a parent reference was resolved.
public enum ParentMatch: String, Sendable, Codable {
    /// By the parent's id ("KR2").
    case id
    /// By the parent's exact title ("顧客満足度").
    case title
    /// By a close title only; worth a look.
    case fuzzy
    /// By layout: a key result under its objective, a KPI named in a tree formula.
    case layout
    /// By the sheet's outline: numbering (1 → 1.1, O1 → KR1-1, ① under 1.) or indentation.
    case outline
}

/// The fields of a goal row that came from a cell, so that findings and annotations can point at it.
public enum GoalField: String, Sendable, CaseIterable, Codable {
    case id, title, metric, unit, per, direction, baseline, current, target, start, due, owner
    case department, parent, kind, weight, formula
}

/// One goal in the normalized KGI/KPI/OKR model.
///
/// A value type whose fields live in one shared, copy-on-write box: a node is copied by one retain into the
/// run's indexes (by id, by parent, per file), and a copy is made only when one of two holders changes a field.
public struct GoalNode: Sendable, Equatable {
    /// The stored fields, in one place.
    struct Fields: Sendable {
        var id: String
        var localID: String? = nil
        var source: SourceLocation
        var level: GoalLevel
        var department: String
        var kind: GoalKind
        var title: String
        var metric: String
        var unit: GoalUnit? = nil
        var per: GoalPeriod? = nil
        var direction: GoalDirection? = nil
        var baseline: Double? = nil
        var current: Double? = nil
        var target: Double? = nil
        var targetMin: Double? = nil
        var targetMax: Double? = nil
        var stretch: Double? = nil
        var start: CalendarDate? = nil
        var due: CalendarDate? = nil
        var asOf: CalendarDate? = nil
        var owner: String
        var parentID: String? = nil
        var parentRef: String
        var parentMatch: ParentMatch? = nil
        var weight: Double? = nil
        var formula: FormulaExpression? = nil
        var formulaUnresolved: [String] = []
        var relativeChange: Double? = nil
        var absoluteChange: Double? = nil
        var groupRef: String? = nil
        var groupID: String? = nil
        var kindIsExplicit: Bool = false
        var columns: [GoalField: Int]
        var isJapanese: Bool
        var category: String = ""
        var extra: [(header: String, value: String)] = []
        var periods: [PeriodValue] = []
        var valueNote: String = ""
        var currentFromPeriods: Bool = false
        var nature: MetricNatureReading? = nil
    }

    private var storage: CopyOnWrite<Fields>

    /// The run-wide id: the sheet's own id when unique, else `<file stem>#<row>`.
    public var id: String {
        get { storage.value.id }
        set { storage.value.id = newValue }
    }
    /// The id as written in the sheet, if any.
    public var localID: String? {
        get { storage.value.localID }
        set { storage.value.localID = newValue }
    }
    public var source: SourceLocation {
        get { storage.value.source }
        set { storage.value.source = newValue }
    }
    public var level: GoalLevel {
        get { storage.value.level }
        set { storage.value.level = newValue }
    }
    public var department: String {
        get { storage.value.department }
        set { storage.value.department = newValue }
    }
    public var kind: GoalKind {
        get { storage.value.kind }
        set { storage.value.kind = newValue }
    }
    /// The title as written.
    public var title: String {
        get { storage.value.title }
        set { storage.value.title = newValue }
    }
    /// The measured thing (解約率), taken from the title when no column names it.
    public var metric: String {
        get { storage.value.metric }
        set { storage.value.metric = newValue }
    }
    public var unit: GoalUnit? {
        get { storage.value.unit }
        set { storage.value.unit = newValue }
    }
    public var per: GoalPeriod? {
        get { storage.value.per }
        set { storage.value.per = newValue }
    }
    public var direction: GoalDirection? {
        get { storage.value.direction }
        set { storage.value.direction = newValue }
    }
    public var baseline: Double? {
        get { storage.value.baseline }
        set { storage.value.baseline = newValue }
    }
    public var current: Double? {
        get { storage.value.current }
        set { storage.value.current = newValue }
    }
    public var target: Double? {
        get { storage.value.target }
        set { storage.value.target = newValue }
    }
    /// The band of a `range` goal, when the sheet gives its bounds.
    public var targetMin: Double? {
        get { storage.value.targetMin }
        set { storage.value.targetMin = newValue }
    }
    public var targetMax: Double? {
        get { storage.value.targetMax }
        set { storage.value.targetMax = newValue }
    }
    /// The upper end of a target written as a range (「1,200万円〜1,500万円」: target 1,200万円, stretch 1,500万円).
    public var stretch: Double? {
        get { storage.value.stretch }
        set { storage.value.stretch = newValue }
    }
    public var start: CalendarDate? {
        get { storage.value.start }
        set { storage.value.start = newValue }
    }
    public var due: CalendarDate? {
        get { storage.value.due }
        set { storage.value.due = newValue }
    }
    /// The date the current value was measured at ("現状(6月末)"), if the sheet says.
    public var asOf: CalendarDate? {
        get { storage.value.asOf }
        set { storage.value.asOf = newValue }
    }
    public var owner: String {
        get { storage.value.owner }
        set { storage.value.owner = newValue }
    }
    /// The resolved parent's run-wide id.
    public var parentID: String? {
        get { storage.value.parentID }
        set { storage.value.parentID = newValue }
    }
    /// The parent reference as written ("KR2", "顧客満足度"), or empty.
    public var parentRef: String {
        get { storage.value.parentRef }
        set { storage.value.parentRef = newValue }
    }
    public var parentMatch: ParentMatch? {
        get { storage.value.parentMatch }
        set { storage.value.parentMatch = newValue }
    }
    public var weight: Double? {
        get { storage.value.weight }
        set { storage.value.weight = newValue }
    }
    /// A KPI-tree formula over other nodes, as parsed (references become run-wide ids once resolved).
    public var formula: FormulaExpression? {
        get { storage.value.formula }
        set { storage.value.formula = newValue }
    }
    /// References of the formula that name no node.
    public var formulaUnresolved: [String] {
        get { storage.value.formulaUnresolved }
        set { storage.value.formulaUnresolved = newValue }
    }
    /// A relative change written instead of a target ("30%削減" → -30), in percent of the baseline.
    public var relativeChange: Double? {
        get { storage.value.relativeChange }
        set { storage.value.relativeChange = newValue }
    }
    /// An absolute change written instead of a target ("500万円削減" → -5e6), in `unit`.
    public var absoluteChange: Double? {
        get { storage.value.absoluteChange }
        set { storage.value.absoluteChange = newValue }
    }
    /// The objective (or KGI) this row sits under in its own sheet, as written, and resolved.
    public var groupRef: String? {
        get { storage.value.groupRef }
        set { storage.value.groupRef = newValue }
    }
    public var groupID: String? {
        get { storage.value.groupID }
        set { storage.value.groupID = newValue }
    }
    /// The kind came from a type column or an id prefix, not from the row's shape.
    public var kindIsExplicit: Bool {
        get { storage.value.kindIsExplicit }
        set { storage.value.kindIsExplicit = newValue }
    }
    /// Where each field was read from (0-based column), for pointing findings at cells.
    public var columns: [GoalField: Int] {
        get { storage.value.columns }
        set { storage.value.columns = newValue }
    }
    /// True when the sheet's text is Japanese (messages about it are written in Japanese).
    public var isJapanese: Bool {
        get { storage.value.isJapanese }
        set { storage.value.isJapanese = newValue }
    }
    /// The coarser levels of a hierarchical title (大項目 of 大項目/小項目, Perspective of Perspective/Objective).
    public var category: String {
        get { storage.value.category }
        set { storage.value.category = newValue }
    }
    /// Columns of the goal's table that no field took, kept as read: header path → cell text.
    public var extra: [(header: String, value: String)] {
        get { storage.value.extra }
        set { storage.value.extra = newValue }
    }
    /// Per-period values of a period layout (目標Q1 … 実績Q4, months as rows), in sheet order.
    public var periods: [PeriodValue] {
        get { storage.value.periods }
        set { storage.value.periods = newValue }
    }
    /// How the numbers were picked from a period layout ("target: Total column; current: latest actual (2025-09)").
    public var valueNote: String {
        get { storage.value.valueNote }
        set { storage.value.valueNote = newValue }
    }
    /// The current value is the latest period's actual: the analysis picks it again at its as-of date.
    public var currentFromPeriods: Bool {
        get { storage.value.currentFromPeriods }
        set { storage.value.currentFromPeriods = newValue }
    }
    /// Whether the metric accumulates over its period (a flow) or is a level, and why it was read so.
    public var nature: MetricNatureReading? {
        get { storage.value.nature }
        set { storage.value.nature = newValue }
    }

    public init(id: String, source: SourceLocation, level: GoalLevel, kind: GoalKind, title: String) {
        storage = CopyOnWrite(
            Fields(
                id: id, localID: nil, source: source, level: level, department: "", kind: kind, title: title,
                metric: "", owner: "", parentRef: "", columns: [:], isJapanese: false))
    }

    public static func == (a: GoalNode, b: GoalNode) -> Bool {
        if a.storage.isShared(with: b.storage) { return true }
        return a.id == b.id && a.localID == b.localID && a.source == b.source && a.level == b.level
            && a.department == b.department
            && a.kind == b.kind && a.title == b.title && a.metric == b.metric && a.unit == b.unit && a.per == b.per
            && a.direction == b.direction && a.baseline == b.baseline && a.current == b.current && a.target == b.target
            && a.targetMin == b.targetMin && a.targetMax == b.targetMax && a.stretch == b.stretch && a.start == b.start
            && a.due == b.due && a.asOf == b.asOf && a.owner == b.owner && a.parentID == b.parentID
            && a.parentRef == b.parentRef
            && a.parentMatch == b.parentMatch && a.weight == b.weight && a.formula == b.formula
            && a.formulaUnresolved == b.formulaUnresolved
            && a.relativeChange == b.relativeChange && a.absoluteChange == b.absoluteChange && a.groupRef == b.groupRef
            && a.groupID == b.groupID && a.kindIsExplicit == b.kindIsExplicit && a.columns == b.columns
            && a.isJapanese == b.isJapanese
            && a.category == b.category && a.extra.map(\.header) == b.extra.map(\.header)
            && a.extra.map(\.value) == b.extra.map(\.value)
            && a.periods == b.periods && a.valueNote == b.valueNote
    }

    /// The location of one of the node's fields (its cell), else of its title, else its row.
    public func location(of field: GoalField) -> SourceLocation {
        var loc = source
        loc.column = columns[field] ?? columns[.title]
        return loc
    }
}

/// One period's numbers of a goal read from a period layout.
public struct PeriodValue: Sendable, Equatable {
    /// The period as written ("Q1", "2025-04", "4月").
    public var label: String
    /// The period's last day, when the label names one.
    public var end: CalendarDate?
    public var target: Double?
    public var actual: Double?
    /// The previous period's or year's figure (PY, 前年), when the layout has one.
    public var prior: Double?
    /// A forecast for the period (見込, Fcst), when the layout has one.
    public var forecast: Double?
    /// The whole period's figures (通期, Full Year) beside its parts.
    public var isWholePeriod = false

    public init(
        label: String, end: CalendarDate?, target: Double? = nil, actual: Double? = nil, prior: Double? = nil,
        forecast: Double? = nil, isWholePeriod: Bool = false
    ) {
        self.label = label
        self.end = end
        self.target = target
        self.actual = actual
        self.prior = prior
        self.forecast = forecast
        self.isWholePeriod = isWholePeriod
    }

    /// The latest part with an actual that had begun by `asOf` (every part when `asOf` is nil): a goal's
    /// current value in a period layout. Parts are in sheet order; a part begins the day after the one before ends.
    public static func latestActual(_ periods: [PeriodValue], asOf: CalendarDate?) -> PeriodValue? {
        var latest: PeriodValue?
        var previousEnd: CalendarDate?
        for p in periods where !p.isWholePeriod {
            defer { previousEnd = p.end ?? previousEnd }
            if let asOf, let before = previousEnd, before >= asOf { break }
            if p.actual != nil { latest = p }
        }
        return latest
    }
}
