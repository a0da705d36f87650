import Foundation
import GoalModel
import GoalSheetSupport
import SpreadsheetML
import Testing

@testable import Normalize

/// Each stage of the reader alone: header bands, column profiles and roles, row classes, dates, sentences.
@Suite("Reading stages")
struct ReadingStageTests {
    let matcher = HeaderMatcher()

    /// A grid with merged ranges given as A1 ranges (their cells filled as SheetGrid.load fills them).
    func merged(_ rows: [[String]], _ ranges: [String]) -> SheetGrid {
        var g = grid(rows)
        for text in ranges {
            let range = CellRange(text)!
            g.mergedRanges.append(range)
            let anchor = g[range.start.row, range.start.column]
            for r in range.start.row...range.end.row {
                for c in range.start.column...range.end.column where !(r == range.start.row && c == range.start.column)
                {
                    while g.rows[r].count <= c {
                        g.rows[r].append(.init(value: .empty, isPercent: false, fromMerge: false))
                    }
                    if g.rows[r][c].value.isEmpty {
                        g.rows[r][c] = .init(value: anchor.value, isPercent: false, fromMerge: true)
                    }
                }
            }
        }
        return g
    }

    @Test func aMergedGroupRowOverSubHeadersNamesColumnsByPath() {
        let g = merged(
            [
                ["目標項目", "", "数値目標", "", "", "期限"],
                ["大項目", "小項目", "基準値", "目標値", "現状", ""],
                ["採用", "新卒採用数", "18", "30", "14", "2026/3/31"],
            ], ["A1:B1", "C1:E1", "F1:F2"])
        let band = HeaderBand.read(g, top: 0, matcher: matcher)
        #expect(band.rows == 0...1)
        #expect(band.name(1) == "目標項目/小項目" && band.name(3) == "数値目標/目標値" && band.name(5) == "期限")
        #expect(band.finest(3) == "目標値" && band.group(3) == "数値目標")
        let tables = HeaderDetector.tables(in: g, matcher: matcher)
        #expect(tables.count == 1 && tables[0].headerTop == 0 && tables[0].headerRow == 1)
        #expect(
            tables[0].columns == [.title: 1, .baseline: 2, .target: 3, .current: 4, .due: 5]
                && tables[0].categoryColumns == [0])
    }

    @Test func aGroupRowWrittenOnceOverItsColumns() {
        // CSV-style: the group names its first column only.
        let g = grid([
            ["KPI", "Q1", "", "Full Year", ""],
            ["", "Goal", "Actual", "Goal", "Actual"],
            ["Leads generated", "300", "280", "1200", "900"],
        ])
        let band = HeaderBand.read(g, top: 0, matcher: matcher)
        #expect(band.rows == 0...1 && band.name(2) == "Q1/Actual" && band.name(4) == "Full Year/Actual")
    }

    @Test(
        arguments: [
            // 「目標」 over numbers is the target; 「KPI」 over words is the title.
            (
                [["KPI", "目標", "実績"], ["新規商談数", "120", "80"], ["受注率", "25", "22"]],
                [ColumnRole.title: 0, .target: 1, .current: 2]
            ),
            // 「目標」 beside 「目標値」 is the title.
            ([["目標", "目標値", "現状"], ["一次回答時間の短縮", "2時間", "5時間"]], [.title: 0, .target: 1, .current: 2]),
            // A column of dates needs no header ("Session"), and "Start" over numbers is the baseline.
            (
                [
                    ["Goal", "Session", "Start", "Target"], ["Grow the team fast", "Q4 2021", "0", "5"],
                    ["Hire three reps", "Q1 2022", "0", "3"],
                ],
                [.title: 0, .due: 1, .baseline: 2, .target: 3]
            ),
        ] as [([[String]], [ColumnRole: Int])])
    func rolesComeFromHeaderAndContent(_ rows: [[String]], _ roles: [ColumnRole: Int]) {
        let tables = HeaderDetector.tables(in: grid(rows), matcher: matcher)
        #expect(tables.count == 1)
        #expect(tables.first?.columns == roles)
    }

    @Test func everyColumnHasEvidence() throws {
        let t = try #require(
            HeaderDetector.tables(in: grid([["目標", "目標値"], ["解約率を下げる", "3%"]]), matcher: matcher).first)
        let target = try #require(t.assignments.first { $0.role == .target })
        #expect(target.confidence == 1 && target.evidence == "header 「目標値」; content 1 cells: 1 number (1 %)")
    }

    @Test func rowClasses() {
        let g = grid([
            ["No.", "目標", "目標値", "実績"],
            ["1", "新規契約数", "100", "42"],
            ["", "合計", "100", "42"],
            ["例", "〇〇を△△する", "", ""],
            ["※ 実績は12月末", "", "", ""],
            ["", "目標", "目標値", "実績"],
            ["■ 営業二課", "", "", ""],
        ])
        let table = HeaderDetector.tables(in: g, matcher: matcher)[0]
        let c = RowClassifier(grid: g, table: table, words: .standard)
        #expect(c.classify(1) == .goal && c.classify(2) == .skip(.total) && c.classify(3) == .skip(.example))
        #expect(
            c.classify(4) == .skip(.instruction) && c.classify(5) == .skip(.repeatedHeader)
                && c.classify(6) == .section("■ 営業二課"))
    }

    @Test(arguments: [
        ("Q1", "2025-04-01", "2025-06-30"), ("1Q", "2025-04-01", "2025-06-30"), ("第3四半期", "2025-10-01", "2025-12-31"),
        ("上期", "2025-04-01", "2025-09-30"), ("H2", "2025-10-01", "2026-03-31"), ("4月", "2025-04-01", "2025-04-30"),
        ("Mar", "2026-03-01", "2026-03-31"), ("通期", "2025-04-01", "2026-03-31"), ("Q1'25", "2025-01-01", "2025-03-31"),
        ("FY24 Q2", "2024-07-01", "2024-09-30"), ("2026 Q4", "2026-10-01", "2026-12-31"),
    ])
    func periodTokensWithinTheSheetsPeriod(_ text: String, _ start: String, _ end: String) throws {
        let fy2025 = DateSpan(
            start: CalendarDate(iso: "2025-04-01"), end: try #require(CalendarDate(iso: "2026-03-31")))
        let token = try #require(PeriodToken.parse(text, words: .standard), "\(text)")
        // A written year places the token in that calendar year; else the sheet's period (FY2025 here) does.
        let span = token.span(within: token.year == nil ? fy2025 : nil, fiscal: FiscalCalendar())
        #expect(span?.start == CalendarDate(iso: start) && span?.end == CalendarDate(iso: end), "\(text)")
    }

    @Test func periodColumnsNeedTwoPartsAndAScenario() {
        let words = ReadingWords.standard
        func find(_ paths: [[String]]) -> [String] {
            let band = HeaderBand(
                rows: 0...1, paths: Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($0.offset, $0.element) })
            )
            return PeriodColumnFinder(band: band, words: words).find().map { "\($0.label) \($0.scenario.rawValue)" }
        }
        #expect(
            find([["KPI"], ["目標Q1"], ["Q1実績"], ["Q2 Target"], ["Actual Q2"]]) == [
                "Q1 target", "Q1 actual", "Q2 target", "Q2 actual",
            ])
        #expect(
            find([["上期", "目標"], ["上期", "実績"], ["下期", "目標"], ["通期", "目標"]]) == [
                "上期 target", "上期 actual", "下期 target", "通期 target",
            ])
        // One period is a column name, not a layout: 「年間目標」 or "Q1 Target" alone stay a target column.
        #expect(find([["KPI"], ["Q1 Target"], ["通期目標"]]).isEmpty)
        #expect(find([["Q1"], ["Q2"]]).isEmpty)
    }

    @Test func formulasNameTheSheetsTheyReadFrom() {
        #expect(
            FormulaSheetNames.names(in: "SUMIFS(Finance!C$2:C$120,Finance!$A$2:$A$120,$B36)") == ["Finance", "Finance"])
        #expect(FormulaSheetNames.names(in: "'営業 実績'!B3+'It''s'!C4") == ["営業 実績", "It's"])
        #expect(FormulaSheetNames.names(in: "SUM(C3:C4)").isEmpty && FormulaSheetNames.names(in: "[1]Book!A1").isEmpty)
    }

    @Test func formBlanksArePlaceholders() {
        let words = ReadingWords.standard
        #expect(words.isFillIn("Ngày …./ …../20..") && words.isFillIn("____年__月__日") && !words.isFillIn("売上を1.2倍にする"))
        #expect(!words.isFillIn("Q1/Q2") && !words.isFillIn("..."))
    }

    @Test(arguments: [
        ("Q4 2021", "2021-10-01", "2021-12-31"), ("2021 Q4", "2021-10-01", "2021-12-31"),
        ("Q4'21", "2021-10-01", "2021-12-31"),
        ("H2 2025", "2025-07-01", "2025-12-31"), ("Annual 2022", "2022-01-01", "2022-12-31"),
        ("FY2025", "2025-04-01", "2026-03-31"),
        ("2025年度下期", "2025-10-01", "2026-03-31"),
    ])
    func periodsAsDueDates(_ text: String, _ start: String, _ end: String) {
        let span = DateParser.parse(text)
        #expect(span?.start == CalendarDate(iso: start) && span?.end == CalendarDate(iso: end), "\(text)")
    }

    @Test func titleBlocksAndFormsGiveThePeriodAndOwner() {
        let g = grid([["人事部 2025年度 目標管理シート"], ["氏名：", "中村 花子"], ["部署：", "人事部"], ["No.", "目標", "目標値"]])
        let ctx = SheetContext.read(g, above: 3, names: [], matcher: matcher, fiscal: FiscalCalendar())
        #expect(ctx.period?.end == CalendarDate(iso: "2026-03-31") && ctx.owner == "中村 花子" && ctx.department == "人事部")
        #expect(
            SheetContext.period(in: "PL-02 - 2024 Goals/KPIs Setting", fiscal: FiscalCalendar())?.end
                == CalendarDate(iso: "2024-12-31"))
        #expect(SheetContext.period(in: "KPI一覧 v3", fiscal: FiscalCalendar()) == nil)
    }

    @Test func aSentenceOfTwoGoalsSplits() {
        #expect(
            GoalSentenceSplitter.split("不良率を30%低減し、納期遵守率98%を達成する", words: .standard) == ["不良率を30%低減し", "納期遵守率98%を達成する"])
        #expect(
            GoalSentenceSplitter.split("Grow ARR to $12M and cut churn to 3%", words: .standard) == [
                "Grow ARR to $12M", "cut churn to 3%",
            ])
        // One number: one goal.
        #expect(GoalSentenceSplitter.split("顧客満足度を高め、NPSを改善する", words: .standard) == ["顧客満足度を高め、NPSを改善する"])
    }

    @Test func scenarioWordsEndLabels() {
        let w = ReadingWords.standard
        #expect(
            w.scenario(endingLabel: "No of Staff PY")?.scenario == .prior
                && w.scenario(endingLabel: "No of Staff PY")?.stem == "No of Staff")
        #expect(w.scenario(endingLabel: "売上 実績")?.scenario == .actual && w.scenario(endingLabel: "Display") == nil)
        #expect(w.isTotal("合計") && w.isTotal("Total") && !w.isTotal("Total revenue growth"))
    }

    static let totalLabels: [(String, Bool)] = [
        ("合計", true), ("合計(円)", true), ("小計：", true), ("営業部 合計", true), ("Grand Total", true),
        ("subtotal(q1)", true), ("合計売上を伸ばす", false), ("total revenue growth", false), ("計画", false),
        ("集計 方法", false), ("", false),
    ]

    @Test(arguments: totalLabels) func totalRowLabels(label: String, isTotal: Bool) {
        #expect(ReadingWords.standard.isTotal(label) == isTotal)
    }

    static let exampleLabels: [(String, Bool)] = [
        ("記入例", true), ("記入例：売上を伸ばす", true), ("例)新規顧客", true), ("例えば", true), ("サンプル行", true),
        ("Example: grow ARR", true), ("e.g. churn", true), ("examples", false), ("sample size", true),
        ("samples", false), ("例", true), ("実例", false), ("ex", false),
    ]

    @Test(arguments: exampleLabels) func exampleRowLabels(label: String, isExample: Bool) {
        #expect(ReadingWords.standard.isExample(label) == isExample)
    }

    @Test func wordsAddedByTheConfigAreLookedUpToo() {
        var w = ReadingWords.standard
        #expect(!w.isTotal("部計") && !w.isExample("見本：売上"))
        w.totalWords.append("部計")
        w.exampleWords.append("見本")
        #expect(w.isTotal("部計") && w.isTotal("営業 部計") && w.isExample("見本：売上") && w.isExample("見本です"))
    }

    /// A label is looked up only when it starts (or, for blanks, holds) a character the words can: the words a
    /// config adds are indexed as they are added, an empty instruction prefix included.
    @Test func instructionsAndBlanksAddedByTheConfigAreIndexedToo() {
        var w = ReadingWords.standard
        #expect(w.isInstruction("※ 記入不要") && w.isInstruction("note: see above") && !w.isInstruction("売上を伸ばす"))
        #expect(!w.isInstruction("") && !w.isInstruction("備考：確認"))
        w.instructionPrefixes.append("備考")
        #expect(w.isInstruction("備考：確認") && !w.isInstruction("売上を伸ばす"))
        w.instructionPrefixes.append("")
        #expect(w.isInstruction("売上を伸ばす") && w.isInstruction(""))
        #expect(!w.isFillIn("＊＊＊＊年") && !w.isFillIn("顧客満足度を40%から93%に向上"))
        w.fillCharacters.insert("＊")
        #expect(w.isFillIn("＊＊＊＊年"))
        // Combining marks make other characters: 注 with a dakuten starts no 注.
        #expect(!ReadingWords.standard.isInstruction("注\u{3099}:") && ReadingWords.standard.isInstruction("注:"))
    }
}

