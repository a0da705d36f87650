import GoalModel
import GoalSheetSupport
import TestSupport
import Testing

@testable import Analysis
@testable import Normalize

/// Small runs built node by node, one rule at a time.
struct RunBuilder {
    var nodes: [GoalNode] = []

    @discardableResult
    mutating func add(
        _ id: String, _ kind: GoalKind, _ title: String, level: GoalLevel = .department, dept: String = "営業部",
        metric: String? = nil, b: Double? = nil, c: Double? = nil, t: Double? = nil, d: GoalDirection? = nil,
        unit: GoalUnit? = nil, per: GoalPeriod? = nil, parent: String? = nil, parentRef: String? = nil,
        due: String? = "2026-03-31", formula: String? = nil
    ) -> GoalNode {
        var n = GoalNode(
            id: id,
            source: SourceLocation(
                file: level == .company ? "company.xlsx" : dept + ".xlsx", sheet: "s", row: nodes.count + 1),
            level: level, kind: kind, title: title)
        n.localID = id
        n.department = level == .company ? "" : dept
        n.metric = metric ?? (kind.isQualitative ? "" : title)
        n.baseline = b; n.current = c; n.target = t; n.direction = d; n.unit = unit; n.per = per
        n.parentID = parent
        n.parentRef = parentRef ?? parent ?? ""
        n.due = due.flatMap(CalendarDate.init(iso:))
        n.isJapanese = true
        if let formula { n.formula = try! FormulaParser.parse(formula) }
        nodes.append(n)
        return n
    }

    func analyze(jobs: Int = 1) -> AnalyzedRun {
        let model = GoalModelRun(nodes: nodes, warnings: [], failures: [], inputs: [], goalSheets: [:])
        return Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-09-30")!), jobs: jobs).analyze(model)
    }
}

/// A run large enough for the analyzer to share its per-goal work out, gives the same on any number of threads.
@Suite("Analysis on several threads")
struct ParallelAnalysisTests {
    /// 6,000 department goals over 40 departments under a small company tree: orphans with likely parents,
    /// activity metrics, direction conflicts and goals on track or behind.
    static func largeRun() -> RunBuilder {
        var r = RunBuilder()
        r.add("O1", .objective, "解約を減らし継続利用を伸ばす", level: .company)
        r.add("KR1", .kr, "解約率", level: .company, b: 8, c: 6, t: 3, d: .decrease, unit: .percent, parent: "O1")
        r.add("KGI", .kgi, "売上", level: .company, b: 1e8, c: 1.2e8, t: 2e8, d: .increase, unit: .jpy, parent: "O1")
        for i in 0..<6_000 {
            let dept = "第\(i % 40)営業部"
            switch i % 4 {
            case 0:
                r.add("D\(i)", .kpi, "解約率", dept: dept, b: 9, c: 7, t: 4, d: .increase, unit: .percent, parent: "KR1")
            case 1:
                r.add("D\(i)", .kpi, "新機能実装数", dept: dept, b: 0, c: Double(i % 20), t: 20, d: .increase, unit: .count)
            case 2:
                r.add(
                    "D\(i)", .kpi, "商談数 \(i)", dept: dept, b: 10, c: 30, t: 40, d: .increase, unit: .count,
                    parent: "KGI")
            default:
                r.add("D\(i)", .kpi, "継続率の改善 \(i % 7)", dept: dept, b: 80, c: 81, t: 95, d: .increase, unit: .percent)
            }
        }
        return r
    }

    @Test func theSameFindingsAndGapsOnOneThreadOrFour() {
        let r = ParallelAnalysisTests.largeRun()
        let one = r.analyze(jobs: 1), four = r.analyze(jobs: 4)
        #expect(one.findings == four.findings)
        #expect(one.gaps == four.gaps)
        #expect(one.departments.map(\.department) == four.departments.map(\.department))
        // The run holds what each shared-out rule finds.
        let rules = Set(one.findings.map(\.rule))
        #expect(rules.isSuperset(of: [.orphanGoal, .activityMetric, .directionConflict]))
        #expect(one.findings.filter { $0.rule == .orphanGoal }.count == 3_000)
    }

