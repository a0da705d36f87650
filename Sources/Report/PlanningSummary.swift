import Analysis
import Foundation
import GoalModel
import GoalSheetSupport
import SpreadsheetML
import SpreadsheetWriter

/// The planning office's `summary.xlsx`, in the run's language: 部署別 (the company roll-up and each
/// department), 整合マップ (departments × company goals), 目標一覧 (every goal) and 指摘一覧 (every finding).
/// Figures are numbers in % and 0.0 formats, codes are words (順調, 警告, KR, 件), columns fit their
/// content, long text wraps, and every sheet prints landscape, one page wide, its header on each page.
public struct PlanningSummary: Sendable {
    let run: AnalyzedRun
    let japanese: Bool
    let catalog: MessageCatalog

    /// The summary of `run`, in its language (`--lang`, else the language most of its goals are written in).
    public init(_ run: AnalyzedRun) {
        self.run = run
        let jaGoals = run.model.nodes.filter(\.isJapanese).count
        japanese = run.options.language.map { $0 == .ja } ?? (jaGoals * 2 >= run.model.nodes.count)
        catalog = MessageCatalog(japanese ? .ja : .en)
    }

    /// The four sheets.
    public func sheets() -> [NewSheet] { [departments(), alignment(), goals(), findings()] }

    /// The fill of every header row GoalSheet writes (summary sheets, a CSV input's header).
    static let headerFill = "DDEBF7"
    static let header = StyleRequest(fill: headerFill, bold: true, wrap: true)

    /// The title printed at the top of each summary page: 「GoalSheet 分析サマリー（基準日 2025-12-31）」.
    static func printTitle(_ asOf: CalendarDate, japanese: Bool) -> String {
        japanese ? "GoalSheet 分析サマリー（基準日 \(asOf)）" : "GoalSheet summary (as of \(asOf))"
    }
    static let percent = StyleRequest(numberFormat: "0.0%")
    static let score = StyleRequest(numberFormat: "0.0")
    static let wrapped = StyleRequest(wrap: true)
    /// Every style a row of 目標一覧 asks for (so that a long one is written in one pass).
    static let goalRowStyles =
        [wrapped, percent, score] + Annotator.statusStyles

    func say<T>(_ ja: T, _ en: T) -> T { japanese ? ja : en }

    func headerRow(_ names: [String]) -> [CellWrite] {
        names.enumerated().map { CellWrite(column: $0.offset, value: .text($0.element), style: PlanningSummary.header) }
    }

    /// A cell, or nothing for an empty value.
    func cell(_ column: Int, _ value: Double?, _ style: StyleRequest? = nil) -> CellWrite? {
        value.map { CellWrite(column: column, value: .number(($0 * 1_000_000).rounded() / 1_000_000), style: style) }
    }

    func cell(_ column: Int, _ text: String, _ style: StyleRequest? = nil) -> CellWrite? {
        text.isEmpty ? nil : CellWrite(column: column, value: .text(ExcelLimitError.clip(text)), style: style)
    }

    func status(_ column: Int, _ s: GoalStatus) -> CellWrite {
        CellWrite(
            column: column, value: .text(Annotator.statusLabel(s, japanese: japanese)),
            style: Annotator.statusStyle(s))
    }

    /// A table sheet: its header at `headerRow`, frozen below it, filtered, fitted, set up to print.
    func sheet(
        _ name: String, _ rows: SheetRows, headerRow: Int, columns: Int, caps: [Int: Double] = [:]
    ) -> NewSheet {
        let title = PlanningSummary.printTitle(run.options.asOf, japanese: japanese) + " — " + name
        let filter = CellRange(
            start: CellReference(row: headerRow, column: 0),
            end: CellReference(row: max(headerRow, rows.count - 1), column: columns - 1))
        return NewSheet(
            name: name, rows: rows, frozenRows: headerRow + 1, autoFilter: filter,
            fit: ColumnFit(caps: caps),
            printSetup: PrintSetup(titleRows: headerRow...headerRow, title: title))
    }
}

extension PlanningSummary {
    /// 部署別: the company roll-up (and what it averages), then one row per department.
    func departments() -> NewSheet {
        let c = run.company
        var rows: [[CellWrite]] = [
            headerRow(
                say(
                    ["全社", "進捗率", "達成率", "スコア", "ステータス", "基準日", "平均の対象"],
                    ["Company", "Progress", "Attainment", "Score", "Status", "As of", "Mean of"]))
        ]
        rows.append(
            [
                cell(0, say("全社ロールアップ", "Company roll-up")), cell(1, c.progress, PlanningSummary.percent),
                cell(2, c.attainment, PlanningSummary.percent), cell(3, c.score, PlanningSummary.score),
                status(4, c.status),
                cell(5, run.options.asOf.description), cell(6, (c.rollUp?.of ?? []).joined(separator: say("、", ", "))),
            ].compactMap { $0 })
        rows.append([])
        let headerRow = rows.count
        let statuses = GoalStatus.allCases
        rows.append(
            self.headerRow(
                say(
                    ["部署", "目標数", "整合", "孤立", "作業量の指標", "平均スコア"],
                    ["Department", "Goals", "Aligned", "Orphans", "Activity metrics", "Mean score"])
                    + statuses.map { Annotator.statusLabel($0, japanese: japanese) }))
        for d in run.departments {
            var r = [cell(0, d.department)].compactMap { $0 }
            r += [Double(d.goals), Double(d.aligned), Double(d.orphans), Double(d.activityMetrics)].enumerated()
                .compactMap { cell($0.offset + 1, $0.element) }
            r += [cell(5, d.meanScore, PlanningSummary.score)].compactMap { $0 }
            r += statuses.enumerated().compactMap { cell(6 + $0.offset, Double(d.statusCounts[$0.element] ?? 0)) }
            rows.append(r)
        }
        return sheet(say("部署別", "Departments"), SheetRows(rows), headerRow: headerRow, columns: 6 + statuses.count)
    }

