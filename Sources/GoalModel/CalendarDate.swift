/// A day in the proleptic Gregorian calendar, without time zone (a due date, an as-of date).
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A valid date, else nil (2025-02-30 is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year),
            (1...9999).contains(year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date of a day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// ISO 8601 text: `2026-03-31`; nil when it is not a valid date.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The last day of this date's month.
    public var monthEnd: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year)) ?? self
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day of a month.
    public static func endOfMonth(year: Int, month: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: daysIn(month: month, year: year))!
    }

    /// The date `n` days later (earlier for negative `n`).
    public func adding(days n: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + n) }

    /// The first day of the month `n` months later.
    public func firstOfMonth(adding n: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + n
        return CalendarDate(year: total / 12, month: total % 12 + 1, day: 1)!
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    public var description: String {
        // "yyyy-mm-dd" written straight into a small string: asked for every date of every goal of every output.
        if (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day) {
            return String(unsafeUninitializedCapacity: 10) { b in
                func put(_ v: Int, _ at: Int, _ width: Int) {
                    var v = v
                    for i in stride(from: at + width - 1, through: at, by: -1) {
                        b[i] = UInt8(ascii: "0") + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(year, 0, 4)
                b[4] = UInt8(ascii: "-")
                put(month, 5, 2)
                b[7] = UInt8(ascii: "-")
                put(day, 8, 2)
                return 10
            }
        }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A company's fiscal calendar: the month its year starts (April in Japan by default).
public struct FiscalCalendar: Sendable, Equatable {
    /// 1…12; 4 means FY2025 runs from 2025-04-01 to 2026-03-31.
    public var startMonth: Int

    public init(startMonth: Int = 4) { self.startMonth = (1...12).contains(startMonth) ? startMonth : 4 }

    /// First and last day of fiscal year `fy` (named after the calendar year it starts in).
    public func year(_ fy: Int) -> ClosedRange<CalendarDate> {
        let start = CalendarDate(year: fy, month: startMonth, day: 1)!
        return start...start.firstOfMonth(adding: 12).adding(days: -1)
    }

    /// First and last day of quarter `q` (1…4) of fiscal year `fy`.
    public func quarter(_ q: Int, of fy: Int) -> ClosedRange<CalendarDate> {
        let start = CalendarDate(year: fy, month: startMonth, day: 1)!.firstOfMonth(adding: (q - 1) * 3)
        return start...start.firstOfMonth(adding: 3).adding(days: -1)
    }

    /// First and last day of half `h` (1 = 上期, 2 = 下期) of fiscal year `fy`.
    public func half(_ h: Int, of fy: Int) -> ClosedRange<CalendarDate> {
        let start = CalendarDate(year: fy, month: startMonth, day: 1)!.firstOfMonth(adding: (h - 1) * 6)
        return start...start.firstOfMonth(adding: 6).adding(days: -1)
    }

    /// The fiscal year a date falls in.
    public func fiscalYear(of d: CalendarDate) -> Int { d.month >= startMonth ? d.year : d.year - 1 }

    /// The calendar period of length `per` that contains `d` (quarters and years follow the fiscal year).
    public func period(_ per: GoalPeriod, containing d: CalendarDate) -> ClosedRange<CalendarDate> {
        switch per {
        case .day: return d...d
        case .week:
            // Weeks start on Monday (ISO); day number 0 (1970-01-01) was a Thursday.
            let weekday = ((d.dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
            let start = d.adding(days: -weekday)
            return start...start.adding(days: 6)
        case .month:
            return CalendarDate(
                year: d.year, month: d.month, day: 1)!...CalendarDate.endOfMonth(year: d.year, month: d.month)
        case .quarter:
            let fy = fiscalYear(of: d)
            let monthsIn = (d.year * 12 + d.month) - (fy * 12 + startMonth)
            return quarter(monthsIn / 3 + 1, of: fy)
        case .year:
            return year(fiscalYear(of: d))
        }
    }
}