    /// Each goal's findings are indexed when first asked for, the same from any thread, and again after the
    /// findings change (a copy of the run keeps its own).
    @Test func findingIndexIsMadeWhenAskedAndFollowsTheFindings() {
        let run = ParallelAnalysisTests.largeRun().analyze(jobs: 2)
        let expected = Dictionary(grouping: run.findings.indices.filter { run.findings[$0].nodeID != nil }) {
            run.findings[$0].nodeID!
        }
        let ids = Array(expected.keys).sorted()
        #expect(ids.count > 1_000)
        let seen = ParallelWork.map(count: 8, jobs: 4) { k in run.findingIndex[ids[k * 100]] }
        #expect(seen == (0..<8).map { expected[ids[$0 * 100]] })
        #expect(run.findingIndex == expected)
        var fewer = run
        let orphan = fewer.findings.first { $0.rule == .orphanGoal }!
        fewer.findings.removeAll { $0.rule != .orphanGoal }
        #expect(fewer.findings(of: orphan.nodeID!) == [orphan])
        #expect(fewer.findingIndex.values.reduce(0) { $0 + $1.count } == fewer.findings.count)
        #expect(run.findingIndex == expected)
    }

    /// Kept words are the words made when read, on any number of threads; a run over the limit keeps none.
    @Test(arguments: [1, 3])
    func keptFindingTextsAreTheTextsMadeWhenRead(jobs: Int) {
        let run = ParallelAnalysisTests.largeRun().analyze()
        #expect(run.findings.count > ParallelWork.defaultChunk * 2)
        #expect(!run.findings.contains { $0.storesText })
        var kept = run
        kept.keepFindingTexts(jobs: jobs)
        #expect(kept.findings.allSatisfy { $0.storesText })
        #expect(kept.findings == run.findings)
        #expect(kept.findings.map(\.text.message) == run.findings.map(\.text.message))
        #expect(kept.findings.map(\.text.suggestion) == run.findings.map(\.text.suggestion))
        #expect(kept.findings.first { $0.rule == .orphanGoal }?.text.message == "どの全社目標（Objective・KGI・KR）にもつながっていません")
        var over = run
        over.keepFindingTexts(jobs: jobs, limit: run.findings.count - 1)
        #expect(!over.findings.contains { $0.storesText })
    }
}

extension AnalyzedRun {
    func rules(_ id: String) -> [String] { findings(of: id).map(\.rule.rawValue) }
}

@Suite("Alignment rules")
struct RuleTests {
    @Test func directionConflict() {
        var r = RunBuilder()
        r.add("KR2", .kr, "解約率", level: .company, b: 8, c: 7, t: 3, d: .decrease, unit: .percent)
        r.add("S1", .kpi, "解約率", b: 5, c: 6, t: 8, d: .increase, unit: .percent, parent: "KR2")
        r.add("S2", .kpi, "既存顧客の解約率", b: 8, c: 7, t: 5, d: .decrease, unit: .percent, parent: "KR2")
        let run = r.analyze()
        #expect(run.rules("S1").contains("direction-conflict"))
        #expect(run.findings(of: "S1").first { $0.rule == .directionConflict }?.severity == .error)
        #expect(!run.rules("S2").contains("direction-conflict"))
    }

    @Test func duplicateMetricWithoutSharedParent() {
        var r = RunBuilder()
        r.add("O1", .objective, "顧客の成功", level: .company)
        r.add("A", .kpi, "オンボーディング完了率", dept: "営業部", c: 80, t: 95, d: .increase, unit: .percent)
        r.add("B", .kpi, "オンボーディング完了率", dept: "CS部", c: 80, t: 90, d: .increase, unit: .percent)
        r.add("C", .kpi, "NPS", dept: "営業部", c: 10, t: 30, d: .increase, parent: "O1")
        r.add("D", .kpi, "NPS", dept: "CS部", c: 10, t: 30, d: .increase, parent: "O1")
        let run = r.analyze()
        #expect(run.rules("B").contains("duplicate-metric") && !run.rules("A").contains("duplicate-metric"))
        #expect(!run.rules("D").contains("duplicate-metric"))
    }

