/// Whether a metric accumulates over its period or is a level at a point in time.
///
/// A flow (件数, 契約数, 売上, 採用数) starts each period from zero: 14 of 30 hired half-way through the year
/// is 47% attained against 50% of the year, and last year's figure (前年実績) is a comparison, not the
/// start of progress. A level (率, 満足度, NPS, 平均時間, 単価, 在籍人数) moves from its baseline.
public enum MetricNature: String, Sendable, Codable, CaseIterable {
    case flow, level
}

/// Why a node's metric was read as a flow or a level: the rule, and the word or unit it went by.
public struct MetricNatureReading: Sendable, Equatable {
    public var nature: MetricNature
    public var reason: String

    public init(_ nature: MetricNature, _ reason: String) {
        self.nature = nature
        self.reason = reason
    }
}

/// Infers `MetricNature` from the metric's words, its unit and its period, the config's lists first:
/// a share, score or multiple is a level; cumulative words (累計, 年間, YTD) in the name, or in a value
/// column's header (現状（累計）), make a flow; a rate (5件/月, 月間商談数), a level unit (%, points, hours)
/// or a level word (率, 満足度, 平均, 単価, 在籍人数) a level; then flow words (件数, 売上, 採用) and
/// amounts (件, 社, 名, 円) a flow; anything else a level.
public struct MetricNatureClassifier: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// The reading of a metric named `text` (title or metric) with this unit and rate period.
    /// `headers` are the headers of its value columns (「現状（累計）」); `periodMonths` the length of the goal's
    /// own period (a quarter's goal of 四半期売上 per quarter is its quarter's total, not a rate; nil: a year).
    public func classify(
        _ text: String, unit: GoalUnit?, per: GoalPeriod?, headers: [String] = [], periodMonths: Double? = nil
    ) -> MetricNatureReading {
        if let w = Lexicon.firstMatch(in: text, of: lexicon.configuredFlowMetrics) {
            return .init(.flow, "config flow_metrics: \(w)")
        }
        if let w = Lexicon.firstMatch(in: text, of: lexicon.configuredLevelMetrics) {
            return .init(.level, "config level_metrics: \(w)")
        }
        // A share, a score or a multiple never adds up over time (年間解約率 is a rate).
        if let unit, MetricNatureClassifier.shareUnits.contains(unit) { return .init(.level, "unit: \(unit.rawValue)") }
        if let w = Lexicon.firstMatch(in: text, of: lexicon.cumulativeWords) {
            return .init(.flow, "cumulative word: \(w)")
        }
        for h in headers {
            if let w = Lexicon.firstMatch(in: h, of: lexicon.cumulativeHeaderWords) {
                return .init(.flow, "header 「\(h)」: \(w)")
            }
        }
        if let per, per.months < (periodMonths ?? 12) * 0.9 { return .init(.level, "a rate per \(per.rawValue)") }
        if let w = Lexicon.firstMatch(in: text, of: lexicon.rateWords) { return .init(.level, "rate word: \(w)") }
        if let unit, MetricNatureClassifier.levelUnits.contains(unit) { return .init(.level, "unit: \(unit.rawValue)") }
        if let w = Lexicon.firstMatch(in: text, of: lexicon.levelMetrics) { return .init(.level, "level word: \(w)") }
        if let w = Lexicon.firstMatch(in: text, of: lexicon.flowMetrics) { return .init(.flow, "flow word: \(w)") }
        if let unit, unit == .count || unit.isCurrency {
            return .init(.flow, "unit: \(unit.rawValue) (an amount counted over the period)")
        }
        return .init(.level, "no flow word or unit")
    }
}

extension MetricNatureClassifier {
    /// The length in months of a goal's own period: from its start (else its fiscal year's) to its due date.
    public static func periodMonths(start: CalendarDate?, due: CalendarDate?, fiscal: FiscalCalendar) -> Double? {
        guard let due else { return nil }
        let from = start ?? fiscal.year(fiscal.fiscalYear(of: due)).lowerBound
        return Double(from.days(to: due) + 1) / 30.44
    }

    /// Units that measure a state, never an amount summed over time.
    static let levelUnits: Set<GoalUnit> = [.percent, .score, .ratio, .hours, .days, .minutes]
    /// Units of a share, a score or a multiple: levels even beside a cumulative word.
    static let shareUnits: Set<GoalUnit> = [.percent, .score, .ratio]
}
