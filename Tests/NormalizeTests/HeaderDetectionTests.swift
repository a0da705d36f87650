import Foundation
import GoalModel
import GoalSheetSupport
import SpreadsheetML
import Testing

@testable import Normalize

/// A grid from rows of cell texts ("" is empty; "=merge" takes the value of the cell to its left or above).
func grid(_ rows: [[String]]) -> SheetGrid {
    var g = SheetGrid(rows: [], is1904: false)
    for (r, row) in rows.enumerated() {
        var cells: [SheetGrid.GridCell] = []
        for (c, text) in row.enumerated() {
            if text == "=left" {
                cells.append(.init(value: cells[c - 1].value, isPercent: false, fromMerge: true))
            } else if text == "=up" {
                cells.append(.init(value: g.rows[r - 1][c].value, isPercent: false, fromMerge: true))
            } else if let v = Double(text) {
                cells.append(.init(value: .number(v), isPercent: false, fromMerge: false))
            } else {
                cells.append(.init(value: text.isEmpty ? .empty : .text(text), isPercent: false, fromMerge: false))
            }
        }
        g.rows.append(cells)
    }
    return g
}

@Suite("Header detection")
struct HeaderDetectionTests {
    let matcher = HeaderMatcher()

    @Test(
        arguments: [
            ("ID", ColumnRole.id), ("No.", .id), ("番号", .id), ("目標", .title), ("KPI名", .title), ("指標", .title),
            ("Key Result", .keyResult),
            ("ＫＲ", .keyResult), ("内容", .title), ("Objective", .objective), ("単位", .unit), ("Unit", .unit),
            ("基準値", .baseline),
            ("前年実績", .baseline), ("開始値", .baseline), ("Baseline", .baseline), ("Start Value", .baseline),
            ("現状", .current),
            ("実績", .current), ("現状値", .current), ("Actual", .current), ("Current", .current), ("現状(6月末)", .current),
            ("現状（6月末）", .current), ("目標値", .target), ("ターゲット", .target), ("TARGET", .target), ("期限", .due),
            ("期日", .due),
            ("Due", .due), ("Deadline", .due), ("担当", .owner), ("担当者", .owner), ("責任者", .owner), ("Owner", .owner),
            ("部門", .department),
            ("部署", .department), ("Team", .department), ("Department", .department), ("上位", .parent), ("親ID", .parent),
            ("関連", .parent),
            ("全社目標との関連", .parent), ("Parent", .parent), ("Aligned to", .parent), ("区分", .type), ("種別", .type),
            ("Type", .type),
            ("ウェイト", .weight), ("Weight", .weight), ("算出式", .formula), ("Formula", .formula), ("上位目標ID", .parent),
            ("関連する全社KR", .parent), ("2025年度目標", .target),
        ] as [(String, ColumnRole)])
    func synonyms(_ header: String, _ role: ColumnRole) {
        #expect(matcher.match(header)?.0 == role)
    }

    @Test func bracketNoteIsKept() {
        #expect(matcher.match("現状(6月末)")?.1 == "6月末")
        #expect(matcher.match("備考") == nil)
    }

    @Test func headerBelowTitlesDatesAndBlankRows() {
        let g = grid([
            ["営業部 2025年度 目標管理シート", "=left", "=left", "=left"],
            ["作成日", "2025/4/1"],
            [],
            ["No.", "目標", "目標値", "実績"],
            ["1", "新規契約", "100社", "42社"],
            [],
            ["2", "解約率", "3%", "7%"],
        ])
        let tables = HeaderDetector.tables(in: g, matcher: matcher)
        #expect(tables.count == 1)
        #expect(tables[0].headerRow == 3)
        #expect(tables[0].columns == [.id: 0, .title: 1, .target: 2, .current: 3])
        // The blank row inside is not the end of the table.
        #expect(tables[0].rows == 4..<7)
    }

    @Test func twoTablesInOneSheet() {
        let g = grid([
            ["KPI", "Target", "Actual"],
            ["Leads", "300", "250"],
            [],
            ["メモ"],
            ["指標", "目標値", "担当"],
            ["商談数", "50", "高橋"],
        ])
        let tables = HeaderDetector.tables(in: g, matcher: matcher)
        #expect(tables.map(\.headerRow) == [0, 4])
        #expect(tables[0].rows == 1..<4 && tables[1].rows == 5..<6)
        #expect(tables[1].columns == [.title: 0, .target: 1, .owner: 2])
    }

    @Test func aDataRowWithOneKnownWordIsNoHeader() {
        let g = grid([["目標", "自由記述のメモ", "その他", "備考欄"]])
        #expect(HeaderDetector.tables(in: g, matcher: matcher).isEmpty)
    }

