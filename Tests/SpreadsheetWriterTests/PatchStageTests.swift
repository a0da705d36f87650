import Foundation
import GoalSheetSupport
import SpreadsheetML
import Synchronization
import TestSupport
import Testing
import ZIPArchive

@testable import SpreadsheetWriter

/// A one-sheet workbook (`Plan`, A1 = 目標) written by the fixture builder: no styles, no notes, no properties.
private func planWorkbook(_ name: String) throws -> String {
    let dir = try Scratch.directory(name)
    let path = try Fixture(sheets: [
        ("Plan", Fixture.sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>目標</t></is></c></row>"#))
    ]).write()
    let target = dir + "/in.xlsx"
    try FileManager.default.moveItem(atPath: path, toPath: target)
    return target
}

/// Removes the scratch folder of a `planWorkbook`.
private func removeScratch(_ workbook: String) {
    try? FileManager.default.removeItem(atPath: (workbook as NSString).deletingLastPathComponent)
}

private func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

extension PackageTransaction {
    /// The bytes a stage put in place of `part`, if any.
    fileprivate func replaced(_ part: String) -> String? {
        guard case .bytes(let b)? = replacements[part] else { return nil }
        return text(b)
    }

    fileprivate func added(_ part: String) -> String? { text(newParts.first { $0.0 == part }?.1.bytes) }
}

private let relationshipsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
private let typesPrefix =
    #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#

@Suite("The patcher's stages, each against its exact XML", .serialized)
struct PatchStageTests {
    @Test func theMarkStageAddsACustomPropertiesPartItsRelationshipAndContentType() throws {
        let source = try planWorkbook("mark")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        tx.mark.columns["Plan"] = ["B1:G3"]
        try AnnotationMarkStage.set(in: tx)
        #expect(tx.newParts.map(\.0) == ["docProps/custom.xml"])
        #expect(
            tx.added("docProps/custom.xml")
                == xmlDeclaration
                + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="GoalSheet.Annotations"><vt:lpwstr>{"columns":{"Plan":["B1:G3"]},"version":1}</vt:lpwstr></property></Properties>"#
        )
        #expect(
            tx.replaced("_rels/.rels")
                == #"<Relationships xmlns="\#(relationshipsNS)"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#
        )
        #expect(
            text(tx.contentTypes.result())
                == typesPrefix
                + #"<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"#
        )
    }

    @Test func theSummaryStageAddsAWorksheetAtTheEndWithItsRelationshipTypeAndDefinedName() throws {
        let source = try planWorkbook("summary")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        let rows = [[CellWrite(column: 0, value: .text("目標")), CellWrite(column: 1, value: .text("状態"))]]
        try SummarySheetStage.add(
            NewSheet(name: "分析サマリー", rows: SheetRows(rows), autoFilter: CellRange("A1:B1")), in: tx)
        #expect(tx.newParts.map(\.0) == ["xl/worksheets/sheet2.xml"])
        #expect(tx.workbookEdited && tx.mark.summarySheet == "分析サマリー" && tx.report.summarySheet == "分析サマリー")
        #expect(
            text(tx.workbookDoc.result())
                == #"<workbook xmlns="\#(Fixture.main)" xmlns:r="\#(Fixture.rel)"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/><sheet name="分析サマリー" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'分析サマリー'!$A$1:$B$1</definedName></definedNames></workbook>"#
        )
        #expect(
            text(tx.workbookRels.result())
                == #"<Relationships xmlns="\#(relationshipsNS)"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#
        )
        #expect(
            text(tx.contentTypes.result())
                == typesPrefix
                + #"<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
        )
    }

    @Test func theSummaryStageNamesItsSheetApartFromTheUsersOwn() throws {
        let source = try planWorkbook("summary-name")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        #expect(SummarySheetStage.freeName("Plan", keeping: nil, in: tx.workbook) == "Plan (2)")
        #expect(SummarySheetStage.freeName("分析サマリー", keeping: nil, in: tx.workbook) == "分析サマリー")
    }

    @Test func theSheetStagePlansAJobWithResolvedStylesAndADrawingIdForNotes() throws {
        let source = try planWorkbook("sheet")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        let bold = StyleRequest(bold: true)
        var patch = WorkbookPatch(sheets: [
            SheetPatch(
                sheet: "Plan", cells: [0: [CellWrite(column: 1, value: .text("進捗"), style: bold)]],
                notes: [CellNote(cell: CellReference(row: 0, column: 0), text: "[警告] 孤立した目標")],
                markedRanges: [CellRange("B1:B1")!])
        ])
        let jobs = try SheetEditStage.plan(&patch, in: tx)
        #expect(patch.sheets.map(\.cells.count) == [0])  // moved into the edit, not copied
        #expect(jobs.map(\.part) == ["xl/worksheets/sheet1.xml"])
        #expect(jobs.first?.legacyDrawingID == "rId1")
        #expect(jobs.first?.edit.cells[0]?.map(\.xf) == [1])
        #expect(tx.mark.columns == ["Plan": ["B1"]])
        guard case .sheet? = tx.replacements["xl/worksheets/sheet1.xml"] else {
            Issue.record("the sheet is not streamed through its edit")
            return
        }
        #expect(throws: PatchError.self) {
            var missing = WorkbookPatch(sheets: [SheetPatch(sheet: "Missing")])
            _ = try SheetEditStage.plan(&missing, in: tx)
        }
    }

    @Test(arguments: [1, 2])
    func aBandsStylesAreNumberedWhereItsFirstRowComes(jobs: Int) throws {
        let source = try planWorkbook("band-\(jobs)")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        tx.jobs = jobs
        let (a, b, c, d) = (
            StyleRequest(fill: "AA0000"), StyleRequest(fill: "00BB00"), StyleRequest(fill: "0000CC"),
            StyleRequest(fill: "DDDD00")
        )
        // 5,000 rows surveyed in chunks of 2,048: the chunks' styles merge in row order (d first appears last).
        let rows = Array(1...5_000)
        var patch = WorkbookPatch(sheets: [
            SheetPatch(
                sheet: "Plan",
                cells: [
                    0: [CellWrite(column: 1, value: .text("x"), style: a)],
                    6_000: [CellWrite(column: 1, value: .text("y"), style: c)],
                ],
                bands: [
                    CellBand(rows: rows) { i in [CellWrite(column: 4 + i % 2, value: .empty, style: i < 4_500 ? b : d)]
                    }
                ])
        ])
        let jobsPlanned = try SheetEditStage.plan(&patch, in: tx)
        let edit = try #require(jobsPlanned.first?.edit)
        #expect(edit.cells[0]?.map(\.xf) == [1])
        #expect(edit.bandStyles == [b: 2, d: 3])
        #expect(edit.cells[6_000]?.map(\.xf) == [4])
        #expect(edit.bandColumns == 4...5)
        #expect(edit.bands.map(\.rows) == [rows])
    }

    @Test func theNotesStageAddsCommentsADrawingAndTheSheetsRelationships() throws {
        let source = try planWorkbook("notes")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        var patch = WorkbookPatch(sheets: [
            SheetPatch(sheet: "Plan", notes: [CellNote(cell: CellReference(row: 0, column: 0), text: "期限がありません")])
        ])
        let jobs = try SheetEditStage.plan(&patch, in: tx)
        let packager = try PackageWriter(path: source + ".out.xlsx", transaction: tx)
        try packager.writeSheets()
        try NotesStage.add(jobs[0], in: tx)
        #expect(
            tx.newParts.map(\.0) == [
                "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet1.xml.rels",
            ])
        #expect(tx.report.notesWritten == 1)
        #expect(
            tx.added("xl/worksheets/_rels/sheet1.xml.rels")
                == xmlDeclaration
                + #"<Relationships xmlns="\#(relationshipsNS)"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>"#
        )
        #expect(
            tx.added("xl/comments1.xml")
                == xmlDeclaration
                + #"<comments xmlns="\#(Fixture.main)"><authors><author>GoalSheet</author></authors><commentList><comment ref="A1" authorId="0"><text><t xml:space="preserve">期限がありません</t></text></comment></commentList></comments>"#
        )
        // A Default goes before the others; an Override at the end.
        #expect(
            text(tx.contentTypes.result())
                == #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>"#
        )
    }

    @Test func notesGoToTheirFallbackWhenSomeoneHasTheCellAndJoinOnOneCell() {
        let a1 = CellReference(row: 0, column: 0)
        let b1 = CellReference(row: 0, column: 1)
        let c1 = CellReference(row: 0, column: 2)
        var report = PatchReport()
        let placed = NotesStage.place(
            [
                CellNote(cell: a1, text: "one", fallback: b1), CellNote(cell: c1, text: "two"),
                CellNote(cell: c1, text: "three"), CellNote(cell: a1, text: "lost"),
            ], avoiding: [a1], report: &report)
        #expect(placed.map(\.0) == [b1, c1])
        #expect(placed.map { $0.1.map(\.text) } == [["one"], ["two", "three"]])
        #expect(report.notesMoved == 1 && report.notesDropped == 1)
    }

    @Test func theWorkbookStageCreatesAStylesPartForAWorkbookWithout() throws {
        let source = try planWorkbook("styles")
        defer { removeScratch(source) }
        let tx = try PackageTransaction(source: source)
        #expect(tx.stylesPart == nil)
        var cells = [CellWrite(column: 0, value: .number(1), style: StyleRequest(bold: true))]
        tx.resolveStyles(&cells)
        WorkbookPartsStage.commit(in: tx)
        #expect(tx.stylesPart == "xl/styles.xml")
        #expect(tx.newParts.map(\.0) == ["xl/styles.xml"])
        #expect(
            tx.replaced("xl/_rels/workbook.xml.rels")
                == #"<Relationships xmlns="\#(relationshipsNS)"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
        )
        #expect(tx.replaced("xl/workbook.xml") == nil)
    }
}

