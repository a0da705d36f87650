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
public struct GoalNode: Sendable, Equatable {
    /// The run-wide id: the sheet's own id when unique, else `<file stem>#<row>`.
    public var id: String
    /// The id as written in the sheet, if any.
    public var localID: String?
    public var source: SourceLocation
    public var level: GoalLevel
    public var department: String
    public var kind: GoalKind
    /// The title as written.
    public var title: String
    /// The measured thing (解約率), taken from the title when no column names it.
    public var metric: String
    public var unit: GoalUnit?
    public var per: GoalPeriod?
    public var direction: GoalDirection?
    public var baseline: Double?
    public var current: Double?
    public var target: Double?
    /// The band of a `range` goal, when the sheet gives its bounds.
    public var targetMin: Double?
    public var targetMax: Double?
    /// The upper end of a target written as a range (「1,200万円〜1,500万円」: target 1,200万円, stretch 1,500万円).
    public var stretch: Double?
    public var start: CalendarDate?
    public var due: CalendarDate?
    /// The date the current value was measured at ("現状(6月末)"), if the sheet says.
    public var asOf: CalendarDate?
    public var owner: String
    /// The resolved parent's run-wide id.
    public var parentID: String?
    /// The parent reference as written ("KR2", "顧客満足度"), or empty.
    public var parentRef: String
    public var parentMatch: ParentMatch?
    public var weight: Double?
    /// A KPI-tree formula over other nodes, as parsed (references become run-wide ids once resolved).
    public var formula: FormulaExpression?
    /// References of the formula that name no node.
    public var formulaUnresolved: [String] = []
    /// A relative change written instead of a target ("30%削減" → -30), in percent of the baseline.
    public var relativeChange: Double?
    /// An absolute change written instead of a target ("500万円削減" → -5e6), in `unit`.
    public var absoluteChange: Double?
    /// The objective (or KGI) this row sits under in its own sheet, as written, and resolved.
    public var groupRef: String?
    public var groupID: String?
    /// The kind came from a type column or an id prefix, not from the row's shape.
    public var kindIsExplicit: Bool = false
    /// Where each field was read from (0-based column), for pointing findings at cells.
    public var columns: [GoalField: Int]
    /// True when the sheet's text is Japanese (messages about it are written in Japanese).
    public var isJapanese: Bool
    /// The coarser levels of a hierarchical title (大項目 of 大項目/小項目, Perspective of Perspective/Objective).
    public var category: String = ""
    /// Columns of the goal's table that no field took, kept as read: header path → cell text.
    public var extra: [(header: String, value: String)] = []
    /// Per-period values of a period layout (目標Q1 … 実績Q4, months as rows), in sheet order.
    public var periods: [PeriodValue] = []
    /// How the numbers were picked from a period layout ("target: Total column; current: latest actual (2025-09)").
    public var valueNote: String = ""
    /// The current value is the latest period's actual: the analysis picks it again at its as-of date.
    public var currentFromPeriods = false
    /// Whether the metric accumulates over its period (a flow) or is a level, and why it was read so.
    public var nature: MetricNatureReading?

    public init(id: String, source: SourceLocation, level: GoalLevel, kind: GoalKind, title: String) {
        self.id = id
        self.localID = nil
        self.source = source
        self.level = level
        self.department = ""
        self.kind = kind
        self.title = title
        self.metric = ""
        self.owner = ""
        self.parentRef = ""
        self.columns = [:]
        self.isJapanese = false
    }

    public static func == (a: GoalNode, b: GoalNode) -> Bool {
        a.id == b.id && a.localID == b.localID && a.source == b.source && a.level == b.level
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
