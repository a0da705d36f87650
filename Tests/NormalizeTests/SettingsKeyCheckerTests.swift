import Foundation
import Testing

@testable import Normalize

@Suite("Settings keys")
struct SettingsKeyCheckerTests {
    /// The message `NormalizeConfig.load` throws for `yaml`, or nil when it loads.
    func loadError(_ yaml: String) throws -> String? {
        let path = NSTemporaryDirectory() + "goalsheet-keys-\(UUID().uuidString).yaml"  // tests run at once
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try NormalizeConfig.load(path: path)
            return nil
        } catch let e as ConfigError {
            #expect(e.file == path)
            return e.message
        }
    }

    @Test func aMisspeltTopLevelKeyNamesItsLineAndTheNearestKey() throws {
        #expect(
            try loadError("tolerance: 0.2\nfiscal_year_strt: 1\n")
                == "line 2: unknown key 'fiscal_year_strt' (known: synonyms, sheets, tolerance, fiscal_year_start, "
                + "lower_is_better, activity_metrics, outcome_metrics, additive_metrics, flow_metrics, level_metrics, "
                + "tree_tolerance, limits); did you mean 'fiscal_year_start'?")
    }

    @Test func aMisspeltKeyInASheetsItemNamesTheItem() throws {
        let yaml = """
            sheets:
              - file: "a.xlsx"
                columns: { B: title }
              - file: "b.xlsx"
                colums: { B: title }
            """
        #expect(
            try loadError(yaml)
                == "line 5: unknown key 'colums' in sheets[1] (known: file, sheet, columns, department, level, skip, "
                + "header_row); did you mean 'columns'?")
    }

    @Test func aMisspeltLimitIsAnError() throws {
        #expect(
            try loadError("limits: { max_sheet: 3 }\n")?.hasPrefix("line 1: unknown key 'max_sheet' in limits") == true)
        #expect(try loadError("limits: { max_sheet: 3 }\n")?.hasSuffix("did you mean 'max_sheets'?") == true)
    }

    @Test func aMergedMappingsKeysAreCheckedWhereTheyAreMerged() throws {
        let merged = "sheets:\n  - &base\n    file: a.xlsx\n    header_row: 2\n  - <<: *base\n    file: b.xlsx\n"
        #expect(try loadError(merged) == nil)
        let misspelt = "sheets:\n  - &base\n    file: a.xlsx\n    headr_row: 2\n  - <<: *base\n    file: b.xlsx\n"
        #expect(try loadError(misspelt)?.hasPrefix("line 4: unknown key 'headr_row' in sheets[0]") == true)
    }

    @Test func aKeyFarFromEveryKnownOneHasNoSuggestion() throws {
        #expect(try loadError("department_names: [x]\n")?.hasSuffix("level_metrics, tree_tolerance, limits)") == true)
    }

    @Test func synonymsAndColumnsKeepTheirOwnChecks() throws {
        // Their keys are roles and column letters, checked against those, not against a fixed key list.
        #expect(try loadError("synonyms:\n  target: [必達]\nsheets:\n  - file: a.xlsx\n    columns: {B: title}\n") == nil)
        #expect(
            try loadError("sheets:\n  - file: a.xlsx\n    columns: {B: titel}\n")
                == "sheets[0].columns.B: unknown column role 'titel'")
    }

    @Test func aRunFileMayHaveItsOwnKeysAtTheTopOnly() throws {
        let checker = SettingsKeyChecker.config(extra: ["company"])
        #expect(throws: Never.self) {
            try checker.check("company: a.xlsx\nlimits: {max_sheets: 2}\n", file: "r.yml", notMapping: "")
        }
        #expect {
            try checker.check("sheets:\n  - company: a.xlsx\n", file: "r.yml", notMapping: "")
        } throws: { ($0 as? ConfigError)?.message.hasPrefix("line 2: unknown key 'company' in sheets[0]") == true }
        #expect {
            try checker.check("- company\n", file: "r.yml", notMapping: "not a mapping")
        } throws: { ($0 as? ConfigError)?.description == "r.yml: not a mapping" }
    }

    @Test(arguments: [
        ("as-of", "as_of", 0), ("colums", "columns", 1), ("kitten", "sitting", 3), ("", "abc", 3),
        ("tolerance", "tolerance", 0),
    ])
    func editDistance(_ a: String, _ b: String, _ d: Int) {
        let fold = { (s: String) in Array(s.replacingOccurrences(of: "-", with: "_")) }
        #expect(EditDistance.between(fold(a), fold(b)) == d)
        #expect(EditDistance.between(fold(b), fold(a)) == d)
    }
}
