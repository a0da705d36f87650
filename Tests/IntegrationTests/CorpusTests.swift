import Foundation
import GoalSheetCLI
import GoalSheetSupport
import Ingest
import OutputFormats
import SpreadsheetML
import Testing

/// `../shared/corpus` beside the repository (or `$GOALSHEET_CORPUS`).
enum Corpus {
    static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["GOALSHEET_CORPUS"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("README.md").path) }

    /// `GOALSHEET_SKIP_SHARED=1` runs the tests without `../shared` (the corpus tests are then skipped);
    /// without it a missing corpus fails `sharedCorpusIsThere`.
    static var skipAllowed: Bool { ProcessInfo.processInfo.environment["GOALSHEET_SKIP_SHARED"] == "1" }

    static func files(in folder: String, extensions: Set<String>) -> [URL] {
        let dir = root.appendingPathComponent(folder)
        let all =
            FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return all.filter { extensions.contains($0.pathExtension.lowercased()) }.sorted { $0.path < $1.path }
    }
}

/// A JSON value with the distinctions the references make (number vs bool, null vs "").
indirect enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? { if case .object(let o) = self { return o[key] } else { return nil } }
    var array: [JSONValue] { if case .array(let a) = self { return a } else { return [] } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s.prefix(60))\""
        case .array(let a): return "[\(a.count) items]"
        case .object(let o): return "{" + o.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ") + "}"
        }
    }
}

/// Cell equality as the corpus README defines it: null and "" are the same; numbers equal within 1e-12.
func sameCell(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .string("")), (.string(""), .null): return true
    case let (.number(x), .number(y)): return x == y || abs(x - y) <= 1e-12 * max(1, abs(x), abs(y))
    default: return a == b
    }
}

/// Where the reference is known to be wrong or lossy, per workbook, and the rule each differing
/// cell must satisfy for the difference to be that one (see docs/corpus-differences.md).
enum KnownDifference: String {
    /// The file stores an error (`t="e"`); the reference, built from python-calamine's "" plus
    /// openpyxl's view, lost it and says null.
    case referenceLostError
    /// A negative serial in a date format: python-calamine keeps only the time of day (README §3);
    /// we give the full date-time before 1900 that the serial means.
    case negativeSerial
    /// A serial below 1 on the 1904 system: python-calamine shows a bare time; on that system day 0
    /// is 1904-01-01, which is what Excel shows.
    case serialBelowOne1904
    /// `_xHHHH_` of a non-control character or surrogate pair: python-calamine leaves it as text;
    /// ECMA-376 §22.9.2.19 makes every `_xHHHH_` an escape, so we decode it.
    case xEscapeDecoded
    /// A `t="d"` cell with an ISO date-time python-calamine could not parse (trailing `Z`): we give the date.
    case isoDateCell

    func explains(ours: JSONValue, reference: JSONValue) -> Bool {
        switch self {
        case .referenceLostError:
            return ours["error"] != nil && (reference == .null || reference == .string(""))
        case .negativeSerial:
            guard let o = ours["date"]?.string, let r = reference["date"]?.string, !r.contains("-") else {
                return false
            }
            let time = o.contains("T") ? String(o.split(separator: "T")[1]) : "00:00:00"
            return o < "1900-01-01" && time == r
        case .serialBelowOne1904:
            guard let o = ours["date"]?.string, let r = reference["date"]?.string, !r.contains("-") else {
                return false
            }
            let time = o.contains("T") ? String(o.split(separator: "T")[1]) : "00:00:00"
            return o.hasPrefix("1904-01-01") && time == r
        case .xEscapeDecoded:
            guard let o = ours.string, let r = reference.string else { return false }
            return r.contains("_x") && !o.contains("_x")
        case .isoDateCell:
            guard let o = ours["date"]?.string, let r = reference.string else { return false }
            return r.hasPrefix(String(o.prefix(19)))
        }
    }
}

