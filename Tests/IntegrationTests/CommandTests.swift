import ArgumentParser
import Foundation
import GoalModel
import GoalSheetCLI
import Normalize
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
        let code = exitCode([
            "analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--company",
            samplesDir + "/nexbridge_kpi_tree.xlsx",
            samplesDir, "--as-of", "2025-12-31", "--out", out, "--csv-bom",
        ])
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
        #expect(
            exitCode([
                "analyze", "--company", samplesDir + "/nexbridge_kpi_tree.xlsx", "--as-of", "2025-12-31", "--out", out,
                "--strict",
            ]) == 1)
        #expect(
            exitCode([
                "analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--as-of", "2025-12-31", "--out",
                out, "--strict",
            ]) == 0)
    }

    @Test func unreadableInputExitsThreeAndTheOthersAreAnalyzed() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let bad = out + "/broken.xlsx"
        try Data("PK\u{3}\u{4}truncated".utf8).write(to: URL(fileURLWithPath: bad))
        let code = exitCode([
            "analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", bad,
            samplesDir + "/sales_dept_goals_sjis.csv",
            "--as-of", "2025-12-31", "--out", out + "/o",
        ])
        #expect(code == 3)
        let summary = try String(contentsOfFile: out + "/o/summary.csv", encoding: .utf8)
        #expect(summary.contains("sales_dept_goals_sjis#2"))
        let model = try String(contentsOfFile: out + "/o/model.json", encoding: .utf8)
        #expect(model.contains("\"file\": \"\(bad)\""))
    }

    @Test func usageErrors() {
        #expect(exitCode(["analyze", samplesDir]) == ExitCode.validationFailure.rawValue)
        #expect(
            exitCode(["analyze", "--company", samplesDir + "/nexbridge_company_okr.xlsx", "--as-of", "yesterday"])
                == ExitCode.validationFailure.rawValue)
        #expect(exitCode(["normalize"]) == ExitCode.validationFailure.rawValue)
    }

    /// The message a command line fails with before any work, or nil when it parses.
    func usageMessage(_ args: [String]) -> String? {
        do { _ = try GoalSheetCommand.parseAsRoot(args); return nil } catch {
            return GoalSheetCommand.message(for: error)
        }
    }

    @Test("a missing, folder or unreadable --company file is a usage error before any work") func companyFileChecked()
        throws
    {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        #expect(
            exitCode(["analyze", "--company", dir + "/nope.xlsx", samplesDir, "--out", out])
                == ExitCode.validationFailure.rawValue)
        #expect(
            usageMessage(["analyze", "--company", dir + "/nope.xlsx", samplesDir])
                == "--company \(dir)/nope.xlsx: no such file")
        #expect(
            usageMessage(["annotate", "--company", dir, samplesDir + "/cs_kpi_fy2025.xlsx"])
                == "--company \(dir): is a folder; give the company's sheet (XLSX, XLSM or CSV)")
        #expect(
            usageMessage(["normalize", "--company", dir + "/nope.csv", samplesDir])
                == "--company \(dir)/nope.csv: no such file")
        #expect(!FileManager.default.fileExists(atPath: out), "no work was done")
    }

    @Test("a header-only CSV says why it gave no goals") func headerOnlyCSV() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "ID,目標,目標値\n".write(toFile: dir + "/plan.csv", atomically: true, encoding: .utf8)
        let run = Normalizer().run([GoalInput(path: dir + "/plan.csv", isCompany: false)])
        #expect(run.nodes.isEmpty)
        #expect(
            run.warnings.map(\.message) == [
                "このファイルから目標を読み取れませんでした（シート「plan」: 見出し行が見つかりません。最も近い1行目は3項目中3項目が一致（見出しの下に行がありません））"
            ])
    }
}
