import Analysis
import GoalModel
import Normalize
import TestSupport
import Testing

struct GapCase: CustomTestStringConvertible, Sendable {
    let name: String
    let baseline: Double?, current: Double?, target: Double?
    let direction: GoalDirection
    let asOf: String
    var start: String? = nil
    var due: String? = "2026-03-31"
    var nature: MetricNature? = nil
    let progress: Double?, attainment: Double?, score: Double?
    let status: GoalStatus
    var testDescription: String { name }
}

private func g(
    _ name: String, _ b: Double?, _ c: Double?, _ t: Double?, _ d: GoalDirection, at asOf: String = "2025-09-30",
    start: String? = nil, due: String? = "2026-03-31", nature: MetricNature? = nil, p: Double?, a: Double?, s: Double?,
    _ status: GoalStatus
) -> GapCase {
    GapCase(
        name: name, baseline: b, current: c, target: t, direction: d, asOf: asOf, start: start, due: due,
        nature: nature, progress: p,
        attainment: a, score: s, status: status)
}

/// A flow (accumulating over the period): progress from zero, whatever last period's figure was.
private func flow(
    _ name: String, _ b: Double?, _ c: Double?, _ t: Double?, _ d: GoalDirection = .increase,
    at asOf: String = "2025-09-30",
    start: String? = nil, due: String? = "2026-03-31", p: Double?, a: Double?, s: Double?, _ status: GoalStatus
) -> GapCase {
    g(name, b, c, t, d, at: asOf, start: start, due: due, nature: .flow, p: p, a: a, s: s, status)
}

