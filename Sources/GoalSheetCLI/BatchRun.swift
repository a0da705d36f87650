import Analysis
import ArgumentParser
import CSystem
import Foundation
import GoalModel
import GoalSheetSupport
import Normalize
import Report
import SpreadsheetWriter

/// One analysis run, for `analyze` and `run` alike: the inputs read and normalized on `jobs` threads, the run
/// analyzed, its outputs written on `jobs` threads into a staging folder with manifest.json, then swapped in
/// whole. An input that cannot be read or annotated is reported and the others still complete (exit status 3).
struct BatchRun {
    let settings: BatchSettings

    /// GoalSheet's version, as manifest.json and `--version` give it.
    static let version = "0.9.0"

    func execute() throws {
        Diagnostics.verbose.store(settings.verbose, ordering: .relaxed)
        let clock = ContinuousClock()
        let progress = ProgressReporter(settings.progress)
        let config = try settings.loadConfig()
        let list = try settings.inputs()
        var model = GoalModelRun(nodes: [], warnings: [], failures: [], inputs: [], goalSheets: [:])
        let reading = clock.measure { model = read(list, config: config, progress: progress) }
        _ = goalsheet_release_free_memory()  // the sheets' grids and the reading threads' temporaries
        noteMissingDepartments(model, given: list)
        var run: AnalyzedRun?
        let analyzing = clock.measure {
            run = Analyzer(
                options: AnalyzeCommand.options(config, asOf: settings.asOf, lang: settings.lang), jobs: settings.jobs
            ).analyze(model)
            run?.keepFindingTexts(jobs: settings.jobs)
        }
        guard let run else { return }
        _ = goalsheet_release_free_memory()  // the rules' working sets
        var failures = model.failures + model.unreadableSheets
        var annotated = 0
        var table: [UInt8]?
        let writing = try clock.measure {
            (annotated, table) = try write(run, given: list, failures: &failures, progress: progress)
        }
        Diagnostics.debug(
            "run finished",
            [
                "inputs": "\(list.count)", "jobs": "\(settings.jobs)", "read": "\(Self.text(reading))",
                "analyze": "\(Self.text(analyzing))", "write": "\(Self.text(writing))",
            ])
        summarize(run, annotated: annotated, table: table)
        Diagnostics.failures(failures)
        if !failures.isEmpty { throw ExitCode(3) }
        if settings.strict && run.findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    static func text(_ d: Duration) -> String { String(format: "%.3f s", d.seconds) }

    /// Every input read and normalized, `jobs` at a time; the model does not depend on their order.
    func read(_ list: [GoalInput], config: NormalizeConfig, progress: ProgressReporter) -> GoalModelRun {
        progress.begin("reading", total: list.count)
        defer { progress.end() }
        return Normalizer(config: config).run(list, jobs: settings.jobs) { event in
            progress.done(event.input.path, detail: event.goals.map { "\($0) goals" } ?? "could not be read")
        }
    }

    func noteMissingDepartments(_ model: GoalModelRun, given list: [GoalInput]) {
        guard !model.nodes.contains(where: { $0.level != .company }) else { return }
        let departments = list.filter { !$0.isCompany }.count
        Diagnostics.note(
            departments == 0
                ? "no department files were given: only the company's goals are analyzed"
                : "no department goals were read from \(AnalysisTerminal.count(departments, "file")) (the warnings and errors below say why)"
        )
    }

    /// The outputs into the staging folder, `jobs` at a time, then manifest.json, then the folder swapped in.
    /// A report that cannot be written fails the run (nothing is swapped in); a workbook that cannot be annotated
    /// is that input's failure. The terminal table of a run small enough to hold (`TerminalTable.heldLimit`) is
    /// rendered beside the outputs, one more piece of work, rather than alone after them.
    /// Returns how many workbooks were annotated, and the table if it was rendered.
    func write(
        _ run: AnalyzedRun, given list: [GoalInput], failures: inout [InputFailure], progress: ProgressReporter
    ) throws -> (annotated: Int, table: [UInt8]?) {
        let folder = try RunFolder(target: settings.out)
        do {
            let tasks = OutputTask.all(for: run, settings: settings)
            if settings.outputs.contains(.annotated) {
                try FileManager.default.createDirectory(
                    atPath: folder.path(OutputTask.annotatedFolder), withIntermediateDirectories: true)
            }
            let holdsTable = settings.format != .json && TerminalTable.isHeld(run)
            progress.begin("writing", total: tasks.count)
            let results = ParallelWork.map(count: tasks.count + (holdsTable ? 1 : 0), jobs: settings.jobs) { i in
                // The table is the last piece: the first are the longest reports.
                guard i < tasks.count else { return WriteResult.table(TerminalTable.render(run, settings: settings)) }
                let error = tasks[i].write(run, into: folder, settings: settings)
                progress.done(tasks[i].name, detail: error == nil ? "written" : "failed")
                return WriteResult.written(error)
            }
            progress.end()
            var table: [UInt8]?
            var errors: [Error?] = []
            for r in results {
                switch r {
                case .written(let e): errors.append(e)
                case .table(let t): table = t
                }
            }
            var annotated = 0
            for (task, error) in zip(tasks, errors) {
                if case .annotated = task, error == nil { annotated += 1 }
                guard let error else { continue }
                guard case .annotated(let input, _) = task else { throw error }
                failures.append(InputFailure(file: input.path, error))
            }
            var manifest = RunManifest(
                version: BatchRun.version, settings: settings.manifestEntries(asOf: run.options.asOf), given: list,
                run: run, failures: failures, jobs: settings.jobs)
            manifest.addOutputs(in: folder.staging, jobs: settings.jobs)
            try AtomicFile.write(to: folder.path(RunManifest.fileName)) { sink in
                manifest.json.write(to: sink, indent: true)
                sink.byte(0x0A)
            }
            try folder.commit(previous: settings.previous)
            return (annotated, table)
        } catch {
            throw folder.discard(after: error)
        }
    }

    /// What the run found, on stdout: the terminal table (`table` when it was rendered already), or model.json
    /// with `--format json`.
    func summarize(_ run: AnalyzedRun, annotated: Int, table: [UInt8]? = nil) {
        if settings.format == .json {
            StandardOutput.write(AnalysisReport.modelJSON(run))
            return
        }
        if let table {
            StandardOutput.bytes(table)
        } else {
            StandardOutput.lines { line in TerminalTable.render(run, settings: settings, line: line) }
        }
        let written =
            (settings.outputs.contains(.annotated)
                ? ["\(annotated) annotated workbooks to \(settings.out)/annotated/"] : [])
            + (settings.outputs.contains(.summaryXLSX) ? ["\(settings.out)/summary.xlsx"] : [])
        if !written.isEmpty { print("wrote " + written.joined(separator: " and ")) }
    }
}

/// What a piece of a run's writing gave: an output's error (nil when it was written), or the terminal table.
enum WriteResult: Sendable {
    case written(Error?)
    case table([UInt8])
}

/// The terminal table on stdout: rendered line by line as it is printed, or, for a run of at most `heldLimit`
/// findings (about 150 bytes a line), rendered whole beside the outputs and printed after them.
enum TerminalTable {
    static let heldLimit = AnalyzedRun.keptTextLimit

