import GoalSheetSupport
import SpreadsheetML
import ZIPArchive

/// What tests read back from a written package: a part's text, a sheet's cells.
public enum PackageReading {
    /// A part's text (UTF-8).
    public static func partText(_ path: String, _ part: String) throws -> String {
        try partText(try ZipArchive(path: path), part)
    }

    /// A part's text from an archive already open (for several parts of one package).
    public static func partText(_ zip: ZipArchive, _ part: String) throws -> String {
        guard let entry = zip.entry(named: part) else {
            throw GoalSheetError(.missingPart, file: zip.path, part: part, "no such part")
        }
        return String(decoding: try zip.contents(of: entry), as: UTF8.self)
    }

    /// Every non-empty cell of a sheet as our reader gives it: "B3" → value.
    public static func cells(_ path: String, sheet: String) throws -> [String: CellValue] {
        let wb = try Workbook(path: path)
        guard let info = wb.sheet(named: sheet) else {
            throw GoalSheetError(.sheetNotFound, file: path, sheet: sheet, "no such sheet")
        }
        let rows = try wb.rows(of: info)
        var out: [String: CellValue] = [:]
        while let row = try rows.next() {
            for c in row.cells where !c.value.isEmpty {
                out[CellReference(row: c.row, column: c.column).description] = c.value
            }
        }
        return out
    }
}