/// Sheets that repeat others: only a sheet whose every goal an earlier sheet gave is dropped, and the first
/// of two alike is kept.
@Suite("Repeated sheets")
struct RepeatSheetFilterTests {
    func reading(_ sheets: [(String, [(String, Double)])]) -> FileReading {
        var file = FileReading(path: "f.xlsx")
        for (name, goals) in sheets {
            file.sheets.append(SheetReading(name: name, verdict: .goalTables))
            for (r, (title, target)) in goals.enumerated() {
                var n = GoalNode(
                    id: "\(name)-\(r)", source: SourceLocation(file: "f.xlsx", sheet: name, row: r + 1),
                    level: .department,
                    kind: .kpi, title: title)
                n.target = target
                file.nodes.append(n)
            }
        }
        return file
    }

    @Test func aSheetOfGoalsAllGivenBeforeIsDropped() {
        var file = reading([
            ("前期", [("解約率", 3), ("商談数", 50)]), ("今期", [("解約率", 2)]), ("写し", [("商談数", 50), ("解約率", 3)]),
            ("別表", [("解約率", 3), ("受注率", 30)]),
        ])
        RepeatSheetFilter.drop(&file)
        #expect(file.sheets.map(\.verdict) == [.goalTables, .goalTables, .repeatsAnotherSheet, .goalTables])
        #expect(file.sheets[2].why == "every goal repeats sheet 前期")
        #expect(file.nodes.map(\.id) == ["前期-0", "前期-1", "今期-0", "別表-0", "別表-1"])
    }