    @Test func configSynonymsAndFixedMappings() throws {
        let yaml = """
            fiscal_year_start: 1
            synonyms:
              target: [到達目標]
              current: [着地見込]
            sheets:
              - file: "legacy_*.xlsx"
                sheet: 旧様式
                header_row: 2
                columns: { B: title, D: target }
                department: 経理部
            lower_is_better: [返品率]
            outcome_metrics: [紹介率]
            """
        let path = NSTemporaryDirectory() + "goalsheet-config-\(getpid()).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try NormalizeConfig.load(path: path)
        #expect(config.fiscalYearStart == 1)
        let m = HeaderMatcher(extra: config.synonyms)
        #expect(m.match("到達目標")?.0 == .target && m.match("着地見込")?.0 == .current)
        let o = try #require(config.override(file: "/x/legacy_2019.xlsx", sheet: "旧様式"))
        #expect(o.department == "経理部" && o.headerRow == 2)
        #expect(config.override(file: "/x/legacy_2019.xlsx", sheet: "別シート") == nil)
        let g = grid([["", "", "", ""], ["", "何か", "", "数値"], ["", "返品率", "", "2%"]])
        let tables = HeaderDetector.tables(in: g, matcher: m, override: o)
        #expect(tables.count == 1 && tables[0].columns == [.title: 1, .target: 3] && tables[0].rows == 2..<3)
        #expect(config.lexicon.isLowerBetter("返品率"))
        #expect(config.lexicon.outcomeWords.last == "紹介率")
        #expect(config.limits == ReadLimits.standard)
    }

    @Test func configLimits() throws {
        let path = NSTemporaryDirectory() + "goalsheet-limits-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try
            "limits: { max_inflated_mib: 512, max_ratio: 200, max_cell_bytes: 65536, max_row_mib: 8, max_sheets: 50, max_csv_mib: 16 }\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let l = try NormalizeConfig.load(path: path).limits
        #expect(
            [
                l.maxTotalInflated, l.maxRatio, UInt64(l.maxCellBytes), UInt64(l.maxRowBytes), UInt64(l.maxSheets),
                l.maxCSVBytes,
            ]
                == [512 << 20, 200, 65536, 8 << 20, 50, 16 << 20])
        try "limits: { max_cell_bytes: 0 }\n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = #expect(throws: ConfigError.self) { try NormalizeConfig.load(path: path) }
        #expect(e?.message == "limits.max_cell_bytes must be at least 1, not 0")
    }

    @Test func badConfigNamesTheFileAndTheKey() throws {
        let path = NSTemporaryDirectory() + "goalsheet-badconfig-\(getpid()).yaml"
        try "synonyms:\n  targget: [x]\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError.self) { try NormalizeConfig.load(path: path) }
        do { _ = try NormalizeConfig.load(path: path) } catch let e as ConfigError {
            #expect(e.description.contains(path) && e.description.contains("targget"))
        }
    }

    @Test(
        arguments: [("営業部_目標.csv", "営業部"), ("2025_CS部_KPI", "CS部"), ("開発部OKR", "開発部"), ("sales", nil)]
            as [(String, String?)])
    func departmentFromNames(_ name: String, _ dept: String?) {
        #expect(SheetReader.departmentToken(name) == dept)
    }
}

@Suite("Text similarity")
struct TextSimilarityTests {
    @Test func diceOverBigrams() {
        // 顧客 客満 満足 足度 against 重点 点顧 顧客 客満 満足 足度 (の dropped): 2 × 4 / (4 + 6).
        #expect(TextSimilarity.dice("顧客満足度", "重点顧客の満足度") == 0.8)
        #expect(TextSimilarity.dice("解約率", "ＫＲ２ 解約率") == 2.0 * 2 / (2 + 5))
        #expect(TextSimilarity.dice("NPS", "nps") == 1)
        #expect(TextSimilarity.dice("売上", "解約率") == 0)
        #expect(TextSimilarity.containment("解約率", in: "既存顧客の解約率を下げる") == 1)
        #expect(TextSimilarity.key("Ｃｈｕｒｎ　Rate（月次）") == "churnrate月次")
    }

    @Test(arguments: ["Ｃｈｕｒｎ　Rate（月次）", "既存顧客の解約率", "ΣΑΣ", "", "・", "Straße 2"])
    func aProfileSpellsTheTextsKey(_ text: String) {
        #expect(BigramProfile(text).key == TextSimilarity.key(text))
    }
}

@Suite("The closest candidate of a sheet without a table")
struct ClosestCandidateTests {
    let matcher = HeaderMatcher()

    /// Rows of two numbers or more are skipped as headers without reading their texts; a sheet without a table
    /// still names such a row when it names the most fields.
    @Test func aDataRowNamingTheMostFieldsIsTheClosest() {
        let g = grid([["メモ", "", "", ""], ["目標", "担当", "100", "200"], ["進捗", "", "", ""]])
        let search = HeaderDetector.search(in: g, matcher: matcher)
        #expect(search.tables.isEmpty)
        #expect(search.closest == ClosestCandidate(row: 1, matched: 2, texts: 2, reason: .tooFewFieldNames))
    }

    @Test func aRowWithOneNumberIsStillAHeaderCandidate() {
        let g = grid([["目標", "担当", "2026"], ["新規契約100社", "佐藤", "100"], ["解約率を3%に削減", "鈴木", "3"]])
        let search = HeaderDetector.search(in: g, matcher: matcher)
        #expect(search.tables.map(\.headerRow) == [0])
        #expect(search.closest == nil)
    }
}
