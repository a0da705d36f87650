import Foundation
import GoalModel
import GoalSheetSupport
import SpreadsheetML
import Yams

/// Settings from a YAML file (`--config`): fiscal year, extra header synonyms, fixed mappings for
/// stubborn sheets, extra words for the lexicons, and the analysis tolerance.
///
/// ```yaml
/// fiscal_year_start: 4
/// synonyms:
///   target: [計画値, 目標数値]
/// sheets:
///   - file: "cs_*.xlsx"
///     sheet: KPI
///     header_row: 3
///     columns: { B: title, D: target }
///     department: CS部
/// lower_is_better: [返品率]
/// ```
public struct NormalizeConfig: Sendable, Equatable, Decodable {
    /// A fixed reading for sheets that header detection gets wrong.
    public struct SheetOverride: Sendable, Equatable, Decodable {
        /// File name or glob (`*`, `?`) matched against the file's name.
        public var file: String
        /// Sheet name; all sheets when absent.
        public var sheet: String?
        /// 1-based header row.
        public var headerRow: Int?
        /// Column letter → role name (`title`, `target` …).
        public var columns: [String: String]?
        public var department: String?
        public var level: GoalLevel?
        /// Skip this sheet.
        public var skip: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case file, sheet, columns, department, level, skip
            case headerRow = "header_row"
        }
    }

    public var fiscalYearStart: Int
    /// Role name → extra header names.
    public var synonyms: [String: [String]]
    public var sheets: [SheetOverride]
    public var lowerIsBetter: [String]
    public var activityMetrics: [String]
    /// Extra outcome words (`outcome_metrics`): goals naming them are never activity metrics.
    public var outcomeMetrics: [String] = []
    public var additiveMetrics: [String]
    /// Metrics read as flows (accumulating over the period) or levels, whatever their words say.
    public var flowMetrics: [String] = []
    public var levelMetrics: [String] = []
    /// Tolerance of status (progress behind the calendar by more than this is at risk), 0…1.
    public var tolerance: Double
    /// Relative tolerance of KPI-tree arithmetic.
    public var treeTolerance: Double
    /// A file with no goals is an error, not a warning (`--strict`).
    public var strict = false
    /// The bounds on what one input may make the reader do (`limits:`; the defaults when absent).
    public var limits = ReadLimits.standard

    /// The keys a config file may have.
    public static var keys: [String] { CodingKeys.allCases.map(\.rawValue) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case synonyms, sheets, tolerance
        case fiscalYearStart = "fiscal_year_start"
        case lowerIsBetter = "lower_is_better"
        case activityMetrics = "activity_metrics"
        case outcomeMetrics = "outcome_metrics"
        case additiveMetrics = "additive_metrics"
        case flowMetrics = "flow_metrics", levelMetrics = "level_metrics"
        case treeTolerance = "tree_tolerance"
        case limits
    }

    /// `limits:` in the YAML: sizes in MiB or bytes as named, each optional.
    struct LimitsSection: Decodable {
        var maxInflatedMiB: UInt64?
        var maxRatio: UInt64?
        var maxCellBytes: Int?
        var maxRowMiB: Int?
        var maxSheets: Int?
        var maxCSVMiB: UInt64?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxInflatedMiB = "max_inflated_mib", maxRatio = "max_ratio", maxCellBytes = "max_cell_bytes"
            case maxRowMiB = "max_row_mib", maxSheets = "max_sheets", maxCSVMiB = "max_csv_mib"
        }

        func applied(to base: ReadLimits) -> ReadLimits {
            var l = base
            if let maxInflatedMiB { l.maxTotalInflated = maxInflatedMiB << 20 }
            if let maxRatio { l.maxRatio = maxRatio }
            if let maxCellBytes { l.maxCellBytes = maxCellBytes }
            if let maxRowMiB { l.maxRowBytes = maxRowMiB << 20 }
            if let maxSheets { l.maxSheets = maxSheets }
            if let maxCSVMiB { l.maxCSVBytes = maxCSVMiB << 20 }
            return l
        }
    }

    public init() {
        fiscalYearStart = 4
        synonyms = [:]
        sheets = []
        lowerIsBetter = []
        activityMetrics = []
        additiveMetrics = []
        tolerance = 0.1
        treeTolerance = 0.05
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NormalizeConfig()
        fiscalYearStart = try c.decodeIfPresent(Int.self, forKey: .fiscalYearStart) ?? d.fiscalYearStart
        synonyms = try c.decodeIfPresent([String: [String]].self, forKey: .synonyms) ?? [:]
        sheets = try c.decodeIfPresent([SheetOverride].self, forKey: .sheets) ?? []
        lowerIsBetter = try c.decodeIfPresent([String].self, forKey: .lowerIsBetter) ?? []
        activityMetrics = try c.decodeIfPresent([String].self, forKey: .activityMetrics) ?? []
        outcomeMetrics = try c.decodeIfPresent([String].self, forKey: .outcomeMetrics) ?? []
        additiveMetrics = try c.decodeIfPresent([String].self, forKey: .additiveMetrics) ?? []
        flowMetrics = try c.decodeIfPresent([String].self, forKey: .flowMetrics) ?? []
        levelMetrics = try c.decodeIfPresent([String].self, forKey: .levelMetrics) ?? []
        tolerance = try c.decodeIfPresent(Double.self, forKey: .tolerance) ?? d.tolerance
        treeTolerance = try c.decodeIfPresent(Double.self, forKey: .treeTolerance) ?? d.treeTolerance
        limits = try c.decodeIfPresent(LimitsSection.self, forKey: .limits)?.applied(to: .standard) ?? .standard
    }

    /// Reads a YAML file; errors name the file and, for YAML syntax and unknown keys, the line. `otherKeys` may
    /// stand at the top beside the config's (a run file's own settings), and are left to their reader; an
    /// `elsewhere` key is refused with its hint.
    public static func load(
        path: String, otherKeys: [String] = [], elsewhere: [String: String] = [:]
    ) throws -> NormalizeConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigError(file: path, message: "cannot read the file as UTF-8")
        }
        try SettingsKeyChecker.config(extra: otherKeys, elsewhere: elsewhere).check(
            text, file: path, notMapping: "a config file is a mapping of settings (fiscal_year_start:, synonyms: …)")
        do {
            let config = try YAMLDecoder().decode(NormalizeConfig.self, from: text)
            try config.validate(file: path)
            return config
        } catch let e as ConfigError {
            throw e
        } catch let e as YamlError {
            throw ConfigError(file: path, message: "\(e)")
        } catch let e as DecodingError {
            throw ConfigError(file: path, message: describe(e))
        }
    }

    func validate(file: String) throws {
        guard (1...12).contains(fiscalYearStart) else {
            throw ConfigError(file: file, message: "fiscal_year_start must be a month 1…12, not \(fiscalYearStart)")
        }
        let l = limits
        for (name, value) in [
            ("max_inflated_mib", Int(clamping: l.maxTotalInflated >> 20)), ("max_ratio", Int(clamping: l.maxRatio)),
            ("max_cell_bytes", l.maxCellBytes), ("max_row_mib", l.maxRowBytes >> 20), ("max_sheets", l.maxSheets),
            ("max_csv_mib", Int(clamping: l.maxCSVBytes >> 20)),
        ] where value < 1 {
            throw ConfigError(file: file, message: "limits.\(name) must be at least 1, not \(value)")
        }
        for role in synonyms.keys where ColumnRole(rawValue: role) == nil {
            throw ConfigError(
                file: file,
                message:
                    "synonyms: unknown column role '\(role)' (known: \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        for (i, s) in sheets.enumerated() {
            for (letter, role) in s.columns ?? [:] {
                guard ColumnRole(rawValue: role) != nil else {
                    throw ConfigError(
                        file: file, message: "sheets[\(i)].columns.\(letter): unknown column role '\(role)'")
                }
                guard CellReference.columnIndex(letter) != nil else {
                    throw ConfigError(file: file, message: "sheets[\(i)].columns: '\(letter)' is not a column letter")
                }
            }
        }
    }

    public static func describe(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "\(path(c)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(path(c)): missing '\(k.stringValue)'"
        @unknown default: return "\(e)"
        }
    }

    /// The override for a file and sheet, if any.
    public func override(file: String, sheet: String) -> SheetOverride? {
        let name = (file as NSString).lastPathComponent
        return sheets.first { o in
            Glob.matches(o.file, name) && (o.sheet == nil || o.sheet == sheet)
        }
    }

    /// The lexicon with this config's extra words.
    public var lexicon: Lexicon {
        Lexicon.standard.adding(
            lowerIsBetter: lowerIsBetter, activityWords: activityMetrics, additiveMetrics: additiveMetrics,
            flowMetrics: flowMetrics, levelMetrics: levelMetrics, outcomeWords: outcomeMetrics)
    }

    public var fiscal: FiscalCalendar { FiscalCalendar(startMonth: fiscalYearStart) }
}

/// A configuration file that cannot be used.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}

extension ConfigError: GoalSheetErrorConvertible {
    public func goalSheetError(file _: String, part _: String?) -> GoalSheetError {
        GoalSheetError(.invalidConfig, file: file, message)
    }
}
