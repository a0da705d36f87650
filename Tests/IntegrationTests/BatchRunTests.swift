import Foundation
import GoalSheetCLI
import GoalSheetSupport
import Report
import TestSupport
import Testing

/// `goalsheet init` and `goalsheet run` end to end, and a batch's independence from its job count.
@Suite("init and run")
struct BatchRunTests {
    /// The samples in a folder as a planning office keeps them: the company's sheets at the top, one department
    /// in a subfolder, and a corrupt workbook beside it.
    func officeFolder() throws -> String {
        let dir = try Scratch.directory("office")
        let fm = FileManager.default
        for name in [
            "nexbridge_company_okr.xlsx", "nexbridge_kpi_tree.xlsx", "cs_kpi_fy2025.xlsx", "dev_okr_2025h2.xlsx",
        ] {
            try fm.copyItem(atPath: Repository.sample(name), toPath: dir + "/" + name)
        }
        try fm.createDirectory(atPath: dir + "/営業部", withIntermediateDirectories: false)
        try fm.copyItem(
            atPath: Repository.sample("sales_dept_goals_sjis.csv"), toPath: dir + "/営業部/sales_dept_goals_sjis.csv")
        try Data("PK\u{3}\u{4} not really a workbook".utf8).write(to: URL(fileURLWithPath: dir + "/営業部/壊れた.xlsx"))
        return dir
    }

