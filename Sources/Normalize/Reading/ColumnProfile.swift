import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// What a column's data cells look like: the content half of the evidence for its role (a real
/// column's values look alike: Pytheas' core signal).
struct ColumnProfile: Sendable, Equatable {
    var filled = 0
    /// Number cells and text that reads as a quantity ("100社", "08", "1,200万円").
    var numbers = 0
    var percents = 0
    /// Date cells, date serials, and text that reads as a date or period ("2026/3末", "Q4 2021").
    var dates = 0
    /// Whole numbers 1990…2100 (a year column).
    var years = 0
    /// Text that is not a quantity or a date.
    var texts = 0
    var textLength = 0
    var distinct = 0
    var idLike = 0
    var unitWords = 0
    var directionWords = 0
    var kindWords = 0
    var emails = 0
    var formulas = 0
    /// Texts with a number inside a sentence ("Hire 3 sales reps", 「不良率を30%低減」).
    var sentencesWithNumbers = 0
    /// The sampled rows where the column holds text of its own (not a merge's copy): staircase trees fill
    /// one title level per row.
    var textRows: Set<Int> = []

    /// Adds another profile's counts (not its distinct values).
    mutating func add(_ o: ColumnProfile) {
        filled += o.filled; numbers += o.numbers; percents += o.percents; dates += o.dates; years += o.years
        texts += o.texts; textLength += o.textLength; idLike += o.idLike; unitWords += o.unitWords
        directionWords += o.directionWords; kindWords += o.kindWords; emails += o.emails; formulas += o.formulas
        sentencesWithNumbers += o.sentencesWithNumbers
    }

    func share(_ n: Int) -> Double { filled == 0 ? 0 : Double(n) / Double(filled) }
    var averageTextLength: Double { texts == 0 ? 0 : Double(textLength) / Double(texts) }
    var distinctShare: Double { filled == 0 ? 0 : Double(distinct) / Double(filled) }

    /// A short description for `inspect`: "12 cells: 12 numbers", "8 cells: 8 texts (avg 14 chars)".
    var summary: String {
        guard filled > 0 else { return "empty" }
        var parts: [String] = []
        if numbers > 0 {
            parts.append("\(numbers) number\(numbers == 1 ? "" : "s")" + (percents > 0 ? " (\(percents) %)" : ""))
        }
        if dates > 0 { parts.append("\(dates) date\(dates == 1 ? "" : "s")") }
        if texts > 0 {
            parts.append("\(texts) text\(texts == 1 ? "" : "s") (avg \(Int(averageTextLength.rounded())) chars)")
        }
        if unitWords > 0 { parts.append("\(unitWords) unit words") }
        if directionWords > 0 { parts.append("\(directionWords) direction words") }
        if idLike > 0 && idLike * 2 >= filled { parts.append("ids") }
        if emails > 0 { parts.append("\(emails) e-mails") }
        return "\(filled) cells: " + parts.joined(separator: ", ")
    }
}

/// Profiles the columns of a candidate table.
struct ColumnProfiler {
    let grid: SheetGrid
    let fiscal: FiscalCalendar
    /// Texts already profiled, run-wide (`ReadingMemos.textProfiles`: the run's fiscal calendar).
    let memo: TextMemo<ColumnProfile>

    /// At most this many data rows are looked at per column, spread over the table (values in a real column
    /// look alike: a sample tells as well as every row).
    static let sampleRows = 16

    /// The rows to look at: all of a small table, else every k-th row.
    static func sample(_ rows: [Int]) -> [Int] {
        guard rows.count > sampleRows else { return rows }
        let step = Double(rows.count) / Double(sampleRows)
        return (0..<sampleRows).map { rows[Int(Double($0) * step)] }
    }

