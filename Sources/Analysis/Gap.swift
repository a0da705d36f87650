import GoalModel
import GoalSheetSupport

/// Where a goal stands against the calendar.
public enum GoalStatus: String, Sendable, CaseIterable, Codable {
    case achieved, onTrack = "on_track", atRisk = "at_risk", offTrack = "off_track", overdue, noData = "no_data"
}

/// OKR grade bands.
public enum ScoreBand: String, Sendable {
    case green, yellow, red

    /// 0.7–1.0 green, 0.4–0.6 yellow, 0–0.3 red (scores are rounded to 0.1 first).
    public init(score: Double) {
        let s = (score * 10).rounded() / 10
        self = s >= 0.7 ? .green : s >= 0.4 ? .yellow : .red
    }
}

/// The gap figures of one node.
public struct GapResult: Sendable, Equatable {
    /// (current − baseline) / (target − baseline), unclamped; nil when a value is missing or target = baseline.
    public var progress: Double?
    /// 達成率: current / target (increase, at_least) or target / current (decrease, at_most).
    public var attainment: Double?
    /// For threshold goals (at_least / at_most): whether the bound is met, inclusive.
    public var met: Bool?
    /// OKR grade: progress clamped to 0…1 and rounded to 0.1.
    public var score: Double?
    /// Elapsed share of the node's period at its as-of date, 0…1.
    public var expected: Double?
    public var status: GoalStatus
    /// The start the pace was measured from (given, or the fiscal period's start).
    public var start: CalendarDate?
    /// The due date the pace was measured against when the goal has none: the end of the run's fiscal year.
    public var inferredDue: CalendarDate?
    /// How the figures were computed: a flow from zero (current / target against the elapsed share), or a
    /// level from its baseline (or, without one, by attainment alone).
    public var nature: MetricNature?
    /// The children's weighted mean, beside a node's own figures (or in their place when it has none).
    public var rollUp: RollUp?

    /// Children's figures averaged: what a parent's own numbers are compared with.
    public struct RollUp: Sendable, Equatable {
        public var progress: Double?
        public var attainment: Double?
        public var score: Double?
        public var status: GoalStatus
        /// The ids averaged, in order.
        public var of: [String]
    }

    public init(
        progress: Double? = nil, attainment: Double? = nil, met: Bool? = nil, score: Double? = nil,
        expected: Double? = nil,
        status: GoalStatus = .noData, start: CalendarDate? = nil
    ) {
        self.progress = progress
        self.attainment = attainment
        self.met = met
        self.score = score
        self.expected = expected
        self.status = status
        self.start = start
    }
}

/// The gap formulas, one place for each.
public enum GapFormulas {
    /// (current − baseline) / (target − baseline). The same formula serves both directions: a decrease
    /// from 8 to 3 now at 7.2 is (7.2 − 8) / (3 − 8) = 0.16.
    public static func progress(baseline: Double?, current: Double?, target: Double?) -> Double? {
        guard let b = baseline, let c = current, let t = target, t != b else { return nil }
        return (c - b) / (t - b)
    }

    /// current / target for increase and at_least; target / current for decrease and at_most.
    public static func attainment(current: Double?, target: Double?, direction: GoalDirection?) -> Double? {
        guard let c = current, let t = target else { return nil }
        if direction?.lowerIsBetter == true {
            return c == 0 ? nil : t / c
        }
        guard t != 0 else { return nil }
        return c / t
    }

    /// Whether a threshold is met, bound included.
    public static func met(
        current: Double?, target: Double?, direction: GoalDirection?, band: ClosedRange<Double>? = nil
    ) -> Bool? {
        guard let c = current, let t = target, let d = direction, d.isThreshold else { return nil }
        switch d {
        case .atLeast: return c >= t
        case .atMost: return c <= t
        default: return band.map { $0.contains(c) }  // a band is judged by its bounds, not by the one target
        }
    }

    /// Clamped to 0…1, rounded to 0.1.
    public static func score(progress: Double) -> Double {
        (min(1, max(0, progress)) * 10).rounded() / 10
    }

    /// Elapsed share of [start, due] at `asOf`, clamped to 0…1.
    public static func expected(start: CalendarDate, due: CalendarDate, asOf: CalendarDate) -> Double? {
        let total = start.days(to: due)
        guard total > 0 else { return asOf >= due ? 1 : 0 }
        return min(1, max(0, Double(start.days(to: asOf)) / Double(total)))
    }

