import Analysis
import ArgumentParser
import Foundation
import GoalModel
import GoalSheetSupport
import Normalize
import Report
import SpreadsheetML
import SpreadsheetWriter

/// `goalsheet analyze`: gaps and alignment of every department's goals against the company's.
public struct AnalyzeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract:
            "Analyze gaps and alignment against the company's objectives; write summary.csv, findings.csv, departments.csv, alignment.csv and model.json.",
        discussion:
            "Exit status: 0 when the run completed (findings are not failures), 1 with --strict when there are error findings, 2 for usage errors, 3 when some input could not be read (the others are still analyzed)."
    )

    public enum Format: String, ExpressibleByArgument, Sendable { case table, json }

    @OptionGroup var inputs: InputOptions

    @Option(help: "The date to measure pace at (YYYY-MM-DD; default: today).")
    var asOf: String?

    @Option(help: "Output directory (created if missing).")
    var out: String = "goalsheet-out"

    @Option(help: "Language of messages: ja or en (default: each sheet's own).")
    var lang: MessageLanguage?

    @Option(help: "table: a summary on the terminal; json: model.json on stdout.")
    var format: Format = .table

    @Flag(help: "Start the CSV files with a UTF-8 BOM (Excel on Japanese Windows misreads UTF-8 without one).")
    var csvBom = false

    @Flag(
        help:
            "Write CSV fields as they are, for machines (by default a field starting with = + - @ is prefixed with ' so that Excel never runs it)."
    )
    var csvRaw = false

    @Flag(help: "Exit with status 1 when there are error findings.")
    var strict = false

    @Flag(
        help:
            "Also put every department's table and the coverage map into each manager's summary sheet (off: a manager sees only their own goals)."
    )
    var shareAll = false

    @Option(
        help:
            "Notes on the cells findings point at: warnings (errors and warnings, the default) or all (info too). Every finding is in the 指摘 column either way."
    )
    var notes: AnnotationOptions.Notes = .warnings

    @Flag(help: "Do not write the annotated workbooks (DIR/annotated/) and DIR/summary.xlsx.")
    var noAnnotate = false

    @Option(
        parsing: .upToNextOption,
        help:
            "The outputs to write: csv (summary, findings, departments, alignment), json (model.json), annotated, summary-xlsx (default: all; manifest.json always)."
    )
    var outputs: [BatchSettings.Output] = []

    @OptionGroup var execution: ExecutionOptions

    @Option(help: "The earlier run in the output directory: keep (as DIR.previous) or remove.")
    var previous: RunFolder.Previous = .keep

    public init() {}

    public func validate() throws {
        if inputs.company.isEmpty { throw ValidationError("give the company's sheet with --company FILE") }
        try InputOptions.checkCompanyFiles(inputs.company)
        if let asOf, AnalyzeCommand.parseDate(asOf) == nil {
            throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)")
        }
    }

    static func parseDate(_ s: String) -> CalendarDate? {
        CalendarDate(iso: s) ?? DateParser.parse(s)?.end
    }

    /// The analysis options of a run: the config's fiscal year, tolerances and lexicon, `--as-of` (default today),
    /// `--lang`.
    static func options(_ config: NormalizeConfig, asOf: String?, lang: MessageLanguage?) -> AnalysisOptions {
        AnalysisOptions(
            asOf: asOf.flatMap(parseDate) ?? today(), fiscal: config.fiscal, tolerance: config.tolerance,
            treeTolerance: config.treeTolerance, lexicon: config.lexicon, language: lang)
    }

    static func today() -> CalendarDate {
        CalendarDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The run these flags describe.
    var settings: BatchSettings {
        var s = BatchSettings()
        s.company = inputs.company
        s.departments = inputs.paths
        s.config = inputs.config
        s.asOf = asOf
        s.out = out
        s.lang = lang
        s.format = format
        s.csvBom = csvBom
        s.csvRaw = csvRaw
        s.strict = strict
        s.shareAll = shareAll
        s.notes = notes
        s.previous = previous
        s.outputs = Set(outputs.isEmpty ? BatchSettings.Output.allCases : outputs)
        if noAnnotate { s.outputs.subtract([.annotated, .summaryXLSX]) }
        s.jobs = execution.jobs ?? ParallelWork.processorCount
        s.progress = execution.quiet ? .none : .automatic
        s.verbose = execution.verbose
        return s
    }

    public func run() throws { try BatchRun(settings: settings).execute() }
}

/// How a batch is carried out (never what it finds): shared by `analyze` and `run`.
struct ExecutionOptions: ParsableArguments {
    @Option(help: "Files read and outputs written at once (default: the processors).")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "No progress on stderr (errors and warnings are still printed).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print debug messages: what each phase took, the settings used.")
    var verbose = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    }
}

extension MessageLanguage: ExpressibleByArgument {}

