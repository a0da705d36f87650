import GoalSheetSupport

/// A cell's value, typed as Excel stores it and as its number format says it is shown.
public enum CellValue: Sendable, Equatable {
    case empty
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A serial in a date or time number format.
    case date(ExcelDate)
    /// A serial (in days) in an elapsed-time format such as `[h]:mm:ss`.
    case duration(days: Double)
    /// An error value as stored: `#DIV/0!`, `#N/A`, `#REF!` …
    case error(String)

    public var isEmpty: Bool { if case .empty = self { return true } else { return false } }

    /// The number behind a number, date or duration (dates as their serial).
    public var numericValue: Double? {
        switch self {
        case .number(let v): return v
        case .date(let d): return d.serial
        case .duration(let d): return d
        default: return nil
        }
    }

    /// The text of a text cell.
    public var textValue: String? { if case .text(let s) = self { return s } else { return nil } }
}

/// One cell: position, value, number format and formula.
public struct Cell: Sendable, Equatable {
    /// 0-based row index (row 1 is 0).
    public var row: Int
    /// 0-based column index (A is 0).
    public var column: Int
    public var value: CellValue
    /// Index into the workbook's `cellXfs` (the `s` attribute), 0 when absent.
    public var styleIndex: Int
    /// The formula text without `=`, if the cell has one (shared formulas translated to this cell).
    public var formula: String?

    public init(row: Int, column: Int, value: CellValue, styleIndex: Int = 0, formula: String? = nil) {
        self.row = row
        self.column = column
        self.value = value
        self.styleIndex = styleIndex
        self.formula = formula
    }

    /// The A1 reference of this cell.
    public var reference: String { CellReference(row: row, column: column).description }
}

/// A row of cells, in column order.
public struct Row: Sendable, Equatable {
    /// 0-based row index.
    public var index: Int
    public var cells: [Cell]
    public var isHidden: Bool

    public init(index: Int, cells: [Cell], isHidden: Bool = false) {
        self.index = index
        self.cells = cells
        self.isHidden = isHidden
    }
}

/// A date and time as an Excel serial in one of the two date systems.
public struct ExcelDate: Sendable, Equatable, Hashable {
    /// The serial as stored in the cell.
    public let serial: Double
    /// True for the 1904 date system (`<workbookPr date1904="1"/>`).
    public let is1904: Bool

    public init(serial: Double, is1904: Bool) {
        self.serial = serial
        self.is1904 = is1904
    }

    /// Calendar fields of a date-time.
    public struct Components: Sendable, Equatable {
        public var year, month, day, hour, minute, second, microsecond: Int
    }

    /// Days from 1899-12-30 on the 1900 system; serials below 60 are shifted by one day to undo
    /// Lotus 1-2-3's fictitious 1900-02-29 (serial 60), as Excel displays them.
    public var components: Components? {
        var f = is1904 ? serial + 1462 : serial
        if f < 60 { f += 1 }
        let ms = (f * 86_400_000).rounded()
        guard ms.isFinite, abs(ms) < 9e17 else { return nil }
        let total = Int64(ms)
        var days = total / 86_400_000
        var rem = total % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days) + daysFrom1970To18991230)
        guard y >= 1, y <= 9999 else { return nil }
        let msOfDay = Int(rem)
        return Components(
            year: y, month: m, day: d, hour: msOfDay / 3_600_000, minute: msOfDay / 60_000 % 60,
            second: msOfDay / 1000 % 60, microsecond: msOfDay % 1000 * 1000)
    }

    /// The serial (1900 system, days since 1899-12-30) of a calendar date and time.
    public static func serial(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0
    ) -> Double {
        var s = Double(daysFromCivil(year, month, day) - daysFrom1970To18991230)
        if s < 61 && s > 0 { s -= 1 }  // before 1900-03-01 serials are one less than the day count
        return s + (Double(hour) * 3600 + Double(minute) * 60 + second) / 86_400
    }

    /// True for a serial below 1 on the 1900 system: a time of day with no date (day 0 is "1900-01-00").
    public var isTimeOnly: Bool { !is1904 && serial >= 0 && serial < 1 }

    /// ISO 8601 text: `YYYY-MM-DD` for a whole day, `HH:MM:SS[.ffffff]` for a time of day,
    /// else `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
    public var isoString: String? {
        guard let c = components else { return nil }
        if isTimeOnly { return timeString(c) }
        if serial == serial.rounded(.down) { return dateString(c) }
        return dateString(c) + "T" + timeString(c)
    }

    private func dateString(_ c: Components) -> String {
        pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }
    private func timeString(_ c: Components) -> String {
        var s = pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if c.microsecond != 0 { s += "." + pad(c.microsecond, 6) }
        return s
    }
}

let daysFrom1970To18991230 = -25_569

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

/// (year, month, day) → days since 1970-01-01.
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

@inline(__always) func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