    /// The status from progress against the calendar.
    ///
    /// achieved: progress ≥ 1 or the threshold is met; overdue: past due and not achieved;
    /// off_track: moved the wrong way, or behind the calendar by more than 3 × tolerance;
    /// at_risk: behind by more than the tolerance; on_track otherwise; no_data without the numbers.
    public static func status(
        progress: Double?, met: Bool?, attainment: Double?, expected: Double?, pastDue: Bool, tolerance: Double
    ) -> GoalStatus {
        if met == true || (progress ?? -1) >= 1 { return .achieved }
        if met == false, progress == nil {
            if pastDue { return .overdue }
            guard let a = attainment else { return .offTrack }
            return a >= 1 - tolerance ? .atRisk : .offTrack
        }
        guard let p = progress else { return .noData }
        if pastDue { return .overdue }
        if p < 0 { return .offTrack }
        let e = expected ?? 0
        if p >= e - tolerance { return .onTrack }
        if p >= e - 3 * tolerance { return .atRisk }
        return .offTrack
    }
}

/// Computes the gap of every node, and rolls objectives and KGIs up from their children.
public struct GapAnalyzer: Sendable {
    public var asOf: CalendarDate
    public var fiscal: FiscalCalendar
    public var tolerance: Double
    /// Threads the goals' own gaps are computed on (the roll-up stays on one).
    public var jobs = 1

    public init(asOf: CalendarDate, fiscal: FiscalCalendar = FiscalCalendar(), tolerance: Double = 0.1) {
        self.asOf = asOf
        self.fiscal = fiscal
        self.tolerance = tolerance
    }

    /// The node's own figures (objectives and KSFs have none; see `rollUp`).
    public func gap(_ n: GoalNode) -> GapResult {
        var r = GapResult()
        let when = n.asOf ?? asOf
        let due = n.due ?? (n.kind.isQualitative ? nil : fiscal.year(fiscal.fiscalYear(of: when)).upperBound)
        if n.due == nil { r.inferredDue = due }
        if let due {
            let start = n.start ?? fiscal.year(fiscal.fiscalYear(of: due)).lowerBound
            r.start = start
            r.expected = GapFormulas.expected(start: start, due: due, asOf: when)
        }
        guard !n.kind.isQualitative else { return r }
        let pastDue = due.map { asOf > $0 } ?? false
        r.attainment = GapFormulas.attainment(current: n.current, target: n.target, direction: n.direction)
        let band = n.targetMin.flatMap { lo in n.targetMax.flatMap { hi in lo <= hi ? lo...hi : nil } }
        r.met = GapFormulas.met(current: n.current, target: n.target, direction: n.direction, band: band)
        if GapAnalyzer.isFlow(n) {
            // From zero: the baseline (last period's figure) is a comparison, not the start.
            r.nature = .flow
            r.progress = GapFormulas.progress(baseline: 0, current: n.current, target: n.target)
            if let p = r.progress { r.score = GapFormulas.score(progress: p) }
            r.status = GapFormulas.status(
                progress: r.progress, met: r.met, attainment: r.attainment, expected: r.expected, pastDue: pastDue,
                tolerance: tolerance)
            return r
        }
        r.nature = .level
        r.progress = GapFormulas.progress(baseline: n.baseline, current: n.current, target: n.target)
        if let p = r.progress {
            r.score = GapFormulas.score(progress: p)
        }
        // Without a baseline: 1 when met, else its attainment, never above 0.9 while unmet.
        else if let a = r.attainment {
            r.score = (r.met ?? (a >= 1)) ? 1 : min(0.9, GapFormulas.score(progress: a))
        }
        // Without a baseline, 達成率 is judged as progress would be at the due date (against 1, not the calendar).
        let unpaced = r.progress == nil && r.met == nil && r.attainment != nil
        r.status = GapFormulas.status(
            progress: unpaced ? r.attainment : r.progress, met: r.met, attainment: r.attainment,
            expected: unpaced ? 1 : r.expected, pastDue: pastDue, tolerance: tolerance)
        return r
    }

    /// A flow is measured from zero when it should grow; one that should shrink (障害件数 at most 5) is a bound.
    static func isFlow(_ n: GoalNode) -> Bool {
        guard n.nature?.nature == .flow else { return false }
        return !(n.direction?.lowerIsBetter ?? false) && n.direction != .range
    }

    /// Gaps of all nodes; a node without its own progress (an objective, a KGI without numbers) takes the
    /// weighted mean of its children of the same level (its key results, its tree's nodes).
    public func analyze(_ nodes: [GoalNode]) -> [String: GapResult] {
        let tree = GapTree(nodes)
        let analyzer = self
        var gaps = ParallelWork.mapChunked(count: nodes.count, jobs: jobs, chunk: ParallelWork.defaultChunk) {
            analyzer.gap(nodes[$0])
        }
        tree.rollUp(&gaps, nodes: nodes)
        // An id stands for its last node: the map of positions, its keys not hashed again.
        return tree.positions.mapValues { gaps[$0] }
    }

