import Analysis
import Foundation
import GoalModel
import Normalize
import Report
import SpreadsheetWriter
import TestSupport
import Testing

/// The path of a program on the PATH, if any.
func onPath(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

@discardableResult
func runProgram(_ path: String, _ args: [String], in dir: String) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = dir  // a private LibreOffice profile: parallel runs do not share a lock
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// LibreOffice, a real consumer of the files: each annotated sample converts to CSV and PDF without error and
/// shows the new columns and the summary sheet. Runs whenever `soffice` is on the PATH (.ci/run installs it).
@Suite("LibreOffice opens the annotated samples", .serialized, .enabled(if: onPath("soffice") != nil))
struct LibreOfficeTests {
    @Test func convertsEveryAnnotatedSample() throws {
        let soffice = try #require(onPath("soffice"))
        let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
            Normalizer().run(Repository.nexBridgeInputs))
        let dir = try Scratch.directory("libreoffice")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for input in Repository.nexBridgeInputs {
            let name = GoalInput.stem(of: input.path)
            let xlsx = "\(dir)/\(name).xlsx"
            try Annotator.annotate(input, run: run, output: xlsx)
            let (csvStatus, csvLog) = try runProgram(
                soffice,
                ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, xlsx],
                in: dir)
            #expect(csvStatus == 0, "\(name): \(csvLog)")
            let csv = try String(contentsOfFile: "\(dir)/\(name).csv", encoding: .utf8)
            #expect(csv.contains("進捗率") && csv.contains("ステータス") && csv.contains("指摘"), "\(name): \(csv.prefix(300))")
            #expect(["達成", "順調", "要注意", "遅れ", "データなし"].contains { csv.contains($0) }, "\(name)")
            let (pdfStatus, pdfLog) = try runProgram(
                soffice, ["--headless", "--convert-to", "pdf", "--outdir", dir, xlsx], in: dir)
            #expect(
                pdfStatus == 0 && FileManager.default.fileExists(atPath: "\(dir)/\(name).pdf"), "\(name): \(pdfLog)")
            if let pdftotext = onPath("pdftotext") {
                let (_, text) = try runProgram(pdftotext, ["\(dir)/\(name).pdf", "-"], in: dir)
                // The summary sheet is printed too.
                #expect(text.contains("全社ロールアップ"), "\(name)")
            }
        }
    }

    /// summary.xlsx prints each sheet one page wide: the four sheets of the samples' run take four pages, each
    /// headed with the run's title and its sheet, and each page holds its sheet's first and last column.
    @Test(.enabled(if: onPath("pdftotext") != nil && onPath("pdfinfo") != nil)) func summaryPrintsOnePageWidePerSheet()
        throws
    {
        let soffice = try #require(onPath("soffice")), pdftotext = try #require(onPath("pdftotext")),
            pdfinfo = try #require(onPath("pdfinfo"))
        let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
            Normalizer().run(Repository.nexBridgeInputs))
        let dir = try Scratch.directory("libreoffice-summary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try WorkbookWriter.write(Annotator.summaryWorkbook(run), to: dir + "/summary.xlsx")
        let (status, log) = try runProgram(
            soffice, ["--headless", "--convert-to", "pdf", "--outdir", dir, dir + "/summary.xlsx"], in: dir)
        #expect(status == 0, "\(log)")
        let (_, info) = try runProgram(pdfinfo, [dir + "/summary.pdf"], in: dir)
        #expect(info.contains("Pages:           4"), "\(info)")
        for (page, (sheet, first, last)) in [
            ("部署別", "全社", "データなし"), ("整合マップ", "部署", "E1 年間売上"), ("目標一覧", "ID", "指摘"), ("指摘一覧", "重要度", "ルールID"),
        ].enumerated() {
            let (_, text) = try runProgram(
                pdftotext, ["-f", "\(page + 1)", "-l", "\(page + 1)", dir + "/summary.pdf", "-"], in: dir)
            #expect(
                text.contains("GoalSheet 分析サマリー（基準日 2025-12-31） — \(sheet)") && text.contains(first)
                    && text.contains(last), "page \(page + 1): \(text.prefix(200))")
        }
    }
}
