import Analysis
import Foundation
import GoalModel
import Normalize
import Report
import TestSupport
import Testing

let samplesDir = Repository.samples

@Suite("Analyzing the NexBridge samples")
struct SampleAnalysisTests {
    let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
        Normalizer().run(Repository.nexBridgeInputs))

    func node(where p: (GoalNode) -> Bool) -> GoalNode? { run.model.nodes.first(where: p) }
    func rules(_ n: GoalNode?) -> [String] { n.map { run.findings(of: $0.id).map(\.rule.rawValue) } ?? [] }

    /// Each workbook's findings are picked before sorting (annotating a thousand workbooks sorted the whole
    /// run's findings a thousand times): the same findings, in the same order, as picked from the sorted run.
    @Test func findingsOfOneInputInTheRunsOrder() {
        let all = AnalysisReport.sortedFindings(run)
        var total = 0
        for input in Repository.nexBridgeInputs {
            let mine = AnalysisReport.sortedFindings(run, of: input.path)
            #expect(mine == all.filter { $0.location?.file == input.path })
            total += mine.count
        }
        #expect(total > 10)
        #expect(total == all.filter { f in Repository.nexBridgeInputs.contains { $0.path == f.location?.file } }.count)
    }

    @Test func companyKeyResults() {
        #expect(isClose(run.gaps["KR1"]?.progress, 4.0 / 22))
        #expect(isClose(run.gaps["KR2"]?.progress, 0.16))
        #expect(isClose(run.gaps["KR3"]?.progress, 10.0 / 36))
        #expect(isClose(run.gaps["KR1"]?.attainment, 0.8))
        #expect(run.gaps["KR1"]?.score == 0.2 && run.gaps["KR3"]?.score == 0.3)
        // Current values are as of 6月末 (the header says so), a quarter into FY2025.
        #expect(isClose(run.gaps["KR1"]?.expected, 90.0 / 364))
        #expect(isClose(run.gaps["O1"]?.progress, (4.0 / 22 + 0.16 + 10.0 / 36) / 3))
    }

    /// The figures a planning office checks by hand, as of 2025-12-31 (the end of FY2025 Q3; 274 of 364 days
    /// of the fiscal year have passed, so a goal paced to the year's end is expected at 75.3%).
    @Test func theSamplesFiguresWorkedByHand() throws {
        // 営業部's 新規契約: 42 of 100 contracts, no baseline, no due date: a flow, progress from zero.
        let contracts = try #require(node { $0.title == "新規契約" })
        let g = try #require(run.gaps[contracts.id])
        #expect(
            contracts.nature?.nature == .flow && isClose(g.progress, 0.42) && isClose(g.attainment, 0.42)
                && g.score == 0.4)
        #expect(
            isClose(g.expected, 274.0 / 364) && g.status == .offTrack
                && g.inferredDue == CalendarDate(iso: "2026-03-31"))
        // T1 四半期売上 (a quarter's total, its quarter over): 1,885万円 of 3,000万円 is its own figure; its
        // children's mean is beside it. T3 受注率 keeps 15.75 / 20.
        let t1 = try #require(run.gaps["T1"]), t3 = try #require(run.gaps["T3"])
        #expect(
            isClose(t1.progress, 1885.0 / 3000) && isClose(t1.attainment, 1885.0 / 3000) && t1.score == 0.6
                && t1.status == .offTrack)
        // Its children's own figures (T3's 78.75%, not T3's children's mean).
        #expect(isClose(t1.rollUp?.attainment, (0.84 + 0.7875 + 0.95) / 3) && t1.rollUp?.of == ["T2", "T3", "T4"])
        #expect(t3.progress == nil && isClose(t3.attainment, 15.75 / 20) && t3.score == 0.8 && t3.status == .atRisk)
        #expect(isClose(t3.rollUp?.attainment, (0.9 + 0.875) / 2))
        // Levels without a baseline, judged by 達成率 against 1 at the quarter's end: 0.84 is at risk, 0.95 on track.
        #expect(
            run.gaps["T2"]?.status == .atRisk && run.gaps["T4"]?.status == .onTrack && run.gaps["T6"]?.status == .atRisk
        )
        // The company: the mean of the roots that have figures (O1's key results, T1; E1 has no currents).
        #expect(run.company.rollUp?.of == ["O1", "T1", "E1"])
        #expect(isClose(run.company.progress, ((4.0 / 22 + 0.16 + 10.0 / 36) / 3 + 1885.0 / 3000) / 2))
        #expect(run.company.status == .offTrack)
    }

    @Test func toDoGoalsAreActivityMetricsAndOrphans() throws {
        let contracts = try #require(node { $0.title == "新規契約" })
        let features = try #require(node { $0.title == "新機能20個実装" })
        let inquiries = try #require(node { $0.title == "月間問い合わせ対応500件" })
        for n in [contracts, features, inquiries] {
            #expect(rules(n).contains("activity-metric"), "\(n.title)")
            #expect(rules(n).contains("orphan-goal"), "\(n.title)")
            #expect(run.alignedTo[n.id] == nil)
            #expect(run.findings(of: n.id).first { $0.rule == .activityMetric }?.severity == .warning)
        }
        func suggestion(_ n: GoalNode) -> String { run.findings(of: n.id).first { $0.rule == .orphanGoal }!.suggestion }
        #expect(suggestion(inquiries).hasPrefix("おそらく KR3 平均対応時間"))
        #expect(suggestion(features).hasPrefix("おそらく D-O1 顧客が求める機能を最速で届ける"))
        #expect(suggestion(contracts).hasPrefix("おそらく E2 新規顧客獲得数"))
    }

    @Test func alignedGoalsTraceToTheRightKRs() throws {
        #expect(run.alignedTo["D-KR3"] == "KR2")
        #expect(run.alignedTo["D-KR4"] == "KR2")
        #expect(run.alignedTo["D-KR2"] == "KR1")
        #expect(run.alignedTo["D-KR5"] == "O1")  // through its objective D-O1
        let nps = try #require(node { $0.title.contains("NPS") })
        #expect(run.alignedTo[nps.id] == "KR1")
        let retention = try #require(node { $0.title.hasPrefix("契約後") })
        #expect(run.alignedTo[retention.id] == "KR2" && rules(retention).contains("fuzzy-parent"))
        let meetings = try #require(node { $0.title == "月間商談数" && $0.level == .department })
        #expect(run.alignedTo[meetings.id] == "T2")
        #expect(rules(meetings).contains("activity-metric"))
        #expect(run.findings(of: meetings.id).first { $0.rule == .activityMetric }?.severity == .info)
        let time = try #require(node { $0.title == "問い合わせ対応時間（平均）" })
        #expect(run.alignedTo[time.id] == "KR3" && !rules(time).contains("activity-metric"))
    }

    @Test func theSalesTreeIsConsistentAndTheECTreeIsNot() throws {
        #expect(!rules(node { $0.id == "T1" }).contains("tree-inconsistent"))
        #expect(!rules(node { $0.id == "T3" }).contains("tree-inconsistent"))
        let e1 = try #require(node { $0.id == "E1" })
        #expect(
            TreeArithmetic.implied(
                e1, by: Dictionary(uniqueKeysWithValues: run.model.nodes.map { ($0.id, $0) }), pick: { $0.target })
                == 1_200_000_000)
        let f = try #require(run.findings(of: "E1").first { $0.rule == .treeInconsistent })
        #expect(f.severity == .error)
        #expect(f.message == "目標 1億円 が算出式 E2*12*E3 の目標値から求まる 12億円 と合いません（差 +11億円、12倍）")
        #expect(f.location?.cellName == "D2" && f.location?.sheet == "ECツリー")
        #expect(f.suggestion == "目標と合わせるには、いずれか一つを: E2 新規顧客獲得数を 月16.67件、E3 平均購入単価を 4.17万円")
        #expect(rules(e1).contains("uncovered-objective"))
    }

    @Test func treeLeverSolvesBackwards() throws {
        let lever = try #require(run.findings(of: "T1").first { $0.rule == .treeLever })
        // Currents: 42 × 3 × 15.75% × 95万 = 18,852,750; at its target, 受注率 (T3, 20%) moves T1 most.
        #expect(lever.message == "現状値から求まる 1,885.28万円 は目標 3,000万円 に届きません（達成率 62.8%）")
        #expect(lever.suggestion.hasPrefix("最も効くのは T3 受注率"))
        #expect(lever.suggestion.contains("T3 が 25.06% 必要"))
    }

    @Test func smartAndStatusFindings() throws {
        #expect(rules(node { $0.id == "D-KR1" }).contains("task-not-result"))
        let downtime = try #require(run.findings(of: "D-KR3").first { $0.rule == .offTrack })
        #expect(downtime.message == "基準を満たしていません（現状 1.5時間、基準 月1時間以内）")
        #expect(rules(node { $0.id == "E1" }).contains("missing-current"))
        #expect(!rules(node { $0.id == "O1" }).contains("uncovered-objective"))
    }

    @Test func departmentsAndCoverage() throws {
        let cs = try #require(run.departments.first { $0.department == "CS部" })
        #expect(cs.goals == 6 && cs.aligned == 5 && cs.orphans == 1 && cs.activityMetrics == 1)
        #expect(run.coverage["CS部"]?["KR3"] == 3 && run.coverage["営業部"]?["KR2"] == 2 && run.coverage["開発部"]?["O1"] == 6)
        #expect(run.coverage["営業部"]?["E1"] == nil)
        let csv = AnalysisReport.alignmentCSV(run)
        #expect(
            csv.hasPrefix(
                "department,O1 顧客の成功を最大化する,KR1 顧客満足度,KR2 解約率（月次）,KR3 平均対応時間,T1 四半期売上,E1 年間売上\r\nCS部,5,2,0,3,0,0\r\n"))
    }

    @Test func summaryCSVColumns() throws {
        let csv = AnalysisReport.summaryCSV(run)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(
            lines[0] == GoalsTable.columns.joined(separator: ",")
                + ",progress,attainment,score,expected,status,aligned_to,findings")
        let kr2 = try #require(lines.first { $0.hasPrefix("KR2,") })
        #expect(kr2.hasSuffix(",0.16,0.4167,0.2,0.2473,on_track,KR2,"))
    }

    @Test func englishOnRequest() throws {
        let en = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!, language: .en)).analyze(
            Normalizer().run(Repository.nexBridgeInputs))
        let f = try #require(en.findings(of: "E1").first { $0.rule == .treeInconsistent })
        #expect(
            f.message
                == "target ¥100,000,000 does not match ¥1,200,000,000 implied by E2*12*E3 over the targets (gap +¥1,100,000,000, 12x)"
        )
    }
}