    @Test func allocationGap() throws {
        var r = RunBuilder()
        r.add("KGI", .kgi, "売上", level: .company, t: 300_000_000, d: .increase, unit: .jpy, per: .year)
        r.add("S", .kpi, "営業部売上", dept: "営業部", t: 15_000_000, d: .increase, unit: .jpy, per: .month, parent: "KGI")
        r.add("M", .kpi, "EC売上", dept: "EC部", t: 60_000_000, d: .increase, unit: .jpy, per: .year, parent: "KGI")
        let run = r.analyze()
        let f = try #require(run.findings(of: "KGI").first { $0.rule == .allocationGap })
        // 1,500万/月 × 12 + 6,000万 = 2.4億 < 3億.
        #expect(f.message.hasPrefix("部署目標の合計 2億4,000万円 が全社目標 3億円 に対して不足しています（差 -6,000万円。"))
    }

    @Test func allocationGapNamesFiveParts() throws {
        var r = RunBuilder()
        r.add("KGI", .kgi, "新規契約", level: .company, t: 1000, d: .increase, unit: .count)
        for i in 1...7 {
            r.add("D\(i)", .kpi, "新規契約", dept: "第\(i)営業部", t: Double(i * 10), d: .increase, unit: .count, parent: "KGI")
        }
        let f = try #require(r.analyze().findings(of: "KGI").first { $0.rule == .allocationGap })
        #expect(
            f.message
                == "部署目標の合計 280件 が全社目標 1,000件 に対して不足しています（差 -720件。内訳: 第1営業部 10件、第2営業部 20件、第3営業部 30件、第4営業部 40件、第5営業部 50件、ほか2件）"
        )
        // The finding's detail keeps every part.
        guard case .allocationGap(_, _, let parts) = f.detail else { Issue.record("detail \(f.detail)"); return }
        #expect(parts.map(\.department) == (1...7).map { "第\($0)営業部" })
    }

    @Test func allocationThatAddsUpIsQuiet() {
        var r = RunBuilder()
        r.add("KGI", .kgi, "新規契約", level: .company, t: 120, d: .increase, unit: .count)
        r.add("A", .kpi, "新規契約（東日本）", t: 70, d: .increase, unit: .count, parent: "KGI")
        r.add("B", .kpi, "新規契約（西日本）", dept: "西日本営業部", t: 50, d: .increase, unit: .count, parent: "KGI")
        #expect(!r.analyze().rules("KGI").contains("allocation-gap"))
    }

    @Test func smartRules() {
        var r = RunBuilder()
        r.add("O1", .objective, "売上を20%伸ばす", level: .company, due: "2026-03-31")
        r.add(
            "KR1", .kr, "顧客満足度", level: .company, b: 70, c: 65, t: 70, d: .increase, unit: .percent, parent: "O1",
            due: "2026-06-30")
        r.add("KR2", .kr, "新サービスをローンチする", level: .company, parent: "O1")
        r.add("KR3", .kr, "紹介数", level: .company, b: 10, c: 8, t: 20, d: .increase, parent: "O1")
        let run = r.analyze()
        #expect(run.rules("O1").contains("objective-has-metric"))
        #expect(
            run.rules("KR1").contains("target-equals-baseline") && run.rules("KR1").contains("period-exceeds-parent"))
        #expect(run.rules("KR2").contains("task-not-result") && !run.rules("KR2").contains("missing-target"))
        #expect(
            run.rules("KR3").contains("wrong-direction") && run.rules("KR3").contains("missing-unit")
                && run.rules("KR3").contains("off-track"))
    }

    @Test func tooManyKRsAndObjectives() {
        var r = RunBuilder()
        for o in 1...5 { r.add("O\(o)", .objective, "目的\(o)", level: .company) }
        for k in 1...6 {
            r.add("KR\(k)", .kr, "指標\(k)", level: .company, b: 0, c: 1, t: 2, d: .increase, unit: .count, parent: "O1")
        }
        let run = r.analyze()
        #expect(run.rules("O1").contains("too-many-krs"))
        #expect(run.rules("O5").contains("too-many-objectives"))
    }

    @Test func parentsAndTrees() {
        var r = RunBuilder()
        r.add("K", .kgi, "売上", level: .company, t: 100, d: .increase, formula: "A*B*Z")
        r.add("A", .kpi, "件数", level: .company, t: 10, d: .increase, parent: "K")
        r.add("B", .kpi, "単価", level: .company, t: 10, d: .increase, parent: "K")
        var run = r.nodes
        run[0].formulaUnresolved = ["Z"]
        var x = RunBuilder(nodes: run)
        x.add("S", .kpi, "何か", parentRef: "KR9")
        let analyzed = x.analyze()
        #expect(analyzed.rules("K").contains("tree-unresolved"))
        #expect(analyzed.rules("S").contains("unresolved-parent") && analyzed.rules("S").contains("orphan-goal"))
    }

    @Test func periodConversionInATreeWithoutConstants() {
        var r = RunBuilder()
        // 四半期売上 = 月間受注数 × 単価, with no "× 3" written: the monthly child is scaled to the quarter.
        r.add(
            "Q", .kgi, "四半期売上", level: .company, t: 3_000_000, d: .increase, unit: .jpy, per: .quarter, formula: "N*P")
        r.add("N", .kpi, "受注数", level: .company, t: 10, d: .increase, unit: .count, per: .month, parent: "Q")
        r.add("P", .kpi, "単価", level: .company, t: 100_000, d: .increase, unit: .jpy, parent: "Q")
        let run = r.analyze()
        #expect(!run.rules("Q").contains("tree-inconsistent"))
        let byID = Dictionary(uniqueKeysWithValues: r.nodes.map { ($0.id, $0) })
        #expect(TreeArithmetic.implied(r.nodes[0], by: byID, pick: { $0.target }) == 3_000_000)
    }
}

