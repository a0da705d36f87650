import ArgumentParser
import Foundation
import GoalSheetCLI
import Report
import Testing

@Suite("analyze and normalize commands")
struct CommandTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "goalsheet-cmd-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func exitCode(_ args: [String]) -> Int32 { cliExitCode(args) }

    @Test func writesTheFiveFilesAndExitsZero() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let code = exitCode(["analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--company", samplesDir + "/nexbridge_kpi_tree.xlsx",
                             samplesDir, "--as-of", "2025-12-31", "--out", out, "--csv-bom"])
        #expect(code == 0)
        for f in ["summary.csv", "findings.csv", "departments.csv", "alignment.csv", "model.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(f)")
        }
        let findings = try Data(contentsOf: URL(fileURLWithPath: out + "/findings.csv"))
        #expect(findings.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let text = String(decoding: findings.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("rule,severity,node_id,source,sheet,cell,message,suggestion\r\n"))
        #expect(text.contains("tree-inconsistent,error,E1,nexbridge_kpi_tree.xlsx,ECツリー,D2,"))
        // Inputs are never modified, and no temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(FileManager.default.fileExists(atPath: out + "/" + RunFolder.marker))
    }

    @Test func strictFailsOnErrorFindings() {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(exitCode(["analyze", "--company", samplesDir + "/nexbridge_kpi_tree.xlsx", "--as-of", "2025-12-31", "--out", out, "--strict"]) == 1)
        #expect(exitCode(["analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--as-of", "2025-12-31", "--out", out, "--strict"]) == 0)
    }

    @Test func unreadableInputExitsThreeAndTheOthersAreAnalyzed() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bad = out + "/broken.xlsx"
        try Data("PK\u{3}\u{4}truncated".utf8).write(to: URL(fileURLWithPath: bad))
        let code = exitCode(["analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", bad, samplesDir + "/sales_dept_goals_sjis.csv",
                             "--as-of", "2025-12-31", "--out", out + "/o"])
        #expect(code == 3)
        let summary = try String(contentsOfFile: out + "/o/summary.csv", encoding: .utf8)
        #expect(summary.contains("sales_dept_goals_sjis#2"))
        let model = try String(contentsOfFile: out + "/o/model.json", encoding: .utf8)
        #expect(model.contains("\"file\": \"\(bad)\""))
    }

    @Test func usageErrors() {
        #expect(exitCode(["analyze", samplesDir]) == ExitCode.validationFailure.rawValue)
        #expect(exitCode(["analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--as-of", "yesterday"]) == ExitCode.validationFailure.rawValue)
        #expect(exitCode(["normalize"]) == ExitCode.validationFailure.rawValue)
    }
}