    @Test(arguments: [true, false])
    func theLastSheetIsComparedAndASingleSheetKept(repeats: Bool) {
        var file = reading([("A", [("売上", 100)]), ("B", [("売上", repeats ? 100 : 120)])])
        RepeatSheetFilter.drop(&file)
        #expect(file.nodes.map(\.id) == (repeats ? ["A-0"] : ["A-0", "B-0"]))
        var single = reading([("A", [("売上", 100), ("売上", 100)])])
        RepeatSheetFilter.drop(&single)
        #expect(single.nodes.count == 2 && single.sheets[0].verdict == .goalTables)
    }
}

/// Outline parents found in one pass down the rows: by number, then by level.
@Suite("Outline parents")
struct OutlineParentsTests {
    func entry(_ id: String?, level: Int = 0) -> OutlineParents.Entry {
        OutlineParents.Entry(number: id.flatMap { OutlineNumber.parse($0, isIDCell: true) }, level: level)
    }

    @Test func numbersNameTheirParentsAndCircledOnesThePlainRowAbove() {
        let entries = ["1", "1.1", "①", "1.2", "2", "2.1", "1.3", "②", "2.1.1", "3.4"].map { entry($0) }
        #expect(OutlineParents.Parents(entries).parent == [nil, 0, 1, 0, nil, 4, 0, 6, 5, nil])
    }