/// FY2025 (2025-04-01 … 2026-03-31): on 2025-09-30, 182 of 364 days have passed, so 50% is expected.
/// Tolerance 0.1: on track from expected − 0.1, at risk from expected − 0.3.
let gapCases: [GapCase] = [
    g("increase, halfway at half time", 0, 50, 100, .increase, p: 0.5, a: 0.5, s: 0.5, .onTrack),
    g("increase, a little behind", 0, 36, 100, .increase, p: 0.36, a: 0.36, s: 0.4, .atRisk),
    g("increase, far behind", 0, 10, 100, .increase, p: 0.1, a: 0.1, s: 0.1, .offTrack),
    g("increase, achieved", 0, 100, 100, .increase, p: 1, a: 1, s: 1, .achieved),
    g("increase, over-achieved stays unclamped", 0, 130, 100, .increase, p: 1.3, a: 1.3, s: 1, .achieved),
    g("increase, moved the wrong way", 50, 40, 100, .increase, p: -0.2, a: 0.4, s: 0, .offTrack),
    g("decrease, NexBridge KR2 解約率 8→3 now 7.2", 8, 7.2, 3, .decrease, p: 0.16, a: 3 / 7.2, s: 0.2, .offTrack),
    g("decrease, KR3 平均対応時間 48→12 now 38", 48, 38, 12, .decrease, p: 10.0 / 36, a: 12.0 / 38, s: 0.3, .atRisk),
    g("increase, KR1 顧客満足度 68→90 now 72", 68, 72, 90, .increase, p: 4.0 / 22, a: 0.8, s: 0.2, .offTrack),
    g("decrease, halfway", 48, 30, 12, .decrease, p: 0.5, a: 0.4, s: 0.5, .onTrack),
    g("decrease, achieved", 48, 12, 12, .decrease, p: 1, a: 1, s: 1, .achieved),
    g("decrease, over-achieved", 48, 10, 12, .decrease, p: 38.0 / 36, a: 1.2, s: 1, .achieved),
    g("decrease, moved the wrong way", 48, 50, 12, .decrease, p: -2.0 / 36, a: 0.24, s: 0, .offTrack),
    // A level without a baseline is judged by attainment: 50/100 is below 1 − 3 × 0.1.
    g("missing baseline", nil, 50, 100, .increase, p: nil, a: 0.5, s: 0.5, .offTrack),
    g("missing baseline, within the tolerance", nil, 92, 100, .increase, p: nil, a: 0.92, s: 0.9, .onTrack),
    g("missing baseline, at risk", nil, 78.8, 100, .increase, p: nil, a: 0.788, s: 0.8, .atRisk),
    g("missing baseline, reached", nil, 100, 100, .increase, p: nil, a: 1, s: 1, .achieved),
    g("missing baseline, decrease within the tolerance", nil, 3.2, 3, .decrease, p: nil, a: 3 / 3.2, s: 0.9, .onTrack),
    g("missing baseline, decrease past due", nil, 4, 3, .decrease, at: "2026-04-30", p: nil, a: 0.75, s: 0.8, .overdue),
    g("missing current", 0, nil, 100, .increase, p: nil, a: nil, s: nil, .noData),
    g("missing target", 0, 50, nil, .increase, p: nil, a: nil, s: nil, .noData),
    g("target equals baseline, above it", 100, 120, 100, .increase, p: nil, a: 1.2, s: 1, .achieved),
    g("at least, met", nil, 96, 95, .atLeast, p: nil, a: 96.0 / 95, s: 1, .achieved),
    g("at least, exactly at the bound (inclusive)", nil, 95, 95, .atLeast, p: nil, a: 1, s: 1, .achieved),
    g("at least, just short", nil, 90, 95, .atLeast, p: nil, a: 90.0 / 95, s: 0.9, .atRisk),
    g("at least, far short", nil, 50, 95, .atLeast, p: nil, a: 50.0 / 95, s: 0.5, .offTrack),
    g("at most, exactly at the bound (inclusive)", nil, 1, 1, .atMost, p: nil, a: 1, s: 1, .achieved),
    g("at most, 月1時間以内 now 1.5", nil, 1.5, 1, .atMost, p: nil, a: 1 / 1.5, s: 0.7, .offTrack),
    g("at most, just over: never scores 1 while unmet", nil, 1.05, 1, .atMost, p: nil, a: 1 / 1.05, s: 0.9, .atRisk),
    g("at most with a baseline uses progress", 3, 2, 1, .atMost, p: 0.5, a: 0.5, s: 0.5, .onTrack),
    g("at least with a baseline, met", 50, 96, 95, .atLeast, p: 46.0 / 45, a: 96.0 / 95, s: 1, .achieved),
    g("overdue", 0, 50, 100, .increase, at: "2026-04-30", p: 0.5, a: 0.5, s: 0.5, .overdue),
    g("past due but achieved", 0, 100, 100, .increase, at: "2026-04-30", p: 1, a: 1, s: 1, .achieved),
    g("threshold unmet past due", nil, 50, 95, .atLeast, at: "2026-04-30", p: nil, a: 50.0 / 95, s: 0.5, .overdue),
    g("first day: nothing expected yet", 0, 0, 100, .increase, at: "2025-04-01", p: 0, a: 0, s: 0, .onTrack),
    g("before the period starts", 0, 0, 100, .increase, at: "2025-03-01", p: 0, a: 0, s: 0, .onTrack),
    g("last day, 80% done", 0, 80, 100, .increase, at: "2026-03-31", p: 0.8, a: 0.8, s: 0.8, .atRisk),
    g("last day, 60% done", 0, 60, 100, .increase, at: "2026-03-31", p: 0.6, a: 0.6, s: 0.6, .offTrack),
    g("NPS from negative", -5, 10, 20, .increase, p: 0.6, a: 0.5, s: 0.6, .onTrack),
    g("NPS to zero: no attainment", -20, -10, 0, .increase, p: 0.5, a: nil, s: 0.5, .onTrack),
    g("decrease to zero: attainment 0 though halfway", 10, 5, 0, .decrease, p: 0.5, a: 0, s: 0.5, .onTrack),
    g("decrease, current zero: no attainment", 10, 0, 2, .decrease, p: 1.25, a: nil, s: 1, .achieved),
    g("decrease to zero, reached", 5, 0, 0, .decrease, p: 1, a: nil, s: 1, .achieved),
    // No due date: the pace is measured to the end of the run's fiscal year (50% on 2025-09-30).
    g("no due date: paced to the fiscal year", 0, 50, 100, .increase, due: nil, p: 0.5, a: 0.5, s: 0.5, .onTrack),
    g("no due date: behind the fiscal year", 0, 15, 100, .increase, due: nil, p: 0.15, a: 0.15, s: 0.2, .offTrack),
    // Flows: 採用数 前年 18名, 目標 30名, 現状 14名 at half time is 47% of 50% (the prior year is no start).
    flow("flow 採用数 14 of 30 at half time", 18, 14, 30, p: 14.0 / 30, a: 14.0 / 30, s: 0.5, .onTrack),
    flow("flow 新規契約 42 of 100, no baseline", nil, 42, 100, p: 0.42, a: 0.42, s: 0.4, .onTrack),
    flow("flow behind: 15 of 100 at half time", nil, 15, 100, p: 0.15, a: 0.15, s: 0.2, .offTrack),
    flow("flow a little behind: 35 of 100", nil, 35, 100, p: 0.35, a: 0.35, s: 0.4, .atRisk),
    flow("flow achieved early", 80, 110, 100, p: 1.1, a: 1.1, s: 1, .achieved),
    flow("flow short at the due date", nil, 90, 100, at: "2026-04-15", p: 0.9, a: 0.9, s: 0.9, .overdue),
    flow(
        "flow of a quarter, as of its end", nil, 60, 100, at: "2025-12-31", start: "2025-10-01", due: "2025-12-31",
        p: 0.6, a: 0.6, s: 0.6, .offTrack),
    flow("flow without a current", 10, nil, 100, p: nil, a: nil, s: nil, .noData),
    flow("flow above last year's figure is still paced from zero", 120, 50, 100, p: 0.5, a: 0.5, s: 0.5, .onTrack),
    flow("flow with nothing yet", nil, 0, 100, p: 0, a: 0, s: 0, .offTrack),
    flow("flow at least, behind the pace", nil, 30, 100, .atLeast, p: 0.3, a: 0.3, s: 0.3, .atRisk),
    flow("flow at least, met", nil, 120, 100, .atLeast, p: 1.2, a: 1.2, s: 1, .achieved),
    // A flow that should shrink (障害件数 at most 5) is a bound, not progress from zero.
    flow("flow at most, within", nil, 3, 5, .atMost, p: nil, a: 5.0 / 3, s: 1, .achieved),
    flow("flow at most, exceeded", nil, 8, 5, .atMost, p: nil, a: 5.0 / 8, s: 0.6, .offTrack),
    g(
        "quarter goal with a start", 0, 30, 100, .increase, at: "2025-11-15", start: "2025-10-01", due: "2025-12-31",
        p: 0.3, a: 0.3, s: 0.3, .atRisk),
    g("score of a 5-point scale", 4.1, 4.3, 4.8, .increase, p: 0.2 / 0.7, a: 4.3 / 4.8, s: 0.3, .atRisk),
    g("increase written against falling numbers", 100, 90, 80, .increase, p: 0.5, a: 1.125, s: 0.5, .onTrack),
]

