import Foundation
import GoalModel
import GoalSheetSupport
import SpreadsheetML
import TestSupport
import Testing

@testable import Normalize

/// A large table's rows read ahead on several threads give exactly what reading them one by one gives: the same
/// nodes, warnings and skipped rows, in the same order.
@Suite("Rows read ahead")
struct RowPrefetchTests {
    /// A 1,000-row plain table with what makes a reading depend on the rows around it: sections naming a
    /// department, untitled rows with values (a warning each), remarks, two goals in one cell, unreadable dates.
    static func plainSheet(rows: Int) -> [[String]] {
        var out: [[String]] = [["営業部 2025年度 目標管理表"], [], ["No.", "目標", "基準値", "目標値", "現状", "期限"]]
        for i in 1...rows {
            switch i {
            case _ where i % 53 == 0: out.append(["■ 第\(i)営業部"])
            case _ where i % 97 == 0: out.append(["", "", "10", "20", "15", "2026/3/31"])
            case _ where i % 89 == 0: out.append(["", "※ 数値は速報値"])
            case _ where i % 41 == 0: out.append(["G\(i)", "解約率を\(i % 9 + 2)%に削減、NPSを\(i % 50)に向上", "", "", "", ""])
            case _ where i % 37 == 0: out.append(["G\(i)", "新規契約\(i)社", "10件", "\(i)件", "30件", "来年度のどこか"])
            default: out.append(["G\(i)", "顧客満足度を\(i % 40)%から\(i % 40 + 30)%に向上", "0.4", "0.9", "0.6", "2026/3/31"])
            }
        }
        return out
    }

    /// The same size in an Objective / Key Result layout: objectives merged down over their key results.
    static func okrSheet(rows: Int) -> [[String]] {
        var out: [[String]] = [["Objective", "Key Result", "開始値", "目標値", "現状"]]
        for i in 1...rows {
            let objective = i % 5 == 1 ? "市場で選ばれる製品にする \(i / 5)" : "=up"
            out.append([objective, i % 13 == 0 ? "" : "KR\(i): 解約率を月\(i % 7 + 3)%から月1%に", "5", "1", "3"])
        }
        return out
    }

    struct Reading: Equatable {
        var nodes: [GoalNode]
        var warnings: [Finding]
        var skipped: [SkippedRow]
    }

    /// The sheet read with its rows shared out over `jobs` threads, 64 rows at a time.
    static func read(_ rows: [[String]], jobs: Int) throws -> (Reading, readAhead: Bool) {
        let g = grid(rows)
        var normalizer = Normalizer()
        normalizer.parallelism = RowParallelism(jobs: jobs, chunk: 64)
        let input = GoalInput(path: "営業部.xlsx", isCompany: false)
        var reader = SheetReader(input: input, sheet: "目標", grid: g, normalizer: normalizer, override: nil)
        let table = try #require(HeaderDetector.search(in: g, matcher: normalizer.matcher).tables.first)
        let readAhead =
            reader.readAhead(
                table, classifier: RowClassifier(grid: g, table: table, words: .standard),
                staircase: StaircaseLevels(grid: g, table: table), isJapanese: true) != nil
        reader.read(table)
        return (Reading(nodes: reader.nodes, warnings: reader.warnings, skipped: reader.skipped), readAhead)
    }

    @Test(arguments: ["plain", "okr"])
    func readAheadGivesTheRowByRowReading(layout: String) throws {
        let rows = layout == "plain" ? RowPrefetchTests.plainSheet(rows: 1_000) : RowPrefetchTests.okrSheet(rows: 1_000)
        let (one, aheadOne) = try RowPrefetchTests.read(rows, jobs: 1)
        let (two, aheadTwo) = try RowPrefetchTests.read(rows, jobs: 2)
        #expect(!aheadOne && aheadTwo)
        #expect(one.nodes.count > 800)
        #expect(one == two)
        if layout == "plain" {
            // What depends on the rows around it came out: sections' departments, untitled rows' warnings.
            #expect(one.nodes.contains { $0.department == "第53営業部" })
            #expect(one.warnings.filter { $0.rule == .untitledRow }.count == 1_000 / 97)
            #expect(one.skipped.contains { $0.reason == .section })
        } else {
            #expect(one.nodes.filter { $0.kind == .objective }.count == 200)
        }
    }

    @Test func aTableOfFewerThanTwoChunksIsReadRowByRow() throws {
        let (_, ahead) = try RowPrefetchTests.read(RowPrefetchTests.plainSheet(rows: 100), jobs: 2)
        #expect(!ahead)
    }

    @Test func aFileWithMostOfTheBytesIsReadAloneWithEveryJob() throws {
        let dir = try Scratch.directory("schedule")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func file(_ name: String, bytes: Int) -> String {
            let path = dir + "/" + name
            #expect(FileManager.default.createFile(atPath: path, contents: Data(count: bytes)))
            return path
        }
        let paths = [file("company.xlsx", bytes: 300), file("big.xlsx", bytes: 1_000), file("small.csv", bytes: 200)]
        #expect(FileSchedule(paths, jobs: 2).dominant == 1)
        #expect(FileSchedule(paths, jobs: 1).dominant == nil)
        #expect(FileSchedule(Array(paths.prefix(1)) + [file("twin.xlsx", bytes: 300)], jobs: 2).dominant == nil)
        let calls = FileSchedule(paths, jobs: 2).map { i, rowJobs in "\(i):\(rowJobs)" }
        #expect(calls == ["0:1", "1:2", "2:1"])
    }
}