    @Test func levelsGiveTheNearestRowAboveAtALowerLevel() {
        let entries = [
            entry(nil, level: 0), entry(nil, level: 1), entry(nil, level: 2), entry(nil, level: 1),
            entry("4.1", level: 3), entry(nil, level: 0), entry(nil, level: 2),
        ]
        #expect(OutlineParents.Parents(entries).parent == [nil, 0, 1, 0, 3, nil, 5])
        #expect(OutlineParents.Parents([entry(nil), entry(nil)]).parent == [nil, nil])
    }

    /// A table numbered without its parents' rows: every row looks for "1" and finds none, in one pass.
    @Test func aLongTableWithoutItsParentsRowsIsReadInOnePass() {
        let entries = (1...50_000).map { entry("1.\($0)") }
        #expect(OutlineParents.Parents(entries).parent.allSatisfy { $0 == nil })
    }
}

/// A period-rows block's full-period column is named by the Lexicon's full-period words (年度計, "Year") as well
/// as by total words; a row without three period cells starts no block.
@Suite("Period-rows blocks")
struct SeriesBlockTests {
    @Test(arguments: [("Total", 5), ("Year", 5), ("年度計", 5), ("Notes", nil)])
    func theFullPeriodColumn(header: String, column: Int?) {
        let g = grid([
            ["KPI", "", "Jan", "Feb", "Mar", header],
            ["Orders PY", "", "90", "95", "97", "282"],
            ["Orders Act", "", "100", "104", "108", "312"],
            ["Orders Plan", "", "110", "112", "115", "337"],
        ])
        let blocks = SeriesBlockFinder(grid: g, words: .standard, fiscal: FiscalCalendar()).find()
        #expect(blocks.map(\.periods.count) == [3])
        #expect(blocks.first?.totalColumn == column)
        #expect(blocks.first?.labelColumn == 0 && blocks.first?.lastRow == 3)
    }