@Suite("Column widths")
struct ColumnWidthTests {
    @Test func theWidestLineDecidesAndWideCharactersCountDouble() {
        let rows: [[CellWrite]] = [
            [CellWrite(column: 0, value: .text("ab\n営業部の目標\r\nc")), CellWrite(column: 1, value: .text(""))],
            // Shorter in bytes than the width already found: cannot widen the column.
            [CellWrite(column: 0, value: .text("abcdefghijk"))],
            [CellWrite(column: 0, value: .text("abcdefghijklm")), CellWrite(column: 2, value: .number(1))],
        ]
        // 営業部の目標 = 12 columns, "abcdefghijklm" = 13: 13 + 2.
        #expect(
            ColumnWidth.fitting(rows) == [
                ColumnWidth(column: 0, width: 15), ColumnWidth(column: 1, width: 6), ColumnWidth(column: 2, width: 12),
            ])
        #expect(ColumnWidth.fitting(rows, maximum: 10).map(\.width) == [10, 6, 10])
        #expect(ColumnWidth.widestLine("一\u{2028}二三\u{85}x") == 4)
    }
}

@Suite("Rows made as they are written")
struct SheetRowsTests {
    static func row(_ i: Int) -> [CellWrite] {
        [CellWrite(column: 0, value: .text("目標\(i)")), CellWrite(column: 2, value: .number(Double(i)))]
    }

