import Foundation
import GoalModel
@testable import Normalize
import Report
import SpreadsheetML
import Testing

/// The layout fixtures (Fixtures/make_layouts.py) and what each must read as.
enum LayoutFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/layouts").path

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
        #expect(LayoutFixtures.files.count == 10)
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
                Issue.record("\(file) \(sheet)!\(row): no goal 「\(title)」; read: \(nodes.map { "\($0.source.row + 1) \($0.title)" })")
                continue
            }
            let csv = GoalsTable.fields(node)
            for (key, want) in goal where !["sheet", "row", "title", "extra"].contains(key) {
                let got = csv[try #require(fields[key], "no goals.csv column \(key)")]
                if let number = want as? Double {
                    #expect(Double(got).map { abs($0 - number) < 1e-9 } == true, "\(file) row \(row) \(key): want \(number), got '\(got)'")
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
            #expect(!nodes.contains { $0.source.sheet == sheet && $0.source.row + 1 == row }, "\(file) \(sheet)!\(row) is not a goal")
        }
        #expect(nodes.count == expected.goals.count, "\(file): \(nodes.map { "\($0.source.row + 1) \($0.title)" })")
    }

    @Test func skippedRowsSayWhy() throws {
        let reading = try Normalizer().readFile(GoalInput(path: LayoutFixtures.directory + "/multi_row_header_ja.xlsx", isCompany: false))
        let table = try #require(reading.sheets.first?.tables.first)
        let reasons = Dictionary(table.skipped.map { ($0.row + 1, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons[10] == .example && reasons[13] == .total && reasons[16] == .hidden && reasons[17] == .instruction)
        #expect(table.table.headerTop == 3 && table.table.headerRow == 4)
        #expect(table.table.headerNames[3] == "数値目標/目標値" && table.table.categoryColumns == [0])
        let struck = try Normalizer().readFile(GoalInput(path: LayoutFixtures.directory + "/multi_row_header_en.xlsx", isCompany: false))
        #expect(struck.sheets[0].tables[0].skipped.contains(SkippedRow(row: 7, reason: .struckThrough)))
    }

    @Test func aSheetWithoutGoalsSaysWhy() throws {
        let reading = try Normalizer().readFile(GoalInput(path: LayoutFixtures.directory + "/okr_en.xlsx", isCompany: false))
        let people = try #require(reading.sheets.first { $0.name == "People" })
        let tasks = try #require(reading.sheets.first { $0.name == "Tasks" })
        #expect(people.verdict == .noGoals && people.why == "the table at row 1 is a people list, not goals")
        #expect(tasks.verdict == .noGoals && tasks.why == "the table at row 1 is a task list (「Task name」), not goals")
    }

    @Test func periodRowsKeepEveryPeriod() throws {
        let nodes = try Normalizer().read(GoalInput(path: LayoutFixtures.directory + "/period_rows_en.xlsx", isCompany: false)).0
        let orders = try #require(nodes.first)
        #expect(orders.periods.count == 12 && orders.periods[0].label == "2025-01-01" && orders.periods[0].end == CalendarDate(iso: "2025-01-31"))
        #expect(orders.periods[0].prior == 90 && orders.periods[0].actual == 100 && orders.periods[0].target == 110)
        #expect(orders.valueNote.hasPrefix("baseline, current and target from the Total column"))
        #expect(orders.direction == nil)
    }
}