    /// 整合マップ: how many goals of each department contribute to each company goal.
    func alignment() -> NewSheet {
        var rows = [headerRow([say("部署", "Department")] + run.companyTargets.map(AnalysisReport.label))]
        for d in run.departments {
            rows.append(
                [cell(0, d.department)].compactMap { $0 }
                    + run.companyTargets.enumerated().compactMap {
                        cell($0.offset + 1, Double(run.coverage[d.department]?[$0.element.id] ?? 0))
                    })
        }
        return sheet(
            say("整合マップ", "Alignment"), SheetRows(rows), headerRow: 0, columns: run.companyTargets.count + 1,
            caps: [0: 20])
    }

    /// 目標一覧: every goal with its figures, status, the company goal it traces to and the rules that fired; a goal
    /// the sheet gives no id has none here (its file and cell say where it is; the run-wide id is in the CSVs).
    func goals() -> NewSheet {
        let names = say(
            [
                "ID", "部署", "ファイル", "シート", "セル", "階層", "種別", "目標", "単位", "基準値", "現状", "目標値", "期限",
                "進捗率", "達成率", "スコア", "期間の経過", "ステータス", "整合先", "指摘",
            ],
            [
                "ID", "Department", "File", "Sheet", "Cell", "Level", "Kind", "Goal", "Unit", "Baseline", "Current",
                "Target", "Due",
                "Progress", "Attainment", "Score", "Time elapsed", "Status", "Aligned to", "Findings",
            ])
        let rules = AnalysisReport.ruleNames(run.findings)
        let rows =
            SheetRows([headerRow(names)])
            + SheetRows.made(count: run.model.nodes.count, styles: PlanningSummary.goalRowStyles) { i in
                goalRow(run.model.nodes[i], rules: rules)
            }
        return sheet(say("目標一覧", "Goals"), rows, headerRow: 0, columns: names.count, caps: [7: 40, 18: 30, 19: 30])
    }

    /// A goal's row of 目標一覧.
    func goalRow(_ n: GoalNode, rules: [String: [String]]) -> [CellWrite] {
        let g = run.gaps[n.id] ?? GapResult()
        // One array of the row's twenty cells, the empty ones left out as they are added (not three arrays
        // joined and filtered: a summary of 50,000 goals makes this row 50,000 times).
        var r: [CellWrite] = []
        r.reserveCapacity(20)
        func add(_ c: CellWrite?) { if let c { r.append(c) } }
        add(cell(0, n.localID ?? ""))
        add(cell(1, n.department))
        add(cell(2, fileName(n.source.file)))
        add(cell(3, n.source.sheet))
        add(cell(4, n.location(of: .title).cellName))
        add(cell(5, catalog.label(n.level)))
        add(cell(6, catalog.label(n.kind)))
        add(cell(7, n.title, PlanningSummary.wrapped))
        add(cell(8, n.unit.map(catalog.label) ?? ""))
        add(cell(9, n.baseline))
        add(cell(10, n.current))
        add(cell(11, n.target))
        add(cell(12, n.due?.description ?? ""))
        add(cell(13, g.progress, PlanningSummary.percent))
        add(cell(14, g.attainment, PlanningSummary.percent))
        add(cell(15, g.score, PlanningSummary.score))
        add(cell(16, g.expected, PlanningSummary.percent))
        add(status(17, g.status))
        add(cell(18, AnalysisReport.alignedTo(n, run)))
        add(cell(19, catalog.labels(rules[n.id] ?? []), PlanningSummary.wrapped))
        return r
    }

    /// 指摘一覧: every finding, its rule by name and by stable id, where it is, and what to do.
    func findings() -> NewSheet {
        let names = say(
            ["重要度", "ルール", "ファイル", "シート", "セル", "目標", "メッセージ", "提案", "ルールID"],
            ["Severity", "Rule", "File", "Sheet", "Cell", "Goal", "Message", "Suggestion", "Rule ID"])
        let sheetIDs = Dictionary(run.model.nodes.map { ($0.id, $0.localID ?? "") }, uniquingKeysWith: { a, _ in a })
        let order = AnalysisReport.sortedFindingIndices(run)
        let rows =
            SheetRows([headerRow(names)])
            + SheetRows.made(count: order.count, styles: [PlanningSummary.wrapped]) { i in
                let f = run.findings[order[i]]
                let text = f.text
                return [
                    cell(0, catalog.label(f.severity)), cell(1, catalog.label(f.rule)),
                    cell(2, f.location.map { fileName($0.file) } ?? ""),
                    cell(3, f.location?.sheet ?? ""), cell(4, f.location?.cellName ?? ""),
                    cell(5, f.nodeID.flatMap { sheetIDs[$0] } ?? ""),
                    cell(6, text.message, PlanningSummary.wrapped), cell(7, text.suggestion, PlanningSummary.wrapped),
                    cell(8, f.rule.rawValue),
                ].compactMap { $0 }
            }
        return sheet(say("指摘一覧", "Findings"), rows, headerRow: 0, columns: names.count, caps: [6: 60, 7: 50])
    }

    /// Rule ids as their names: 「孤立した目標、作業量の指標」.
    func fileName(_ path: String) -> String { FileIO.fileName(path) }
}
