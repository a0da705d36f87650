import GoalModel

/// A date or a period read from a cell: "2025/12/31" is one day, "2025年度" and "FY2025 Q3" are periods.
public struct DateSpan: Sendable, Equatable {
    /// The first day, for periods.
    public var start: CalendarDate?
    /// The last day (the due date a goal is held to).
    public var end: CalendarDate

    public init(start: CalendarDate? = nil, end: CalendarDate) {
        self.start = start
        self.end = end
    }
}

/// Reads the dates planning offices write: ISO and slashed dates, 2025年12月31日 / 12月末, Japanese
/// eras (令和7年, R7.12.31), fiscal years and quarters (2025年度, FY2025 Q3, 2025年度下期).
public enum DateParser {
    /// A date or period, or nil. `referenceYear` completes a date written without a year (6月末):
    /// the year is the one whose date falls on or before `notAfter` when given, else `referenceYear`.
    public static func parse(
        _ raw: String, fiscal: FiscalCalendar = FiscalCalendar(), notAfter: CalendarDate? = nil,
        referenceYear: Int? = nil
    ) -> DateSpan? {
        let t = TextNormalizer.foldWidth(raw).trimmingSpaces
        guard !t.isEmpty else { return nil }
        var s = Scanner(Array(t))
        return parseFiscal(&s, fiscal) ?? parseCalendar(t, notAfter: notAfter, referenceYear: referenceYear)
            ?? calendarPeriod(t)
    }

    /// A calendar period written without a fiscal marker (年度, FY): "Q4 2021", "2021 Q4", "Q4'21", "H2 2025",
    /// "Annual 2022", "CY2024". Exports from OKR tools write their sessions so.
    static func calendarPeriod(_ t: String) -> DateSpan? {
        // Its words are ASCII (years, Q4, H2, CY, annual): a text with any other character is none.
        guard t.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let words = t.lowercased().replacingOccurrences(of: "'", with: " '").split {
            $0 == " " || $0 == "-" || $0 == "/" || $0 == "_"
        }.map(String.init)
        guard words.count >= 1, words.count <= 3 else { return nil }
        var year: Int?
        var quarter: Int?
        var half: Int?
        var whole = false
        for w in words {
            if w.count == 4, let y = Int(w), (1990...2100).contains(y) { year = y; continue }
            if w.hasPrefix("'"), w.count == 3, let y = Int(w.dropFirst()) { year = 2000 + y; continue }
            if w.hasPrefix("cy"), w.count == 6, let y = Int(w.dropFirst(2)) { year = y; continue }
            if w.count == 2, w.first == "q", let q = Int(w.dropFirst()), (1...4).contains(q) { quarter = q; continue }
            if w.count == 6, w.first == "q", let q = Int(w.dropFirst().prefix(1)), let y = Int(w.suffix(4)),
                (1...4).contains(q)
            {
                quarter = q; year = y; continue
            }
            if w.count == 6, w.dropFirst(4).first == "q", let y = Int(w.prefix(4)), let q = Int(w.suffix(1)),
                (1...4).contains(q)
            {
                quarter = q; year = y; continue
            }
            if w.count == 2, w.first == "h", let h = Int(w.dropFirst()), (1...2).contains(h) { half = h; continue }
            if ["annual", "year", "yearly", "cy", "fy"].contains(w) {
                whole = w != "fy"; if w == "fy" { return nil }; continue
            }
            return nil
        }
        guard let y = year else { return nil }
        let (first, last): (Int, Int)
        if let q = quarter {
            (first, last) = (q * 3 - 2, q * 3)
        } else if let h = half {
            (first, last) = (h * 6 - 5, h * 6)
        } else if whole || words.count == 1 {
            (first, last) = (1, 12)
        } else {
            return nil
        }
        guard let start = CalendarDate(year: y, month: first, day: 1),
            let end = CalendarDate(year: y, month: last, day: CalendarDate.daysIn(month: last, year: y))
        else { return nil }
        return DateSpan(start: start, end: end)
    }