    func profile(column c: Int, rows: [Int]) -> ColumnProfile {
        var p = ColumnProfile()
        var seen = Set<String>()
        let fiscal = self.fiscal
        for r in ColumnProfiler.sample(rows) {
            let cell = grid[r, c]
            if cell.value.isEmpty || cell.fromMergeAcross { continue }
            p.filled += 1
            switch cell.value {
            case .number(let v):
                if cell.isPercent { p.percents += 1 }
                if v == v.rounded(), v >= 1990, v <= 2100, !cell.isPercent { p.years += 1 }
                p.numbers += 1
                seen.insert(PlainDecimal.format(v))
            case .date:
                p.dates += 1
                seen.insert(grid.text(r, c))
            case .text(let raw):
                let t = raw.trimmingSpaces
                if !cell.fromMerge, !t.isEmpty { p.textRows.insert(r) }
                // A column repeats its values (due dates, units), as do the other files: each distinct text is
                // classified once.
                p.add(
                    memo.value(for: t) { t in
                        var one = ColumnProfile()
                        one.filled = 1
                        ColumnProfiler.classify(text: t, into: &one, fiscal: fiscal)
                        return one
                    })
                p.filled -= 1
                seen.insert(t)
            case .bool, .duration, .error, .empty:
                p.texts += 1
            }
        }
        p.distinct = seen.count
        return p
    }

    static func classify(text t: String, into p: inout ColumnProfile, fiscal: FiscalCalendar) {
        if QuantityParser.isBlankMarker(t) { p.filled -= 1; return }
        // Cheap tests first: a value cell is short, and numbers and dates need a digit (or are a few characters).
        let hasDigit = t.unicodeScalars.contains { $0.properties.numericType != nil }
        // The characters and their letters counted in one pass (a Character is a grapheme: each pass breaks them).
        var (length, letters, asciiLetters) = (0, 0, 0)
        for c in t {
            length += 1
            if c.isLetter {
                letters += 1
                if c.isASCII { asciiLetters += 1 }
            }
        }
        if hasDigit, length <= 30 {
            // Dates first ("2026/3/31", 「2026年3月末」, "Q4 2021"), then quantities: a digit and at most two
            // letters is a number ("477件", "3,000万円", "93.0%"); a few more letters need the parser ("40 hours").
            if ColumnProfiler.isDateLike(t), DateParser.parse(t, fiscal: fiscal) != nil { p.dates += 1; return }
            // An id ("T1", "KR2") has ASCII letters: the parser decides those.
            if letters <= 2 && asciiLetters == 0 || letters <= 8 && length <= 16 && QuantityParser.parseValue(t) != nil
            {
                p.numbers += 1
                if t.contains(Character("%")) || t.contains(Character("％")) { p.percents += 1 }
                if letters == 0, length == 4, let y = Int(t), y >= 1990, y <= 2100 { p.years += 1 }
                return
            }
        }
        if length <= 12, ColumnProfiler.isUnitWord(t) { p.unitWords += 1; p.texts += 1; p.textLength += length; return }
        if length <= 24, !hasDigit && length <= 6, DateParser.parse(t, fiscal: fiscal) != nil { p.dates += 1; return }
        p.texts += 1
        p.textLength += length
        if length <= 10, hasDigit, ColumnProfiler.isIDLike(t) { p.idLike += 1 }
        if length <= 30, DirectionWords.parse(t) != nil { p.directionWords += 1 }
        if length <= 20, SheetReader.kind(from: t) != nil { p.kindWords += 1 }
        if ColumnProfiler.isEmail(t) { p.emails += 1 }
        if t.contains(Character("×")) || t.contains(Character("*")) || t.hasPrefix("=")
            || t.contains(Character("/")) && t.contains(Character("("))
        {
            p.formulas += 1
        }
        if hasDigit, length >= 6, length <= 400 { p.sentencesWithNumbers += 1 }
    }

    /// Text that may be a date or a period: digits with date separators or date words, or a quarter, half or fiscal
    /// year.
    /// 「name@example.com」: a value, never a header.
    static func isEmail(_ t: String) -> Bool {
        t.contains(Character("@")) && !t.contains(Character(" ")) && t.contains(Character("."))
    }