/// `RuleID` is the one list of rule names: each is kebab-case, and the README names each one (and no other).
@Suite("Rule names")
struct RuleIDTests {
    @Test func namesAreKebabCaseAndDistinct() {
        let names = RuleID.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.wholeMatch(of: /[a-z]+(-[a-z]+)*/) != nil })
    }

    @Test func theReadmeListsExactlyTheRules() throws {
        let readme = try String(contentsOfFile: Repository.samples + "/../README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "Then the whole run is checked"))
        let end = try #require(
            readme.range(of: "a test holds this paragraph to it", range: start.upperBound..<readme.endIndex))
        let paragraph = readme[start.upperBound..<end.lowerBound]
        let named = Set(paragraph.matches(of: /`([a-z]+(?:-[a-z]+)+)`/).map { String($0.output.1) })
        #expect(named == Set(RuleID.allCases.map(\.rawValue)))
    }
}

/// When two goals' metrics are the same one for the cross-department rules (`MetricKey`).
@Suite("Same metric")
struct MetricKeyTests {
    @Test(arguments: [
        ("解約率", "解約率", true), ("解約率", "既存顧客の解約率", true), ("既存顧客の解約率", "解約率", true),
        ("ＮＰＳ", "nps", true), ("顧客満足度", "顧客の満足度", true), ("売上", "粗利", false), ("率", "率", false),
        ("解約", "解約率", false), ("平均対応時間", "平均応答時間", false), ("churn rate", "Churn-Rate", true), ("", "", false),
    ])
    func same(_ a: String, _ b: String, _ expected: Bool) {
        #expect(MetricKey(a).isSame(as: MetricKey(b)) == expected)
        #expect(MetricKey(b).isSame(as: MetricKey(a)) == expected)
    }
}
