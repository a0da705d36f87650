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

    /// The box the fields live in; shared between copies until one of them changes a field.
    final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// The fields, for a change: the box is copied first unless this node is its only holder.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    /// The run-wide id: the sheet's own id when unique, else `<file stem>#<row>`.
    public var id: String {
        get { storage.fields.id }
        set { fields.id = newValue }
    }
    /// The id as written in the sheet, if any.
    public var localID: String? {
        get { storage.fields.localID }
        set { fields.localID = newValue }
    }
    public var source: SourceLocation {
        get { storage.fields.source }
        set { fields.source = newValue }
    }
    public var level: GoalLevel {
        get { storage.fields.level }
        set { fields.level = newValue }
    }
    public var department: String {
        get { storage.fields.department }
        set { fields.department = newValue }
    }
    public var kind: GoalKind {
        get { storage.fields.kind }
        set { fields.kind = newValue }
    }
    /// The title as written.
    public var title: String {
        get { storage.fields.title }
        set { fields.title = newValue }
    }
    /// The measured thing (解約率), taken from the title when no column names it.
    public var metric: String {
        get { storage.fields.metric }
        set { fields.metric = newValue }
    }
    public var unit: GoalUnit? {
        get { storage.fields.unit }
        set { fields.unit = newValue }
    }
    public var per: GoalPeriod? {
        get { storage.fields.per }
        set { fields.per = newValue }
    }
    public var direction: GoalDirection? {
        get { storage.fields.direction }
        set { fields.direction = newValue }
    }
    public var baseline: Double? {
        get { storage.fields.baseline }
        set { fields.baseline = newValue }
    }
    public var current: Double? {
        get { storage.fields.current }
        set { fields.current = newValue }
    }
    public var target: Double? {
        get { storage.fields.target }
        set { fields.target = newValue }
    }
    /// The band of a `range` goal, when the sheet gives its bounds.
    public var targetMin: Double? {
        get { storage.fields.targetMin }
        set { fields.targetMin = newValue }
    }
    public var targetMax: Double? {
        get { storage.fields.targetMax }
        set { fields.targetMax = newValue }
    }
    /// The upper end of a target written as a range (「1,200万円〜1,500万円」: target 1,200万円, stretch 1,500万円).
    public var stretch: Double? {
        get { storage.fields.stretch }
        set { fields.stretch = newValue }
    }
    public var start: CalendarDate? {
        get { storage.fields.start }
        set { fields.start = newValue }
    }
    public var due: CalendarDate? {
        get { storage.fields.due }
        set { fields.due = newValue }
    }
    /// The date the current value was measured at ("現状(6月末)"), if the sheet says.
    public var asOf: CalendarDate? {
        get { storage.fields.asOf }
        set { fields.asOf = newValue }
    }
    public var owner: String {
        get { storage.fields.owner }
        set { fields.owner = newValue }
    }
    /// The resolved parent's run-wide id.
    public var parentID: String? {
        get { storage.fields.parentID }
        set { fields.parentID = newValue }
    }
    /// The parent reference as written ("KR2", "顧客満足度"), or empty.
    public var parentRef: String {
        get { storage.fields.parentRef }
        set { fields.parentRef = newValue }
    }
    public var parentMatch: ParentMatch? {
        get { storage.fields.parentMatch }
        set { fields.parentMatch = newValue }
    }
    public var weight: Double? {
        get { storage.fields.weight }
        set { fields.weight = newValue }
    }
    /// A KPI-tree formula over other nodes, as parsed (references become run-wide ids once resolved).
    public var formula: FormulaExpression? {
        get { storage.fields.formula }
        set { fields.formula = newValue }
    }
    /// References of the formula that name no node.
    public var formulaUnresolved: [String] {
        get { storage.fields.formulaUnresolved }
        set { fields.formulaUnresolved = newValue }
    }
    /// A relative change written instead of a target ("30%削減" → -30), in percent of the baseline.
    public var relativeChange: Double? {
        get { storage.fields.relativeChange }
        set { fields.relativeChange = newValue }
    }
    /// An absolute change written instead of a target ("500万円削減" → -5e6), in `unit`.
    public var absoluteChange: Double? {
        get { storage.fields.absoluteChange }
        set { fields.absoluteChange = newValue }
    }
    /// The objective (or KGI) this row sits under in its own sheet, as written, and resolved.
    public var groupRef: String? {
        get { storage.fields.groupRef }
        set { fields.groupRef = newValue }
    }
    public var groupID: String? {
        get { storage.fields.groupID }
        set { fields.groupID = newValue }
    }
    /// The kind came from a type column or an id prefix, not from the row's shape.
    public var kindIsExplicit: Bool {
        get { storage.fields.kindIsExplicit }
        set { fields.kindIsExplicit = newValue }
    }
    /// Where each field was read from (0-based column), for pointing findings at cells.
    public var columns: [GoalField: Int] {
        get { storage.fields.columns }
        set { fields.columns = newValue }
    }
    /// True when the sheet's text is Japanese (messages about it are written in Japanese).
    public var isJapanese: Bool {
        get { storage.fields.isJapanese }
        set { fields.isJapanese = newValue }
    }
    /// The coarser levels of a hierarchical title (大項目 of 大項目/小項目, Perspective of Perspective/Objective).
    public var category: String {
        get { storage.fields.category }
        set { fields.category = newValue }
    }
    /// Columns of the goal's table that no field took, kept as read: header path → cell text.
    public var extra: [(header: String, value: String)] {
        get { storage.fields.extra }
        set { fields.extra = newValue }
    }
    /// Per-period values of a period layout (目標Q1 … 実績Q4, months as rows), in sheet order.
    public var periods: [PeriodValue] {
        get { storage.fields.periods }
        set { fields.periods = newValue }
    }
    /// How the numbers were picked from a period layout ("target: Total column; current: latest actual (2025-09)").
    public var valueNote: String {
        get { storage.fields.valueNote }
        set { fields.valueNote = newValue }
    }
    /// The current value is the latest period's actual: the analysis picks it again at its as-of date.
    public var currentFromPeriods: Bool {
        get { storage.fields.currentFromPeriods }
        set { fields.currentFromPeriods = newValue }
    }
    /// Whether the metric accumulates over its period (a flow) or is a level, and why it was read so.
    public var nature: MetricNatureReading? {
        get { storage.fields.nature }
        set { fields.nature = newValue }
    }

    public init(id: String, source: SourceLocation, level: GoalLevel, kind: GoalKind, title: String) {
        storage = Storage(
            Fields(
                id: id, localID: nil, source: source, level: level, department: "", kind: kind, title: title,
                metric: "", owner: "", parentRef: "", columns: [:], isJapanese: false))
    }

    public static func == (a: GoalNode, b: GoalNode) -> Bool {
        if a.storage === b.storage { return true }
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
