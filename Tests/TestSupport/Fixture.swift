import Foundation
import SpreadsheetML
import ZIPArchive

/// Builds small workbooks part by part, so each test shows the exact XML it reads (shared by the test targets).
public struct Fixture: Sendable {
    public static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    public static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    public var sheets: [(name: String, xml: String)] = []
    public var sharedStrings: String?
    public var styles: String?
    public var workbookPr = ""
    public var extraWorkbook = ""
    /// More `<sheet>` elements, written after the fixture's own inside `<sheets>`.
    public var extraSheets = ""

    public init(sheets: [(name: String, xml: String)] = [], sharedStrings: String? = nil, styles: String? = nil) {
        self.sheets = sheets
        self.sharedStrings = sharedStrings
        self.styles = styles
    }

    /// A worksheet with this `<sheetData>` content.
    public static func sheet(_ sheetData: String, extra: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheetData>\(sheetData)</sheetData>\(extra)</worksheet>"
    }

    /// An `<sst>` with these items (each the inside of an `<si>`).
    public static func sst(_ items: [String]) -> String {
        "<sst xmlns=\"\(main)\" count=\"\(items.count)\" uniqueCount=\"\(items.count)\">"
            + items.map { "<si>\($0)</si>" }.joined() + "</sst>"
    }

    /// A styles part whose `cellXfs` use these number format ids, with optional custom codes.
    public static func styles(xfs: [Int], custom: [Int: String] = [:]) -> String {
        let fmts =
            custom.isEmpty
            ? ""
            : "<numFmts count=\"\(custom.count)\">"
                + custom.sorted { $0.key < $1.key }.map {
                    "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\($0.value.replacingOccurrences(of: "\"", with: "&quot;"))\"/>"
                }.joined() + "</numFmts>"
        return "<styleSheet xmlns=\"\(main)\">\(fmts)<cellXfs count=\"\(xfs.count)\">"
            + xfs.map { "<xf numFmtId=\"\($0)\"/>" }.joined() + "</cellXfs></styleSheet>"
    }

    public func write() throws -> String {
        let path = NSTemporaryDirectory() + "goalsheet-fixture-\(UUID().uuidString).xlsx"
        let w = try ZipWriter(path: path)
        var overrides =
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in sheets.indices {
            overrides +=
                "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        try w.add(
            name: "[Content_Types].xml",
            text:
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>\(overrides)</Types>"
        )
        try w.add(
            name: "_rels/.rels",
            text:
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        )
        var rels = ""
        var sheetList = ""
        for (i, s) in sheets.enumerated() {
            rels +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
            sheetList +=
                "<sheet name=\"\(s.name.replacingOccurrences(of: "&", with: "&amp;"))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        if sharedStrings != nil {
            rels +=
                "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        if styles != nil {
            rels +=
                "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"/xl/styles.xml\"/>"
        }
        try w.add(
            name: "xl/workbook.xml",
            text:
                "<workbook xmlns=\"\(Fixture.main)\" xmlns:r=\"\(Fixture.rel)\">\(workbookPr)<sheets>\(sheetList)\(extraSheets)</sheets>\(extraWorkbook)</workbook>"
        )
        try w.add(
            name: "xl/_rels/workbook.xml.rels",
            text:
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
        )
        for (i, s) in sheets.enumerated() { try w.add(name: "xl/worksheets/sheet\(i + 1).xml", text: s.xml) }
        if let sharedStrings { try w.add(name: "xl/sharedStrings.xml", text: sharedStrings) }
        if let styles { try w.add(name: "xl/styles.xml", text: styles) }
        try w.finish()
        return path
    }

    /// Writes the workbook and reads every row of its first sheet.
    public func rows() throws -> (Workbook, [Row]) {
        let path = try write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        return (wb, try wb.rows(of: wb.sheets[0]).readAll())
    }

    /// The values of the first sheet as a map from A1 references.
    public func values() throws -> [String: CellValue] {
        var out: [String: CellValue] = [:]
        for r in try rows().1 { for c in r.cells { out[c.reference] = c.value } }
        return out
    }
}