let knownDifferences: [String: KnownDifference] = [
    "xlsx/calamine/pivots.xlsx": .referenceLostError,
    "xlsx/openxmlsdk/Pivot2.xlsx": .referenceLostError,
    "xlsx/poi/bug60858.xlsx": .negativeSerial,
    "xlsx/sheetjs_test_files/LONumbers-2010.xlsx": .negativeSerial,
    "xlsx/sheetjs_test_files/LONumbers-2011.xlsx": .negativeSerial,
    "xlsx/sheetjs_test_files/LONumbers.xlsx": .negativeSerial,
    "xlsx/sheetjs_test_files/number_format.xlsm": .negativeSerial,
    "xlsx/sheetjs_test_files/number_format_russian.xlsm": .negativeSerial,
    "xlsx/umya/issue_296.xlsx": .negativeSerial,
    "xlsx/phpspreadsheet/issue.4724.xlsx": .xEscapeDecoded,
    "xlsx/exceljs/1904.xlsx": .serialBelowOne1904,
    "xlsx/xlsxwriter/date_1904_02.xlsx": .serialBelowOne1904,
    "xlsx/sheetjs_test_files/xlsx-stream-d-date-cell.xlsx": .isoDateCell,
]

/// Reads a workbook the way `goalsheet cat --all-sheets --format json` does, into memory.
func catJSON(_ path: String) throws -> (JSONValue, [GoalSheetError]) {
    let doc = try SpreadsheetDocument(path: path)
    let sink = ByteSink(fd: nil)
    let errors = CatRenderer.writeJSON(doc, sheets: doc.sheets, to: sink)
    return (try JSONDecoder().decode(JSONValue.self, from: Data(sink.collected)), errors)
}