    struct Scanner {
        var c: [Character]
        var i = 0
        init(_ c: [Character]) { self.c = c }
        var atEnd: Bool { i >= c.count }
        mutating func skipSpaces() { while i < c.count, c[i] == " " { i += 1 } }
        /// Takes `w` at the next non-space, without case: each character compared in place (the parsers try a
        /// dozen words at each position, and making two lower-cased strings per try was most of their time).
        mutating func take(_ w: String) -> Bool {
            skipSpaces()
            var j = i
            for wc in w {
                guard j < c.count, Scanner.sameWithoutCase(c[j], wc) else { return false }
                j += 1
            }
            i = j
            return true
        }

        /// Whether `a` and `b` lower-cased are the same: ASCII letters by their bytes, characters without case
        /// (CJK) as they are, the others lower-cased.
        static func sameWithoutCase(_ a: Character, _ b: Character) -> Bool {
            if a == b { return true }
            if let x = a.asciiValue, let y = b.asciiValue {
                return x | 0x20 == y | 0x20 && (0x61...0x7A).contains(x | 0x20)
            }
            if !a.isCased && !b.isCased { return false }
            return a.lowercased() == b.lowercased()
        }
        mutating func int(maxDigits: Int = 4) -> Int? {
            skipSpaces()
            var j = i
            var v = 0
            while j < c.count, j - i < maxDigits, c[j].isASCII, let d = c[j].wholeNumberValue { v = v * 10 + d; j += 1 }
            guard j > i else { return nil }
            i = j
            return v
        }
    }

    /// An era year: 令和7 → 2025, R7 → 2025, 平成31 → 2019, 元 → 1.
    static func eraYear(_ s: inout Scanner) -> Int? {
        let save = s.i
        let eras: [(String, Int)] = [("令和", 2018), ("平成", 1988), ("昭和", 1925), ("R", 2018), ("H", 1988), ("S", 1925)]
        for (name, base) in eras where s.take(name) {
            if s.take("元") { return base + 1 }
            if let n = s.int(maxDigits: 2) { return base + n }
            s.i = save
        }
        return nil
    }

    static func year(_ s: inout Scanner) -> Int? {
        if let y = eraYear(&s) { return y }
        let save = s.i
        guard let y = s.int() else { return nil }
        if s.i - save == 4 { return y }
        if s.i - save == 2 { return 2000 + y }
        s.i = save
        return nil
    }

    static func parseFiscal(_ s: inout Scanner, _ fiscal: FiscalCalendar) -> DateSpan? {
        s.i = 0
        var fy: Int?
        var quarter: Int?
        var half: Int?
        func readPart(_ s: inout Scanner) {
            if s.take("第") { if let q = s.int(maxDigits: 1), s.take("四半期") { quarter = q } }
            if s.take("Q") { if let q = s.int(maxDigits: 1) { quarter = q } }
            if let save = Optional(s.i), let q = s.int(maxDigits: 1) {
                if s.take("Q") || s.take("四半期") { quarter = q } else { s.i = save }
            }
            if s.take("上期") || s.take("上半期") || s.take("H1") || s.take("1H") { half = 1 }
            if s.take("下期") || s.take("下半期") || s.take("H2") || s.take("2H") { half = 2 }
        }
        // "Q3 FY2025", "3Q FY2025"
        readPart(&s)
        _ = s.take(",")
        if s.take("FY") || s.take("fy") {
            _ = s.take("-")
            fy = year(&s)
        } else if let y = year(&s), s.take("年度") {
            fy = y
        } else {
            return nil
        }
        guard let fy else { return nil }
        _ = s.take("-")
        readPart(&s)
        _ = s.take("末")
        s.skipSpaces()
        guard s.atEnd else { return nil }
        let span: ClosedRange<CalendarDate>
        if let q = quarter, (1...4).contains(q) {
            span = fiscal.quarter(q, of: fy)
        } else if let h = half, (1...2).contains(h) {
            span = fiscal.half(h, of: fy)
        } else {
            span = fiscal.year(fy)
        }
        return DateSpan(start: span.lowerBound, end: span.upperBound)
    }

