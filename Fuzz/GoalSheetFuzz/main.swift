// libFuzzer targets over the reader (`make fuzz`). Built with `-sanitize=fuzzer,address -parse-as-library`,
// libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` with each input; built plainly (as
// `swift build` does) this file is an empty program. The target is chosen by GOALSHEET_FUZZ_TARGET:
//   zip           the input is a whole .xlsx: every sheet read on both paths, then normalized
//   worksheet     the input is xl/worksheets/sheet1.xml of a fixed workbook
//   sharedstrings the input is xl/sharedStrings.xml (the sheet uses items 0…15)
//   styles        the input is xl/styles.xml (the sheet's numbers use styles 0…15, shown as Excel would)
//   csv           the input is a CSV file's bytes
//   values        the input is one cell's text: the value, range, date and goal-sentence parsers
import Foundation
import GoalModel
import GoalSheetSupport
import Ingest
import Normalize
import SpreadsheetML
import ZIPArchive

enum FuzzTarget: String {
    case zip, worksheet, sharedstrings, styles, csv, values

    static let chosen: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["GOALSHEET_FUZZ_TARGET"] ?? "zip"
        guard let t = FuzzTarget(rawValue: name) else { fatalError("GOALSHEET_FUZZ_TARGET: unknown target \(name)") }
        return t
    }()

    /// Where each input is written for the readers that take a path (in memory on Linux).
    static let scratch = "/dev/shm/goalsheet-fuzz-\(getpid())"
}

/// A minimal workbook around one fuzzed part.
enum Frame {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let cells = (0..<16).map { i in
        "<c r=\"\(CellReference.columnName(i % 4))\(i / 4 + 1)\" t=\"s\"><v>\(i)</v></c><c r=\"\(CellReference.columnName(4 + i % 4))\(i / 4 + 1)\" s=\"\(i)\"><v>\(Double(i) * 1234.5678 - 4000)</v></c>"
    }.joined()
    static let sheet = "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\">\(cells)</row></sheetData></worksheet>"
    static let strings = "<sst xmlns=\"\(main)\">" + (0..<16).map { "<si><t>目標\($0)</t></si>" }.joined() + "</sst>"

    static func write(sheet: [UInt8]? = nil, strings: [UInt8]? = nil, styles: [UInt8]? = nil, to path: String) throws {
        let w = try ZipWriter(path: path)
        try w.add(
            name: "[Content_Types].xml",
            text:
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>",
            level: 0)
        try w.add(
            name: "_rels/.rels",
            text:
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            level: 0)
        try w.add(
            name: "xl/workbook.xml",
            text:
                "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"目標\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            level: 0)
        try w.add(
            name: "xl/_rels/workbook.xml.rels",
            text:
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>",
            level: 0)
        try w.add(name: "xl/worksheets/sheet1.xml", data: sheet ?? Array(Frame.sheet.utf8), level: 0)
        try w.add(name: "xl/sharedStrings.xml", data: strings ?? Array(Frame.strings.utf8), level: 0)
        try w.add(name: "xl/styles.xml", data: styles ?? Array("<styleSheet xmlns=\"\(main)\"/>".utf8), level: 0)
        try w.finish()
    }
}

/// Reads every sheet of a workbook or CSV file on both paths, shows each value, and normalizes it.
func readEverything(_ path: String) {
    guard let doc = try? SpreadsheetDocument(path: path) else { return }
    for sheet in doc.sheets {
        guard let cursor = try? doc.rows(of: sheet) else { continue }
        while let row = try? cursor.next() {
            for c in row.cells { _ = CellDisplay.text(c.value, format: doc.numberFormat(of: c)) }
        }
    }
    if let wb = doc.workbook {
        for s in wb.sheets {
            try? wb.rows(of: s).forEachRawRow { row in for k in row.cells.indices { _ = row.value(k) } }
        }
    }
    _ = Normalizer().run([GoalInput(path: path, isCompany: false)])
}

func parseValues(_ text: String) {
    _ = QuantityParser.scan(text)
    _ = QuantityParser.parseValue(text)
    _ = ValueRange.parse(text)
    _ = RelativeTarget.parse(text, lexicon: .standard)
    _ = DateParser.parse(text)
    _ = GoalTextParser.parse(text)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let path = FuzzTarget.scratch + (FuzzTarget.chosen == .csv ? ".csv" : ".xlsx")
    defer { unlink(path) }
    do {
        switch FuzzTarget.chosen {
        case .zip:
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
        case .worksheet: try Frame.write(sheet: bytes, to: path)
        case .sharedstrings: try Frame.write(strings: bytes, to: path)
        case .styles: try Frame.write(styles: bytes, to: path)
        case .csv:
            _ = try? CSVReader.parse(data: Data(bytes), file: "fuzz.csv")
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
        case .values:
            parseValues(String(decoding: bytes, as: UTF8.self))
            return 0
        }
    } catch {
        fatalError("the fuzz frame could not be written: \(error)")
    }
    readEverything(path)
    return 0
}
