import Foundation
import GoalSheetSupport
import SpreadsheetML
import Synchronization
import Testing
import ZIPArchive

@testable import SpreadsheetWriter

/// Runs the streaming rewriter over `xml`, fed in chunks of `chunk` bytes.
func rewrite(
    _ xml: String, _ edit: WorksheetEdit, legacyDrawingID: String? = nil, chunk: Int = 7
) throws -> (String, WorksheetRewriter) {
    var out: [UInt8] = []
    let rw = WorksheetRewriter(part: "xl/worksheets/sheet1.xml", edit: edit, legacyDrawingID: legacyDrawingID) {
        out += $0
    }
    let bytes = Array(xml.utf8)
    var i = 0
    while i < bytes.count {
        let j = min(bytes.count, i + chunk)
        try bytes[i..<j].withUnsafeBytes { try rw.feed($0) }
        i = j
    }
    try rw.finish()
    return (String(decoding: out, as: UTF8.self), rw)
}

func cell(_ col: Int, _ v: CellWrite.Value, xf: Int? = nil) -> CellWrite {
    var c = CellWrite(column: col, value: v)
    c.xf = xf
    return c
}

@Suite struct WorksheetRewriterTests {
    @Test func insertsCellsInColumnOrderAndWidensDimension() throws {
        let xml =
            #"<?xml version="1.0"?><worksheet xmlns="m"><dimension ref="A1:C3"/><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="E1"><v>9</v></c></row><row r="3"><c r="A3"><v>1</v></c></row></sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>"#
        var edit = WorksheetEdit()
        edit.cells = [
            0: [cell(3, .text("進捗率 & <x>"), xf: 4)], 1: [cell(3, .number(0.25))], 2: [cell(3, .number(1.5), xf: 2)],
        ]
        edit.columnWidths = [(3, 10)]
        let (out, _) = try rewrite(xml, edit, legacyDrawingID: "rId9")
        #expect(
            out
                == #"<?xml version="1.0"?><worksheet xmlns="m"><dimension ref="A1:D3"/><cols><col min="4" max="4" width="10" customWidth="1"/></cols><sheetData><row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="D1" s="4" t="inlineStr"><is><t>進捗率 &amp; &lt;x&gt;</t></is></c><c r="E1"><v>9</v></c></row><row r="2"><c r="D2"><v>0.25</v></c></row><row r="3"><c r="A3"><v>1</v></c><c r="D3" s="2"><v>1.5</v></c></row></sheetData><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>"#
        )
    }

    @Test(arguments: [1, 3, 64, 4096])
    func prefixedRowsWithoutReferencesAndReplacedCells(chunk: Int) throws {
        let xml =
            #"<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row><x:row/><x:row r="4"><x:c r="B4" s="3"/><x:c r="C4"><x:f>A1</x:f><x:v>3</x:v></x:c></x:row></x:sheetData><!-- c --><x:extLst/></x:worksheet>"#
        var edit = WorksheetEdit()
        edit.cells = [1: [cell(1, .number(7))], 3: [cell(1, .text("x"))]]
        edit.clear = [CellRange("C1:C9")!]
        let (out, rw) = try rewrite(xml, edit, legacyDrawingID: "rId2", chunk: chunk)
        #expect(
            out
                == #"<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row r="2"><x:c r="B2"><x:v>7</x:v></x:c></x:row><x:row r="4"><x:c r="B4" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData><!-- c --><x:legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId2"/><x:extLst/></x:worksheet>"#
        )
        #expect(rw.wroteLegacyDrawing)
    }

    @Test(arguments: [1, 5, 4096])
    func aBandsCellsAreMadeAsTheirRowsAreWrittenBesideTheHeldOnes(chunk: Int) throws {
        let xml =
            #"<worksheet xmlns="m"><dimension ref="A1:A3"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>"#
        let made = Mutex<[Int]>([])
        let bold = StyleRequest(bold: true)
        var edit = WorksheetEdit()
        edit.cells = [0: [cell(2, .text("見出し"), xf: 7)]]
        // Rows 1 and 3 (0-based 0 and 2) exist; row 2 and row 5 do not, and are added in order.
        edit.bands = [
            CellBand(rows: [0, 1, 2, 4]) { i in
                made.withLock { $0.append(i) }
                return [CellWrite(column: 3, value: .number(Double(i)), style: i == 0 ? bold : nil)]
                    + (i == 3 ? [CellWrite(column: 1, value: .empty, style: bold)] : [])
            }
        ]
        edit.bandStyles = [bold: 5]
        edit.bandColumns = 1...3
        let (out, _) = try rewrite(xml, edit, chunk: chunk)
        #expect(
            out
                == #"<worksheet xmlns="m"><dimension ref="A1:D5"/><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1" s="7" t="inlineStr"><is><t>見出し</t></is></c><c r="D1" s="5"><v>0</v></c></row><row r="2"><c r="D2"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c><c r="D3"><v>2</v></c></row><row r="5"><c r="B5" s="5"/><c r="D5"><v>3</v></c></row></sheetData></worksheet>"#
        )
        #expect(made.withLock { $0 } == [0, 1, 2, 3])  // each row's cells made once, as it is written
    }

    @Test func keepsAnExistingLegacyDrawingAndEmptySheetData() throws {
        let xml =
            #"<worksheet xmlns="m" xmlns:r="r"><cols><col min="1" max="2" width="5"/><col min="9" max="9" width="3"/></cols><sheetData/><legacyDrawing r:id="rId3"/></worksheet>"#
        var edit = WorksheetEdit()
        edit.cells = [4: [cell(2, .empty, xf: 1)]]
        edit.columnWidths = [(2, 12), (1, 4)]
        let (out, rw) = try rewrite(xml, edit, legacyDrawingID: "rId5")
        #expect(
            out
                == #"<worksheet xmlns="m" xmlns:r="r"><cols><col min="1" max="2" width="5"/><col min="3" max="3" width="12" customWidth="1"/><col min="9" max="9" width="3"/></cols><sheetData><row r="5"><c r="C5" s="1"/></row></sheetData><legacyDrawing r:id="rId3"/></worksheet>"#
        )
        #expect(rw.existingLegacyDrawingID == "rId3")
        #expect(!rw.wroteLegacyDrawing)
    }

    @Test("two tables' columns make <cols> sorted and disjoint, the wider width winning; the user's ranges stay")
    func columnsOfTwoTablesNeverOverlap() throws {
        var edit = WorksheetEdit()
        edit.cells = [0: [cell(9, .text("a"))]]
        edit.columnWidths = [(9, 9), (10, 9), (11, 7), (5, 9), (6, 9), (9, 28), (10, 36)]
        let (out, _) = try rewrite(#"<worksheet xmlns="m"><sheetData/></worksheet>"#, edit, legacyDrawingID: nil)
        #expect(
            out.contains(
                #"<cols><col min="6" max="6" width="9" customWidth="1"/><col min="7" max="7" width="9" customWidth="1"/><col min="10" max="10" width="28" customWidth="1"/><col min="11" max="11" width="36" customWidth="1"/><col min="12" max="12" width="7" customWidth="1"/></cols>"#
            ))
        let (kept, _) = try rewrite(
            #"<worksheet xmlns="m"><cols><col min="7" max="10" width="5"/></cols><sheetData/></worksheet>"#, edit,
            legacyDrawingID: nil)
        #expect(
            kept.contains(
                #"<cols><col min="6" max="6" width="9" customWidth="1"/><col min="7" max="10" width="5"/><col min="11" max="11" width="36" customWidth="1"/><col min="12" max="12" width="7" customWidth="1"/></cols>"#
            ))
    }

    @Test func refusesDoctypeAndTruncation() {
        #expect(throws: PartEditError.self) {
            try rewrite(#"<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>"#, WorksheetEdit())
        }
        #expect(throws: PartEditError.self) { try rewrite(#"<worksheet><sheetData><row r="1""#, WorksheetEdit()) }
        #expect(throws: PartEditError.self) { try rewrite(#"<worksheet><sheetData></worksheet>"#, WorksheetEdit()) }
    }
}