/// `goalsheet annotate`: one department's workbook back with the analysis in it.
public struct AnnotateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract:
            "Annotate one goal sheet: six columns beside each goal table, status fills, notes on the cells findings point at, and a summary sheet.",
        discussion:
            "The file is analyzed against the company's sheets. Every part GoalSheet does not annotate is copied byte for byte. Running it on an annotated workbook replaces the earlier annotations. Exit status: 0 done, 2 usage error, 3 the file could not be read or written."
    )

    @Option(name: .customLong("company"), help: "A company sheet (OKR or KGI/KPI tree); required, repeatable.")
    var company: [String] = []

    @Argument(help: "The goal sheet to annotate (XLSX, XLSM or CSV).")
    var file: String

    @Option(help: "Output file (default: <stem>.annotated.xlsx beside the input).")
    var out: String?

    @Flag(
        help:
            "Replace the input itself, keeping a backup (<file>.bak); the original is replaced only by an atomic rename."
    )
    var inPlace = false

    @Option(help: "The date to measure pace at (YYYY-MM-DD; default: today).")
    var asOf: String?

    @Option(help: "Language of messages: ja or en (default: each sheet's own).")
    var lang: MessageLanguage?

    @Option(help: "A YAML config: synonyms, fixed mappings, fiscal year start, lexicon words.")
    var config: String?

    @Flag(help: "Also put every department's table and the coverage map into the summary sheet.")
    var shareAll = false

    @Option(
        help:
            "Notes on the cells findings point at: warnings (errors and warnings, the default) or all (info too). Every finding is in the 指摘 column either way."
    )
    var notes: AnnotationOptions.Notes = .warnings

    @Option(help: "Threads reading the files and a large sheet's rows (default: the processors).")
    var jobs: Int?

    @Flag(help: "Debug messages on stderr too: how long reading, analyzing and writing took.")
    var verbose = false

    public init() {}

    public func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
        if company.isEmpty { throw ValidationError("give the company's sheet with --company FILE") }
        try InputOptions.checkCompanyFiles(company)
        if inPlace && out != nil { throw ValidationError("--in-place and --out exclude each other") }
        if inPlace && ![".xlsx", ".xlsm"].contains(where: { file.lowercased().hasSuffix($0) }) {
            throw ValidationError("--in-place needs an XLSX or XLSM file (a CSV becomes a new workbook)")
        }
        if let asOf, AnalyzeCommand.parseDate(asOf) == nil {
            throw ValidationError("--as-of: '\(asOf)' is not a date (YYYY-MM-DD)")
        }
    }

    /// `営業部.csv` → `営業部.annotated.xlsx`; an XLSM keeps its macros' extension.
    static func outputName(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        return (name as NSString).deletingPathExtension + ".annotated." + (ext == "xlsm" ? "xlsm" : "xlsx")
    }

    public func run() throws {
        Diagnostics.verbose.store(verbose, ordering: .relaxed)
        let clock = ContinuousClock()
        let started = clock.now
        var options = InputOptions()
        options.company = company
        options.paths = [file]
        options.config = config
        let cfg = try options.loadConfig()
        let model = Normalizer(config: cfg).run(try options.inputs(), jobs: jobs ?? ParallelWork.processorCount)
        guard let input = model.inputs.first(where: { $0.path == file }) else {
            Diagnostics.failures(model.failures)
            throw ExitCode(3)
        }
        let refused = model.unreadableSheets.filter { $0.file == file }
        guard refused.isEmpty else {
            // A part GoalSheet refused to read (a DOCTYPE, broken XML) is never copied into the manager's workbook.
            Diagnostics.failures(refused)
            throw ExitCode(3)
        }
        let threads = jobs ?? ParallelWork.processorCount
        let read = clock.now
        let run = Analyzer(options: AnalyzeCommand.options(cfg, asOf: asOf, lang: lang), jobs: threads).analyze(model)
        let analyzed = clock.now
        let target =
            inPlace
            ? file
            : out
                ?? ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                    AnnotateCommand.outputName(file))
        do {
            var written: PatchReport?
            var backup: String?
            let options = AnnotationOptions(
                shareAll: shareAll, notes: notes, jobs: threads)
            if inPlace {
                // Backup at the first free FILE.bak / FILE.1.bak …; mode, owner and a link kept; complete or absent.
                backup = try InPlaceReplacement.replace(file) { staged in
                    written = try Annotator.annotate(input, run: run, output: staged, options: options)
                }.backup
            } else {
                // A killed run's half-written `.NAME.<pid>.tmp` beside the output goes first.
                WorkbookTemporary.removeStale(of: target)
                written = try Annotator.annotate(input, run: run, output: target, options: options)
            }
            guard let report = written else { throw ExitCode(3) }
            Diagnostics.debug(
                "annotate finished",
                [
                    "jobs": "\(threads)", "read": "\(BatchRun.text(read - started))",
                    "analyze": "\(BatchRun.text(analyzed - read))", "write": "\(BatchRun.text(clock.now - analyzed))",
                ])
            print(
                "\(target): \(report.editedParts.count) parts edited, \(report.addedParts.count) added, \(report.notesWritten) notes"
                    + (report.summarySheet.map { ", sheet \($0)" } ?? "") + (backup.map { "; backup \($0)" } ?? ""))
            if report.notesDropped > 0 {
                Diagnostics.print(
                    .warning, "\(file): \(report.notesDropped) notes not written (cells already had someone's note)")
            }
            // The run's goals and findings are freed while the process exits, not before.
            BackgroundRelease.release((consume model, consume run))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Diagnostics.error(error, file: file)
            throw ExitCode(3)
        }
    }
}

