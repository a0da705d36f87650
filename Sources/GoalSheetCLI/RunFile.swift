import Foundation
import GoalModel
import Normalize
import Report
import Yams

/// A run file (`goalsheet.yml`): a run's settings under the names of `analyze`'s flags, plus the config that
/// `--config` reads (fiscal year, tolerances, synonyms, per-file mappings) in the same file. Paths in it are
/// relative to the file's folder.
struct RunFile {
    /// The run file's name in its folder.
    static let fileName = "goalsheet.yml"

    /// The keys a run file may have beside the config's.
    static var runKeys: [String] { Keys.CodingKeys.allCases.map(\.rawValue) }

    private struct Keys: Decodable {
        var company: OneOrMany?
        var departments: OneOrMany?
        var asOf: String?
        var out: String?
        var lang: String?
        var outputs: [String]?
        var notes: String?
        var shareAll: Bool?
        var csvBom: Bool?
        var csvRaw: Bool?
        var strict: Bool?
        var previous: String?
        var jobs: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case company, departments, out, lang, outputs, notes, strict, previous, jobs
            case asOf = "as_of", shareAll = "share_all", csvBom = "csv_bom", csvRaw = "csv_raw"
        }
    }

    /// A key given as one string or a list of them.
    private struct OneOrMany: Decodable {
        var values: [String]
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let list = try? c.decode([String].self) {
                values = list
            } else {
                values = [try c.decode(String.self)]
            }
        }
    }

    /// The settings the file at `path` gives; errors name the file and, where they can, the line.
    static func load(path: String) throws -> BatchSettings {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw ConfigError(file: path, message: "cannot read the file as UTF-8") }
        try checkKeys(text, file: path)
        let keys: Keys
        do {
            keys = try YAMLDecoder().decode(Keys.self, from: text)
        } catch let e as DecodingError {
            throw ConfigError(file: path, message: NormalizeConfig.describe(e))
        } catch {
            throw ConfigError(file: path, message: "\(error)")
        }
        return try settings(keys, file: path)
    }

    /// Every key is a run key or a config key, at its level: a misspelt one is an error, not silently a default.
    static func checkKeys(_ text: String, file: String) throws {
        try SettingsKeyChecker.config(extra: runKeys).check(
            text, file: file, notMapping: "a run file is a mapping of settings (company:, departments: …)")
    }

    private static func settings(_ k: Keys, file: String) throws -> BatchSettings {
        let folder = (file as NSString).deletingLastPathComponent
        /// `営業部/` → `FOLDER/営業部/`, `.` → `FOLDER`, `./a.xlsx` → `FOLDER/a.xlsx`.
        func resolve(_ p: String) -> String {
            var relative = p
            while relative.hasPrefix("./") { relative.removeFirst(2) }
            if relative.hasPrefix("/") || folder.isEmpty || folder == "." { return relative.isEmpty ? "." : relative }
            return relative.isEmpty || relative == "." ? folder : (folder as NSString).appendingPathComponent(relative)
        }
        func value<T: RawRepresentable>(_ raw: String?, _ key: String) throws -> T? where T.RawValue == String {
            guard let raw else { return nil }
            guard let v = T(rawValue: raw) else {
                throw ConfigError(file: file, message: "\(key): '\(raw)' is not known")
            }
            return v
        }
        var s = BatchSettings()
        s.company = (k.company?.values ?? []).map(resolve)
        s.departments = (k.departments?.values ?? []).map(resolve)
        s.config = file
        s.configOtherKeys = runKeys
        s.asOf = k.asOf
        s.out = resolve(k.out ?? "goalsheet-out")
        s.lang = try value(k.lang, "lang")
        if let outputs = k.outputs {
            s.outputs = Set(try outputs.map { try value($0, "outputs")! as BatchSettings.Output })
        }
        s.notes = try value(k.notes, "notes") ?? .warnings
        s.shareAll = k.shareAll ?? false
        s.csvBom = k.csvBom ?? false
        s.csvRaw = k.csvRaw ?? false
        s.strict = k.strict ?? false
        s.previous = try value(k.previous, "previous") ?? .keep
        if let jobs = k.jobs {
            guard jobs >= 1 else { throw ConfigError(file: file, message: "jobs must be at least 1, not \(jobs)") }
            s.jobs = jobs
        }
        if s.company.isEmpty {
            throw ConfigError(file: file, message: "company: give the company's sheet (OKR or KGI/KPI tree)")
        }
        return s
    }
}
