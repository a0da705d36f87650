import Analysis
import Foundation
import GoalModel
import Normalize
import OutputFormats
import Report
import SpreadsheetML
import SpreadsheetWriter
import TestSupport
import Testing

@Suite("The planning office's summary.xlsx")
struct PlanningSummaryTests {
    static let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
        Normalizer().run(Repository.nexBridgeInputs))

    static func written(_ run: AnalyzedRun) throws -> String {
        let path = try Scratch.directory("summary") + "/summary.xlsx"
        try WorkbookWriter.write(Annotator.summaryWorkbook(run), to: path)
        return path
    }

    /// model.json's details are written by OutputFormats' own encoder: on every finding of the samples' run, the
    /// text JSONEncoder gives with sorted keys.
    @Test func findingDetailsAreWrittenAsJSONEncoderWritesThem() throws {
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let details = Self.run.findings.compactMap(\.detail)
        #expect(details.count > 50)
        for d in details {
            #expect(try SortedKeysJSONEncoder.encode(d) == String(decoding: try reference.encode(d), as: UTF8.self))
        }
    }

    @Test("a Japanese run is Japanese: sheet names, headers, statuses, kinds, units, severities, rule names")
    func japanese() throws {
        let path = try Self.written(Self.run)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try Workbook(path: path).sheets.map(\.name) == ["部署別", "整合マップ", "目標一覧", "指摘一覧"])
        let goals = try PackageReading.cells(path, sheet: "目標一覧")
        #expect(
            goals["A1"] == .text("ID") && goals["G1"] == .text("種別") && goals["N1"] == .text("進捗率")
                && goals["R1"] == .text("ステータス"))
        // O1 (a company objective): 目的, its roll-up as numbers, 順調.
        #expect(
            goals["A2"] == .text("O1") && goals["F2"] == .text("全社") && goals["G2"] == .text("目的")
                && goals["R2"] == .text("順調"))
        #expect(goals["N2"] == .number(0.206532) && goals["P2"] == .number(0.2))
        #expect(goals["I3"] == .text("%"))
        let findings = try PackageReading.cells(path, sheet: "指摘一覧")
        #expect(
            findings["A2"] == .text("エラー") && findings["B2"] == .text("KPIツリーの不整合")
                && findings["I2"] == .text("tree-inconsistent"))
        let english: Set<String> = [
            "on_track", "off_track", "at_risk", "no_data", "objective", "kr", "count", "percent", "error", "warning",
            "info",
        ]
        for sheet in ["部署別", "目標一覧", "指摘一覧"] {
            let texts = try PackageReading.cells(path, sheet: sheet).values.compactMap { v -> String? in
                if case .text(let t) = v { return t } else { return nil }
            }
            #expect(texts.allSatisfy { !english.contains($0) }, "\(sheet) holds a code")
        }
    }

    @Test("figures in % and 0.0, each autofilter with its _xlnm._FilterDatabase, printing one page wide")
    func formatsAndPrinting() throws {
        let path = try Self.written(Self.run)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let workbook = try PackageReading.partText(path, "xl/workbook.xml")
        for (i, (name, range)) in [
            ("部署別", "$A$4:$L$7"), ("整合マップ", "$A$1:$G$4"), ("目標一覧", "$A$1:$T$33"), ("指摘一覧", "$A$1:$I$56"),
        ].enumerated() {
            #expect(
                workbook.contains(
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">'\(name)'!\(range)</definedName>"
                ))
            #expect(
                workbook.contains(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">'\(name)'!$\(i == 0 ? 4 : 1):$\(i == 0 ? 4 : 1)</definedName>"
                ))
            let sheet = try PackageReading.partText(path, "xl/worksheets/sheet\(i + 1).xml")
            #expect(
                sheet.hasPrefix(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
                ))
            #expect(
                sheet.hasSuffix(
                    "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/><headerFooter><oddHeader>&amp;CGoalSheet 分析サマリー（基準日 2025-12-31） — \(name)</oddHeader><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter></worksheet>"
                ))
        }
        let styles = try PackageReading.partText(path, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"0.0%\"") && styles.contains("formatCode=\"0.0\""))
        #expect(styles.contains("<alignment vertical=\"top\" wrapText=\"1\"/>"))
    }

    @Test("columns fit their content: East Asian characters count double, long messages are capped and wrap")
    func widths() {
        #expect(
            CellDisplay.displayWidth("解約率（月次）") == 14 && CellDisplay.displayWidth("KR2 churn") == 9
                && CellDisplay.displayWidth("ＡＢ") == 4)
        let rows: [[CellWrite]] = [
            [CellWrite(column: 0, value: .text("ID")), CellWrite(column: 1, value: .text("メッセージ"))],
            [
                CellWrite(column: 0, value: .text("KR2")),
                CellWrite(column: 1, value: .text(String(repeating: "長い", count: 60))),
            ],
            [CellWrite(column: 2, value: .number(12.5))],
        ]
        #expect(
            ColumnWidth.fitting(rows, caps: [1: 60]) == [
                ColumnWidth(column: 0, width: 6), ColumnWidth(column: 1, width: 60), ColumnWidth(column: 2, width: 12),
            ])
    }

    @Test("an English run is English") func english() throws {
        let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!, language: .en)).analyze(
            Normalizer().run(Repository.nexBridgeInputs))
        let path = try Self.written(run)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(try Workbook(path: path).sheets.map(\.name) == ["Departments", "Alignment", "Goals", "Findings"])
        let goals = try PackageReading.cells(path, sheet: "Goals")
        #expect(goals["G2"] == .text("Objective") && goals["R2"] == .text("On track"))
    }
}