/// The terminal table: company roll-up first, then findings by department, errors first.
enum AnalysisTerminal {
    /// "1 orphan", "2 orphans": English counts that agree.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// One line at a time: a run's hundreds of thousands of findings are never held as one text.
    static func render(
        _ run: AnalyzedRun, color: Bool, out: String, outputs: Set<BatchSettings.Output>,
        line emit: (String) -> Void
    ) {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func statusText(_ s: GoalStatus) -> String {
            switch s {
            case .achieved, .onTrack: return paint(s.rawValue, "32")
            case .atRisk: return paint(s.rawValue, "33")
            case .offTrack, .overdue: return paint(s.rawValue, "31")
            case .noData: return paint(s.rawValue, "90")
            }
        }
        func pct(_ v: Double?) -> String { v.map(ValueText.percent) ?? "-" }
        func score(_ v: Double?) -> String { v.map { PlainDecimal.format($0) } ?? "-" }
        func pad(_ s: String, _ w: Int) -> String {
            s + String(repeating: " ", count: max(0, w - CellDisplay.displayWidth(s)))
        }
        emit(paint("Company (as of \(run.options.asOf))", "1"))
        emit("  " + pad("goal", 44) + pad("progress", 10) + pad("達成率", 9) + pad("score", 7) + "status")
        let company = run.model.nodes.filter { $0.level == .company }
        for n in company {
            let g = run.gaps[n.id] ?? GapResult()
            let indent = n.kind.isQualitative || n.kind == .kgi ? "" : "  "
            let name = String((indent + (n.localID ?? n.id) + " " + n.title).prefix(30))
            // A parent with numbers of its own shows its children's mean beside them.
            let children =
                g.rollUp.flatMap { r in r.attainment != g.attainment ? "  (children \(pct(r.attainment)))" : nil } ?? ""
            emit(
                "  " + pad(name, 44) + pad(pct(g.progress), 10) + pad(pct(g.attainment), 9) + pad(score(g.score), 7)
                    + statusText(g.status) + children)
        }
        let c = run.company
        let byID = Dictionary(uniqueKeysWithValues: run.model.nodes.map { ($0.id, $0) })
        let averaged =
            c.rollUp.map {
                $0.of.isEmpty
                    ? " (no company goals)"
                    : " (mean of " + $0.of.map { byID[$0]?.localID ?? $0 }.joined(separator: ", ") + ")"
            } ?? ""
        emit(
            "  " + pad("overall" + averaged, 44) + pad(pct(c.progress), 10) + pad(pct(c.attainment), 9)
                + pad(score(c.score), 7) + statusText(c.status))
        emit("")
        // Findings by department (the company first), errors first, info counted only.
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        var infos = 0
        for i in AnalysisReport.sortedFindingIndices(run) {
            let f = run.findings[i]
            if f.severity == .info { infos += 1; continue }
            // Findings about a cell rather than a goal go with the goals of the same file.
            let n =
                f.nodeID.flatMap { byID[$0] }
                ?? f.location.flatMap { run.nodeIndex[$0.file]?.first }.map { run.model.nodes[$0] }
            let dept = n.map { $0.level == .company ? "全社 / Company" : $0.department } ?? "inputs"
            if groups[dept] == nil { order.append(dept) }
            groups[dept, default: []].append(i)
        }
        for dept in order {
            let d = run.departments.first { $0.department == dept }
            let head =
                d.map {
                    " — "
                        + [
                            Self.count($0.goals, "goal"), "\($0.aligned) aligned", Self.count($0.orphans, "orphan"),
                            Self.count($0.activityMetrics, "activity metric"),
                        ].joined(separator: ", ")
                } ?? ""
            emit(paint(dept, "1") + head)
            for i in groups[dept]!.sorted(by: { run.findings[$0].severity < run.findings[$1].severity }) {
                let f = run.findings[i]
                let sev = f.severity == .error ? paint("error", "31") : paint("warning", "33")
                let loc = f.location.map { "\(FileIO.fileName($0.file)): \($0.sheet)!\($0.cellName)" } ?? ""
                let text = f.text
                emit("  \(sev): \(loc): \(text.message) [\(f.rule)]")
                if !text.suggestion.isEmpty { emit("      → \(text.suggestion)") }
            }
        }
        let errors = run.findings.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) }
        let warnings = run.findings.reduce(0) { $0 + ($1.severity == .warning ? 1 : 0) }
        emit("")
        let files =
            (outputs.contains(.csv) ? ["summary.csv", "findings.csv", "departments.csv", "alignment.csv"] : [])
            + (outputs.contains(.json) ? ["model.json"] : []) + ["manifest.json"]
        emit(
            "\(count(run.model.nodes.count, "goal")), \(count(errors, "error")), \(count(warnings, "warning")), \(infos) info; wrote \(out)/"
                + files.joined(separator: ", "))
    }
}

extension AnnotationOptions.Notes: ExpressibleByArgument {}
