import Foundation
import GoalModel
import Report
import SpreadsheetML
import TestSupport
import Testing

@testable import Normalize

/// The layout fixtures (Fixtures/make_layouts.py) and what each must read as.
enum LayoutFixtures {
    static let directory = Repository.layoutFixtures

    struct Expected {
        var goals: [[String: Any]]
        var nonGoals: [[String: Any]]
    }

    static func expected() -> [String: Expected] {
        let data = FileManager.default.contents(atPath: directory + "/expected.json") ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: [String: [[String: Any]]]] ?? [:]
        return json.mapValues { Expected(goals: $0["goals"] ?? [], nonGoals: $0["non_goals"] ?? []) }
    }

    static var files: [String] { expected().keys.sorted() }
}

@Suite("Layout fixtures")
struct LayoutFixtureTests {
    @Test func everyLayoutHasFixtures() {
        #expect(LayoutFixtures.files.count == 15)
    }

    /// Every expected field of every goal, and no goal on a row that is not one.
    @Test(arguments: LayoutFixtures.files)
    func fixtureReadsAsExpected(_ file: String) throws {
        let expected = try #require(LayoutFixtures.expected()[file])
        let path = LayoutFixtures.directory + "/" + file
        let nodes = try Normalizer().read(GoalInput(path: path, isCompany: false)).0
        let fields = Dictionary(uniqueKeysWithValues: GoalsTable.columns.enumerated().map { ($0.element, $0.offset) })
        for goal in expected.goals {
            let sheet = goal["sheet"] as! String, row = goal["row"] as! Int, title = goal["title"] as! String
            let match = nodes.first { $0.source.sheet == sheet && $0.source.row + 1 == row && $0.title.contains(title) }
            guard let node = match else {
                Issue.record(
                    "\(file) \(sheet)!\(row): no goal 「\(title)」; read: \(nodes.map { "\($0.source.row + 1) \($0.title)" })"
                )
                continue
            }
            let csv = GoalsTable.fields(node)
            for (key, want) in goal where !["sheet", "row", "title", "extra"].contains(key) {
                let got = csv[try #require(fields[key], "no goals.csv column \(key)")]
                if let number = want as? Double {
                    #expect(
                        Double(got).map { abs($0 - number) < 1e-9 } == true,
                        "\(file) row \(row) \(key): want \(number), got '\(got)'")
                } else {
                    #expect(got == "\(want)", "\(file) row \(row) \(key): want \(want), got '\(got)'")
                }
            }
            if let extra = goal["extra"] as? String {
                #expect(node.extra.contains { $0.header == extra }, "\(file) row \(row): extra column \(extra) kept")
            }
        }
        for non in expected.nonGoals {
            let sheet = non["sheet"] as! String, row = non["row"] as! Int
            #expect(
                !nodes.contains { $0.source.sheet == sheet && $0.source.row + 1 == row },
                "\(file) \(sheet)!\(row) is not a goal")
        }
        #expect(nodes.count == expected.goals.count, "\(file): \(nodes.map { "\($0.source.row + 1) \($0.title)" })")
    }

    @Test func skippedRowsSayWhy() throws {
        let reading = try Normalizer().readFile(
            GoalInput(path: LayoutFixtures.directory + "/multi_row_header_ja.xlsx", isCompany: false))
        let table = try #require(reading.sheets.first?.tables.first)
        let reasons = Dictionary(table.skipped.map { ($0.row + 1, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(
            reasons[10] == .example && reasons[13] == .total && reasons[16] == .hidden && reasons[17] == .instruction)
        #expect(table.table.headerTop == 3 && table.table.headerRow == 4)
        #expect(table.table.headerNames[3] == "数値目標/目標値" && table.table.categoryColumns == [0])
        let struck = try Normalizer().readFile(
            GoalInput(path: LayoutFixtures.directory + "/multi_row_header_en.xlsx", isCompany: false))
        #expect(struck.sheets[0].tables[0].skipped.contains(SkippedRow(row: 7, reason: .struckThrough)))
    }

    @Test func aSheetWithoutGoalsSaysWhy() throws {
        let reading = try Normalizer().readFile(
            GoalInput(path: LayoutFixtures.directory + "/okr_en.xlsx", isCompany: false))
        let people = try #require(reading.sheets.first { $0.name == "People" })
        let tasks = try #require(reading.sheets.first { $0.name == "Tasks" })
        #expect(people.verdict == .noGoals && people.why == "the table at row 1 is a people list, not goals")
        #expect(tasks.verdict == .noGoals && tasks.why == "the table at row 1 is a task list (「Task name」), not goals")
    }

    @Test func periodColumnsUnpivotIntoPeriods() throws {
        let ja = try Normalizer().read(
            GoalInput(path: LayoutFixtures.directory + "/period_columns_ja.xlsx", isCompany: false)
        ).0
        let contracts = try #require(ja.first)
        #expect(contracts.periods.map(\.label) == ["Q1", "Q2", "Q3", "Q4", "通期"])
        #expect(
            contracts.periods.map(\.end)
                == ["2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31", "2026-03-31"].map { CalendarDate(iso: $0) })
        #expect(
            contracts.periods[1].target == 25 && contracts.periods[1].actual == 27 && contracts.periods[2].actual == nil
        )
        #expect(contracts.periods[4].isWholePeriod && contracts.periods[4].target == 100)
        #expect(contracts.currentFromPeriods && contracts.asOf == CalendarDate(iso: "2025-09-30"))
        #expect(contracts.valueNote == "target: the 通期 column; current: the latest period with an actual (Q2)")
        let en = try Normalizer().read(
            GoalInput(path: LayoutFixtures.directory + "/period_columns_en.xlsx", isCompany: false)
        ).0
        let revenue = try #require(en.first)
        #expect(revenue.periods.map(\.label) == ["Q1'25", "Q2'25", "Full Year"])
        #expect(
            revenue.periods[0].forecast == 480 && revenue.periods[1].forecast == 560 && revenue.periods[0].actual == 470
        )
        #expect(revenue.periods.map(\.end) == ["2025-03-31", "2025-06-30", "2025-12-31"].map { CalendarDate(iso: $0) })
        #expect(en[1].periods[0].actual == 3.1 && en[1].periods[0].target == 3)
    }

    @Test func aSummarySheetOfFormulasRepeatsTheGoalSheet() throws {
        let reading = try Normalizer().readFile(
            GoalInput(path: LayoutFixtures.directory + "/non_goals_en.xlsx", isCompany: false))
        let summary = try #require(reading.sheets.first { $0.name == "Summary" })
        #expect(summary.verdict == .repeatsAnotherSheet && summary.why == "its numbers are formulas over sheet Goals")
        let goals = try #require(reading.sheets.first { $0.name == "Goals" }?.tables.first)
        let reasons = Dictionary(goals.skipped.map { ($0.row + 1, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons == [2: .section, 5: .untitled, 7: .signature, 9: .placeholder])
        #expect(
            reading.sheets.first { $0.name == "Tasks" }?.why
                == "the table at row 1 is a task list (「taskName」), not goals")
    }

    /// Run-wide: the tree's formula over its children's ids, each child's parent, and ids that stay unique
    /// when two sheets of a file hold a goal on the same row.
    @Test func kpiTreesLinkAcrossTheRun() throws {
        let run = Normalizer().run([GoalInput(path: LayoutFixtures.directory + "/kpi_trees_ja.xlsx", isCompany: false)])
        let byTitle = Dictionary(run.nodes.map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byTitle["年間売上"]?.formula?.description == "kpi_trees_ja#3*kpi_trees_ja#6*kpi_trees_ja#7")
        #expect(byTitle["リード数"]?.parentID == "kpi_trees_ja#3" && byTitle["平均単価"]?.parentID == "kpi_trees_ja#2")
        #expect(byTitle["① 残業時間を月20時間以内に"]?.parentID == "2.1" && byTitle["① 残業時間を月20時間以内に"]?.parentMatch == .outline)
        #expect(
            byTitle["Revenue"]?.id == "kpi_trees_ja#Indent!2"
                && byTitle["New business"]?.parentID == "kpi_trees_ja#Indent!2")
        #expect(Set(run.nodes.map(\.id)).count == run.nodes.count)
    }

    @Test(arguments: [
        ("1.1", true, "", [1, 1]), ("KR1-1", true, "KR", [1, 1]), ("1. 売上目標", false, "", [1]),
        ("O2: Grow", false, "O", [2]),
        ("①", false, "", [1]), ("0001.2 売上", false, "", [1, 2]), ("ｋｒ３．１", true, "KR", [3, 1]),
    ])
    func outlineNumbers(_ text: String, _ isID: Bool, _ prefix: String, _ path: [Int]) {
        let n = OutlineNumber.parse(text, isIDCell: isID)
        #expect(n?.prefix == prefix && n?.path == path, "\(text)")
    }

    @Test(arguments: ["100社を獲得", "3.5%改善", "2025年度", "Q3 revenue", "ABCD1", "1.2.3.4.5", "KR1x", "売上1.1", ""])
    func notOutlineNumbers(_ text: String) { #expect(OutlineNumber.parse(text, isIDCell: false) == nil, "\(text)") }

    @Test func cellFormulasBecomeTreeFormulas() {
        #expect(CellFormulaTree.expandSums("SUM(D4:D6)*D7") == "(D4+D5+D6)*D7")
        #expect(CellFormulaTree.expandSums("(D4+D5)*SUM(D6,D8)") == "(D4+D5)*(D6+D8)")
        #expect(CellFormulaTree.expandSums("ROUND(D4,0)") == nil && CellFormulaTree.expandSums("SUM(D4:E5)") == nil)
    }

    @Test func bandsAndRelativeTargetsKeepWhatTheSheetWrote() throws {
        let nodes = try Normalizer().read(
            GoalInput(path: LayoutFixtures.directory + "/values_ja.xlsx", isCompany: false)
        ).0
        let byTitle = Dictionary(nodes.map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
        let margin = try #require(byTitle["粗利"])
        #expect(
            margin.target == 12_000_000 && margin.stretch == 15_000_000 && margin.targetMin == 12_000_000
                && margin.targetMax == 15_000_000)
        let variance = try #require(byTitle["予算差異"])
        #expect(
            variance.direction == .range && variance.targetMin == -5 && variance.targetMax == 5
                && variance.stretch == nil)
        #expect(byTitle["売上"]?.valueNote == "target 「前年比110%」 of the baseline 100000000")
        #expect(byTitle["返品件数"]?.target == 40 && byTitle["不良件数"]?.target == 0)
    }

    @Test func periodRowsKeepEveryPeriod() throws {
        let nodes = try Normalizer().read(
            GoalInput(path: LayoutFixtures.directory + "/period_rows_en.xlsx", isCompany: false)
        ).0
        let orders = try #require(nodes.first)
        #expect(
            orders.periods.count == 12 && orders.periods[0].label == "2025-01-01"
                && orders.periods[0].end == CalendarDate(iso: "2025-01-31"))
        #expect(orders.periods[0].prior == 90 && orders.periods[0].actual == 100 && orders.periods[0].target == 110)
        #expect(orders.valueNote.hasPrefix("baseline, current and target from the Total column"))
        #expect(orders.direction == nil)
    }
}