    static func parseCalendar(_ t: String, notAfter: CalendarDate?, referenceYear: Int?) -> DateSpan? {
        var s = Scanner(Array(t))
        var y: Int?
        var m: Int?
        var d: Int?
        var endOfMonth = false
        if let era = eraYear(&s) {
            y = era
            if s.take("年") {
                m = s.int(maxDigits: 2)
                guard m != nil, s.take("月") else { return nil }
            } else if s.take(".") || s.take("/") || s.take("-") {
                m = s.int(maxDigits: 2)
                guard m != nil, s.take(".") || s.take("/") || s.take("-") else { return nil }
                d = s.int(maxDigits: 2)
            } else {
                return nil
            }
        } else if let first = s.int() {
            let digits = s.i
            if s.take("年") {
                y = digits == 2 ? 2000 + first : first
                m = s.int(maxDigits: 2)
                guard m != nil, s.take("月") else { return nil }
            } else if s.take("月") {
                m = first
            } else if s.take("/") || s.take("-") || s.take(".") {
                let sep = s.c[s.i - 1]
                guard let second = s.int(maxDigits: 2) else { return nil }
                if digits == 4 {
                    y = first
                    m = second
                    if s.take(String(sep)) {
                        d = s.int(maxDigits: 2); guard d != nil else { return nil }
                    } else {
                        endOfMonth = true
                    }
                } else if s.take(String(sep)), let third = s.int(), third >= 1000 {
                    // m/d/yyyy (US) when the last part is a four-digit year.
                    y = third; m = first; d = second
                } else if sep == "/" {
                    m = first; d = second
                } else {
                    return nil
                }
            } else {
                return nil
            }
        } else {
            return parseEnglish(t, notAfter: notAfter, referenceYear: referenceYear)
        }
        if d == nil, m != nil {
            if let day = s.int(maxDigits: 2) {
                d = day; _ = s.take("日")
            } else if s.take("末") || s.take("中") || s.take("下旬") {
                endOfMonth = true
            } else if s.take("初") || s.take("上旬") {
                d = 1
            } else {
                endOfMonth = true
            }
        }
        _ = s.take("まで")
        _ = s.take("迄")
        _ = s.take("までに")
        s.skipSpaces()
        guard s.atEnd, let month = m, (1...12).contains(month) else { return nil }
        let year = y ?? resolveYear(month: month, day: d ?? 1, notAfter: notAfter, referenceYear: referenceYear)
        guard let year else { return nil }
        if endOfMonth || d == nil { return DateSpan(end: CalendarDate.endOfMonth(year: year, month: month)) }
        guard let date = CalendarDate(year: year, month: month, day: d!) else { return nil }
        return DateSpan(end: date)
    }

    static func resolveYear(month: Int, day: Int, notAfter: CalendarDate?, referenceYear: Int?) -> Int? {
        if let limit = notAfter {
            let sameYear = CalendarDate(
                year: limit.year, month: month, day: min(day, CalendarDate.daysIn(month: month, year: limit.year)))!
            return sameYear <= limit ? limit.year : limit.year - 1
        }
        return referenceYear
    }

    /// "Dec 31, 2025", "31 Dec 2025", "December 2025", "end of Q1"… (the first three).
    static func parseEnglish(_ t: String, notAfter: CalendarDate?, referenceYear: Int?) -> DateSpan? {
        let words = t.lowercased().split { $0 == " " || $0 == "," }.map(String.init)
        var y: Int?, m: Int?, d: Int?
        for w in words {
            if let mi = Lexicon.DateWords.monthAbbreviations.firstIndex(where: { w.hasPrefix($0) }) {
                m = mi + 1; continue
            }
            if let n = Int(w) {
                if n >= 1000 { y = n } else if n >= 1 && n <= 31 { d = n } else { return nil }; continue
            }
            if ["end", "of"].contains(w) { continue }
            return nil
        }
        guard let month = m else { return nil }
        guard let year = y ?? resolveYear(month: month, day: d ?? 1, notAfter: notAfter, referenceYear: referenceYear)
        else { return nil }
        if let d { return CalendarDate(year: year, month: month, day: d).map { DateSpan(end: $0) } }
        return DateSpan(end: CalendarDate.endOfMonth(year: year, month: month))
    }
}
