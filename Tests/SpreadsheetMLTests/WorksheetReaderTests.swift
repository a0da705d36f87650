import Foundation
import GoalSheetSupport
import OPCPackage
import SpreadsheetML
import TestSupport
import Testing
import ZIPArchive

@Suite("Worksheet reader")
struct WorksheetReaderTests {
    @Test("a sheet on another sheet's part is not read twice, and a thousand sheets is the bound")
    func sheetsOwnTheirParts() throws {
        var f = Fixture()
        f.sheets = [("目標", Fixture.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))]
        f.extraSheets = "<sheet name=\"写し\" sheetId=\"2\" r:id=\"rId1\"/>"
        let first = try f.write()
        defer { try? FileManager.default.removeItem(atPath: first) }
        let wb = try Workbook(path: first)
        #expect(wb.sheets.map(\.part) == ["xl/worksheets/sheet1.xml", nil])
        #expect(wb.sheets[1].problem == "shares its part xl/worksheets/sheet1.xml with sheet '目標'")
        f.extraSheets = (2...ReadLimits.standard.maxSheets + 1).map {
            "<sheet name=\"S\($0)\" sheetId=\"\($0)\" r:id=\"rId1\"/>"
        }.joined()
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Workbook(path: path)
        } throws: { error in
            (error as? GoalSheetError)?.kind == .overLimit
                && (error as? GoalSheetError)?.message
                    == "lists 1001 sheets (more than 1000, limits.max_sheets); not read"
        }
    }

    @Test(
        "a cell reference beyond XFD or row 1048576 is an error naming the cell, not a cell put elsewhere",
        arguments: ["XFE1", "A1048577", "A0", "B"])
    func referencesBeyondTheSheet(_ ref: String) throws {
        var f = Fixture()
        f.sheets = [("目標", Fixture.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"\(ref)\"><v>2</v></c></row>"))]
        #expect {
            _ = try f.rows()
        } throws: { error in
            let e = error as? GoalSheetError
            return e?.kind == .badCell && e?.cell == ref
                && e?.message == "'\(ref)' is not a cell reference (columns A to XFD, rows 1 to 1048576)"
        }
    }

    @Test("Japanese shared strings: phonetic runs dropped, rich text joined")
    func japaneseSharedStrings() throws {
        var f = Fixture()
        f.sharedStrings = Fixture.sst([
            "<t>営業部</t><rPh sb=\"0\" eb=\"3\"><t>エイギョウブ</t></rPh><phoneticPr fontId=\"1\"/>",
            "<r><rPr><b/></rPr><t>解約率を</t></r><r><t xml:space=\"preserve\"> 月8% → 月3%</t></r><rPh sb=\"0\" eb=\"3\"><t>カイヤクリツ</t></rPh>",
            "<t>  前後の空白  </t>",
            "<t xml:space=\"preserve\">  前後の空白  </t>",
            "<t>line_x000D_break_x005F_x0041_</t>",
        ])
        f.sheets = [
            (
                "目標",
                Fixture.sheet(
                    """
                    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
                    """)
            )
        ]
        let v = try f.values()
        #expect(v["A1"] == .text("営業部"))
        #expect(v["B1"] == .text("解約率を 月8% → 月3%"))
        #expect(v["C1"] == .text("前後の空白"))
        #expect(v["D1"] == .text("  前後の空白  "))
        #expect(v["E1"] == .text("line\rbreak_x0041_"))
    }

    @Test("every cell type: n s str inlineStr b e d, and formulas with their cached values")
    func cellTypes() throws {
        var f = Fixture()
        f.sharedStrings = Fixture.sst(["<t>共有</t>"])
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    """
                    <row r="1">
                      <c r="A1"><v>42</v></c>
                      <c r="B1" t="n"><v>-1.5E-3</v></c>
                      <c r="C1" t="s"><v>0</v></c>
                      <c r="D1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>
                      <c r="E1" t="inlineStr"><is><t>インライン</t></is></c>
                      <c r="F1" t="b"><v>1</v></c>
                      <c r="G1" t="b"><v>0</v></c>
                      <c r="H1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
                      <c r="I1" t="d"><v>2025-12-31T12:00:00</v></c>
                      <c r="J1"><f>SUM(A1:B1)</f><v>41.9985</v></c>
                      <c r="K1" s="0"/>
                      <c r="L1" t="inlineStr"></c>
                    </row>
                    """)
            )
        ]
        let (_, rows) = try f.rows()
        let cells = rows[0].cells
        let byRef = Dictionary(uniqueKeysWithValues: cells.map { ($0.reference, $0) })
        #expect(byRef["A1"]?.value == .number(42))
        #expect(byRef["B1"]?.value == .number(-0.0015))
        #expect(byRef["C1"]?.value == .text("共有"))
        #expect(byRef["D1"]?.value == .text("ab"))
        #expect(byRef["D1"]?.formula == "\"a\"&\"b\"")
        #expect(byRef["E1"]?.value == .text("インライン"))
        #expect(byRef["F1"]?.value == .bool(true))
        #expect(byRef["G1"]?.value == .bool(false))
        #expect(byRef["H1"]?.value == .error("#DIV/0!"))
        #expect(byRef["H1"]?.formula == "1/0")
        #expect(byRef["I1"]?.value == .date(ExcelDate(serial: 46022.5, is1904: false)))
        #expect(byRef["J1"]?.value == .number(41.9985))
        #expect(byRef["J1"]?.formula == "SUM(A1:B1)")
        // Empty cells (styled or an inlineStr without <is>) are not reported.
        #expect(byRef["K1"] == nil)
        #expect(byRef["L1"] == nil)
        #expect(cells.count == 10)
    }

    @Test("prefixed namespace (x:c) and Strict OOXML namespace read the same")
    func namespaces() throws {
        var prefixed = Fixture()
        prefixed.sheets = [
            (
                "S",
                """
                <x:worksheet xmlns:x="\(Fixture.main)"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c><x:c r="C2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>
                """
            )
        ]
        #expect(try prefixed.values() == ["B2": .text("x"), "C2": .number(7)])
        var strict = Fixture()
        strict.sheets = [
            (
                "S",
                """
                <worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row r="1"><c r="A1"><v>3</v></c></row></sheetData></worksheet>
                """
            )
        ]
        #expect(try strict.values() == ["A1": .number(3)])
    }

    @Test("rows and cells without r, out-of-order cells, a wrong <dimension>")
    func missingReferences() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    """
                    <row><c><v>1</v></c><c><v>2</v></c></row>
                    <row><c><v>3</v></c><c r="D2"><v>4</v></c><c><v>5</v></c></row>
                    <row r="5"><c r="C5"><v>6</v></c><c r="A5"><v>7</v></c></row>
                    """
                ).replacingOccurrences(of: "<sheetData>", with: "<dimension ref=\"A1\"/><sheetData>")
            )
        ]
        let (_, rows) = try f.rows()
        #expect(rows.map(\.index) == [0, 1, 4])
        #expect(rows[0].cells.map(\.reference) == ["A1", "B1"])
        #expect(rows[1].cells.map(\.reference) == ["A2", "D2", "E2"])
        #expect(rows[2].cells.map(\.reference) == ["A5", "C5"])
        #expect(rows[2].cells.map(\.value) == [.number(7), .number(6)])
    }

    @Test("merged ranges, hidden rows and columns")
    func structure() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                """
                <worksheet xmlns="\(Fixture.main)"><cols><col min="2" max="3" hidden="1" width="0"/></cols><sheetData>
                <row r="1"><c r="A1" t="inlineStr"><is><t>2025年度 営業部 目標</t></is></c></row>
                <row r="2" hidden="1"><c r="A2"><v>1</v></c></row></sheetData>
                <mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="G:H"/></mergeCells></worksheet>
                """
            )
        ]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        let reader = try wb.rows(of: wb.sheets[0])
        let rows = try reader.readAll()
        #expect(rows.map(\.isHidden) == [false, true])
        #expect(reader.mergedRanges.map(\.description) == ["A1:E1", "G1:H1048576"])
        #expect(reader.hiddenColumns == [1...2])
    }

    @Test("dates: 1900 system with the leap-year bug, 1904 system, times and durations")
    func dates() throws {
        var f = Fixture()
        f.styles = Fixture.styles(xfs: [0, 14, 21, 46, 9, 31, 176], custom: [176: "yyyy/m/d h:mm"])
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    """
                    <row r="1"><c r="A1" s="1"><v>59</v></c><c r="B1" s="1"><v>61</v></c><c r="C1" s="1"><v>46022</v></c>
                    <c r="D1" s="2"><v>0.5</v></c><c r="E1" s="3"><v>1.5</v></c><c r="F1" s="4"><v>0.68</v></c>
                    <c r="G1" s="5"><v>46022</v></c><c r="H1" s="6"><v>46022.75</v></c></row>
                    """)
            )
        ]
        let v = try f.values()
        #expect(v["A1"].flatMap(iso) == "1900-02-28")
        #expect(v["B1"].flatMap(iso) == "1900-03-01")
        #expect(v["C1"].flatMap(iso) == "2025-12-31")
        #expect(v["D1"].flatMap(iso) == "12:00:00")
        #expect(v["E1"] == .duration(days: 1.5))
        #expect(v["F1"] == .number(0.68))
        #expect(v["G1"].flatMap(iso) == "2025-12-31")  // built-in 31: yyyy"年"m"月"d"日"
        #expect(v["H1"].flatMap(iso) == "2025-12-31T18:00:00")

        var f1904 = Fixture()
        f1904.workbookPr = "<workbookPr date1904=\"1\"/>"
        f1904.styles = Fixture.styles(xfs: [0, 14])
        f1904.sheets = [
            (
                "S",
                Fixture.sheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>44560</v></c></row>")
            )
        ]
        let w = try f1904.values()
        #expect(w["A1"].flatMap(iso) == "1904-01-01")
        #expect(w["B1"].flatMap(iso) == "2025-12-31")
    }

    func iso(_ v: CellValue) -> String? { if case .date(let d) = v { return d.isoString } else { return nil } }

    @Test("shared formulas are translated to each cell")
    func sharedFormulas() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    """
                    <row r="2"><c r="C2"><f t="shared" ref="C2:C4" si="0">A2*$B$1+SUM(A$2:A2)</f><v>1</v></c></row>
                    <row r="3"><c r="C3"><f t="shared" si="0"/><v>2</v></c></row>
                    <row r="4"><c r="D4"><f t="shared" si="0"/><v>3</v></c></row>
                    """)
            )
        ]
        let (_, rows) = try f.rows()
        #expect(
            rows.map { $0.cells[0].formula } == ["A2*$B$1+SUM(A$2:A2)", "A3*$B$1+SUM(A$2:A3)", "B4*$B$1+SUM(B$2:B4)"])
    }

    @Test("a bad shared string index names file, part, sheet and cell")
    func badIndex() throws {
        var f = Fixture()
        f.sharedStrings = Fixture.sst(["<t>a</t>"])
        f.sheets = [("営業部", Fixture.sheet("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row>"))]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        let error = #expect(throws: GoalSheetError.self) { try wb.rows(of: wb.sheets[0]).readAll() }
        #expect(error?.kind == .badCell)
        #expect(
            error?.description
                == "\(path): xl/worksheets/sheet1.xml: sheet '営業部': cell B3: line 2: shared string index '7' is not in the shared string table (1 strings)"
        )
    }

    @Test("a part with a DOCTYPE is refused before any entity is declared")
    func doctypeRefused() throws {
        var f = Fixture()
        f.sharedStrings =
            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><sst xmlns=\"\(Fixture.main)\"><si><t>&b;</t></si></sst>"
        f.sheets = [("S", Fixture.sheet(""))]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: GoalSheetError.self) { try Workbook(path: path) }
        #expect(error?.kind == .refusedDTD)
        #expect(error?.part == "xl/sharedStrings.xml")
    }

    @Test("a workbook opened without its cells reads its sheets and leaves the shared strings and styles unparsed")
    func structureOnly() throws {
        var f = Fixture()
        // A shared string part that would be refused is never parsed when no cell is to be read.
        f.sharedStrings = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"a\">]><sst xmlns=\"\(Fixture.main)\"/>"
        f.sheets = [("営業部", Fixture.sheet("")), ("CS部", Fixture.sheet(""))]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: GoalSheetError.self) { try Workbook(path: path) }
        let wb = try Workbook(path: path, readsCells: false)
        #expect(!wb.readsCells)
        #expect(wb.sheets.map(\.name) == ["営業部", "CS部"])
        #expect(wb.sheets.map(\.part) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        #expect(wb.sharedStrings.count == 0)
        #expect(wb.styles.cellFormats.isEmpty)
    }

    @Test("malformed XML gives the part, line and column")
    func malformed() throws {
        var f = Fixture()
        f.sheets = [
            (
                "S",
                "<worksheet xmlns=\"\(Fixture.main)\"><sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>"
            )
        ]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        let error = #expect(throws: GoalSheetError.self) { try wb.rows(of: wb.sheets[0]).readAll() }
        #expect(error?.kind == .malformedXML)
        #expect(error?.part == "xl/worksheets/sheet1.xml")
        #expect(error?.line == 2)
        #expect(error?.sheet == "S")
    }

    @Test("workbook: names, order, visibility, date system, defined names with escaped ampersands")
    func workbook() throws {
        var f = Fixture()
        f.sheets = [("R&D 開発部", Fixture.sheet("")), ("CS部", Fixture.sheet(""))]
        f.extraWorkbook =
            "<definedNames><definedName name=\"目標\" localSheetId=\"1\">'CS部'!$A$1:$C$9</definedName></definedNames>"
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let wb = try Workbook(path: path)
        #expect(wb.sheets.map(\.name) == ["R&D 開発部", "CS部"])
        #expect(wb.sheets.map(\.part) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        #expect(wb.is1904 == false)
        #expect(wb.definedNames == [DefinedName(name: "目標", value: "'CS部'!$A$1:$C$9", localSheet: 1, hidden: false)])
    }

    @Test("parts over 1 MiB are inflated ahead on a second thread and read the same, cell by cell and raw")
    func largeParts() throws {
        let n = 20_000
        var f = Fixture()
        f.sharedStrings = Fixture.sst((0..<n).map { "<t>目標\($0) 解約率を月8%から月3%へ</t>" })
        f.sheets = [
            (
                "S",
                Fixture.sheet(
                    (1...n).map {
                        "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>\($0 - 1)</v></c><c r=\"B\($0)\"><v>\(Double($0) / 8)</v></c></row>"
                    }.joined())
            )
        ]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let zip = try ZipArchive(path: path)
        #expect(zip.entry(named: "xl/worksheets/sheet1.xml")!.uncompressedSize >= PartByteSource.readAheadThreshold)
        #expect(zip.entry(named: "xl/sharedStrings.xml")!.uncompressedSize >= PartByteSource.readAheadThreshold)
        let wb = try Workbook(path: path)
        let rows = try wb.rows(of: wb.sheets[0]).readAll()
        #expect(rows.count == n)
        #expect(
            rows.indices.allSatisfy { i in
                rows[i].index == i
                    && rows[i].cells.map(\.value) == [.text("目標\(i) 解約率を月8%から月3%へ"), .number(Double(i + 1) / 8)]
            })
        var raw: [(Int, String, String)] = []
        try wb.rows(of: wb.sheets[0]).forEachRawRow { row in
            raw.append(
                (
                    row.index, String(decoding: row.text(row.cells[0]), as: UTF8.self),
                    String(decoding: row.text(row.cells[1]), as: UTF8.self)
                ))
        }
        #expect(raw.count == n)
        #expect(raw.last! == (n - 1, "\(n - 1)", "\(Double(n) / 8)"))
        #expect(wb.sharedStrings[n - 1] == "目標\(n - 1) 解約率を月8%から月3%へ")
    }

    @Test("a shared string table over the memory limit is kept in a temporary file and reads the same")
    func spilledSharedStrings() throws {
        // Texts across the 16 KiB cache blocks, texts longer than a block, empty texts, and CSV marks.
        var texts: [String] = []
        var seed: UInt64 = 3
        for i in 0..<3_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            switch i % 7 {
            case 0: texts.append("")
            case 1: texts.append(String(repeating: "目標値", count: Int(seed % 3_000)))  // up to 27 KB
            case 2: texts.append("a,b\"c\nd;\te \(i)")
            default: texts.append("営業部 KPI \(i) " + String(repeating: "x", count: Int(seed % 200)))
            }
        }
        var f = Fixture()
        f.sharedStrings = Fixture.sst(
            texts.map {
                "<t xml:space=\"preserve\">\($0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</t>"
            })
        f.sheets = [("S", Fixture.sheet(""))]
        let path = try f.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let memory = try Workbook(path: path).sharedStrings
        let spilled = try Workbook(path: path, sharedStringMemoryLimit: 0).sharedStrings
        #expect(!memory.isSpilled && spilled.isSpilled)
        #expect(spilled.count == texts.count)
        #expect(spilled.strings == texts)
        #expect(spilled[1] == texts[1] && spilled[2] == texts[2])
        // In a shuffled order, so that blocks are evicted and read again.
        var order = Array(texts.indices)
        for i in order.indices.reversed() {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int(seed % UInt64(i + 1)))
        }
        spilled.withView { view in
            memory.withView { mem in
                #expect(
                    order.allSatisfy { i in
                        Array(view.utf8(i)) == Array(texts[i].utf8)
                            && view.needsQuotes(i, delimiter: 0x2C) == mem.needsQuotes(i, delimiter: 0x2C)
                    })
                #expect(view.readFailure == nil)
            }
        }
    }
}