    func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    @Test func initWritesARunFileAndNeverReplacesOne() throws {
        let dir = try officeFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cliExitCode(["init", dir]) == 0)
        let text = try String(contentsOfFile: dir + "/goalsheet.yml", encoding: .utf8)
        // The file named company is the company's; the folder's own files and the subfolder are departments.
        #expect(text.contains("company:\n  - nexbridge_company_okr.xlsx\n\n"))
        #expect(text.contains("departments:\n  - \".\"\n  - 営業部/\n\n"))
        #expect(text.contains("out: goalsheet-out"))
        // A second init leaves the edited file as it is.
        try (text + "# edited\n").write(toFile: dir + "/goalsheet.yml", atomically: true, encoding: .utf8)
        #expect(cliExitCode(["init", dir]) == 1)
        #expect(try String(contentsOfFile: dir + "/goalsheet.yml", encoding: .utf8) == text + "# edited\n")
    }

    @Test func initTakesAFolderNamedCompanyForTheCompanysSheets() throws {
        let dir = try Scratch.directory("office-folders")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        for (folder, name) in [
            ("全社", "nexbridge_company_okr.xlsx"), ("全社", "nexbridge_kpi_tree.xlsx"), ("CS部", "cs_kpi_fy2025.xlsx"),
            ("開発部", "dev_okr_2025h2.xlsx"),
        ] {
            try fm.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
            try fm.copyItem(atPath: Repository.sample(name), toPath: dir + "/" + folder + "/" + name)
        }
        // An earlier run's folder is no department.
        try fm.createDirectory(atPath: dir + "/goalsheet-out/annotated", withIntermediateDirectories: true)
        #expect(fm.createFile(atPath: dir + "/goalsheet-out/" + RunFolder.marker, contents: Data()))
        #expect(fm.createFile(atPath: dir + "/goalsheet-out/annotated/x.xlsx", contents: Data()))
        #expect(cliExitCode(["init", dir]) == 0)
        let text = try String(contentsOfFile: dir + "/goalsheet.yml", encoding: .utf8)
        #expect(text.contains("company:\n  - 全社/nexbridge_company_okr.xlsx\n  - 全社/nexbridge_kpi_tree.xlsx\n\n"))
        #expect(text.contains("departments:\n  - CS部/\n  - 開発部/\n\n"))
        // As written, it runs: 4 + 9 company goals, 6 + 7 department goals.
        #expect(cliExitCode(["run", dir + "/goalsheet.yml", "--as-of", "2025-12-31", "--quiet"]) == 0)
        let inputs = try json(dir + "/goalsheet-out/manifest.json")["inputs"] as! [[String: Any]]
        #expect(inputs.map { $0["goals"] as! Int } == [4, 9, 6, 7])
    }

    @Test func runWritesEveryOutputAndAManifestWhileACorruptFileFails() throws {
        let dir = try officeFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(cliExitCode(["init", dir]) == 0)
        let runFile = dir + "/goalsheet.yml"
        let text = try String(contentsOfFile: runFile, encoding: .utf8)
            .replacingOccurrences(of: "company:\n", with: "company:\n  - nexbridge_kpi_tree.xlsx\n")
        try text.write(toFile: runFile, atomically: true, encoding: .utf8)
        // Exit status 3: one input could not be read; every other output is complete.
        #expect(cliExitCode(["run", runFile, "--as-of", "2025-12-31", "--quiet", "--jobs", "2"]) == 3)
        let out = dir + "/goalsheet-out"
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(
            names == [
                ".goalsheet-run", "alignment.csv", "annotated", "departments.csv", "findings.csv", "manifest.json",
                "model.json", "summary.csv", "summary.xlsx",
            ])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out + "/annotated").sorted() == [
                "cs_kpi_fy2025.annotated.xlsx", "dev_okr_2025h2.annotated.xlsx", "nexbridge_company_okr.annotated.xlsx",
                "nexbridge_kpi_tree.annotated.xlsx", "sales_dept_goals_sjis.annotated.xlsx",
            ])
        let manifest = try json(out + "/manifest.json")
        #expect(manifest["goalsheet"] as? String == "0.9.0")
        #expect(manifest["status"] as? String == "complete, some inputs failed")
        let settings = manifest["settings"] as! [String: Any]
        #expect(settings["as_of"] as? String == "2025-12-31")
        #expect(
            settings["company"] as? [String] == [dir + "/nexbridge_kpi_tree.xlsx", dir + "/nexbridge_company_okr.xlsx"])
        #expect(settings["departments"] as? [String] == [dir, dir + "/営業部/"])
        let inputs = manifest["inputs"] as! [[String: Any]]
        #expect(
            inputs.map { ($0["path"] as! String).replacingOccurrences(of: dir + "/", with: "") } == [
                "nexbridge_kpi_tree.xlsx", "nexbridge_company_okr.xlsx", "cs_kpi_fy2025.xlsx", "dev_okr_2025h2.xlsx",
                "営業部/sales_dept_goals_sjis.csv", "営業部/壊れた.xlsx",
            ])
        #expect(inputs.map { $0["goals"] as! Int } == [9, 4, 6, 7, 6, 0])
        #expect(
            inputs.map { $0["role"] as! String } == ["company", "company"] + Array(repeating: "department", count: 4))
        // The committed sample's bytes, by a digest computed elsewhere (sha256sum).
        #expect(inputs[1]["sha256"] as? String == "15d2196f769ab15607f84121c1eab1b1d1146aef1b9ef3da400c1b3466678f23")
        #expect(inputs[1]["size"] as? Int == 5392)
        #expect(inputs[1]["sheets"] as? [String] == ["全社OKR"])
        let failure = try #require(inputs[5]["failure"] as? [String: Any])
        #expect(failure["kind"] as? String == "not-a-zip")
        #expect((failure["message"] as? String)?.hasPrefix(dir + "/営業部/壊れた.xlsx: ") == true)
        #expect(inputs[0..<5].allSatisfy { $0["failure"] is NSNull })
        // Every output listed, with its real size and digest.
        let outputs = manifest["outputs"] as! [[String: Any]]
        #expect(outputs.count == 11)
        for o in outputs {
            let path = out + "/" + (o["path"] as! String)
            let digest = try #require(FileDigest(path: path))
            #expect(o["size"] as? Int == Int(digest.size))
            #expect(o["sha256"] as? String == digest.sha256)
        }
    }

    /// Every file of a run folder, by its path inside it.
    func contents(of dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: dir)!.allObjects as! [String] {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), !isDir.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            }
        }
        return files
    }

    @Test func oneJobAndFourJobsWriteTheSameBytes() throws {
        let dir = try officeFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // More department files than jobs, of different sizes, so that they finish out of order.
        for i in 1...6 {
            for name in ["cs_kpi_fy2025.xlsx", "dev_okr_2025h2.xlsx"] {
                try FileManager.default.copyItem(atPath: dir + "/" + name, toPath: dir + "/営業部/\(i)_" + name)
            }
        }
        // A second department file of the same name, from another folder, gets its own annotated workbook.
        try FileManager.default.copyItem(atPath: dir + "/cs_kpi_fy2025.xlsx", toPath: dir + "/営業部/cs_kpi_fy2025.xlsx")
        func run(jobs: Int) throws -> [String: Data] {
            let code = cliExitCode([
                "analyze", "--company", dir + "/nexbridge_company_okr.xlsx", "--company",
                dir + "/nexbridge_kpi_tree.xlsx",
                dir, dir + "/営業部", "--as-of", "2025-12-31", "--out", dir + "/out", "--previous", "remove", "--quiet",
                "--format", "json", "--jobs", "\(jobs)",
            ])
            #expect(code == 3)
            return try contents(of: dir + "/out")
        }
        let one = try run(jobs: 1)
        let four = try run(jobs: 4)
        // The marker, 4 CSV files, model.json, manifest.json, summary.xlsx and 18 annotated workbooks.
        #expect(one.count == 26)
        #expect(one["annotated/cs_kpi_fy2025.annotated.xlsx"] != nil)
        #expect(one["annotated/cs_kpi_fy2025.2.annotated.xlsx"] != nil)
        #expect(one.keys.sorted() == four.keys.sorted())
        for (name, bytes) in one { #expect(four[name] == bytes, "\(name)") }
    }
}