    static func isHeld(_ run: AnalyzedRun, limit: Int = heldLimit) -> Bool { run.findings.count <= limit }

    /// The table, a line at a time (coloured when stdout is a terminal).
    static func render(_ run: AnalyzedRun, settings: BatchSettings, line: (String) -> Void) {
        AnalysisTerminal.render(run, color: isatty(1) == 1, out: settings.out, outputs: settings.outputs, line: line)
    }

    /// The whole table, each line ended by a newline.
    static func render(_ run: AnalyzedRun, settings: BatchSettings) -> [UInt8] {
        held { render(run, settings: settings, line: $0) }
    }

    /// The lines `produce` makes, each ended by a newline, in one buffer.
    static func held(_ produce: ((String) -> Void) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        produce { line in
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }
        return bytes
    }
}

/// One file (or set of files) a run writes, independent of the others.
enum OutputTask: Sendable {
    case csv, json, summaryXLSX
    /// An input's annotated workbook, by its file name in DIR/annotated/.
    case annotated(GoalInput, name: String)

    static let annotatedFolder = "annotated"

    /// The outputs the settings ask for: the reports, the planning office's workbook, then each input's
    /// annotated workbook (not those with a part GoalSheet refused to read: it is never copied on).
    static func all(for run: AnalyzedRun, settings: BatchSettings) -> [OutputTask] {
        var tasks: [OutputTask] = []
        if settings.outputs.contains(.csv) { tasks.append(.csv) }
        if settings.outputs.contains(.json) { tasks.append(.json) }
        if settings.outputs.contains(.summaryXLSX) { tasks.append(.summaryXLSX) }
        if settings.outputs.contains(.annotated) {
            let refused = Set(run.model.unreadableSheets.map(\.file))
            var taken: Set<String> = []
            for input in run.model.inputs where !refused.contains(input.path) {
                tasks.append(.annotated(input, name: uniqueName(AnnotateCommand.outputName(input.path), taken: &taken)))
            }
        }
        return tasks
    }

    /// `営業部.annotated.xlsx`, or `営業部.2.annotated.xlsx` for the second input of that name (from another folder).
    static func uniqueName(_ name: String, taken: inout Set<String>) -> String {
        guard !taken.insert(name.lowercased()).inserted else { return name }
        let marker = name.range(of: ".annotated.", options: .backwards)
        let stem = marker.map { String(name[..<$0.lowerBound]) } ?? name
        let tail = marker.map { String(name[$0.lowerBound...]) } ?? ".annotated.xlsx"
        var n = 2
        while !taken.insert("\(stem).\(n)\(tail)".lowercased()).inserted { n += 1 }
        return "\(stem).\(n)\(tail)"
    }

    var name: String {
        switch self {
        case .csv: return "summary.csv, findings.csv, departments.csv, alignment.csv"
        case .json: return "model.json"
        case .summaryXLSX: return "summary.xlsx"
        case .annotated(_, let name): return OutputTask.annotatedFolder + "/" + name
        }
    }

    /// Writes the output; the error, if it could not.
    func write(_ run: AnalyzedRun, into folder: RunFolder, settings: BatchSettings) -> (any Error)? {
        do {
            switch self {
            case .csv: try AnalysisReport.writeCSV(run, to: folder.staging, bom: settings.csvBom, raw: settings.csvRaw)
            case .json: try AnalysisReport.writeModelJSON(run, to: folder.staging, jobs: settings.jobs)
            case .summaryXLSX:
                try WorkbookWriter.write(
                    Annotator.summaryWorkbook(run), to: folder.path("summary.xlsx"), jobs: settings.jobs)
            case .annotated(let input, let name):
                let output = (folder.path(OutputTask.annotatedFolder) as NSString).appendingPathComponent(name)
                try Annotator.annotate(
                    input, run: run, output: output,
                    options: AnnotationOptions(
                        shareAll: settings.shareAll, notes: settings.notes, jobs: settings.jobs, syncsToDisk: false))
            }
            return nil
        } catch {
            return error
        }
    }
}
