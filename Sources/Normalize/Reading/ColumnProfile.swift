import GoalModel
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

    func share(_ n: Int) -> Double { filled == 0 ? 0 : Double(n) / Double(filled) }
    var averageTextLength: Double { texts == 0 ? 0 : Double(textLength) / Double(texts) }
    var distinctShare: Double { filled == 0 ? 0 : Double(distinct) / Double(filled) }

    /// A short description for `inspect`: "12 cells: 12 numbers", "8 cells: 8 texts (avg 14 chars)".
    var summary: String {
        guard filled > 0 else { return "empty" }
        var parts: [String] = []
        if numbers > 0 { parts.append("\(numbers) number\(numbers == 1 ? "" : "s")" + (percents > 0 ? " (\(percents) %)" : "")) }
        if dates > 0 { parts.append("\(dates) date\(dates == 1 ? "" : "s")") }
        if texts > 0 { parts.append("\(texts) text\(texts == 1 ? "" : "s") (avg \(Int(averageTextLength.rounded())) chars)") }
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

    /// At most this many data rows are looked at per column (goal tables are small; the benchmark's are not).
    static let sampleRows = 200

    func profile(column c: Int, rows: [Int]) -> ColumnProfile {
        var p = ColumnProfile()
        var seen = Set<String>()
        for r in rows.prefix(ColumnProfiler.sampleRows) {
            let cell = grid[r, c]
            if cell.value.isEmpty { continue }
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
                classify(text: raw.trimmingSpaces, into: &p)
                seen.insert(raw.trimmingSpaces)
            case .bool, .duration, .error, .empty:
                p.texts += 1
            }
        }
        p.distinct = seen.count
        return p
    }

    func classify(text t: String, into p: inout ColumnProfile) {
        if QuantityParser.isBlankMarker(t) { p.filled -= 1; return }
        if let q = QuantityParser.parseValue(t) {
            p.numbers += 1
            if q.unit == .percent { p.percents += 1 }
            if q.unit == nil, q.value == q.value.rounded(), q.value >= 1990, q.value <= 2100, t.count == 4 { p.years += 1 }
            return
        }
        if ColumnProfiler.isUnitWord(t) { p.unitWords += 1; p.texts += 1; p.textLength += t.count; return }
        if t.count <= 40, DateParser.parse(t, fiscal: fiscal) != nil { p.dates += 1; return }
        p.texts += 1
        p.textLength += t.count
        if ColumnProfiler.isIDLike(t) { p.idLike += 1 }
        if DirectionWords.parse(t) != nil { p.directionWords += 1 }
        if SheetReader.kind(from: t) != nil { p.kindWords += 1 }
        if t.contains("@"), !t.contains(" "), t.contains(".") { p.emails += 1 }
        if t.contains("×") || t.contains("*") || t.hasPrefix("=") || t.contains("/") && t.contains("(") { p.formulas += 1 }
        if t.count >= 6, !QuantityParser.scan(t).isEmpty { p.sentencesWithNumbers += 1 }
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
        return asciiLetters <= 3 && SheetReader.unitCell(s) != nil
    }
}

/// Unit names written in a unit column, beyond what follows a number ("Percentage", "10 point scale").
enum UnitWords {
    static let names: [(String, GoalUnit)] = [
        ("percentage", .percent), ("percent", .percent), ("%", .percent), ("rate", .percent), ("率", .percent),
        ("count", .count), ("number", .count), ("件数", .count), ("人数", .count), ("回数", .count),
        ("score", .score), ("points", .score), ("point scale", .score), ("10 point scale", .score), ("5 point scale", .score),
        ("hour", .hours), ("hours", .hours), ("days", .days), ("day", .days), ("minutes", .minutes), ("mins", .minutes),
        ("tons", .tons), ("ton", .tons), ("t", .tons), ("mt", .tons), ("kg", .kg), ("dollars", .usd), ("usd", .usd), ("yen", .jpy),
    ]

    static func unit(of text: String) -> GoalUnit? {
        let k = TextNormalizer.foldWidth(text).trimmingSpaces.lowercased()
        return names.first { $0.0 == k }?.1
    }
}

/// Direction words written in a direction or type column: "Decrease", "should increase to", "With in Range", 「以上」.
enum DirectionWords {
    static func parse(_ text: String) -> GoalDirection? {
        if let d = SheetReader.direction(from: text) { return d }
        let k = TextNormalizer.foldWidth(text).lowercased().replacingOccurrences(of: " ", with: "")
        guard k.count <= 30 else { return nil }
        if k.contains("range") || k.contains("範囲") || k.contains("between") { return .range }
        if k.contains("atleast") || k.contains("ormore") || k.contains("以上") { return .atLeast }
        if k.contains("atmost") || k.contains("orless") || k.contains("以下") || k.contains("以内") { return .atMost }
        if k.contains("increase") || k.contains("higher") || k.contains("maximi") || k.contains("up") && k.count <= 8 { return .increase }
        if k.contains("decrease") || k.contains("lower") || k.contains("minimi") || k.contains("reduce") { return .decrease }
        return nil
    }
}
