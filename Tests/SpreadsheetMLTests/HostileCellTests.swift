import Foundation
import GoalSheetSupport
import SpreadsheetML
import TestSupport
import Testing
import ZIPArchive

/// Cells a hostile or careless writer puts where a stream cannot hold them: too long, or in another row.
@Suite("Hostile cells: bounds and placement")
struct HostileCellTests {
    /// The first sheet through both paths: `Cell`s (`readAll`) and raw rows, as (row, [reference: value]).
    static func bothPaths(_ f: Fixture) throws -> (cells: [[String]], raw: [[String]]) {
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        let cells = try wb.rows(of: wb.sheets[0]).readAll().map { r in r.cells.map { "\($0.reference)=\($0.value)" } }
        var raw: [[String]] = []
        try wb.rows(of: wb.sheets[0]).forEachRawRow { row in
            raw.append(
                row.cells.indices.map {
                    "\(CellReference(row: row.cells[$0].row, column: row.cells[$0].column))=\(row.value($0))"
                })
        }
        return (cells, raw)
    }

    static let over = String(repeating: "8", count: (1 << 20) + 1)

    @Test(
        "a cell over 1 MiB of text is over-limit, naming the cell and what was too long",
        arguments: [
            ("<c r=\"B2\"><v>\(over)</v></c>", "its value"),
            ("<c r=\"B2\"><f>\(over)</f><v>1</v></c>", "its formula"),
            (
                "<c r=\"B2\" t=\"inlineStr\"><is><r><t>\(over.prefix(1 << 19))</t></r><r><t>\(over.prefix((1 << 19) + 1))</t></r></is></c>",
                "its text"
            ),
        ])
    func cellOverLimit(_ cell: String, _ what: String) throws {
        var f = Fixture()
        f.sheets = [("目標", Fixture.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\">\(cell)</row>"))]
        #expect {
            _ = try f.rows()
        } throws: { error in
            let e = error as? GoalSheetError
            return e?.kind == .overLimit && e?.cell == "B2" && e?.sheet == "目標" && e?.part == "xl/worksheets/sheet1.xml"
                && e?.message
                    == "\(what) is over 1 MiB (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
        }
    }

    @Test("a cell of exactly 1 MiB is read whole")
    func cellAtTheLimit() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(Self.over.dropLast())</t></is></c></row>")
            )
        ]
        #expect(try f.values()["A1"] == .text(String(Self.over.dropLast())))
    }

    @Test("a shared string item over 1 MiB is over-limit, naming the item")
    func sharedStringOverLimit() throws {
        var f = Fixture()
        f.sharedStrings = Fixture.sst(["<t>目標</t>", "<t>\(Self.over)</t>"])
        f.sheets = [("S", Fixture.sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"))]
        #expect {
            _ = try f.rows()
        } throws: { error in
            let e = error as? GoalSheetError
            return e?.kind == .overLimit && e?.part == "xl/sharedStrings.xml"
                && e?.message
                    == "shared string item 2 holds more than 1 MiB of text (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
        }
    }

    @Test("a cell naming the next row joins it, and of two cells at one place the later wins, on both paths")
    func cellNamingTheNextRow() throws {
        // xlsx2csv's skip_empty_lines.xlsx: <row r="3"> holds A4, then <row r="4"> holds A4 again.
        var f = Fixture()
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    """
                    <row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>
                    <row r="3"><c r="A4"><v>3</v></c><c r="C4"><v>30</v></c></row>
                    <row r="4"><c r="A4"><v>4</v></c><c r="B4"><v>40</v></c></row>
                    <row r="5" hidden="1"><c r="A5" t="inlineStr"><is><t>五</t></is></c></row>
                    """)
            )
        ]
        let (cells, raw) = try Self.bothPaths(f)
        let expected = [
            ["A1=number(1.0)", "B1=number(2.0)"], ["A4=number(4.0)", "B4=number(40.0)", "C4=number(30.0)"],
            ["A5=text(\"五\")"],
        ]
        #expect(cells == expected)
        #expect(raw == expected)
    }

    @Test(
        "a cell naming a row already read is a bad-cell error on both paths, never a cell moved or a row printed twice",
        arguments: [
            (
                "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"5\"><c r=\"A5\"><v>5</v></c><c r=\"B1\"><v>99</v></c></row>",
                "B1", 1, 5, 5
            ),
            ("<row r=\"5\"><c r=\"A5\"><v>5</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>", "A2", 2, 2, 5),
        ])
    func cellNamingAnEarlierRow(_ xml: String, _ ref: String, _ row: Int, _ inside: Int, _ reached: Int) throws {
        var f = Fixture()
        f.sheets = [("S", Fixture.sheet(xml))]
        let message =
            "names row \(row) inside <row r=\"\(inside)\">, after the rows had reached row \(reached) (cells must come in row order); not read"
        #expect {
            _ = try Self.bothPaths(f)
        } throws: { error in
            let e = error as? GoalSheetError
            return e?.kind == .badCell && e?.cell == ref && e?.message == message
        }
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        #expect {
            try wb.rows(of: wb.sheets[0]).forEachRawRow { _ in }
        } throws: { error in
            (error as? GoalSheetError)?.kind == .badCell && (error as? GoalSheetError)?.message == message
        }
    }

    @Test("limits are the run's: a lower cell bound refuses a smaller cell")
    func configuredLimit() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(String(repeating: "目", count: 100))</t></is></c></row>"
                )
            )
        ]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var limits = ReadLimits.standard
        limits.maxCellBytes = 299
        #expect(ReadLimits.sizeText(299) == "299 bytes")
        let e = #expect(throws: GoalSheetError.self) {
            let wb = try Workbook(path: path)
            _ = try wb.rows(of: wb.sheets[0], limits: limits).readAll()
        }
        #expect(
            e?.message
                == "its text is over 299 bytes (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
        )
    }

    @Test("a sheet whose relationship points at the workbook part is an error, not an empty sheet")
    func sheetPointingAtTheWorkbook() throws {
        var f = Fixture()
        f.sheets = [("S", Fixture.sheet(""))]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Rewrite the workbook relationships so that the sheet's target is the workbook itself.
        let zip = try ZipArchive(path: path)
        let out = path + ".cyclic.xlsx"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let w = try ZipWriter(path: out)
        for e in zip.entries {
            if e.name == "xl/_rels/workbook.xml.rels" {
                try w.add(
                    name: e.name,
                    text:
                        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(Fixture.rel)/worksheet\" Target=\"workbook.xml\"/></Relationships>"
                )
            } else {
                try w.copyRaw(e, from: zip)
            }
        }
        try w.finish()
        let wb = try Workbook(path: out)
        let e = #expect(throws: GoalSheetError.self) { _ = try wb.rows(of: wb.sheets[0]).readAll() }
        #expect(e?.kind == .notAWorkbook && e?.part == "xl/workbook.xml")
        #expect(
            e?.message
                == "the sheet's part has the root <workbook>, not <worksheet> (its relationship points at another kind of part); not read"
        )
    }

    @Test("a binary workbook (.xlsb) with content types is named as one")
    func xlsbWithContentTypes() throws {
        let path = NSTemporaryDirectory() + "goalsheet-\(UUID().uuidString).xlsb"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ZipWriter(path: path)
        try w.add(
            name: "[Content_Types].xml",
            text:
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/></Types>"
        )
        try w.add(
            name: "_rels/.rels",
            text:
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(Fixture.rel)/officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>"
        )
        try w.add(name: "xl/workbook.bin", data: [0x83, 0x01, 0x00])
        try w.finish()
        let e = #expect(throws: GoalSheetError.self) { _ = try Workbook(path: path) }
        #expect(e?.kind == .xlsb && e?.part == "xl/workbook.bin")
        #expect(
            e?.message
                == "this is a binary workbook (.xlsb, its workbook part is BIFF12), which is not supported; save it as .xlsx"
        )
    }
}