@Suite struct PartWriterTests {
    @Test func escapesTextForSpreadsheetML() {
        #expect(
            XMLText.escapeText("a<b>&\"c\"\r\u{1}_x0041_ _xZ") == "a&lt;b&gt;&amp;\"c\"_x000D__x0001__x005F_x0041_ _xZ")
        #expect(XMLText.escapeAttribute("say \"hi\"\n") == "say &quot;hi&quot;&#10;")
        #expect(XMLText.unescape(Array("&lt;&#x41;&#66;&amp;&bogus;".utf8)) == "<AB&&bogus;")
        // The fast path: nothing to escape (full-width forms share U+FFFE's lead byte EF) and U+FFFE/U+FFFF.
        #expect(XMLText.escapeText("（解約率）ｘ") == "（解約率）ｘ")
        #expect(XMLText.escapeText("a\u{FFFE}b\u{FFFF}") == "a_xFFFE_b_xFFFF_")
        #expect(XMLText.escapeText("行1\n行2\t\u{FFBE}\u{FFFE}_x00aF_") == "行1\n行2\t\u{FFBE}_xFFFE__x005F_x00aF_")
        #expect(XMLText.escapeAttribute("「目標」\t_x12G4_ \u{7}") == "「目標」&#9;_x12G4_ _x0007_")
    }

    @Test(arguments: [
        (0, 0, "A1"), (25, 9, "Z10"), (26, 99, "AA100"), (701, 1_048_575, "ZZ1048576"), (16_383, 0, "XFD1"),
    ])
    func cellElementNamesItsCell(column: Int, row: Int, ref: String) {
        var out: [UInt8] = []
        var cell = CellWrite(column: column, value: .number(1e-7))
        cell.xf = 12
        cell.appendXML(to: &out, row: row, prefix: "x")
        #expect(String(decoding: out, as: UTF8.self) == "<x:c r=\"\(ref)\" s=\"12\"><x:v>1E-07</x:v></x:c>")
    }

    @Test(arguments: [
        ("達成", #"<c r="B3" s="5" t="inlineStr"><is><t>達成</t></is></c>"#),
        (" 月8%", #"<c r="B3" s="5" t="inlineStr"><is><t xml:space="preserve"> 月8%</t></is></c>"#),
        ("行1\n", #"<c r="B3" s="5" t="inlineStr"><is><t xml:space="preserve">行1"# + "\n</t></is></c>"),
        ("a\tb", #"<c r="B3" s="5" t="inlineStr"><is><t>a"# + "\tb</t></is></c>"),
        ("", #"<c r="B3" s="5"/>"#),
    ])
    func inlineTextKeepsEdgeSpaceOnlyWhereItHasSome(text: String, xml: String) {
        var out: [UInt8] = []
        cell(1, .text(text), xf: 5).appendXML(to: &out, row: 2, prefix: "")
        #expect(String(decoding: out, as: UTF8.self) == xml)
    }
    /// Numbers as `NumberText.xml` writes them, text escaped, and a text longer than any stack room.
    @Test(arguments: [
        (CellWrite.Value.number(0), #"<c r="B3" s="123"><v>0</v></c>"#),
        (.number(-42), #"<c r="B3" s="123"><v>-42</v></c>"#),
        (.number(1_234_567), #"<c r="B3" s="123"><v>1234567</v></c>"#),
        (.number(0.5), #"<c r="B3" s="123"><v>0.5</v></c>"#),
        (.number(1e20), #"<c r="B3" s="123"><v>1E+20</v></c>"#),
        (.text("a<b & _x0041_"), #"<c r="B3" s="123" t="inlineStr"><is><t>a&lt;b &amp; _x005F_x0041_</t></is></c>"#),
        (
            .text(String(repeating: "目", count: 40_000)),
            #"<c r="B3" s="123" t="inlineStr"><is><t>"# + String(repeating: "目", count: 40_000) + "</t></is></c>"
        ),
    ])
    func cellElementWritesItsValue(value: CellWrite.Value, xml: String) {
        var out = Array("<row>".utf8)
        cell(1, value, xf: 123).appendXML(to: &out, row: 2, prefix: "")
        #expect(String(decoding: out, as: UTF8.self) == "<row>" + xml)
    }

    @Test func stylesCloneWithFillAndFormatOnceOnly() throws {
        let styles =
            #"<styleSheet xmlns="m"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#
        let e = try StylesEditor(Array(styles.utf8), part: "xl/styles.xml")
        #expect(e.xf(StyleRequest(base: 1, numberFormat: "0%")) == 2)
        #expect(e.xf(StyleRequest(base: 1, fill: "C6EFCE")) == 3)
        #expect(e.xf(StyleRequest(base: 1, numberFormat: "0.0", bold: true)) == 4)
        #expect(e.xf(StyleRequest(base: 1, numberFormat: "0%")) == 2)
        let out = String(decoding: e.result(), as: UTF8.self)
        #expect(
            out
                == #"<styleSheet xmlns="m"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFC6EFCE"/><bgColor indexed="64"/></patternFill></fill></fills><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"><alignment wrapText="1"/></xf><xf numFmtId="9" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyNumberFormat="1"><alignment wrapText="1"/></xf><xf numFmtId="14" fontId="0" fillId="2" borderId="1" xfId="0" applyBorder="1" applyFill="1"><alignment wrapText="1"/></xf><xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyBorder="1" applyNumberFormat="1" applyFont="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#
        )
        // A second run over the result finds every style already there.
        let again = try StylesEditor(e.result(), part: "xl/styles.xml")
        #expect(again.xf(StyleRequest(base: 1, fill: "C6EFCE")) == 3)
        #expect(again.xf(StyleRequest(base: 1, numberFormat: "0.0", bold: true)) == 4)
        #expect(!again.hasChanges)
    }

    @Test func newCommentsAndDrawing() throws {
        let c = try CommentsEditor(
            bytes: nil, part: "xl/comments1.xml", mainNamespace: OOXMLNamespaces.transitional.main)
        c.add(CellReference("B3")!, text: "達成率 <50%")
        #expect(
            String(decoding: c.result(), as: UTF8.self) == xmlDeclaration
                + #"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>GoalSheet</author></authors><commentList><comment ref="B3" authorId="0"><text><t xml:space="preserve">達成率 &lt;50%</t></text></comment></commentList></comments>"#
        )
        let v = try VMLNotesEditor(bytes: nil, part: "v.vml", idBlock: 2, removing: [])
        v.add(CellReference("B3")!)
        let vml = String(decoding: v.result(), as: UTF8.self)
        #expect(vml.contains(#"<o:idmap v:ext="edit" data="2"/>"#))
        #expect(vml.contains(##"<v:shape id="_x0000_s2049" type="#_x0000_t202""##))
        #expect(
            vml.contains(
                "<x:Anchor>2, 15, 1, 10, 5, 15, 6, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>2</x:Row><x:Column>1</x:Column>"
            ))
    }

    @Test func aNewNotesPartIsWrittenInChunksAsItsElementsAreMade() throws {
        let c = try CommentsEditor(bytes: nil, part: "xl/comments1.xml", mainNamespace: "m")
        let v = try VMLNotesEditor(bytes: nil, part: "v.vml", idBlock: 1, removing: [])
        for r in 0..<3_000 {
            c.add(CellReference(row: r, column: 4), text: "期限がありません（行\(r + 1)）")
            v.add(CellReference(row: r, column: 4))
        }
        for (write, whole) in [(c.write, c.result()), (v.write, v.result())] {
            var chunks: [[UInt8]] = []
            try write { chunks.append(Array($0)) }
            #expect(chunks.count > 1)  // never held whole
            #expect(chunks.dropLast().allSatisfy { $0.count >= PartChunks.size })
            #expect(Array(chunks.joined()) == whole)
        }
        let text = String(decoding: c.result(), as: UTF8.self)
        #expect(
            text.hasSuffix(
                #"<comment ref="E3000" authorId="0"><text><t xml:space="preserve">期限がありません（行3000）</t></text></comment></commentList></comments>"#
            ))
        #expect(
            String(decoding: v.result(), as: UTF8.self).contains(##"<v:shape id="_x0000_s4024" type="#_x0000_t202""##))
    }

    @Test func aDeferredNotesTextIsMadeOnlyWhenItsPartIsWritten() throws {
        let made = Atomic<Int>(0)
        let c = try CommentsEditor(bytes: nil, part: "xl/comments1.xml", mainNamespace: "m")
        let note = CellNote(cell: CellReference("C4")!) {
            made.add(1, ordering: .relaxed)
            return "[警告] 期限なし"
        }
        c.add(CellReference("C4")!, notes: [note, CellNote(cell: CellReference("C4")!, text: "[情報] 単位なし")])
        #expect(made.load(ordering: .relaxed) == 0)
        #expect(
            String(decoding: c.result(), as: UTF8.self).hasSuffix(
                #"<comment ref="C4" authorId="0"><text><t xml:space="preserve">[警告] 期限なし"#
                    + "\n\n" + #"[情報] 単位なし</t></text></comment></commentList></comments>"#))
        #expect(made.load(ordering: .relaxed) == 1)
    }

    @Test func mergesIntoSomeonesComments() throws {
        let existing =
            #"<comments xmlns="m"><authors><author>佐藤</author><author>GoalSheet</author></authors><commentList><comment ref="A1" authorId="0"><text><t>keep</t></text></comment><comment ref="C2" authorId="1"><text><t>old</t></text></comment></commentList></comments>"#
        let c = try CommentsEditor(bytes: Array(existing.utf8), part: "xl/comments1.xml", mainNamespace: "m")
        #expect(c.occupied == [CellReference("A1")!])
        #expect(c.removed == [CellReference("C2")!])
        c.add(CellReference("D2")!, text: "new")
        #expect(
            String(decoding: c.result(), as: UTF8.self)
                == #"<comments xmlns="m"><authors><author>佐藤</author><author>GoalSheet</author></authors><commentList><comment ref="A1" authorId="0"><text><t>keep</t></text></comment><comment ref="D2" authorId="1"><text><t xml:space="preserve">new</t></text></comment></commentList></comments>"#
        )
        let vml =
            #"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape><v:shape id="_x0000_s1026"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>2</x:Column></x:ClientData></v:shape></xml>"#
        let v = try VMLNotesEditor(bytes: Array(vml.utf8), part: "v.vml", idBlock: 1, removing: c.removed)
        v.add(CellReference("D2")!)
        let out = String(decoding: v.result(), as: UTF8.self)
        #expect(out.contains(#"<v:shape id="_x0000_s1025">"#))
        #expect(!out.contains(#"_x0000_s1026">"#))
        // The removed shape's id is free again: the next id after the shapes that stay.
        #expect(out.contains(##"<v:shape id="_x0000_s1026" type="#_x0000_t202""##))
        #expect(out.hasSuffix("<x:Row>1</x:Row><x:Column>3</x:Column></x:ClientData></v:shape></xml>"))
    }

    @Test func relationshipIdsNeverCollide() throws {
        let rels =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t" Target="a.xml"/><Relationship Id="rId3" Type="t" Target="b.xml"/></Relationships>"#
        let r = try RelationshipsEditor(part: "x.rels", bytes: Array(rels.utf8))
        #expect(r.newID() == "rId2")
        #expect(r.newID() == "rId4")
        r.add(id: "rId2", type: "u", target: "../c&d.xml")
        #expect(
            String(decoding: r.result(), as: UTF8.self).hasSuffix(
                #"<Relationship Id="rId2" Type="u" Target="../c&amp;d.xml"/></Relationships>"#))
        #expect(relativeTarget(from: "xl/worksheets/sheet1.xml", to: "xl/comments1.xml") == "../comments1.xml")
        #expect(
            relativeTarget(from: "xl/worksheets/sheet1.xml", to: "xl/drawings/vmlDrawing2.vml")
                == "../drawings/vmlDrawing2.vml")
        #expect(relativeTarget(from: "xl/workbook.xml", to: "xl/worksheets/sheet3.xml") == "worksheets/sheet3.xml")
    }

    @Test func excelLimits() {
        #expect(throws: ExcelLimitError.sheetNameTooLong(String(repeating: "あ", count: 32))) {
            try ExcelLimitError.check(sheetName: String(repeating: "あ", count: 32))
        }
        #expect(throws: ExcelLimitError.sheetNameInvalid("a/b")) { try ExcelLimitError.check(sheetName: "a/b") }
        let s = NewSheet(name: "S", rows: [[CellWrite(column: 0, value: .text(String(repeating: "x", count: 32_768)))]])
        #expect(throws: ExcelLimitError.stringTooLong(sheet: "S", cell: "A1", length: 32_768)) { try s.validate() }
        // Excel counts UTF-16 units: 16,384 emoji are 32,768 of them in 16,384 characters.
        let emoji = NewSheet(
            name: "S", rows: [[], [CellWrite(column: 1, value: .text(String(repeating: "🎯", count: 16_384)))]])
        #expect(throws: ExcelLimitError.stringTooLong(sheet: "S", cell: "B2", length: 32_768)) { try emoji.validate() }
    }

    /// A text over Excel's limit is cut to whole characters within it in UTF-16 units, the ellipsis included.
    @Test(arguments: [
        (String(repeating: "目", count: 32_767), 32_767, false),
        (String(repeating: "目", count: 40_000), 32_767, true),
        (String(repeating: "🎯", count: 16_384), 32_767, true),
        ("a" + String(repeating: "🎯", count: 16_383), 32_767, false),
        ("ab" + String(repeating: "🎯", count: 16_383), 32_767, true),
    ])
    func clipKeepsExcelsLimitInUTF16Units(text: String, units: Int, clipped: Bool) {
        let out = ExcelLimitError.clip(text)
        #expect(out.utf16.count == (clipped ? units : text.utf16.count))
        #expect(out.hasSuffix("…") == clipped)
        #expect(clipped ? text.hasPrefix(String(out.dropLast())) : out == text)
    }

    @Test func textKeepsLineBreaksTabsAndQuotesUnescapedAttributesDoNot() {
        #expect(!XMLText.needsEscape("行1\n行2\t\"x\"", attribute: false))
        #expect(XMLText.needsEscape("行1\n行2", attribute: true))
        #expect(XMLText.needsEscape("\"x\"", attribute: true))
        #expect(XMLText.needsEscape("a\rb", attribute: false))
        #expect(XMLText.escapeText("[警告] 期限なし\n→ 期限を\"決める\"") == "[警告] 期限なし\n→ 期限を\"決める\"")
        #expect(XMLText.escapeText("a\r\u{1}b") == "a_x000D__x0001_b")
    }
}

@Suite struct PatcherDeterminismTests {
    /// Styles are numbered as first asked for; the patch's rows are a dictionary, so the patcher must walk
    /// them in row order or the output changes from run to run with Swift's per-process hash seed.
    @Test func stylesNumberedInRowOrder() throws {
        let dir = NSTemporaryDirectory() + "goalsheet-determinism-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = dir + "/in.xlsx", output = dir + "/out.xlsx"
        try WorkbookWriter.write(
            [NewSheet(name: "S", rows: SheetRows((0..<8).map { [CellWrite(column: 0, value: .number(Double($0)))] }))],
            to: source)
        let colours = ["FF0000", "00FF00", "0000FF", "FFFF00", "00FFFF", "FF00FF", "808080", "C0C0C0"]
        var rows: [Int: [CellWrite]] = [:]
        for r in 0..<8 { rows[r] = [CellWrite(column: 1, value: .text("x"), style: StyleRequest(fill: colours[r]))] }
        _ = try WorkbookPatcher.apply(
            WorkbookPatch(sheets: [SheetPatch(sheet: "S", cells: rows)]), to: source, output: output)
        let zip = try ZipArchive(path: output)
        let styles = String(decoding: try zip.contents(of: zip.entry(named: "xl/styles.xml")!), as: UTF8.self)
        let fills = styles.components(separatedBy: "<fgColor rgb=\"FF").dropFirst().map { String($0.prefix(6)) }
        #expect(fills == colours)
        let sheet = String(decoding: try zip.contents(of: zip.entry(named: "xl/worksheets/sheet1.xml")!), as: UTF8.self)
        let styleOfB = (1...8).map { r in
            sheet.components(separatedBy: "<c r=\"B\(r)\" s=\"").dropFirst().first.map {
                String($0.prefix { $0 != "\"" })
            }
        }
        #expect(styleOfB.compactMap { $0.flatMap { Int($0) } } == Array(1...8))
    }
}

@Suite("docProps/app.xml")
struct ExtendedPropertiesTests {
    static let app =
        #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>ワークシート</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant><vt:variant><vt:lpstr>名前付き一覧</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="3" baseType="lpstr"><vt:lpstr>営業部</vt:lpstr><vt:lpstr>CS部</vt:lpstr><vt:lpstr>営業部!Print_Area</vt:lpstr></vt:vector></TitlesOfParts></Properties>"#

    @Test("a new sheet's title goes after the last worksheet, and the worksheets count grows") func adds() throws {
        let out = try #require(
            ExtendedProperties.edit(Array(Self.app.utf8), part: "docProps/app.xml", adding: "分析サマリー"))
        #expect(
            String(decoding: out, as: UTF8.self)
                == #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><HeadingPairs><vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>ワークシート</vt:lpstr></vt:variant><vt:variant><vt:i4>3</vt:i4></vt:variant><vt:variant><vt:lpstr>名前付き一覧</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="4" baseType="lpstr"><vt:lpstr>営業部</vt:lpstr><vt:lpstr>CS部</vt:lpstr><vt:lpstr>分析サマリー</vt:lpstr><vt:lpstr>営業部!Print_Area</vt:lpstr></vt:vector></TitlesOfParts></Properties>"#
        )
    }

    @Test("a renamed summary sheet is renamed; an unknown heading leaves the part alone") func renamesOrLeaves() throws
    {
        let out = try #require(
            ExtendedProperties.edit(Array(Self.app.utf8), part: "docProps/app.xml", adding: "Summary", renaming: "CS部"))
        #expect(
            String(decoding: out, as: UTF8.self).contains(
                "<vt:lpstr>営業部</vt:lpstr><vt:lpstr>Summary</vt:lpstr><vt:lpstr>営業部!Print_Area</vt:lpstr></vt:vector>"))
        let other = Self.app.replacingOccurrences(of: "ワークシート", with: "Blätter")
        #expect(ExtendedProperties.edit(Array(other.utf8), part: "docProps/app.xml", adding: "x") == nil)
    }
}