    @Test func twoPeriodCellsStartNoBlock() {
        let finder = SeriesBlockFinder(
            grid: grid([["KPI", "Jan", "Feb", "合計"]]), words: .standard, fiscal: FiscalCalendar())
        #expect(!finder.hasThreePeriods(grid([["KPI", "Jan", "Feb", "合計"]]).rows[0]))
        #expect(finder.hasThreePeriods(grid([["4月", " Q2 ", "Mar"]]).rows[0]))
        #expect(SeriesBlockFinder.periodText("　4月 ") == "4月" && SeriesBlockFinder.periodText("解約率") == nil)
    }

    /// A text's ends past ASCII blanks and ideographic spaces, from its bytes, as the scalars give them.
    @Test(
        arguments: [
            ("　4月 ", false, true), ("\tJan\u{3000}", true, false), ("q3\n", true, false), ("四月", false, true),
            ("月", false, true), ("　", nil, nil), ("", nil, nil), (" \r\n", nil, nil), ("売上（4月）", false, false),
            ("４月", false, true), ("Ünit", false, false), ("4月　　", false, true), ("e\u{301}", true, false),
            ("月　a", false, false),
        ] as [(String, Bool?, Bool?)])
    func textEndsAreTheScalarsEnds(text: String, latin: Bool?, month: Bool?) {
        let ends = TextEnds(text)
        #expect(ends?.latinHead == latin && ends?.monthTail == month)
        let blank: (Unicode.Scalar) -> Bool = { " \t\n\r\u{3000}".unicodeScalars.contains($0) }
        let head = text.unicodeScalars.first { !blank($0) }, tail = text.unicodeScalars.last { !blank($0) }
        #expect(ends?.latinHead == head.map { $0.isASCII && $0.properties.isAlphabetic })
        #expect(ends?.monthTail == tail.map { $0 == "月" })
    }
}

@Suite("Inferred units")
struct GoalInferenceTests {
    static func node(metric: String, target: Double) -> GoalNode {
        var n = GoalNode(
            id: "D1", source: SourceLocation(file: "営業部.xlsx", sheet: "KPI", row: 3), level: .department, kind: .kpi,
            title: "\(metric)を\(Int(target))に")
        n.metric = metric
        n.target = target
        return n
    }

    /// A Japanese count noun of the lexicon and a whole number make a count; without the noun in the list, none.
    @Test func aCountNounOfTheLexiconMakesACount() {
        let n = GoalInferenceTests.node(metric: "訪問件数", target: 30)
        #expect(GoalInference.unit(of: n, units: [], column: nil, lexicon: .standard) == .count)
        var without = Lexicon.standard
        without.countNouns = []
        #expect(GoalInference.unit(of: n, units: [], column: nil, lexicon: without) == nil)
        #expect(
            GoalInference.unit(
                of: GoalInferenceTests.node(metric: "訪問件数", target: 30.5), units: [], column: nil,
                lexicon: .standard) == nil)
    }
}

/// Which texts a column profile tries as dates: date separators and words, quarters, halves and fiscal years.
@Suite("Date-like texts")
struct DateLikeTests {
    @Test(arguments: [
        ("2026/3/31", true), ("2026-03", true), ("2026年3月末", true), ("上期", true), ("Q4 2021", true),
        ("q1", true), ("FY2025", true), ("fy25", true), ("H1", true), ("h2 2026", true), ("2021 Q4", true),
        ("2021 q4", true), ("1.2.3", true), ("v1.2", false), ("-5", false), ("30%/年", false), ("477件", false),
        ("H3", false), ("F", false), ("", false), ("100", false), ("A Q", true), ("AQ", false), ("目標", false),
    ])
    func dateLike(_ text: String, _ expected: Bool) {
        #expect(ColumnProfiler.isDateLike(text) == expected)
    }
}
