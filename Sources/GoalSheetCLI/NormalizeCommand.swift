import ArgumentParser
import Foundation
import GoalModel
import GoalSheetSupport
import Ingest
import Normalize
import Report

/// Options shared by `normalize` and `analyze`: inputs, company sheets, config.
struct InputOptions: ParsableArguments {
    @Option(
        name: .customLong("company"),
        help: "A company sheet (OKR or KGI/KPI tree); repeatable. Required by analyze, optional for normalize.")
    var company: [String] = []

    @Argument(help: "Department sheets: XLSX/XLSM/CSV files or directories of them.")
    var paths: [String] = []

    @Option(help: "A YAML config: synonyms, fixed mappings, fiscal year start, lexicon words.")
    var config: String?

    /// The inputs in order: company sheets, then department files (directories and globs expanded, sorted).
    func inputs() throws -> [GoalInput] { try InputList.collect(company: company, paths: paths) }

    /// Each `--company` file is there, a file and readable: without the company's goals every department goal
    /// would be an orphan, so a missing one is a usage error before any work.
    static func checkCompanyFiles(_ paths: [String]) throws {
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                throw ValidationError("--company \(p): no such file")
            }
            if isDir.boolValue {
                throw ValidationError("--company \(p): is a folder; give the company's sheet (XLSX, XLSM or CSV)")
            }
            if !FileManager.default.isReadableFile(atPath: p) {
                throw ValidationError("--company \(p): cannot be read (permission denied)")
            }
        }
    }

    /// XLSX/XLSM/CSV/TSV files, without Office lock files (`~$…`), hidden files or our own outputs.
    static func isGoalFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !name.hasPrefix("~$"), !name.hasPrefix("."), !lower.hasSuffix(".annotated.xlsx"),
            !lower.hasSuffix(".annotated.xlsm"), !lower.hasSuffix(".bak")
        else { return false }
        return [".xlsx", ".xlsm", ".csv", ".tsv"].contains { lower.hasSuffix($0) }
    }

    func loadConfig() throws -> NormalizeConfig { try InputOptions.loadConfig(path: config) }

    /// The config at `path` (the defaults without one), its read limits made the process's; `otherKeys` are
    /// the keys of a run file beside the config's. A plain config holding a run file's keys is refused with the
    /// command that runs it.
    static func loadConfig(path: String?, otherKeys: [String] = []) throws -> NormalizeConfig {
        guard let path else { return NormalizeConfig() }
        let runFile = "it is a run file's setting: run the file with `goalsheet run \(path)`"
        let elsewhere =
            otherKeys.isEmpty ? Dictionary(uniqueKeysWithValues: RunFile.runKeys.map { ($0, runFile) }) : [:]
        do {
            let loaded = try NormalizeConfig.load(path: path, otherKeys: otherKeys, elsewhere: elsewhere)
            ReadLimits.current = loaded.limits
            return loaded
        } catch { throw ValidationError("\(error)") }
    }
}

/// `goalsheet normalize`: legacy sheets → goals.csv and goals.json.
public struct NormalizeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Read legacy goal sheets into one KGI/KPI/OKR model: DIR/goals.csv and DIR/goals.json.")

    public enum Format: String, ExpressibleByArgument, Sendable { case table, json }

    @OptionGroup var inputs: InputOptions

    @Option(help: "Output directory (created if missing).")
    var out: String = "goalsheet-out"

    @Option(help: "table: write the files and print a summary; json: print the model as JSON on stdout.")
    var format: Format = .table

    @Flag(help: "Start goals.csv with a UTF-8 BOM (for Excel on Japanese Windows).")
    var csvBom = false

    @Flag(
        help:
            "Write goals.csv's fields as they are, for machines (by default a field starting with = + - @ is prefixed with ' so that Excel never runs it)."
    )
    var csvRaw = false

    @Flag(help: "A file with no goals is an error (exit status 1), not a warning.")
    var strict = false

    @Option(help: "The earlier run in the output directory: keep (as DIR.previous) or remove.")
    var previous: RunFolder.Previous = .keep

    public init() {}

    public func validate() throws {
        if inputs.company.isEmpty && inputs.paths.isEmpty {
            throw ValidationError("give at least one file, directory or --company FILE")
        }
        try InputOptions.checkCompanyFiles(inputs.company)
    }

    public func run() throws {
        var config = try inputs.loadConfig()
        config.strict = strict
        let list = try inputs.inputs()
        let run = Normalizer(config: config).run(list)
        if format == .json {
            StandardOutput.write(GoalsTable.json(run))
        } else {
            let folder = try RunFolder(target: out)
            do {
                try AtomicFile.write(GoalsTable.csv(run.nodes, bom: csvBom, raw: csvRaw), to: folder.path("goals.csv"))
                let json = GoalsTable.json(run)
                try AtomicFile.write(to: folder.path("goals.json")) { sink in
                    json.write(to: sink, indent: true)
                    sink.byte(0x0A)
                }
                try folder.commit(previous: previous)
            } catch {
                throw folder.discard(after: error)
            }
            print(Terminal.normalizeSummary(run, out: out))
        }
        let failures = run.failures + run.unreadableSheets
        Diagnostics.failures(failures)
        if !failures.isEmpty { throw ExitCode(3) }
        if strict && run.warnings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

/// Text for the terminal.
enum Terminal {
    static func normalizeSummary(_ run: GoalModelRun, out: String) -> String {
        var lines: [String] = []
        let byFile = Dictionary(grouping: run.nodes, by: \.source.file)
        for input in run.inputs {
            let nodes = byFile[input.path] ?? []
            var kinds: [String] = []
            for k in GoalKind.allCases {
                let n = nodes.filter { $0.kind == k }.count
                if n > 0 { kinds.append("\(n) \(k.rawValue)") }
            }
            let sheets = run.goalSheets[input.path] ?? []
            let read =
                nodes.isEmpty
                ? "no goals (see below)"
                : "\(AnalysisTerminal.count(nodes.count, "goal")) (\(kinds.joined(separator: ", "))) in \(sheets.joined(separator: ", "))"
            lines.append("\(input.path): \(read)\(input.isCompany ? " [company]" : "")")
        }
        for w in run.warnings {
            lines.append("  \(w.severity.rawValue): \(location(w.location)): \(w.message) [\(w.rule)]")
        }
        lines.append(
            "wrote \((out as NSString).appendingPathComponent("goals.csv")) and goals.json: \(AnalysisTerminal.count(run.nodes.count, "goal")), \(AnalysisTerminal.count(run.warnings.count, "warning"))"
        )
        return lines.joined(separator: "\n")
    }

    static func location(_ l: SourceLocation?) -> String {
        guard let l else { return "" }
        return "\(l.file): \(l.sheet)!\(l.cellName)"
    }
}

extension RunFolder.Previous: ExpressibleByArgument {}