@Suite("run files")
struct RunFileTests {
    func write(_ text: String) throws -> String {
        let dir = try Scratch.directory("runfile")
        try text.write(toFile: dir + "/goalsheet.yml", atomically: true, encoding: .utf8)
        return dir + "/goalsheet.yml"
    }

    func usageError(_ args: [String]) -> String? {
        do {
            var command = try GoalSheetCommand.parseAsRoot(args)
            try command.run()
            return nil
        } catch {
            return GoalSheetCommand.exitCode(for: error) == .validationFailure
                ? GoalSheetCommand.message(for: error) : "exit \(GoalSheetCommand.exitCode(for: error).rawValue)"
        }
    }

    @Test func aMisspeltKeyIsAnErrorNamingItsLine() throws {
        let file = try write("company: a.xlsx\nfiscal_year_start: 4\nas-of: 2025-12-31\n")
        #expect(usageError(["run", file])?.hasPrefix("\(file): line 3: unknown key 'as-of' (known: company,") == true)
        #expect(usageError(["run", file])?.hasSuffix("; did you mean 'as_of'?") == true)
        // Below the top too: a per-file mapping's misspelt key would otherwise leave the sheet read unmapped.
        let nested = try write("company: a.xlsx\nsheets:\n  - file: a.xlsx\n    colums: {B: title}\n")
        #expect(
            usageError(["run", nested])
                == "\(nested): line 4: unknown key 'colums' in sheets[0] (known: file, sheet, columns, department, "
                + "level, skip, header_row); did you mean 'columns'?")
    }

    /// A run file given where a config goes (`--config goalsheet.yml`) is refused with the command that runs it.
    @Test func aRunFileGivenAsAConfigSaysHowToRunIt() throws {
        let file = try write("fiscal_year_start: 4\ncompany: a.xlsx\n")
        #expect(
            usageError(["normalize", "--config", file, Repository.sample("nexbridge_company_okr.xlsx")])
                == "\(file): line 2: unknown key 'company'; it is a run file's setting: run the file with "
                + "`goalsheet run \(file)`")
        // A key of neither kind is still a misspelling.
        let misspelt = try write("fiscal_year_strt: 4\n")
        #expect(
            usageError(["normalize", "--config", misspelt, Repository.sample("nexbridge_company_okr.xlsx")])?
                .hasSuffix("did you mean 'fiscal_year_start'?") == true)
    }

    @Test func aBadValueNamesItsKey() throws {
        let file = try write("company: a.xlsx\noutputs: [csv, pdf]\n")
        #expect(usageError(["run", file]) == "\(file): outputs: 'pdf' is not known")
        let noCompany = try write("departments: [.]\n")
        #expect(
            usageError(["run", noCompany]) == "\(noCompany): company: give the company's sheet (OKR or KGI/KPI tree)")
        let badDate = try write("company: \(Repository.sample("nexbridge_company_okr.xlsx"))\nas_of: next week\n")
        #expect(usageError(["run", badDate]) == "\(badDate): as_of: 'next week' is not a date (YYYY-MM-DD)")
    }

    @Test func aMissingCompanySheetIsAUsageError() throws {
        let file = try write("company: 全社.xlsx\n")
        let folder = (file as NSString).deletingLastPathComponent
        #expect(usageError(["run", file]) == "--company \(folder)/全社.xlsx: no such file")
    }
}
