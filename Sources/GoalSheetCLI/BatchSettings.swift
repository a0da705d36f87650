import ArgumentParser
import Foundation
import GoalModel
import GoalSheetSupport
import Normalize
import OutputFormats
import Report

/// Everything one analysis run needs, from `analyze`'s flags or from a run file (`goalsheet.yml`): the two
/// commands build this and hand it to `BatchRun`, the one implementation.
struct BatchSettings: Sendable {
    /// The files a run may write besides manifest.json, by their run-file names.
    enum Output: String, CaseIterable, Sendable, ExpressibleByArgument {
        /// summary.csv, findings.csv, departments.csv and alignment.csv.
        case csv
        /// model.json.
        case json
        /// Each input's annotated workbook in DIR/annotated/.
        case annotated
        /// The planning office's DIR/summary.xlsx.
        case summaryXLSX = "summary-xlsx"
    }

    /// How a run shows its progress on stderr.
    enum Progress: Sendable { case automatic, none }

    var company: [String] = []
    var departments: [String] = []
    /// A YAML config (normalize's format); a run file is one too.
    var config: String?
    /// The keys `config` may have beside the config's: a run file's settings.
    var configOtherKeys: [String] = []
    var asOf: String?
    var out = "goalsheet-out"
    var lang: MessageLanguage?
    var outputs = Set(Output.allCases)
    var csvBom = false
    var csvRaw = false
    var strict = false
    var shareAll = false
    var notes = AnnotationOptions.Notes.warnings
    var previous = RunFolder.Previous.keep
    // How the run is carried out, never what it finds: not in the manifest.
    var jobs = ParallelWork.processorCount
    var progress = Progress.automatic
    var verbose = false
    var format = AnalyzeCommand.Format.table

    func loadConfig() throws -> NormalizeConfig {
        var loaded = try InputOptions.loadConfig(path: config, otherKeys: configOtherKeys)
        loaded.strict = strict
        return loaded
    }

    func inputs() throws -> [GoalInput] { try InputList.collect(company: company, paths: departments) }

    /// The settings that decide a run's results, as the run file names them (manifest.json's `settings`), with
    /// the date the run measured pace at.
    func manifestEntries(asOf date: CalendarDate) -> [(String, JSONValue)] {
        [
            ("company", .array(company.map { .string($0) })),
            ("departments", .array(departments.map { .string($0) })),
            ("config", .from(config)),
            ("as_of", .string("\(date)")),
            ("out", .string(out)),
            ("lang", .from(lang?.rawValue)),
            ("outputs", .array(Output.allCases.filter(outputs.contains).map { .string($0.rawValue) })),
            ("notes", .string(notes.rawValue)),
            ("share_all", .bool(shareAll)),
            ("csv_bom", .bool(csvBom)),
            ("csv_raw", .bool(csvRaw)),
            ("strict", .bool(strict)),
            ("previous", .string(previous.rawValue)),
        ]
    }
}
