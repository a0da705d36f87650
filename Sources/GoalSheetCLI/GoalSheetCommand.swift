import ArgumentParser
import CSystem
import GoalSheetSupport
import Ingest
import OutputFormats
import SpreadsheetML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `goalsheet`: reads, normalizes and analyzes departments' goal sheets.
public struct GoalSheetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "goalsheet",
        abstract: "Read, normalize and analyze goal spreadsheets (XLSX and CSV).",
        version: BatchRun.version,
        subcommands: [
            InitCommand.self, RunCommand.self, AnalyzeCommand.self, AnnotateCommand.self, NormalizeCommand.self,
            InspectCommand.self, Cat.self,
        ])

    public init() {}
}

/// `goalsheet cat`: prints a sheet's cells as the sheet shows them.
public struct Cat: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Print the cells of an XLSX or CSV file as CSV, TSV or typed JSON.")

    public enum OutputFormat: String, ExpressibleByArgument, Sendable { case csv, tsv, json }

    @Argument(help: "The XLSX/XLSM or CSV file.")
    var file: String

    @Option(help: "The sheet to print, by name or 1-based number (default: the first).")
    var sheet: String?

    @Option(
        help:
            "csv, tsv or json. The sheet's text is printed as it is: a cell starting with = + - @ is not neutralised (open the output as data, not in Excel)."
    )
    var format: OutputFormat = .csv

    @Flag(help: "Print every sheet, in workbook order.")
    var allSheets = false

    public init() {}

    public func run() throws {
        let doc: SpreadsheetDocument
        do {
            doc = try SpreadsheetDocument(path: file)
        } catch {
            Diagnostics.error(error, file: file)
            throw ExitCode(1)
        }
        var selected = doc.sheets
        if !allSheets {
            if let sheet {
                guard let s = doc.sheet(matching: sheet) else {
                    Diagnostics.error(
                        GoalSheetError(
                            .sheetNotFound, file: file, sheet: sheet,
                            "no such sheet; the file has: " + doc.sheets.map(\.name).joined(separator: ", ")))
                    throw ExitCode(1)
                }
                selected = [s]
            } else {
                selected = Array(doc.sheets.prefix(1))
            }
        }
        let out = ByteSink(fd: 1)
        let errors: [GoalSheetError]
        switch format {
        case .json: errors = CatRenderer.writeJSON(doc, sheets: selected, to: out)
        case .csv: errors = CatRenderer.writeDelimited(doc, sheets: selected, delimiter: 0x2C, to: out)
        case .tsv: errors = CatRenderer.writeDelimited(doc, sheets: selected, delimiter: 0x09, to: out)
        }
        for e in errors { Diagnostics.error(e) }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}

extension GoalSheetCommand {
    /// Runs the command line; usage errors exit with status 2 (as `getopt` tools do), other errors as
    /// the command says (1 for read errors, 3 when some inputs of a batch could not be read).
    public static func mainWithUsageExitCode(_ arguments: [String]? = nil) -> Never {
        // One heap arena per processor and one more, set before other threads allocate: glibc's default (eight
        // per core) kept each writing thread's freed memory apart (10 MiB more at the 100,000-row annotate's peak).
        _ = goalsheet_limit_malloc_arenas(Int32(ParallelWork.processorCount + 1))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Diagnostics.usage(fullMessage(for: error))
                Platform.exit(2)
            }
            if error is any GoalSheetErrorConvertible || error is GoalSheetError {
                Diagnostics.error(error)
                Platform.exit(1)
            }
            exit(withError: error)
        }
    }
}
