import Foundation
import GoalModel
import Normalize
import TestSupport
import Testing

/// The repository's `samples/` directory.
let samplesDirectory = Repository.samples

func sample(_ name: String) -> String { Repository.sample(name) }

@Suite("Normalizing the samples")
struct SampleNormalizeTests {
    let run = Normalizer().run(Repository.nexBridgeInputs)

    func node(_ id: String) -> GoalNode? { run.nodes.first { $0.id == id } }

    @Test func readsEveryInput() {
        #expect(run.failures.isEmpty)
        #expect(run.nodes.count == 32)
        #expect(run.nodes.filter { $0.level == .company }.count == 13)
    }

    @Test func companyOKR() throws {
        let o1 = try #require(node("O1"))
        #expect(o1.kind == .objective)
        #expect(o1.title == "顧客の成功を最大化する")
        #expect(o1.due == CalendarDate(year: 2026, month: 3, day: 31))
        let kr1 = try #require(node("KR1"))
        #expect(kr1.kind == .kr && kr1.unit == .percent && kr1.direction == .increase)
        #expect(kr1.baseline == 68 && kr1.current == 72 && kr1.target == 90)
        #expect(kr1.parentID == "O1" && kr1.parentMatch == .layout)
        // "現状(6月末)" with a due date of 2026-03-31: June of the fiscal year, 2025.
        #expect(kr1.asOf == CalendarDate(year: 2025, month: 6, day: 30))
        let kr2 = try #require(node("KR2"))
        #expect(kr2.metric == "解約率" && kr2.per == .month && kr2.direction == .decrease)
        #expect(kr2.baseline == 8 && kr2.current == 7.2 && kr2.target == 3)
        let kr3 = try #require(node("KR3"))
        #expect(
            kr3.unit == .hours && kr3.baseline == 48 && kr3.current == 38 && kr3.target == 12
                && kr3.direction == .decrease)
        #expect(kr3.source.sheet == "全社OKR" && kr3.source.row == 7)
    }

    @Test func kpiTree() throws {
        let t1 = try #require(node("T1"))
        #expect(t1.kind == .kgi && t1.unit == .jpy && t1.per == .quarter)
        #expect(t1.target == 30_000_000 && t1.current == 18_850_000)
        #expect(t1.formula?.description == "T2*3*T3*T4")
        #expect(
            t1.start == CalendarDate(year: 2025, month: 10, day: 1)
                && t1.due == CalendarDate(year: 2025, month: 12, day: 31))
        let t3 = try #require(node("T3"))
        #expect(
            t3.target == 20 && t3.unit == .percent && t3.formula?.references == ["T5", "T6"] && t3.parentID == "T1")
        let e2 = try #require(node("E2"))
        #expect(e2.target == 200 && e2.per == .month && e2.unit == .count && e2.parentID == "E1")
        #expect(node("E3")?.target == 500_000)
        #expect(node("E1")?.target == 100_000_000)
    }

    @Test func salesCSVInShiftJIS() throws {
        let sales = run.nodes.filter { $0.department == "営業部" }
        #expect(sales.count == 6)
        let contracts = try #require(sales.first { $0.title == "新規契約" })
        #expect(
            contracts.id == "sales_dept_goals_sjis#2" && contracts.target == 100 && contracts.current == 42
                && contracts.unit == .count)
        #expect(contracts.parentID == nil && contracts.parentRef.isEmpty && contracts.owner == "佐藤")
        let churn = try #require(sales.first { $0.parentRef == "KR2" })
        #expect(
            churn.baseline == 8 && churn.target == 5 && churn.current == 7 && churn.per == .month
                && churn.direction == .decrease)
        let nps = try #require(sales.first { $0.title.contains("NPS") })
        #expect(
            nps.parentID == "KR1" && nps.parentMatch == .title && nps.unit == .score && nps.target == 40
                && nps.current == 12)
        let retention = try #require(sales.first { $0.title.hasPrefix("契約後") })
        #expect(retention.parentID == "KR2" && retention.parentMatch == .fuzzy && retention.parentRef == "解約率の低下")
    }

    @Test func devOKRSentences() throws {
        let o = try #require(node("D-O1"))
        #expect(o.kind == .objective && o.parentID == "O1" && o.department == "開発部")
        let downtime = try #require(node("D-KR3"))
        #expect(
            downtime.kind == .kr && downtime.direction == .atMost && downtime.target == 1 && downtime.current == 1.5)
        #expect(
            downtime.unit == .hours && downtime.per == .month && downtime.groupID == "D-O1"
                && downtime.parentID == "KR2")
        let bugs = try #require(node("D-KR4"))
        #expect(
            bugs.baseline == 72 && bugs.target == 60 && bugs.current == 65 && bugs.parentID == "KR2"
                && bugs.parentMatch == .title)
        let coverage = try #require(node("D-KR5"))
        #expect(coverage.current == 41 && coverage.parentID == "D-O1" && coverage.parentMatch == .layout)
        let todo = try #require(node("D-T1"))
        #expect(
            todo.kind == .kpi && todo.metric == "新機能実装" && todo.target == 20 && todo.current == 12
                && todo.parentID == nil)
    }

    @Test func csEnglishHeadersMergedCellsFullWidth() throws {
        let cs = run.nodes.filter { $0.source.file.hasSuffix("cs_kpi_fy2025.xlsx") }
        #expect(cs.count == 6)
        #expect(cs.allSatisfy { $0.department == "CS部" })
        let inquiries = try #require(cs.first { $0.title == "月間問い合わせ対応500件" })
        #expect(
            inquiries.baseline == 420 && inquiries.target == 500 && inquiries.current == 460 && inquiries.per == .month)
        #expect(inquiries.due == CalendarDate(year: 2026, month: 3, day: 31))
        let time = try #require(cs.first { $0.source.row == 4 })
        #expect(time.due == CalendarDate(year: 2026, month: 3, day: 31) && time.parentID == "KR3")  // 令和8年3月31日
        let selfService = try #require(cs.first { $0.title == "自己解決率" })
        #expect(
            selfService.baseline == 35 && selfService.target == 60
                && selfService.start == CalendarDate(year: 2025, month: 4, day: 1))
        let escalations = try #require(cs.first { $0.title == "エスカレーション件数" })
        #expect(escalations.current == nil && escalations.per == .month && escalations.direction == .decrease)
        // The value still being counted is a warning naming the cell, not a silent blank.
        let w = try #require(run.warnings.first { $0.rule == .unreadableValue })
        #expect(w.location?.cellName == "F9" && w.location?.sheet == "CS KPI" && w.message.contains("集計中"))
        // The second table in the same sheet.
        let onboarding = try #require(cs.first { $0.source.row == 12 })
        #expect(
            onboarding.baseline == 20 && onboarding.target == 14 && onboarding.current == 17 && onboarding.unit == .days
        )
    }

    @Test func unreadableInputIsListedAndTheOthersRead() throws {
        let bad = NSTemporaryDirectory() + "goalsheet-bad-\(getpid()).xlsx"
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: bad))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let r = Normalizer().run([
            GoalInput(path: bad, isCompany: false),
            GoalInput(path: sample("sales_dept_goals_sjis.csv"), isCompany: false),
        ])
        #expect(r.failures.count == 1 && r.failures[0].file == bad && r.failures[0].message.contains(bad))
        #expect(r.nodes.count == 6)
    }
}
