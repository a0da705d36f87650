import ArgumentParser
import Foundation
import GoalModel
import GoalSheetSupport
import Normalize
import Report

/// `goalsheet run`: the run a run file describes, as `analyze` would run it with the same settings as flags.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the batch a run file (goalsheet.yml, see `goalsheet init`) describes.",
        discussion:
            "The same run as `goalsheet analyze` with the file's settings as flags; paths in the file are relative to it. Outputs, manifest.json included, go to its `out` folder as one unit. Exit status: 0 done, 1 with strict: true when there are error findings, 2 for a bad run file or usage, 3 when some input could not be read (the others are still analyzed)."
    )

    @Argument(help: "The run file (default: goalsheet.yml in the current folder).")
    var runFile: String = RunFile.fileName

    @Option(help: "The date to measure pace at, instead of the file's as_of (YYYY-MM-DD).")
    var asOf: String?

    @Option(help: "The output folder, instead of the file's out.")
    var out: String?

    @OptionGroup var execution: ExecutionOptions

    public init() {}

    public func validate() throws {
        if let asOf, AnalyzeCommand.parseDate(asOf) == nil {
            throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)")
        }
    }

    /// The file's settings with this command's flags over them.
    func settings() throws -> BatchSettings {
        var s: BatchSettings
        do { s = try RunFile.load(path: runFile) } catch { throw ValidationError("\(error)") }
        if let asOf { s.asOf = asOf }
        if let given = s.asOf, AnalyzeCommand.parseDate(given) == nil {
            throw ValidationError("\(runFile): as_of: '\(given)' is not a date (YYYY-MM-DD)")
        }
        if let out { s.out = out }
        if let jobs = execution.jobs { s.jobs = jobs }
        s.progress = execution.quiet ? .none : .automatic
        s.verbose = execution.verbose
        try InputOptions.checkCompanyFiles(s.company)
        return s
    }

    public func run() throws { try BatchRun(settings: try settings()).execute() }
}

/// `goalsheet init`: a commented run file beside the sheets, with the files it found filled in.
public struct InitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented run file (goalsheet.yml) for the goal sheets in a folder.",
        discussion:
            "Files whose names say company (全社, 会社, 経営, company, corporate, KGI), or in a folder whose name does (全社/), are listed as the company's sheets; the folder's other files and each other subfolder as departments. Check both before `goalsheet run`. An existing goalsheet.yml is never replaced."
    )

    @Argument(help: "The folder of the goal sheets (default: the current folder).")
    var folder: String = "."

    public init() {}

    public func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("\(folder): no such folder")
        }
        let path = (folder as NSString).appendingPathComponent(RunFile.fileName)
        let found = RunFileTemplate.Found.scan(folder)
        let text = RunFileTemplate(found: found).text
        // O_EXCL: someone's run file is never overwritten, even one made a moment ago.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw GoalSheetError(
                    .unsafeOutput, file: path, "exists and was left as it is (remove it to write a new one)")
            }
            throw GoalSheetError(.cannotWrite, file: path, String(cString: strerror(errno)))
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Platform.write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        guard written == bytes.count else {
            unlink(path)
            throw GoalSheetError(.cannotWrite, file: path, "could not be written whole")
        }
        print(
            "wrote \(path): company \(found.company.isEmpty ? "(none found: fill it in)" : found.company.joined(separator: ", ")); departments \(found.departments.isEmpty ? "(none found)" : found.departments.joined(separator: ", ")). Check them, then: goalsheet run \(path)"
        )
    }
}