    static func isDateLike(_ t: String) -> Bool {
        // The first two bytes without case: Q…, FY…, H1…, H2….
        var bytes = t.utf8.makeIterator()
        if let a = bytes.next().map({ $0 | 0x20 }) {
            if a == UInt8(ascii: "q") { return true }
            if let b = bytes.next().map({ $0 | 0x20 }),
                a == UInt8(ascii: "f") && b == UInt8(ascii: "y")
                    || a == UInt8(ascii: "h") && (b == UInt8(ascii: "1") || b == UInt8(ascii: "2"))
            {
                return true
            }
        }
        // "Q4 2021" above, "2021 Q4" here: a space and then a Q (ASCII: the same bytes as scalars).
        var afterSpace = false
        for b in t.utf8 {
            if afterSpace && (b == UInt8(ascii: "q") || b == UInt8(ascii: "Q")) { return true }
            afterSpace = b == 0x20
        }
        var dots = 0
        for c in t where c == "." {
            dots += 1
            if dots >= 2 { return true }
        }
        return t.contains(where: Lexicon.DateWords.dateMarks.contains) && !t.hasPrefix("-")
            && !t.contains(Character("%"))
    }

    /// "KR1-1", "O-2", "1.1", "A-01", "#3": short codes with digits and few letters.
    static func isIDLike(_ t: String) -> Bool {
        let s = TextNormalizer.foldWidth(t)
        guard s.count <= 10, s.contains(where: \.isNumber), !s.contains(" ") else { return false }
        let letters = s.filter(\.isLetter).count
        return letters <= 4 && s.allSatisfy { $0.isLetter || $0.isNumber || "-._#/".contains($0) }
    }

    /// A cell that names a unit: "%", "件", "万円", "Tons", "Percentage", "hours".
    static func isUnitWord(_ t: String) -> Bool {
        let s = TextNormalizer.foldWidth(t).trimmingSpaces
        guard !s.isEmpty, s.count <= 16 else { return false }
        if UnitWords.unit(of: s) != nil { return true }
        // 件, 万円, 件/月, h: symbols and Japanese counters; English count nouns ("Leads") are titles.
        let asciiLetters = s.filter { $0.isASCII && $0.isLetter }.count
        guard asciiLetters <= 3, s.count <= 6 else { return false }
        let chars = Array(s)
        if let (_, _, length) = QuantityParser.unitSuffix(chars, 0), length == chars.count { return true }
        return s.contains("/") && SheetReader.unitCell(s) != nil
    }
}

/// Unit names written in a unit column, beyond what follows a number ("Percentage", "10 point scale").
enum UnitWords {
    static let names: [(String, GoalUnit)] = [
        ("percentage", .percent), ("percent", .percent), ("%", .percent), ("rate", .percent), ("率", .percent),
        ("count", .count), ("number", .count), ("件数", .count), ("人数", .count), ("回数", .count),
        ("score", .score), ("points", .score), ("point scale", .score), ("10 point scale", .score),
        ("5 point scale", .score),
        ("hour", .hours), ("hours", .hours), ("days", .days), ("day", .days), ("minutes", .minutes), ("mins", .minutes),
        ("tons", .tons), ("ton", .tons), ("t", .tons), ("mt", .tons), ("kg", .kg), ("dollars", .usd), ("usd", .usd),
        ("yen", .jpy),
    ]

    static func unit(of text: String) -> GoalUnit? {
        let k = TextNormalizer.foldWidth(text).trimmingSpaces.lowercased()
        return names.first { $0.0 == k }?.1
    }
}

/// Direction words written in a direction or type column: "Decrease", "should increase to", "With in Range", 「以上」.
enum DirectionWords {
    static func parse(_ text: String, words: ReadingWords = .standard) -> GoalDirection? {
        if let d = SheetReader.direction(from: text, words: words) { return d }
        let folded = TextNormalizer.foldWidth(text).filter { $0 != " " }
        guard folded.count <= 30 else { return nil }
        let k = ScalarText(folded)
        if k.contains("range") || k.contains("範囲") || k.contains("between") { return .range }
        if k.contains("atleast") || k.contains("ormore") || k.contains("以上") { return .atLeast }
        if k.contains("atmost") || k.contains("orless") || k.contains("以下") || k.contains("以内") { return .atMost }
        if k.contains("increase") || k.contains("higher") || k.contains("maximi")
            || k.contains("up") && k.scalars.count <= 8
        {
            return .increase
        }
        if k.contains("decrease") || k.contains("lower") || k.contains("minimi") || k.contains("reduce") {
            return .decrease
        }
        return nil
    }
}