    @Test func segmentsReadAsOneSequenceOfRows() {
        let held: [[CellWrite]] = [[CellWrite(column: 0, value: .text("見出し"))], []]
        let rows =
            SheetRows(held) + SheetRows.made(count: 3, Self.row) + SheetRows([]) + SheetRows([[]])
            + SheetRows.made(count: 2) { Self.row($0 + 10) }
        #expect(rows.count == 8)
        #expect(Array(rows) == held + (0..<3).map(Self.row) + [[]] + [Self.row(10), Self.row(11)])
        #expect(rows[7] == Self.row(11))
    }

    @Test func aSheetOfMadeRowsWritesTheBytesOfTheSameRowsHeld() throws {
        let held = (0..<5_000).map(Self.row)
        let made = NewSheet(
            name: "S", rows: SheetRows([[]]) + SheetRows.made(count: 5_000, Self.row), frozenRows: 1,
            autoFilter: CellRange("A2:C5001"), columnWidths: ColumnWidth.fitting(held))
        var whole = made
        whole.rows = SheetRows([[]] + held)
        #expect(
            try made.survey()
                == NewSheet.Survey(maxColumn: 2, lastRow: 5_000, columnWidths: ColumnWidth.fitting(held)))
        var chunks = 0
        var streamed: [UInt8] = []
        try made.write(namespaces: .transitional, survey: try made.survey(), xf: { _ in nil }) {
            chunks += 1
            streamed.append(contentsOf: $0)
        }
        #expect(streamed == whole.xml(namespaces: .transitional))
        #expect(chunks > 1)  // written in pieces, not built whole
        #expect(String(decoding: streamed, as: UTF8.self).contains("<dimension ref=\"A1:C5001\"/>"))
    }

    @Test func widthsFittedInTheSurveyAreThoseOfFittingTheRowsFirst() throws {
        let held = (0..<5_000).map(Self.row)
        let fitted = NewSheet(name: "S", rows: SheetRows.made(count: 5_000, Self.row), fit: ColumnFit(maximum: 40))
        let given = NewSheet(name: "S", rows: SheetRows(held), columnWidths: ColumnWidth.fitting(held, maximum: 40))
        // 「目標4999」 is 8 wide (each kanji counts double), a number 10; two more for the margin.
        #expect(
            try fitted.survey().columnWidths == [ColumnWidth(column: 0, width: 10), ColumnWidth(column: 2, width: 12)])
        #expect(fitted.xml(namespaces: .transitional) == given.xml(namespaces: .transitional))
        #expect(
            String(decoding: fitted.xml(namespaces: .transitional), as: UTF8.self).contains(
                "<cols><col min=\"1\" max=\"1\" width=\"10\" customWidth=\"1\"/><col min=\"3\" max=\"3\" width=\"12\" customWidth=\"1\"/></cols>"
            ))
    }

    /// The same 5,000 rows with their styles declared are written in one pass, each row made once and the sheet's
    /// head deflated after its rows, ahead on a thread of its own at two jobs and in place at one: the same bytes.
    @Test func aSheetDeclaringItsStylesIsWrittenInOnePassToTheSameParts() throws {
        let source = try planWorkbook("one-pass")
        defer { removeScratch(source) }
        let dir = (source as NSString).deletingLastPathComponent
        let (fill, percent) = (StyleRequest(fill: "FFC7CE"), StyleRequest(numberFormat: "0.0%"))
        let made = Mutex(0)
        let rows =
            SheetRows([[CellWrite(column: 0, value: .text("見出し"), style: StyleRequest(bold: true))]])
            + SheetRows.made(count: 5_000, styles: [fill, percent]) { r in
                made.withLock { $0 += 1 }
                return [
                    CellWrite(column: 0, value: .text("目標 \(r)")),
                    CellWrite(column: 2, value: .text(r % 3 == 0 ? "遅れ" : "順調"), style: r % 3 == 0 ? fill : nil),
                    CellWrite(column: r == 4_500 ? 5 : 3, value: .number(0.25), style: percent),
                ]
            }
        var parts: [[String: [UInt8]]] = []
        var archives: [Data] = []
        var madePerJobs: [Int] = []
        for jobs in [1, 2] {
            made.withLock { $0 = 0 }
            var patch = WorkbookPatch(summary: NewSheet(name: "分析サマリー", rows: rows, fit: ColumnFit()))
            patch.jobs = jobs
            let out = dir + "/out\(jobs).xlsx"
            _ = try WorkbookPatcher.apply(patch, to: source, output: out)
            madePerJobs.append(made.withLock { $0 })
            archives.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            let zip = try ZipArchive(path: out)
            parts.append(
                Dictionary(uniqueKeysWithValues: try zip.entries.map { ($0.name, try zip.contents(of: $0)) }))
        }
        #expect(madePerJobs == [5_000, 5_000])
        #expect(archives[0] == archives[1])
        let sheet = try #require(text(parts[1]["xl/worksheets/sheet2.xml"]))
        // The head, deflated last, has what only the whole pass knows: the used range and the fitted widths.
        #expect(sheet.contains(#"<dimension ref="A1:F5001"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="11" customWidth="1"/>"#))
        #expect(sheet.contains(#"<row r="4502"><c r="A4502" t="inlineStr"><is><t>目標 4500</t></is></c>"#))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["in.xlsx", "out1.xlsx", "out2.xlsx"])
    }

    @Test(arguments: [1, 2])
    func aStyleItsRowsDidNotDeclareFailsTheWorkbookNamingTheCell(jobs: Int) throws {
        let source = try planWorkbook("undeclared-\(jobs)")
        defer { removeScratch(source) }
        let dir = (source as NSString).deletingLastPathComponent
        let rows = SheetRows.made(count: 5_000, styles: [StyleRequest(bold: true)]) { r in
            [CellWrite(column: 1, value: .number(Double(r)), style: r == 4_321 ? StyleRequest(wrap: true) : nil)]
        }
        var patch = WorkbookPatch(summary: NewSheet(name: "分析サマリー", rows: rows))
        patch.jobs = jobs
        #expect(throws: UndeclaredStyleError(sheet: "分析サマリー", cell: "B4322")) {
            try WorkbookPatcher.apply(patch, to: source, output: dir + "/out.xlsx")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["in.xlsx"])  // complete or absent
    }

    @Test func aLimitBrokenInAOnePassSheetFailsTheWorkbookNamingTheCell() throws {
        let source = try planWorkbook("one-pass-limit")
        defer { removeScratch(source) }
        let dir = (source as NSString).deletingLastPathComponent
        let long = String(repeating: "長", count: ExcelLimitError.maxStringLength + 1)
        let rows = SheetRows.made(count: 5_000, styles: []) { r in
            [CellWrite(column: 0, value: .text(r == 3_000 || r == 4_900 ? long : "短"))]
        }
        var patch = WorkbookPatch(summary: NewSheet(name: "S", rows: rows))
        patch.jobs = 2
        #expect(throws: ExcelLimitError.stringTooLong(sheet: "S", cell: "A3001", length: long.utf16.count)) {
            try WorkbookPatcher.apply(patch, to: source, output: dir + "/out.xlsx")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["in.xlsx"])
    }

    /// A summary sheet of 5,000 rows is surveyed on two threads and deflated on a thread of its own while the
    /// edited sheet is written, and its 3,000 notes' comments and drawing each on one of their own: the workbook
    /// is byte for byte the one written on one thread, and the parts' files beside it are gone.
    @Test func aLargeSummarySheetWrittenAheadGivesTheSameWorkbook() throws {
        let source = try planWorkbook("ahead")
        defer { removeScratch(source) }
        let dir = (source as NSString).deletingLastPathComponent
        let fill = StyleRequest(fill: "FFC7CE")
        let rows = SheetRows.made(count: 5_000) { r in
            [
                CellWrite(column: 0, value: .text("目標 \(r)")), CellWrite(column: 1, value: .number(Double(r) / 7)),
                CellWrite(column: 2, value: .text(r % 3 == 0 ? "遅れ" : "順調"), style: r % 3 == 0 ? fill : nil),
                // A style first asked for in the second half: its index is the same on either path.
                CellWrite(column: 3, value: .number(1), style: r == 4_500 ? StyleRequest(numberFormat: "0.0%") : nil),
            ]
        }
        var outputs: [Data] = []
        for jobs in [1, 2] {
            var patch = WorkbookPatch(
                sheets: [
                    SheetPatch(
                        sheet: "Plan", cells: [0: [CellWrite(column: 1, value: .text("進捗率"))]],
                        notes: (0..<3_000).map { r in
                            CellNote(cell: CellReference(row: r, column: 2)) { "指摘 \(r)" }
                        })
                ],
                summary: NewSheet(name: "分析サマリー", rows: rows, fit: ColumnFit()))
            patch.jobs = jobs
            let out = dir + "/out\(jobs).xlsx"
            _ = try WorkbookPatcher.apply(patch, to: source, output: out)
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(outputs[0] == outputs[1])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["in.xlsx", "out1.xlsx", "out2.xlsx"])
        let zip = try ZipArchive(path: dir + "/out2.xlsx")
        let sheet = try text(zip.contents(of: #require(zip.entry(named: "xl/worksheets/sheet2.xml"))))
        #expect(
            sheet?.contains(
                #"<row r="3000"><c r="A3000" t="inlineStr"><is><t>目標 2999</t></is></c>"#) == true)
        let comments = try text(zip.contents(of: #require(zip.entry(named: "xl/comments1.xml"))))
        #expect(
            comments?.hasSuffix(
                #"<comment ref="C3000" authorId="0"><text><t xml:space="preserve">指摘 2999</t></text></comment></commentList></comments>"#
            ) == true)
        let drawing = try text(zip.contents(of: #require(zip.entry(named: "xl/drawings/vmlDrawing1.vml"))))
        #expect(drawing?.components(separatedBy: "<x:ClientData ObjectType=\"Note\">").count == 3_001)
    }

    /// The survey on several threads finds what the one-thread survey finds: used range, fitted widths (capped
    /// and not), the styles in the order they first appear, and the first limit broken.
    @Test(arguments: [1, 2, 3])
    func aSurveyOnSeveralThreadsIsTheOneThreadSurvey(jobs: Int) throws {
        let styles = (0..<5).map { StyleRequest(fill: "FF00000\($0)") }
        let sheet = NewSheet(
            name: "分析サマリー",
            rows: SheetRows.made(count: 1_000) { r in
                r % 97 == 96
                    ? []
                    : [
                        CellWrite(column: 0, value: .text(String(repeating: "目", count: r % 31))),
                        CellWrite(column: 2 + r % 3, value: .number(Double(r)), style: styles[(r / 150) % 5]),
                        CellWrite(column: 6, value: .text(String(repeating: "x", count: r))),
                    ]
            }, fit: ColumnFit(maximum: 60, caps: [0: 20]))
        var seen: [StyleRequest] = []
        let one = try sheet.survey { c in if let s = c.style, !seen.contains(s) { seen.append(s) } }
        let (many, order) = try sheet.survey(jobs: jobs, chunk: 64)
        #expect(many == one)
        #expect(order == seen)
        #expect(one.lastRow == 999 && one.maxColumn == 6)
        #expect(one.columnWidths.map(\.width) == [20, 12, 12, 12, 60])

        let long = String(repeating: "長", count: ExcelLimitError.maxStringLength + 1)
        let tooLong = NewSheet(
            name: "S",
            rows: SheetRows.made(count: 500) { r in
                r == 300 || r == 400
                    ? [CellWrite(column: 1, value: .text(long))] : [CellWrite(column: 0, value: .number(1))]
            })
        #expect(throws: ExcelLimitError.stringTooLong(sheet: "S", cell: "B301", length: long.utf16.count)) {
            try tooLong.survey(jobs: jobs, chunk: 64)
        }
    }
}

/// How often a new sheet's rows are made: once for a short sheet, held from its survey to its writing; twice
/// for a long one, which is never held whole.
@Suite("New sheets' rows made once or twice")
struct HeldRowsTests {
    @Test(arguments: [(10, 10), (2_048, 2_048), (2_049, 4_098)])
    func rowsAreMadeOnceWhenShort(rows: Int, made: Int) throws {
        let calls = Mutex(0)
        let sheet = NewSheet(
            name: "S",
            rows: SheetRows.made(count: rows) { r in
                calls.withLock { $0 += 1 }
                return [CellWrite(column: 0, value: .text("目標 \(r)"))]
            })
        let dir = try Scratch.directory("held")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try WorkbookWriter.write([sheet], to: dir + "/w.xlsx")
        #expect(calls.withLock { $0 } == made)
        let zip = try ZipArchive(path: dir + "/w.xlsx")
        let xml = String(
            decoding: try zip.contents(of: #require(zip.entry(named: "xl/worksheets/sheet1.xml"))), as: UTF8.self)
        #expect(
            xml.contains(
                "<row r=\"\(rows)\"><c r=\"A\(rows)\" t=\"inlineStr\"><is><t>目標 \(rows - 1)</t>")
        )
    }
}

/// A long sheet's rows rendered on a helper thread as well as the writer's: every chunk taken in order, each
/// rendered once, whichever thread claimed it.
@Suite("Rows rendered ahead")
struct RowXMLPipelineTests {
    @Test(arguments: [1, 2, 7, 40])
    func chunksComeInOrderEachRenderedOnce(chunks: Int) {
        let renders = Mutex([Int](repeating: 0, count: chunks))
        let pipeline = RowXMLPipeline(chunks: chunks) { k in
            renders.withLock { $0[k] += 1 }
            if k % 3 == 0 { usleep(200) }  // some chunks slower, so that either thread gets ahead
            return RenderedRows(bytes: Array("<row r=\"\(k)\"/>".utf8), ends: [k])
        }
        let taken = (0..<chunks).map { pipeline.take($0).ends }
        #expect(taken == (0..<chunks).map { [$0] })
        #expect(renders.withLock { $0 } == [Int](repeating: 1, count: chunks))
    }

    @Test func aCancelledPipelineStopsClaiming() {
        let renders = Mutex(0)
        let pipeline = RowXMLPipeline(chunks: 1_000, window: 2) { _ in
            renders.withLock { $0 += 1 }
            return RenderedRows()
        }
        _ = pipeline.take(0)
        pipeline.cancel()
        usleep(20_000)
        // The writer took one; the helper, two ahead at most, claimed no more once cancelled.
        #expect(renders.withLock { $0 } <= 4)
    }
}

@Suite("Style indices by column")
struct ColumnStyleCacheTests {
    /// A column's style is looked up once while it repeats, again when it changes, and every time past the
    /// cached columns; a style found in no table (nil) is remembered as such.
    @Test func aColumnsRepeatedStyleIsLookedUpOnce() {
        let percent = StyleRequest(numberFormat: "0.0%")
        let fill = StyleRequest(fill: "FFC7CE")
        let table: [StyleRequest: Int] = [percent: 5, fill: 7]
        var cache = ColumnStyleCache()
        var lookUps = 0
        func xf(_ s: StyleRequest, _ column: Int) -> Int? {
            cache.xf(s, column: column) {
                lookUps += 1
                return table[s]
            }
        }
        for _ in 0..<3 {
            #expect(xf(percent, 2) == 5)
            #expect(xf(fill, 3) == 7)
        }
        #expect(lookUps == 2)
        #expect(xf(fill, 2) == 7)
        #expect(xf(percent, 2) == 5)
        #expect(lookUps == 4)
        #expect(xf(StyleRequest(bold: true), 0) == nil)
        #expect(xf(StyleRequest(bold: true), 0) == nil)
        #expect(lookUps == 5)
        let far = ColumnStyleCache.columns + 10
        #expect(xf(percent, far) == 5)
        #expect(xf(percent, far) == 5)
        #expect(lookUps == 7)
    }
}

@Suite("Patches freed where they are written or in the background")
struct PatchSizeTests {
    static func notes(_ n: Int) -> [CellNote] {
        (0..<n).map { CellNote(cell: CellReference(row: $0, column: 0), text: "n\($0)") }
    }

    /// A department's workbook (a few dozen goals) is freed in place; a sheet's thousands of notes, cells or band
    /// rows, or a long summary sheet, in the background.
    @Test func aPatchIsLargeFromAsManyObjectsAsAPartSharedOut() {
        let limit = PartDeflation.rowsPerThread
        #expect(!WorkbookPatch(sheets: [SheetPatch(sheet: "S", notes: Self.notes(50))]).isLarge)
        #expect(!WorkbookPatch(sheets: [SheetPatch(sheet: "S", notes: Self.notes(limit - 1))]).isLarge)
        #expect(WorkbookPatch(sheets: [SheetPatch(sheet: "S", notes: Self.notes(limit))]).isLarge)
        let band = CellBand(rows: Array(0..<(limit / 2))) { _ in [] }
        let cells = Dictionary(uniqueKeysWithValues: (0..<(limit / 2)).map { ($0, [CellWrite]()) })
        #expect(!WorkbookPatch(sheets: [SheetPatch(sheet: "S", bands: [band])]).isLarge)
        #expect(WorkbookPatch(sheets: [SheetPatch(sheet: "S", cells: cells, bands: [band])]).isLarge)
        let summary = NewSheet(name: "要約", rows: SheetRows.made(count: limit) { _ in [] })
        #expect(WorkbookPatch(summary: summary).isLarge)
    }
}