@Suite("Gap formulas")
struct GapTests {
    @Test(arguments: gapCases)
    func gap(_ c: GapCase) throws {
        var n = GoalNode(
            id: "X", source: SourceLocation(file: "f.xlsx", sheet: "s", row: 1), level: .department, kind: .kr,
            title: c.name)
        n.baseline = c.baseline
        n.current = c.current
        n.target = c.target
        n.direction = c.direction
        n.due = c.due.flatMap(CalendarDate.init(iso:))
        n.start = c.start.flatMap(CalendarDate.init(iso:))
        n.nature = c.nature.map { MetricNatureReading($0, "test") }
        let r = GapAnalyzer(asOf: try #require(CalendarDate(iso: c.asOf))).gap(n)
        #expect(isClose(r.progress, c.progress), "progress \(String(describing: r.progress))")
        #expect(isClose(r.attainment, c.attainment), "attainment \(String(describing: r.attainment))")
        #expect(isClose(r.score, c.score), "score \(String(describing: r.score))")
        #expect(r.status == c.status)
    }

    @Test func tableIsLargeEnough() { #expect(gapCases.count >= 60) }

    @Test func expectedIsTheElapsedShare() throws {
        let start = try #require(CalendarDate(iso: "2025-04-01")), due = try #require(CalendarDate(iso: "2026-03-31"))
        #expect(
            GapFormulas.expected(start: start, due: due, asOf: try #require(CalendarDate(iso: "2025-09-30"))) == 0.5)
        #expect(GapFormulas.expected(start: start, due: due, asOf: try #require(CalendarDate(iso: "2027-01-01"))) == 1)
        #expect(GapFormulas.expected(start: start, due: due, asOf: try #require(CalendarDate(iso: "2024-01-01"))) == 0)
    }

    @Test(arguments: [
        (0.7, ScoreBand.green), (1.0, .green), (0.65, .green), (0.6, .yellow), (0.4, .yellow), (0.3, .red), (0.0, .red),
    ])
    func bands(_ score: Double, _ band: ScoreBand) { #expect(ScoreBand(score: score) == band) }
}

@Suite("Roll-up")
struct RollUpTests {
    func node(
        _ id: String, kind: GoalKind, b: Double? = nil, c: Double? = nil, t: Double? = nil, d: GoalDirection? = nil,
        parent: String? = nil, weight: Double? = nil, level: GoalLevel = .company
    ) -> GoalNode {
        var n = GoalNode(
            id: id, source: SourceLocation(file: "f.xlsx", sheet: "s", row: 1), level: level, kind: kind, title: id)
        n.baseline = b; n.current = c; n.target = t; n.direction = d; n.parentID = parent; n.weight = weight
        n.due = CalendarDate(iso: "2026-03-31")
        return n
    }

    let asOf = CalendarDate(iso: "2025-09-30")!

    @Test func mixedDirectionsAverageTheirProgress() {
        let nodes = [
            node("O1", kind: .objective),
            node("KR1", kind: .kr, b: 68, c: 72, t: 90, d: .increase, parent: "O1"),
            node("KR2", kind: .kr, b: 8, c: 7.2, t: 3, d: .decrease, parent: "O1"),
            node("KR3", kind: .kr, b: 48, c: 38, t: 12, d: .decrease, parent: "O1"),
        ]
        let gaps = GapAnalyzer(asOf: asOf).analyze(nodes)
        let o = gaps["O1"]!
        #expect(isClose(o.progress, (4.0 / 22 + 0.16 + 10.0 / 36) / 3))
        // Scores 0.2, 0.2, 0.3 → 0.233… → 0.2.
        #expect(o.score == 0.2)
        #expect(isClose(o.attainment, (72.0 / 90 + 3 / 7.2 + 12.0 / 38) / 3))
        #expect(o.status == .offTrack)
        let company = GapAnalyzer(asOf: asOf).companyRollUp(nodes, gaps: gaps)
        #expect(isClose(company.progress, o.progress))
    }

    @Test func weightsFromTheSheet() {
        let nodes = [
            node("O1", kind: .objective),
            node("A", kind: .kr, b: 0, c: 100, t: 100, d: .increase, parent: "O1", weight: 3),
            node("B", kind: .kr, b: 0, c: 0, t: 100, d: .increase, parent: "O1", weight: 1),
        ]
        let o = GapAnalyzer(asOf: asOf).analyze(nodes)["O1"]!
        #expect(o.progress == 0.75)
        #expect(o.score == 0.8)
    }

    @Test func childWithStartEqualTargetIsLeftOutAndWrongWayCounts() {
        let nodes = [
            node("O1", kind: .objective),
            node("A", kind: .kr, b: 100, c: 100, t: 100, d: .increase, parent: "O1"),
            node("B", kind: .kr, b: 50, c: 40, t: 100, d: .increase, parent: "O1"),
            node("C", kind: .kr, b: 0, c: 60, t: 100, d: .increase, parent: "O1"),
        ]
        let o = GapAnalyzer(asOf: asOf).analyze(nodes)["O1"]!
        // A has no progress (target = baseline) but is achieved by attainment (score 1); B is −0.2 (unclamped),
        // C 0.6 → mean progress 0.2; scores 1, 0 and 0.6 → 0.5.
        #expect(isClose(o.progress, 0.2))
        #expect(o.score == 0.5)
        #expect(o.status == .offTrack)
    }

    @Test func departmentGoalsDoNotRollIntoCompanyKRs() {
        let nodes = [
            node("O1", kind: .objective),
            node("KR1", kind: .kr, b: 0, c: 50, t: 100, d: .increase, parent: "O1"),
            node("D1", kind: .kpi, b: 0, c: 100, t: 100, d: .increase, parent: "O1", level: .department),
        ]
        #expect(GapAnalyzer(asOf: asOf).analyze(nodes)["O1"]!.progress == 0.5)
    }

    @Test(arguments: [1, 2])
    func twoLevelsRollUpAndACycleIsCutWhereItCloses(jobs: Int) {
        // The children come before their parents, so the walk reaches each parent first from a child.
        let nodes = [
            node("L1", kind: .kpi, b: 0, c: 50, t: 100, d: .increase, parent: "P"),
            node("L2", kind: .kpi, b: 0, c: 100, t: 100, d: .increase, parent: "P"),
            node("P", kind: .kpi, parent: "G"),
            node("G", kind: .kgi),
            node("X", kind: .kpi, b: 0, c: 20, t: 100, d: .increase, parent: "Y"),
            node("Y", kind: .kpi, b: 0, c: 40, t: 100, d: .increase, parent: "X"),
        ]
        var analyzer = GapAnalyzer(asOf: asOf)
        analyzer.jobs = jobs
        let gaps = analyzer.analyze(nodes)
        #expect(gaps["P"]?.progress == 0.75)
        #expect(gaps["P"]?.rollUp?.of == ["L1", "L2"])
        #expect(gaps["G"]?.progress == 0.75)
        #expect(gaps["G"]?.rollUp?.of == ["P"])
        #expect(gaps["L1"]?.rollUp == nil)
        // X's roll-up reaches Y, whose own roll-up stops at X (being visited): each keeps its own numbers.
        #expect(gaps["X"]?.progress == 0.2 && gaps["Y"]?.progress == 0.4)
        #expect(gaps["X"]?.rollUp?.of == ["Y"] && isClose(gaps["X"]?.rollUp?.progress, 0.4))
        #expect(gaps["Y"]?.rollUp?.of == ["X"] && isClose(gaps["Y"]?.rollUp?.progress, 0.2))
    }

    @Test func aRepeatedIDStandsForItsLastNode() {
        let nodes = [
            node("O1", kind: .objective),
            node("KR1", kind: .kr, b: 0, c: 10, t: 100, d: .increase, parent: "O1"),
            node("KR1", kind: .kr, b: 0, c: 30, t: 100, d: .increase, parent: "O1"),
        ]
        let gaps = GapAnalyzer(asOf: asOf).analyze(nodes)
        #expect(gaps["KR1"]?.progress == 0.3)
        // Both rows are O1's children, each counted with the gap its id has.
        #expect(isClose(gaps["O1"]?.progress, 0.3))
        #expect(gaps["O1"]?.rollUp?.of == ["KR1", "KR1"])
    }
}

@Suite("Period layouts at the run's date")
struct PeriodCurrentTests {
    func quarters() -> [PeriodValue] {
        [
            PeriodValue(label: "Q1", end: CalendarDate(iso: "2025-06-30"), target: 20, actual: 18),
            PeriodValue(label: "Q2", end: CalendarDate(iso: "2025-09-30"), target: 25, actual: 27),
            PeriodValue(label: "Q3", end: CalendarDate(iso: "2025-12-31"), target: 25),
            PeriodValue(label: "通期", end: CalendarDate(iso: "2026-03-31"), target: 100, isWholePeriod: true),
        ]
    }

    @Test(arguments: [("2025-05-15", "Q1"), ("2025-06-30", "Q1"), ("2025-07-01", "Q2"), ("2026-01-31", "Q2")])
    func theLatestActualThatHadBegun(_ asOf: String, _ label: String) {
        #expect(PeriodValue.latestActual(quarters(), asOf: CalendarDate(iso: asOf))?.label == label)
    }

    @Test func theAnalysisPicksTheCurrentValueAtItsDate() throws {
        var n = GoalNode(
            id: "K1", source: SourceLocation(file: "f.xlsx", sheet: "s", row: 3), level: .department, kind: .kpi,
            title: "新規契約数")
        n.periods = quarters()
        n.target = 100; n.current = 27; n.currentFromPeriods = true; n.direction = .increase
        n.start = CalendarDate(iso: "2025-04-01"); n.due = CalendarDate(iso: "2026-03-31");
        n.asOf = CalendarDate(iso: "2025-09-30")
        let model = GoalModelRun(nodes: [n], warnings: [], failures: [], inputs: [], goalSheets: [:])
        let early = Analyzer(options: AnalysisOptions(asOf: try #require(CalendarDate(iso: "2025-06-15")))).analyze(
            model)
        #expect(early.model.nodes[0].current == 18 && early.model.nodes[0].asOf == CalendarDate(iso: "2025-06-15"))
        #expect(early.gaps["K1"]?.attainment == 0.18)
        let late = Analyzer(options: AnalysisOptions(asOf: try #require(CalendarDate(iso: "2025-12-31")))).analyze(
            model)
        #expect(late.model.nodes[0].current == 27 && late.model.nodes[0].asOf == CalendarDate(iso: "2025-09-30"))
    }
}

@Suite("Bands")
struct BandTests {
    @Test(arguments: [(3.0, true), (-5.0, true), (5.0, true), (6.0, false), (-5.5, false)])
    func aBandIsMetInsideItsBounds(_ current: Double, _ met: Bool) {
        #expect(GapFormulas.met(current: current, target: 5, direction: .range, band: -5...5) == met)
        #expect(GapFormulas.met(current: current, target: 5, direction: .range) == nil)
    }
}

@Suite("Flow or level")
struct MetricNatureTests {
    static let classifier = MetricNatureClassifier(lexicon: .standard)

    @Test(arguments: [
        ("採用数", GoalUnit?.some(.count), nil as GoalPeriod?, MetricNature.flow, "flow word: 採用"),
        ("新規契約", .count, nil, .flow, "flow word: 契約"),
        ("年間売上", .jpy, nil, .flow, "cumulative word: 年間"),
        ("受注額 YTD", .jpy, nil, .flow, "cumulative word: ytd"),
        ("顧客満足度", .percent, nil, .level, "unit: percent"),
        ("NPS", .score, nil, .level, "unit: score"),
        ("平均対応時間", .hours, nil, .level, "unit: hours"),
        ("受注単価", .jpy, nil, .level, "level word: 単価"),
        ("在籍人数", .count, nil, .level, "level word: 在籍"),
        ("月間商談数", .count, nil, .level, "rate word: 月間"),
        ("商談数", .count, .month, .level, "a rate per month"),
        ("問い合わせ対応件数", .count, nil, .flow, "flow word: 問い合わせ"),
        ("ブランド認知", nil, nil, .level, "no flow word or unit"),
        ("出荷", .tons, nil, .flow, "flow word: 出荷"),
        ("新規顧客", .count, nil, .flow, "unit: count (an amount counted over the period)"),
        ("年間解約率", .percent, nil, .level, "unit: percent"),
        ("年間残業時間", .hours, nil, .flow, "cumulative word: 年間"),
    ])
    func reads(_ text: String, _ unit: GoalUnit?, _ per: GoalPeriod?, _ nature: MetricNature, _ reason: String) {
        #expect(Self.classifier.classify(text, unit: unit, per: per) == MetricNatureReading(nature, reason))
    }

    @Test("a value column's header of running totals makes a flow, except of a share") func headers() {
        let c = Self.classifier
        #expect(c.classify("アプリのダウンロード", unit: nil, per: nil) == MetricNatureReading(.level, "no flow word or unit"))
        #expect(
            c.classify("アプリのダウンロード", unit: nil, per: nil, headers: ["目標", "実績（累計）"])
                == MetricNatureReading(.flow, "header 「実績（累計）」: 累計"))
        #expect(
            c.classify("受注率", unit: .percent, per: nil, headers: ["YTD actual"])
                == MetricNatureReading(.level, "unit: percent"))
    }

    @Test("a running-total header is read from the sheet, and progress starts from zero") func headerThroughTheReader()
        throws
    {
        var s = RuleScenario()
        s.csvFiles["app.csv"] = "ID,目標,前年実績,実績（累計）,目標値,期限,上位目標\nA1,アプリのダウンロード,5000,3000,10000,2026-03-31,KR2\n"
        let run = try s.analyze()
        let node = try #require(run.model.nodes.first { $0.localID == "A1" })
        #expect(node.nature == MetricNatureReading(.flow, "header 「実績（累計）」: 累計"))
        #expect(run.gaps[node.id]?.progress == 0.3)
        #expect(run.gaps[node.id]?.status == .atRisk)
    }

    @Test("a per-period figure is a rate only within a longer period") func periodOfItsOwn() {
        let c = Self.classifier
        #expect(
            c.classify("四半期売上", unit: .jpy, per: .quarter, periodMonths: 92 / 30.44)
                == MetricNatureReading(.flow, "flow word: 売上"))
        #expect(
            c.classify("月間商談数", unit: .count, per: .month, periodMonths: 92 / 30.44)
                == MetricNatureReading(.level, "a rate per month"))
        #expect(c.classify("商談数", unit: .count, per: .quarter) == MetricNatureReading(.level, "a rate per quarter"))
    }

    @Test func theConfigDecidesFirst() {
        let lexicon = Lexicon.standard.adding(flowMetrics: ["満足度"], levelMetrics: ["契約"])
        let c = MetricNatureClassifier(lexicon: lexicon)
        #expect(c.classify("顧客満足度", unit: .percent, per: nil) == MetricNatureReading(.flow, "config flow_metrics: 満足度"))
        #expect(c.classify("新規契約", unit: .count, per: nil) == MetricNatureReading(.level, "config level_metrics: 契約"))
    }
}

@Suite("A goal's period from the sheet when no due date is given")
struct InferredPeriodTests {
    /// A sheet titled for fiscal 2025 with a period column: 上期 (April–September), Q3 (October–December), and a
    /// rate's period (月), which names no span: that goal takes the title's year.
    static let sheet = "営業部 2025年度 目標\n\n目標,期間,現状,目標値,単位\n新規契約数,2025年度上期,10,40,件\n解約率,Q3,6,4,%\n商談数,月,10,20,件\n"

    @Test("a period column gives the span, and pace is measured against it") func periodColumn() throws {
        var s = RuleScenario()
        s.csvFiles["plan.csv"] = InferredPeriodTests.sheet
        s.asOf = "2025-11-30"
        let run = try s.analyze()
        let nodes = run.model.nodes.filter { $0.source.file.hasSuffix("plan.csv") }
        #expect(
            nodes.map { "\($0.start?.description ?? "-")…\($0.due?.description ?? "-")" }
                == ["2025-04-01…2025-09-30", "2025-10-01…2025-12-31", "2025-04-01…2026-03-31"])
        #expect(nodes.map { run.gaps[$0.id]!.status } == [.overdue, .offTrack, .offTrack])
        // (2025-11-30 − 2025-10-01) / (2025-12-31 − 2025-10-01) = 60 / 91 of Q3 has passed.
        #expect(abs(run.gaps[nodes[1].id]!.expected! - 60.0 / 91) < 1e-9)
        #expect(run.findings.filter { $0.rule == .missingDue && nodes.map(\.id).contains($0.nodeID ?? "") }.isEmpty)
    }
}
