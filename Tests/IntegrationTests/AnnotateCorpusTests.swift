import Foundation
import GoalSheetSupport
import SpreadsheetML
import SpreadsheetWriter
import TestSupport
import Testing
import ZIPArchive

/// The raw (still compressed) bytes of an entry.
func rawBytes(_ zip: ZipArchive, _ e: ZipEntry) throws -> [UInt8] {
    var out: [UInt8] = []
    try zip.copyRaw(e) { out += $0 }
    return out
}

/// The `<col min max>` ranges of a worksheet, in document order.
func colRanges(_ xml: String) -> [ClosedRange<Int>] {
    guard let start = xml.range(of: "<cols"), let end = xml.range(of: "</cols>", range: start.upperBound..<xml.endIndex)
    else { return [] }
    let body = xml[start.upperBound..<end.lowerBound]
    func attribute(_ name: String, in tag: Substring) -> Int? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        return Int(tag[r.upperBound...].prefix { $0 != "\"" })
    }
    return body.components(separatedBy: "<").compactMap { t -> ClosedRange<Int>? in
        let tag = Substring(t)
        guard tag.hasPrefix("col ") || tag.contains(":col "), let lo = attribute("min", in: tag),
            let hi = attribute("max", in: tag), lo <= hi
        else { return nil }
        return lo...hi
    }
}

extension [ClosedRange<Int>] {
    var isSortedAndDisjoint: Bool { zip(self, dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound } }
}

