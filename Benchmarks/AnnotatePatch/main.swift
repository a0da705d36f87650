// annotate-patch: the write-back half of `goalsheet annotate`, alone, on a generated goal sheet, so that
// Benchmarks/annotate_bench.py can time it against openpyxl doing exactly the same edits.
//
//   annotate-patch IN.xlsx OUT.xlsx [SHEET] [ROWS]
//
// Sheet SHEET (default "KPI") holds a header row and ROWS data rows in columns A–L. The patch adds six
// columns M–R (bold headers; 0% / 0% / 0.0 numbers; a status text with a solid fill; two texts), column
// widths, and a note on column F of every 100th data row. Every value is a function of the row number, the
// same one the Python side computes (annotate_bench.py `row_values`), so the two outputs can be compared.
import Foundation
import GoalSheetSupport
import SpreadsheetML
import SpreadsheetWriter

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: annotate-patch IN.xlsx OUT.xlsx [SHEET] [ROWS]\n".utf8))
    exit(2)
}
let sheet = args.count > 3 ? args[3] : "KPI"
let rows = args.count > 4 ? Int(args[4]) ?? 100_000 : 100_000

let headers = ["進捗率", "達成率", "スコア", "ステータス", "整合先", "指摘"]
let statuses: [(String, String)] = [
    ("達成", "C6EFCE"), ("順調", "C6EFCE"), ("要注意", "FFEB9C"), ("遅れ", "FFC7CE"), ("データなし", "D9D9D9"),
]
let first = 12  // column M

var patch = SheetPatch(sheet: sheet)
patch.cells[0] = headers.enumerated().map {
    CellWrite(column: first + $0.offset, value: .text($0.element), style: StyleRequest(bold: true))
}
for r in 1...rows {
    let row = r + 1  // the 1-based row number Excel shows
    let status = statuses[row % statuses.count]
    var cells = [
        CellWrite(column: first, value: .number(Double(row * 37 % 101) / 100), style: StyleRequest(numberFormat: "0%")),
        CellWrite(
            column: first + 1, value: .number(Double(row * 53 % 121) / 100), style: StyleRequest(numberFormat: "0%")),
        CellWrite(
            column: first + 2, value: .number(Double(row * 7 % 11) / 10), style: StyleRequest(numberFormat: "0.0")),
        CellWrite(column: first + 3, value: .text(status.0), style: StyleRequest(fill: status.1)),
        CellWrite(column: first + 4, value: .text("KR\(row % 5 + 1)")),
    ]
    if row % 100 == 0 { cells.append(CellWrite(column: first + 5, value: .text("activity-metric"))) }
    patch.cells[r] = cells
    if row % 100 == 0 {
        patch.notes.append(
            CellNote(
                cell: CellReference(row: r, column: 5),
                text: "activity-metric: 行\(row)の目標は活動量です。成果の指標（解約率など）に結び付けてください。"))
    }
}
patch.columnWidths = [10, 10, 8, 12, 10, 18].enumerated().map {
    ColumnWidth(column: first + $0.offset, width: $0.element)
}

do {
    let report = try WorkbookPatcher.apply(WorkbookPatch(sheets: [patch]), to: args[1], output: args[2])
    print("\(report.editedParts.count) parts edited, \(report.addedParts.count) added, \(report.notesWritten) notes")
} catch {
    FileHandle.standardError.write(Data("annotate-patch: \(error)\n".utf8))
    exit(3)
}
