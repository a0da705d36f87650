import Analysis
import ArgumentParser
import Foundation
import GoalModel
import GoalSheetCLI
import GoalSheetSupport
import Ingest
import Normalize
import OPCPackage
import Report
import SpreadsheetML
import SpreadsheetWriter
import TestSupport
import Testing
import ZIPArchive

@Suite("Annotated workbooks", .serialized)
struct AnnotationTests {
    let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
        Normalizer().run(Repository.nexBridgeInputs))
    var cs: GoalInput { Repository.nexBridgeInputs[2] }

    @Test func columnsBesideTheTableWithFormatsAndFills() throws {
        let dir = try Scratch.directory("columns")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/cs.xlsx"
        let report = try Annotator.annotate(cs, run: run, output: out)
        let cells = try PackageReading.cells(out, sheet: "CS KPI")
        // The header row (row 3) gains six columns after I (Aligned to).
        #expect(
            ["J3", "K3", "L3", "M3", "N3", "O3"].map { cells[$0] }
                == ["進捗率", "達成率", "スコア", "ステータス", "整合先", "指摘"].map { CellValue.text($0) })
        // 月間問い合わせ対応500件: 420 → 460 of 500, as of 2025-12-31.
        #expect(cells["J4"] == .number(0.5) && cells["K4"] == .number(0.92) && cells["L4"] == .number(0.5))
        #expect(cells["M4"] == .text("要注意") && cells["N4"] == nil && cells["O4"] == .text("孤立した目標、作業量の指標、やや遅れ"))
        // エスカレーション件数 (集計中): no numbers, status データなし.
        #expect(cells["J9"] == nil && cells["M9"] == .text("データなし") && cells["N9"] == .text("KR3 平均対応時間"))
        // The second table (Team … Aligned to, A12:E13) gets its own columns after E. Its row has no due column: the
        // sheet's title (「CS部 KPI管理表 FY2025」) gives FY2025, so 3 of 6 days cut at 75% of the year is behind.
        #expect(
            cells["F12"] == .text("進捗率") && cells["I13"] == .text("要注意") && cells["J13"] == .text("KR1 顧客満足度")
                && cells["K13"] == .text("やや遅れ"))
        // The original cells are all still there.
        let original = try PackageReading.cells(cs.path, sheet: "CS KPI")
        for (k, v) in original { #expect(cells[k] == v, "\(k)") }

        // Number formats and fills: cloned cellXfs with 0%, 0.0 and a solid fill.
        let wb = try Workbook(path: out)
        let sheet = try PackageReading.partText(out, "xl/worksheets/sheet1.xml")
        func style(_ ref: String) throws -> Int {
            let r = try #require(sheet.range(of: "<c r=\"\(ref)\" s=\""))
            return Int(sheet[r.upperBound...].prefix { $0.isNumber })!
        }
        #expect(wb.styles.numberFormat(forStyle: try style("J4")).kind == .percent)
        #expect(wb.styles.numberFormat(forStyle: try style("L4")).code == "0.0")
        let styles = try OPCPackage(path: out).tree(of: "xl/styles.xml")
        let xfs = try #require(styles.child(named: "cellXfs")).children(named: "xf")
        let fills = try #require(styles.child(named: "fills")).children(named: "fill")
        func fillColor(_ ref: String) throws -> String? {
            let fill = fills[Int(xfs[try style(ref)]["fillId"]!)!]
            return fill.child(named: "patternFill")?.child(named: "fgColor")?["rgb"]
        }
        #expect(try fillColor("M4") == "FFFFEB9C")
        #expect(try fillColor("M7") == "FFFFC7CE")
        #expect(try fillColor("M9") == "FFD9D9D9")
        #expect(try fillColor("I13") == "FFFFEB9C")
        // Notes: on the cells errors and warnings point at, by GoalSheet (info findings only in the 指摘 column).
        let comments = try OPCPackage(path: out).tree(of: "xl/comments1.xml")
        let list = try #require(comments.child(named: "commentList")).children(named: "comment")
        #expect(list.map { $0["ref"]! } == ["B4", "F7", "F8", "F9"])
        #expect(!list.contains { $0.descendants(named: "t").map(\.text).joined().contains("[情報]") })
        #expect(
            list[0].descendants(named: "t").map(\.text).joined().hasPrefix(
                "[警告] 孤立した目標 (orphan-goal)\nどの全社目標（Objective・KGI・KR）にもつながっていません\n→ おそらく KR3 平均対応時間"))
        #expect(report.notesWritten == 4 && report.summarySheet == "分析サマリー")
        #expect(
            sheet.contains(
                #"<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>"#
            ))
        #expect(
            try PackageReading.partText(out, "[Content_Types].xml").contains(
                #"<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>"#))
    }

    @Test func notesAllPutsInfoFindingsOnTheirCellsToo() throws {
        let dir = try Scratch.directory("notes-all")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/cs.xlsx"
        let report = try Annotator.annotate(cs, run: run, output: out, options: AnnotationOptions(notes: .all))
        let comments = try OPCPackage(path: out).tree(of: "xl/comments1.xml")
        let list = try #require(comments.child(named: "commentList")).children(named: "comment")
        #expect(list.map { $0["ref"]! } == ["B4", "F4", "F5", "F7", "I7", "F8", "F9", "D13"])
        #expect(report.notesWritten == 8)
        let f4 = list[1].descendants(named: "t").map(\.text).joined()
        #expect(f4.hasPrefix("[情報] "), "\(f4)")
        // The command line's flag reaches the same option.
        #expect(
            cliExitCode([
                "annotate", "--company", Repository.sample("nexbridge_company_okr.xlsx"), "--company",
                Repository.sample("nexbridge_kpi_tree.xlsx"), cs.path, "--as-of",
                "2025-12-31", "--out", dir + "/cli.xlsx", "--notes", "all",
            ]) == 0)
        let cli = try OPCPackage(path: dir + "/cli.xlsx").tree(of: "xl/comments1.xml")
        #expect(try #require(cli.child(named: "commentList")).children(named: "comment").count == 8)
    }

    @Test func summarySheetShowsOnlyTheManagersOwnGoals() throws {
        let dir = try Scratch.directory("summary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/cs.xlsx"
        try Annotator.annotate(cs, run: run, output: out)
        let cells = try PackageReading.cells(out, sheet: "分析サマリー")
        #expect(cells["A1"] == .text("全社") && cells["A2"] == .text("全社ロールアップ") && cells["F2"] == .text("2025-12-31"))
        #expect(cells["A4"] == .text("ID") && cells["E4"] == .text("目標") && cells["P4"] == .text("指摘"))
        #expect(cells["E5"] == .text("月間問い合わせ対応500件") && cells["C5"] == .text("B4") && cells["I5"] == .number(500))
        let texts = cells.values.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
        // Other departments' goals and the cross-department tables stay out.
        for other in ["新機能20個実装", "新規契約", "営業部", "開発部"] { #expect(!texts.contains { $0.contains(other) }, "\(other)") }
        let xml = try PackageReading.partText(out, "xl/worksheets/sheet2.xml")
        #expect(xml.contains(#"<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<autoFilter ref="A4:P10"/>"#))
        // --share-all adds the department table and the coverage map.
        let shared = dir + "/cs-shared.xlsx"
        try Annotator.annotate(cs, run: run, output: shared, options: AnnotationOptions(shareAll: true))
        let all = try PackageReading.cells(shared, sheet: "分析サマリー").values.compactMap {
            if case .text(let t) = $0 { return t } else { return nil }
        }
        #expect(all.contains("営業部") && all.contains("department"))
    }

    @Test func findingsNamingOtherDepartmentsAreGenericUnlessSharedAll() throws {
        let dir = try Scratch.directory("cross")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "目標,目標値,現状値,期限\n新規契約100社,100,40,2026-03-31\n".write(
            toFile: dir + "/営業一部.csv", atomically: true, encoding: .utf8)
        try "目標,目標値,現状値,期限\n新規契約80社,80,30,2026-03-31\n".write(
            toFile: dir + "/営業二部.csv", atomically: true, encoding: .utf8)
        let inputs = [
            Repository.nexBridgeInputs[0], GoalInput(path: dir + "/営業一部.csv", isCompany: false),
            GoalInput(path: dir + "/営業二部.csv", isCompany: false),
        ]
        let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
            Normalizer().run(inputs))
        let duplicate = try #require(run.findings.first { $0.rule == .duplicateMetric })
        #expect(duplicate.message == "同じ指標「新規契約」を他部署も持っています（営業一部 営業一部#2）。共通の上位目標がありません")
        let generic = "他部門の目標と関係する指摘です（詳細は企画部の summary.xlsx）"
        for shareAll in [false, true] {
            let out = dir + "/営業二部-\(shareAll).xlsx"
            try Annotator.annotate(inputs[2], run: run, output: out, options: AnnotationOptions(shareAll: shareAll))
            let summary = try PackageReading.cells(out, sheet: "分析サマリー").values
            let notes = try PackageReading.partText(out, "xl/comments1.xml")
            let shown = shareAll ? duplicate.message : generic
            #expect(summary.contains(.text(shown)))
            #expect(notes.contains("[警告] 指標の重複 (duplicate-metric)\n\(shown)"))
            #expect(notes.contains("営業一部") == shareAll)
        }
    }

    @Test func untouchedEntriesAreCopiedRawAndASecondRunChangesNothing() throws {
        let dir = try Scratch.directory("idempotent")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = dir + "/first.xlsx", second = dir + "/second.xlsx"
        let input = Repository.nexBridgeInputs[1]  // two KPI trees: two sheets annotated
        let report = try Annotator.annotate(input, run: run, output: first)
        let a = try ZipArchive(path: input.path), b = try ZipArchive(path: first)
        var copied = 0
        for e in a.entries where !report.editedParts.contains(e.name) {
            let f = try #require(b.entry(named: e.name))
            var x: [UInt8] = [], y: [UInt8] = []
            try a.copyRaw(e) { x += $0 }
            try b.copyRaw(f) { y += $0 }
            #expect(x == y && e.crc32 == f.crc32, "\(e.name)")
            copied += 1
        }
        #expect(copied == 3)  // docProps/app.xml, docProps/core.xml, the theme
        #expect(
            Set(report.editedParts) == [
                "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "_rels/.rels", "[Content_Types].xml",
            ])
        // Annotating the annotated workbook: the same columns, notes and summary, not twice.
        let model2 = Normalizer().run(
            [Repository.nexBridgeInputs[0], GoalInput(path: first, isCompany: true)] + Repository.nexBridgeInputs[2...])
        #expect(model2.nodes.count == run.model.nodes.count)
        let run2 = Analyzer(options: run.options).analyze(model2)
        try Annotator.annotate(GoalInput(path: first, isCompany: true), run: run2, output: second)
        for part in [
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/comments1.xml",
            "xl/comments2.xml",
            "xl/drawings/vmlDrawing1.vml", "xl/workbook.xml", "[Content_Types].xml",
            "xl/worksheets/_rels/sheet1.xml.rels", "docProps/custom.xml",
        ] {
            #expect(try PackageReading.partText(first, part) == PackageReading.partText(second, part), "\(part)")
        }
        #expect(try Workbook(path: second).sheets.map(\.name) == ["売上KPIツリー", "ECツリー", "分析サマリー"])
    }

    @Test func csvBecomesAWorkbookWithTheSameCells() throws {
        let dir = try Scratch.directory("csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/sales.xlsx"
        let input = Repository.nexBridgeInputs[4]
        try Annotator.annotate(input, run: run, output: out)
        let wb = try Workbook(path: out)
        #expect(wb.sheets.map(\.name) == ["sales_dept_goals_sjis", "分析サマリー"])
        let cells = try PackageReading.cells(out, sheet: "sales_dept_goals_sjis")
        let doc = try SpreadsheetDocument(path: input.path)
        let rows = try doc.rows(of: doc.sheets[0])
        var csvCells = 0
        while let row = try rows.next() {
            for c in row.cells where !c.value.isEmpty {
                let ref = CellReference(row: c.row, column: c.column).description
                if case .text(let t) = c.value, let v = Double(t), !t.hasPrefix("+"), !t.hasPrefix("0") || t == "0" {
                    #expect(cells[ref] == .number(v), "\(ref)")
                } else {
                    #expect(cells[ref] == c.value, "\(ref)")
                }
                csvCells += 1
            }
        }
        #expect(csvCells > 30)
        let header = try #require(cells.first { $0.value == .text("進捗率") }?.key)
        #expect(CellReference(header)?.row == 0)
        // Its header styled like the summary sheets (bold, filled) and frozen, its columns fitted: 目標 is not cut off.
        let sheet = try PackageReading.partText(out, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(
            sheet.contains(
                #"<col min="1" max="1" width="8" customWidth="1"/><col min="2" max="2" width="40" customWidth="1"/>"#))
        let b1 = try #require(sheet.range(of: #"<c r="B1" s=""#))
        let xf = try #require(Int(sheet[b1.upperBound...].prefix { $0 != "\"" }))
        let styles = try PackageReading.partText(out, "xl/styles.xml")
        let xfs = styles.components(separatedBy: "<cellXfs")[1].components(separatedBy: "<xf ").dropFirst()
        let fills = styles.components(separatedBy: "<fills")[1].components(separatedBy: "</fills>")[0].components(
            separatedBy: "<fill>"
        ).dropFirst()
        let fillID = try #require(
            Int(xfs[xfs.startIndex + xf].components(separatedBy: "fillId=\"")[1].prefix { $0 != "\"" }))
        #expect(
            fills[fills.startIndex + fillID].contains("FFDDEBF7")
                && xfs[xfs.startIndex + xf].contains("applyFont=\"1\""))
        #expect(sheet.contains(#"<c r="G1" s="\#(xf)""#), "the added columns' header has the same style")
    }

    @Test func annotateInPlaceKeepsABackup() throws {
        let dir = try Scratch.directory("inplace")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/cs_kpi_fy2025.xlsx"
        try FileManager.default.copyItem(atPath: cs.path, toPath: file)
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        let status = cliExitCode([
            "annotate", "--company", Repository.nexBridgeInputs[0].path, "--company",
            Repository.nexBridgeInputs[1].path, "--as-of", "2025-12-31",
            "--in-place", file,
        ])
        #expect(status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file + ".bak")) == original)
        #expect(try Workbook(path: file).sheets.map(\.name) == ["CS KPI", "分析サマリー"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files == ["cs_kpi_fy2025.xlsx", "cs_kpi_fy2025.xlsx.bak"])
        #expect(
            cliExitCode(["annotate", "--company", Repository.nexBridgeInputs[0].path, dir + "/missing.xlsx"])
                == ExitCode.validationFailure.rawValue)
        #expect(
            cliExitCode([
                "annotate", "--company", Repository.nexBridgeInputs[0].path, "--in-place", "--out", dir + "/x.xlsx",
                file,
            ])
                == ExitCode.validationFailure.rawValue)
    }
}