@Suite("Real-world corpus")
struct CorpusTests {
    @Test("../shared/corpus is there, unless GOALSHEET_SKIP_SHARED=1 says to run without it")
    func sharedCorpusIsThere() {
        #expect(
            Corpus.available || Corpus.skipAllowed,
            "no corpus at \(Corpus.root.path): check out ../shared beside the repository, set GOALSHEET_CORPUS, or set GOALSHEET_SKIP_SHARED=1 to skip the corpus tests"
        )
    }

    @Test("every valid workbook matches its reference, cell by cell", .enabled(if: Corpus.available))
    func differential() throws {
        let refs = Corpus.files(in: "reference", extensions: ["json"])
        #expect(refs.count >= 356)
        var exact = 0
        var explained: [String] = []
        var failures: [String] = []
        for refURL in refs {
            let ref = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: refURL))
            guard let source = ref["source_file"]?.string else { continue }
            let path = Corpus.root.appendingPathComponent(source).path
            let ours: JSONValue
            do {
                ours = try catJSON(path).0
            } catch {
                failures.append("\(source): \(error)")
                continue
            }
            let diffs = differences(ours: ours, reference: ref)
            let known = knownDifferences[source]
            if diffs.isEmpty {
                exact += 1
                if known != nil {
                    failures.append("\(source): listed as a known difference but now matches exactly; update the list")
                }
            } else if let known,
                diffs.allSatisfy({ $0.kind == .cell && known.explains(ours: $0.ours, reference: $0.reference) })
            {
                explained.append("\(source) (\(diffs.count) cells, \(known.rawValue))")
            } else {
                failures.append(
                    "\(source): \(diffs.count) differences, e.g. " + diffs.prefix(3).map(\.text).joined(separator: "; ")
                )
            }
        }
        print(
            "corpus: \(exact) of \(refs.count) workbooks match the reference exactly; \(explained.count) differ where the reference is known wrong:"
        )
        explained.forEach { print("  \($0)") }
        #expect(failures.isEmpty, "\(failures.count) workbooks differ:\n\(failures.joined(separator: "\n"))")
        #expect(exact >= 343)
    }

    struct Difference {
        enum Kind { case sheet, cell }
        let kind: Kind
        let text: String
        let ours: JSONValue
        let reference: JSONValue
    }

    func differences(ours: JSONValue, reference: JSONValue) -> [Difference] {
        var out: [Difference] = []
        let a = ours["sheets"]?.array ?? []
        let b = reference["sheets"]?.array ?? []
        if a.map({ $0["name"] }) != b.map({ $0["name"] }) {
            return [
                Difference(
                    kind: .sheet,
                    text:
                        "sheet names \(a.map { $0["name"]?.string ?? "?" }) vs \(b.map { $0["name"]?.string ?? "?" })",
                    ours: .null, reference: .null)
            ]
        }
        for (so, sr) in zip(a, b) {
            let name = sr["name"]?.string ?? "?"
            for key in ["type", "visible"] where so[key] != sr[key] {
                out.append(
                    Difference(
                        kind: .sheet, text: "\(name) \(key) \(so[key]!) vs \(sr[key]!)", ours: .null, reference: .null))
            }
            if let e = so["error"] {
                out.append(Difference(kind: .sheet, text: "\(name): \(e)", ours: .null, reference: .null))
                continue
            }
            let ro = so["rows"]?.array ?? []
            let rr = sr["rows"]?.array ?? []
            for i in 0..<max(ro.count, rr.count) {
                let x = i < ro.count ? ro[i].array : []
                let y = i < rr.count ? rr[i].array : []
                for j in 0..<max(x.count, y.count) {
                    let u = j < x.count ? x[j] : .null
                    let v = j < y.count ? y[j] : .null
                    if !sameCell(u, v) {
                        let ref = CellReference(row: i, column: j).description
                        out.append(
                            Difference(
                                kind: .cell, text: "\(name)!\(ref) ours=\(u) reference=\(v)", ours: u, reference: v))
                    }
                }
            }
        }
        return out
    }

    /// What each hostile or broken file must give: a clean read, or an error of this kind.
    static let invalidExpectations: [(String, String)] = [
        ("calamine__issue252.xlsx", "size-mismatch"),
        ("closedxml__SheetsWithoutRelId.xlsx", "missing-part"),
        ("closedxml__lockfile_~$LoadPivotTables.xlsx", "not-a-zip"),
        ("closedxml__tdf111974.xlsm", "missing-part"),
        ("exceljs__invalid-xml.xlsx", "malformed-xml"),
        ("exceljs__missing-bits.xlsx", "missing-part"),
        ("exceljs__test-issue-176.xlsx", "ok"),
        ("exceljs__test-row-styles.xlsx", "ok"),
        ("openxmlsdk__FilterByCF.xlsx", "ok"),
        ("phpspreadsheet__issue.2501.b.xlsx", "ok"),
        ("phpspreadsheet__utf16be.bom.xlsx", "ok"),
        ("phpspreadsheet__utf16be.xlsx", "ok"),
        ("poi__54764-2.xlsx", "refused-dtd"),
        ("poi__54764.xlsx", "refused-dtd"),
        ("poi__60825.xlsx", "missing-part"),
        ("poi__64420.xlsm", "ok"),
        ("poi__clusterfuzz-testcase-minimized-POIFuzzer-5040805309710336.xlsx", "not-a-zip"),
        ("poi__clusterfuzz-testcase-minimized-POIXSSFFuzzer-4828727001088000.xlsx", "not-a-zip"),
        ("poi__clusterfuzz-testcase-minimized-POIXSSFFuzzer-5265527465181184.xlsx", "crc-mismatch"),
        ("poi__clusterfuzz-testcase-minimized-POIXSSFFuzzer-5937385319563264.xlsx", "crc-mismatch"),
        ("poi__clusterfuzz-testcase-minimized-POIXSSFFuzzer-6123461607817216.xlsx", "not-a-zip"),
        ("poi__clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5636439151607808.xlsx", "not-a-zip"),
        ("poi__clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-6594557414080512.xlsx", "not-a-zip"),
        ("poi__duplicate-filename-case-insensitive.xlsx", "duplicate-part"),
        ("poi__duplicate-filename.xlsx", "duplicate-part"),
        ("poi__invalid.xlsx", "not-a-zip"),
        ("poi__poc-shared-strings.xlsx", "bad-cell"),
        ("poi__poc-xmlbomb-empty.xlsx", "refused-dtd"),
        ("poi__poc-xmlbomb.xlsx", "refused-dtd"),
        ("poi__sample-beta.xlsx", "not-a-workbook"),
        ("poi__xlsx-corrupted.xlsx", "malformed-xml"),
        ("sheetjs_test_files__BlankSheetTypes.xlsm", "ok"),
        ("tealeg__badfile_noWorkbookRels.xlsx", "missing-part"),
        ("tealeg__badfile_noWorksheets.xlsx", "missing-part"),
        ("umya__tdf76115.xlsx", "ok"),
    ]

    /// `goalsheet cat`'s CSV goes from the part's bytes (shared strings and General numbers copied, no
    /// `Cell`); it must print what the `Cell` path prints, byte for byte, on every file.
    @Test(
        "the raw CSV path prints what the Cell path prints, on every valid workbook", .enabled(if: Corpus.available),
        arguments: [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")])
    func rawCSVPath(delimiter: UInt8) throws {
        var compared = 0
        var spilledTables = 0
        var failures: [String] = []
        for url in Corpus.files(in: "xlsx", extensions: ["xlsx", "xlsm"]) {
            guard let doc = try? SpreadsheetDocument(path: url.path) else { continue }
            let raw = ByteSink(fd: nil), cells = ByteSink(fd: nil)
            let e1 = CatRenderer.writeDelimited(doc, sheets: doc.sheets, delimiter: delimiter, to: raw)
            let e2 = CatRenderer.writeDelimited(
                doc, sheets: doc.sheets, delimiter: delimiter, to: cells, rawPath: false)
            if delimiter == UInt8(ascii: ","),
                let spilledDoc = try? SpreadsheetDocument(path: url.path, sharedStringMemoryLimit: 0)
            {
                // Every shared string table in a temporary file, read back through the block cache.
                let spilled = ByteSink(fd: nil)
                let e3 = CatRenderer.writeDelimited(
                    spilledDoc, sheets: spilledDoc.sheets, delimiter: delimiter, to: spilled)
                if spilled.collected != cells.collected || e3.map(\.description) != e2.map(\.description) {
                    failures.append(
                        "\(url.lastPathComponent): printed otherwise with the shared strings in a temporary file")
                }
                if spilledDoc.workbook?.sharedStrings.isSpilled == true { spilledTables += 1 }
            }
            if raw.collected != cells.collected || e1.map(\.description) != e2.map(\.description) {
                let a = String(decoding: raw.collected, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let b = String(decoding: cells.collected, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                failures.append(
                    "\(url.lastPathComponent) line \(line + 1): raw \(a.count > line ? String(a[line].prefix(80)) : "-") / cells \(b.count > line ? String(b[line].prefix(80)) : "-"); errors \(e1.count)/\(e2.count)"
                )
            }
            compared += 1
        }
        #expect(compared >= 356)
        if delimiter == UInt8(ascii: ",") { #expect(spilledTables >= 200) }
        #expect(failures.isEmpty, "\(failures.count) differ:\n\(failures.joined(separator: "\n"))")
    }

    @Test(
        "every invalid file gives a clear error or a clean read, never a crash or hang",
        .enabled(if: Corpus.available), .timeLimit(.minutes(2)),
        arguments: invalidExpectations)
    func invalid(file: String, expected: String) throws {
        let path = Corpus.root.appendingPathComponent("xlsx-invalid").appendingPathComponent(file).path
        var got = "ok"
        var message = ""
        do {
            let (_, errors) = try catJSON(path)
            if let first = errors.first { got = first.kind.rawValue; message = first.description }
        } catch let e as GoalSheetError {
            got = e.kind.rawValue
            message = e.description
        }
        #expect(got == expected, "\(file): \(message)")
        if got != "ok" {
            // The message names the file it is about.
            #expect(message.contains(file))
        }
    }

    @Test("the invalid set is covered by the table", .enabled(if: Corpus.available))
    func invalidSetCovered() {
        let onDisk = Set(
            (try? FileManager.default.contentsOfDirectory(
                atPath: Corpus.root.appendingPathComponent("xlsx-invalid").path)) ?? [])
        #expect(onDisk == Set(CorpusTests.invalidExpectations.map(\.0)))
    }

    @Test("UTF-16BE parts read as libxml2 decodes them", .enabled(if: Corpus.available))
    func utf16() throws {
        let (json, errors) = try catJSON(
            Corpus.root.appendingPathComponent("xlsx-invalid/phpspreadsheet__utf16be.xlsx").path)
        #expect(errors.isEmpty)
        #expect(json["sheets"]?.array.first?["rows"] == .array([.array([.number(1)])]))
    }
}