    /// A parent's status: the worst of its children's that have data.
    static func combine(_ statuses: [GoalStatus]) -> GoalStatus {
        let order: [GoalStatus] = [.overdue, .offTrack, .atRisk, .onTrack, .achieved]
        for s in order where statuses.contains(s) {
            if s == .achieved, !statuses.allSatisfy({ $0 == .achieved || $0 == .noData }) { continue }
            return s
        }
        return .noData
    }

    /// The company's overall figure: the weighted mean of its top-level objectives and KGIs.
    public func companyRollUp(_ nodes: [GoalNode], gaps: [String: GapResult]) -> GapResult {
        let tops = nodes.filter {
            $0.level == .company && ($0.kind == .objective || $0.kind == .kgi) && $0.parentID == nil
        }
        let parts = tops.compactMap { n in gaps[n.id].map { (n.id, $0, n.weight ?? 1) } }
        var r = GapAnalyzer.weightedMean(parts.map { ($0.1, $0.2) })
        r.rollUp = GapResult.RollUp(
            progress: r.progress, attainment: r.attainment, score: r.score, status: r.status, of: parts.map(\.0))
        return r
    }

    /// Weighted means of progress, score (to 0.1) and attainment over the parts that have them, and the
    /// worst status.
    static func weightedMean(_ parts: [(GapResult, Double)]) -> GapResult {
        var r = GapResult()
        var wp = 0.0, sp = 0.0, ws = 0.0, ss = 0.0, wa = 0.0, sa = 0.0
        for (g, w) in parts {
            if let p = g.progress { wp += w; sp += w * p }
            if let s = g.score { ws += w; ss += w * s }
            if let a = g.attainment { wa += w; sa += w * a }
        }
        if wp > 0 { r.progress = sp / wp }
        if ws > 0 { r.score = ((ss / ws) * 10).rounded() / 10 }
        if wa > 0 { r.attainment = sa / wa }
        r.status = combine(parts.map(\.0.status))
        return r
    }
}

/// The nodes as the roll-up walks them, by position: a goal id stands for the last node that has it, and a node's
/// children are the nodes of its level whose group or parent it is.
struct GapTree {
    /// Each id's position: that of the last node with it.
    let positions: [String: Int]
    /// For each node, the position of the last node with its id.
    let canonical: [Int]
    /// For each canonical node, its children's positions, in the nodes' order.
    let children: [[Int]]

    init(_ nodes: [GoalNode]) {
        var last: [String: Int] = [:]
        last.reserveCapacity(nodes.count)
        for (i, n) in nodes.enumerated() { last[n.id] = i }
        positions = last
        canonical = nodes.map { last[$0.id]! }
        var children = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            var parents: [String] = []
            if let g = n.groupID { parents.append(g) }
            if let p = n.parentID, !parents.contains(p) { parents.append(p) }
            for p in parents { if let j = last[p], nodes[j].level == n.level { children[j].append(i) } }
        }
        self.children = children
    }

    /// Gives each canonical node with children the weighted mean of theirs (`gaps` by position); a node with
    /// numbers of its own keeps them, the mean beside them. A cycle is cut where it closes.
    func rollUp(_ gaps: inout [GapResult], nodes: [GoalNode]) {
        enum Visit { case no, visiting, done }
        var visit = [Visit](repeating: .no, count: nodes.count)
        func rolled(_ j: Int) -> GapResult {
            var r = gaps[j]
            if visit[j] != .no { return r }
            let kids = children[j]
            guard !kids.isEmpty else { return r }
            visit[j] = .visiting
            defer { visit[j] = .done }
            let mean = GapAnalyzer.weightedMean(kids.map { (rolled(canonical[$0]), nodes[$0].weight ?? 1) })
            r.rollUp = GapResult.RollUp(
                progress: mean.progress, attainment: mean.attainment, score: mean.score, status: mean.status,
                of: kids.map { nodes[$0].id })
            // A node with its own numbers keeps them; the children's mean stands beside them.
            if r.progress == nil && r.met == nil && r.attainment == nil {
                r.progress = mean.progress
                r.score = mean.score
                r.attainment = mean.attainment
                r.status = mean.status
            }
            gaps[j] = r
            return r
        }
        for i in nodes.indices { _ = rolled(canonical[i]) }
    }
}
