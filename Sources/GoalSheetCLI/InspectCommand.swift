import ArgumentParser
import Foundation
import GoalModel
import Normalize
import Report

/// `goalsheet inspect`: how each sheet was read, and the mapping that reproduces it.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Show how each sheet was read: regions, header rows, each column's field with confidence and evidence, rows skipped and why, goals read.",
        discussion:
            "With --config-out FILE, also write the YAML mapping (the --config format) that reproduces this reading. Exit status: 0, 2 for usage errors, 3 when some file could not be read."
    )

    @Argument(help: "XLSX/XLSM/CSV files or directories of them.")
    var paths: [String] = []

    @Option(help: "A YAML config (the same as normalize's) to read with.")
    var config: String?

    @Option(name: .customLong("config-out"), help: "Write the mapping that reproduces this reading to this YAML file.")
    var configOut: String?

    public init() {}

    public func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or directory") }
    }

    public func run() throws {
        let options = try InputOptions.parse(paths + (config.map { ["--config", $0] } ?? []))
        let normalizer = Normalizer(config: try options.loadConfig())
        var readings: [FileReading] = []
        var failures: [InputFailure] = []
        for input in try options.inputs() {
            do {
                let f = try normalizer.readFile(input)
                readings.append(f)
                print(ReadingReport.text(f), terminator: "")
            } catch {
                failures.append(InputFailure(file: input.path, error))
            }
        }
        if let configOut {
            try AtomicFile.write(ReadingReport.configYAML(readings), to: configOut)
            print("wrote \(configOut)")
        }
        Diagnostics.failures(failures)
        if !failures.isEmpty { throw ExitCode(3) }
    }
}
