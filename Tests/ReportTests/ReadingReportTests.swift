import Foundation
import GoalModel
import Normalize
import Report
import TestSupport
import Testing

@Suite("What inspect prints and --config-out writes")
struct ReadingReportTests {
    /// `--config-out` writes a mapping that reads the sheet the same way when passed back with `--config`.
    @Test func configOutReproducesTheReading() throws {
        let path = Repository.layoutFixtures + "/multi_row_header_ja.xlsx"
        let reading = try Normalizer().readFile(GoalInput(path: path, isCompany: false))
        let yaml = ReadingReport.configYAML([reading])
        #expect(
            yaml.contains(
                "    header_row: 5\n    columns:\n      A: category  # 目標項目/大項目, 100%\n      B: title  # 目標項目/小項目, 97%\n"
            ))
        let file = NSTemporaryDirectory() + "goalsheet-configout-\(getpid()).yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fixed = try Normalizer(config: NormalizeConfig.load(path: file)).read(
            GoalInput(path: path, isCompany: false)
        ).0
        #expect(fixed.map(GoalsTable.fields) == reading.nodes.map(GoalsTable.fields))
    }

    @Test func inspectPrintsTheRecord() throws {
        let reading = try Normalizer().readFile(
            GoalInput(path: Repository.layoutFixtures + "/multi_row_header_ja.xlsx", isCompany: false))
        let text = ReadingReport.text(reading)
        #expect(
            text.contains(
                "  シート「人事部」: 目標の表\n    期間: 「人事部 2025年度 目標管理シート」→ 2026-03-31まで\n    領域 A4:G19（表）: 見出し行 4–5、確信度 97%\n"))
        #expect(text.contains("      D 「数値目標/目標値」 → target 100% (header 「目標値」; content 10 cells: 10 numbers (4 %))\n"))
        #expect(text.contains("      読まなかった行: 合計・小計の行 (13); 記入例 (10); 注記・記入方法 (17); 署名・承認欄 (19); 非表示の行 (16)\n"))
        #expect(
            text.contains(
                "      6行目 kpi 「新卒採用数」 分類 「採用」 基準 18 count 現状 14 count 目標 30 count increase 期限 2026-03-31 担当 佐藤"))
    }
}