@Suite(.serialized) struct AnnotateCorpusTests {
    /// A Strict package (Japanese Excel's, 「ワークシート」 in app.xml) gets a summary sheet: its custom properties
    /// in Strict names, app.xml listing the new sheet, and the filter's defined name.
    @Test func strictPackageGetsItsOwnNames() throws {
        try #require(Corpus.available, "corpus not found at \(Corpus.root.path)")
        let source = Corpus.root.appendingPathComponent("xlsx/phpspreadsheet/issue.3843a.template.xlsx").path
        let target = NSTemporaryDirectory() + "goalsheet-strict-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: target) }
        let summary = NewSheet(
            name: "分析サマリー",
            rows: [[CellWrite(column: 0, value: .text("ID"))], [CellWrite(column: 0, value: .text("KR1"))]],
            frozenRows: 1, autoFilter: CellRange("A1:A2")!)
        try WorkbookPatcher.apply(WorkbookPatch(sheets: [], summary: summary), to: source, output: target)
        let zip = try ZipArchive(path: target)
        let rels = try PackageReading.partText(zip, "_rels/.rels")
        #expect(
            rels.contains(
                "Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties\" Target=\"docProps/custom.xml\""
            ))
        #expect(
            try PackageReading.partText(zip, "docProps/custom.xml").contains(
                "<Properties xmlns=\"http://purl.oclc.org/ooxml/officeDocument/customProperties\" xmlns:vt=\"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes\">"
            ))
        let app = try PackageReading.partText(zip, "docProps/app.xml")
        #expect(
            app.contains(
                "<vt:variant><vt:lpstr>ワークシート</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant>"))
        #expect(
            app.contains(
                "<TitlesOfParts><vt:vector size=\"2\" baseType=\"lpstr\"><vt:lpstr>Sheet1</vt:lpstr><vt:lpstr>分析サマリー</vt:lpstr></vt:vector></TitlesOfParts>"
            ))
        #expect(
            try PackageReading.partText(zip, "xl/workbook.xml").contains(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"1\" hidden=\"1\">'分析サマリー'!$A$1:$A$2</definedName>"
            ))
        #expect(AnnotationMark.read(try Workbook(path: target).package)?.summarySheet == "分析サマリー")
    }

    /// Every valid corpus workbook gets a column (header, a percentage, a filled status) beside its first worksheet's
    /// cells and a note at A1; every entry the patch did not touch must be byte-identical, and the sheet must re-read
    /// (ours, python-calamine, openpyxl) as the original cells plus exactly the new ones.
    @Test func annotateEveryValidWorkbook() throws {
        try #require(Corpus.available, "corpus not found at \(Corpus.root.path)")
        let files = Corpus.files(in: "xlsx", extensions: ["xlsx", "xlsm"])
        #expect(files.count >= 300)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("goalsheet-corpus-\(getpid())")
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        var annotated = 0
        var unreadable = 0
        var manifest: [[String: Any]] = []
        var failures: [String] = []
        for (i, url) in files.enumerated() {
            let name = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
            guard let wb = try? Workbook(path: url.path),
                let sheet = wb.sheets.first(where: { $0.kind == .worksheet && $0.part != nil }),
                let before = try? PackageReading.cells(url.path, sheet: sheet.name)
            else { unreadable += 1; continue }
            let refs = before.keys.compactMap(CellReference.init)
            let maxColumn = refs.map(\.column).max() ?? -1
            let column = maxColumn + 1 < CellReference.maxColumns ? maxColumn + 1 : 0
            let row0 = maxColumn + 1 < CellReference.maxColumns ? 0 : (refs.map(\.row).max() ?? 0) + 1
            var patch = SheetPatch(sheet: sheet.name)
            patch.cells[row0] = [
                CellWrite(column: column, value: .text("GoalSheet 指摘 & <注>"), style: StyleRequest(bold: true))
            ]
            patch.cells[row0 + 1] = [
                CellWrite(column: column, value: .number(0.25), style: StyleRequest(numberFormat: "0%"))
            ]
            patch.cells[row0 + 2] = [CellWrite(column: column, value: .text("遅れ"), style: StyleRequest(fill: "FFC7CE"))]
            patch.notes = [
                CellNote(
                    cell: CellReference(row: 0, column: 0), text: "GoalSheet: 確認してください",
                    fallback: CellReference(row: row0, column: column))
            ]
            patch.markedRanges = [
                CellRange(
                    start: CellReference(row: row0, column: column), end: CellReference(row: row0 + 2, column: column))
            ]
            // Two tables asking for the same column and its neighbour: <cols> must stay sorted and disjoint.
            patch.columnWidths = [
                ColumnWidth(column: column, width: 9),
                ColumnWidth(column: min(column + 1, CellReference.maxColumns - 1), width: 12),
                ColumnWidth(column: column, width: 20),
            ]
            let target = out.appendingPathComponent("\(i).xlsx").path
            do {
                let report = try WorkbookPatcher.apply(WorkbookPatch(sheets: [patch]), to: url.path, output: target)
                // Untouched entries: the same compressed bytes, method and CRC.
                let a = try ZipArchive(path: url.path), b = try ZipArchive(path: target)
                let edited = Set(report.editedParts)
                for e in a.entries where !edited.contains(e.name) {
                    guard let f = b.entry(named: e.name), f.crc32 == e.crc32, f.method == e.method,
                        try rawBytes(a, e) == rawBytes(b, f)
                    else {
                        failures.append("\(name): entry \(e.name) was not copied byte for byte"); continue
                    }
                }
                // Our reader: the original cells plus the new ones, every other sheet unchanged.
                let after = try PackageReading.cells(target, sheet: sheet.name)
                var expected = before
                let c0 = CellReference(row: row0, column: column).description
                let c1 = CellReference(row: row0 + 1, column: column).description
                let c2 = CellReference(row: row0 + 2, column: column).description
                expected[c0] = .text("GoalSheet 指摘 & <注>")
                expected[c1] = .number(0.25)
                expected[c2] = .text("遅れ")
                if after != expected {
                    let k = Set(after.keys).union(expected.keys).sorted().first { after[$0] != expected[$0] }!
                    failures.append(
                        "\(name): \(k) reads \(String(describing: after[k])), expected \(String(describing: expected[k]))"
                    )
                }
                let part = try #require(sheet.part)
                if try colRanges(PackageReading.partText(a, part)).isSortedAndDisjoint,
                    !(try colRanges(PackageReading.partText(b, part)).isSortedAndDisjoint)
                {
                    failures.append(
                        "\(name): <cols> overlap or are out of order after annotating: \(try colRanges(PackageReading.partText(b, part)))"
                    )
                }
                let wb2 = try Workbook(path: target)
                #expect(wb2.sheets.map(\.name) == wb.sheets.map(\.name), "\(name)")
                #expect(AnnotationMark.read(wb2.package)?.columns[sheet.name] == ["\(c0):\(c2)"], "\(name)")
                #expect(report.notesWritten == 1 || report.notesDropped == 1, "\(name)")
                annotated += 1
                manifest.append([
                    "original": url.path, "annotated": target, "sheet": sheet.name,
                    "added": [c0: "GoalSheet 指摘 & <注>", c1: 0.25, c2: "遅れ"] as [String: Any],
                ])
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        let report = "\(failures.count) failures:\n" + failures.prefix(20).joined(separator: "\n")
        #expect(failures.isEmpty, "\(report)")
        print(
            "annotate corpus: \(annotated) workbooks annotated and re-read, \(unreadable) skipped (our reader cannot read their first worksheet)"
        )
        #expect(annotated >= 340)

        // python-calamine and openpyxl (installed by .ci/run; set GOALSHEET_SKIP_PYTHON=1 to skip on a machine without
        // them).
        guard ProcessInfo.processInfo.environment["GOALSHEET_SKIP_PYTHON"] == nil else { return }
        let manifestPath = out.appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestPath)
        let script = try #require(Bundle.module.path(forResource: "reread", ofType: "py"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, manifestPath.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "reread.py failed (are python-calamine and openpyxl installed?)")
        // The result is the last line (a reader may print its own messages before it).
        let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: [String: Any]],
            "reread.py printed: \(String(decoding: data.prefix(2000), as: UTF8.self))")
        for reader in ["calamine", "openpyxl"] {
            let r = try #require(result[reader])
            print(
                "annotate corpus, \(reader): \(r["ok"]!) match, \(r["failed"]!) differ, \(r["skipped"]!) originals it cannot read"
            )
            #expect(r["failed"] as? Int == 0, "\(reader): \(String(describing: r["examples"]!))")
            #expect((r["ok"] as? Int ?? 0) >= 250, "\(reader)")
        }
    }
}
