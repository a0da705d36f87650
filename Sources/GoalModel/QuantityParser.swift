import GoalSheetSupport

/// A number as written in a goal sheet, with what was written around it: `月8%`, `18億円`,
/// `平均12時間以内`, `+40`, `4.5/5`, `$3.2M`, `under 1 hour per month`.
public struct Quantity: Sendable, Equatable {
    /// The value in `unit` (8% → 8, 18億円 → 1_800_000_000, 90 seconds → 1.5 minutes).
    public var value: Double
    public var unit: GoalUnit?
    /// A per-period rate: 月8% → month.
    public var per: GoalPeriod?
    /// A bound written with the number: 以上/at least → at_least, 以内/未満/under → at_most.
    public var comparator: GoalDirection?
    /// Written with an explicit sign ("+40", "▲5").
    public var isSigned: Bool
    /// The denominator of a score ("4.5/5" → 5).
    public var scale: Double?
    /// Character offsets (in the width-folded text) of everything that belongs to the quantity.
    public var range: Range<Int>
    /// The unit word as written after the number ("%", "ポイント", "件", "tickets"), or empty.
    public var unitText: String = ""

    public init(
        value: Double, unit: GoalUnit? = nil, per: GoalPeriod? = nil, comparator: GoalDirection? = nil,
        isSigned: Bool = false, scale: Double? = nil, range: Range<Int> = 0..<0
    ) {
        self.value = value
        self.unit = unit
        self.per = per
        self.comparator = comparator
        self.isSigned = isSigned
        self.scale = scale
        self.range = range
    }

    /// The same quantity without its place in a text (for comparing parses).
    public var detached: Quantity { var q = self; q.range = 0..<0; q.unitText = ""; return q }

    /// True when the unit was an English noun ("500 tickets"): the noun names the metric.
    public var unitIsNoun: Bool {
        unitText.first?.isLetter == true && unitText.count > 3 && unitText.allSatisfy { $0.isASCII }
    }
}

/// Width-folded characters as the quantity scanner reads them, each with its scalar when it is one scalar
/// (`ScanText.several` when it is more): words and digits are compared by scalar value, and no character is
/// taken apart again at each comparison.
struct ScanText {
    let chars: [Character]
    let scalars: [UInt32]
    /// The scalar value of a character of several scalars, equal to no scalar's.
    static let several = UInt32.max

    init(_ chars: [Character]) {
        self.chars = chars
        scalars = chars.map { c in
            let s = c.unicodeScalars
            return s.index(after: s.startIndex) == s.endIndex ? s.first!.value : ScanText.several
        }
    }

    var count: Int { chars.count }
    var indices: Range<Int> { chars.indices }
    subscript(i: Int) -> Character { chars[i] }
    subscript(r: Range<Int>) -> ArraySlice<Character> { chars[r] }
}

/// A word of the scanner's tables with its scalars, so that comparing it back from a number at every number does
/// not decode its text again.
struct ScanWord {
    let text: String
    let scalars: [Unicode.Scalar]
    /// Its length in characters.
    let count: Int
    /// Whether it starts with a letter (an English word must start a word), ends with one, with an ASCII one.
    let startsWithLetter: Bool
    let endsWithLetter: Bool
    let endsWithASCIILetter: Bool

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        count = text.count
        startsWithLetter = text.first?.isLetter ?? false
        endsWithLetter = text.last?.isLetter ?? false
        endsWithASCIILetter = endsWithLetter && text.last!.isASCII
    }
}

/// Finds quantities in goal text. Works on width-folded text (full-width digits, ％, ＋, － folded).
public enum QuantityParser {
    /// Every quantity in `text`, in order. Dates (2025年12月, 6月末, 2025/12/31), durations in
    /// months or years (3ヶ月), ranks (トップ5, 上位3) and numbers glued to letters (KR1, Q3, FY2025)
    /// are not quantities.
    public static func scan(_ text: String) -> [Quantity] {
        guard mayHoldDigit(text) else { return [] }
        return scan(chars: Array(TextNormalizer.foldWidth(text)))
    }

    /// False when `text` has no digit that width folding leaves or makes ASCII (0–9, ０–９): a quantity starts
    /// at one, so such a text holds none. Checked on the UTF-8 bytes, before any folding, memo or `Character`.
    static func mayHoldDigit(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { u in
            var i = 0
            while i < u.count {
                let b = u[i]
                if b >= 0x30 && b <= 0x39 { return true }
                // U+FF10…U+FF19 are EF BC 90…99.
                if b == 0xEF, i + 2 < u.count, u[i + 1] == 0xBC, u[i + 2] >= 0x90 && u[i + 2] <= 0x99 { return true }
                i += 1
            }
            return false
        }
    }

    /// The one quantity a value cell holds ("月5%", "１００社", "+40", "約30%"), or nil when it holds
    /// none or several.
    public static func parseValue(_ text: String) -> Quantity? {
        guard mayHoldDigit(text) else { return nil }
        // The same few texts ("100%", "2026/3/31", "30件") come back in every row and every file.
        return valueMemo.value(for: text, parseValueOnce)
    }

    static let valueMemo = TextMemo<Quantity?>()

    static func parseValueOnce(_ text: String) -> Quantity? {
        let chars = Array(TextNormalizer.foldWidth(text))
        let found = scan(chars: chars)
        guard found.count == 1, let q = found.first else { return nil }
        // Whatever is left must be filler, not words: "約", "程度", "(見込)" …
        var rest = chars
        rest.removeSubrange(q.range.clamped(to: 0..<chars.count))
        let leftover = String(rest).trimmingSpaces
        if leftover.isEmpty { return q }
        // A title's words ("新規契約273社") neither start nor end with a filler: most leftovers stop here.
        guard fillerEnds.mayTouch(leftover) else { return nil }
        var l = leftover
        var changed = true
        while changed && !l.isEmpty {
            changed = false
            for f in Words.filler where l.hasPrefix(f) || l.hasSuffix(f) {
                l = l.hasPrefix(f) ? String(l.dropFirst(f.count)) : String(l.dropLast(f.count))
                l = l.trimmingSpaces
                changed = true
            }
        }
        return l.isEmpty ? q : nil
    }

    /// The characters a filler starts and ends with: a leftover with neither has no filler to strip.
    static let fillerEnds = WordEnds(Words.filler)!

    /// True for cell text that means "no value": "-", "―", "未定", "N/A", "TBD" …
    public static func isBlankMarker(_ text: String) -> Bool {
        let k = TextNormalizer.matchKey(text)
        return k.isEmpty || Words.blankMarkers.contains(k) || text.trimmingSpaces == "-"
    }

    // MARK: - Scanner

    /// Every quantity in already width-folded characters, in order, never overlapping.
    public static func scan(chars c: [Character]) -> [Quantity] { scan(ScanText(c)) }

    static func scan(_ c: ScanText) -> [Quantity] {
        var out: [Quantity] = []
        var i = 0
        while i < c.count {
            guard isDigit(c, i) || (c[i] == "." && isDigit(c, i + 1) && !isDigit(c, i - 1)) else { i += 1; continue }
            if let (q, end) = readQuantity(c, at: i) {
                // Quantities never overlap: "5件/月5" reads 5件/月, not also 月5 over its 月 (found by the fuzzer).
                if let q, q.range.lowerBound >= 0, q.range.upperBound <= c.count,
                    out.last.map({ $0.range.upperBound <= q.range.lowerBound }) ?? true
                {
                    out.append(q)
                }
                i = max(end, i + 1)
            } else {
                i += 1
            }
        }
        return out
    }

    static func isDigit(_ c: ScanText, _ i: Int) -> Bool {
        guard i >= 0, i < c.count else { return false }
        return (48...57).contains(c.scalars[i])
    }

    static func isLetter(_ c: ScanText, _ i: Int) -> Bool {
        guard i >= 0, i < c.count else { return false }
        let a = c.scalars[i]
        return (65...90).contains(a) || (97...122).contains(a)
    }

    /// True when `word` is at `i`, ASCII letters compared without case. Compared scalar by scalar (the
    /// words are one scalar per character), which is the scanner's hottest loop.
    static func has(_ c: ScanText, _ i: Int, _ word: String) -> Bool {
        var j = i
        for s in word.unicodeScalars {
            guard j < c.count, matches(c, j, s) else { return false }
            j += 1
        }
        return true
    }

    /// Whether character `j` is one of the single-scalar characters of `marks` (compared as scalars, not as
    /// characters: a character of several scalars is none of them).
    static func isOneOf(_ c: ScanText, _ j: Int, _ marks: [UInt32]) -> Bool {
        let x = c.scalars[j]
        return x != ScanText.several && marks.contains(x)
    }

    /// Marks before a number: currency signs (with the yen's backslash), signs; after a date's digits, its units.
    static let currencyOrYen = Array("¥$€\\".unicodeScalars.map(\.value))
    static let currencySigns = Array("¥$€".unicodeScalars.map(\.value))
    static let signs = Array("+-±▲△▼".unicodeScalars.map(\.value))
    static let dateUnits = Array("年月日度".unicodeScalars.map(\.value))

    /// `has` for a word of the tables, its scalars compared in place.
    static func has(_ c: ScanText, _ i: Int, _ word: ScanWord) -> Bool {
        let n = word.scalars.count
        guard n > 0 else { return true }
        guard i >= 0, i + n <= c.count else { return false }
        for k in 0..<n where !matches(c, i + k, word.scalars[k]) { return false }
        return true
    }

    /// Whether character `j` is the one scalar `s`, ASCII letters compared without case.
    @inline(__always) static func matches(_ c: ScanText, _ j: Int, _ s: Unicode.Scalar) -> Bool {
        let x = c.scalars[j]
        if x == s.value { return true }
        guard x < 0x80, s.isASCII else { return false }
        let lower = s.value | 0x20
        return lower == x | 0x20 && (97...122).contains(lower)
    }

    /// `endsWith` for a word given as text.
    static func endsWith(_ c: ScanText, _ end: Int, _ word: String) -> Bool { endsWith(c, end, ScanWord(word)) }

    /// True when `word` ends just before `end` (`has` at `end` less the word's length). Compared from the end
    /// back, its scalars kept with it, so that a word that does not match is never counted.
    static func endsWith(_ c: ScanText, _ end: Int, _ word: ScanWord) -> Bool {
        guard end >= 0, end <= c.count, end >= word.scalars.count else { return false }
        var j = end - 1
        for k in word.scalars.indices.reversed() {
            guard matches(c, j, word.scalars[k]) else { return false }
            j -= 1
        }
        return true
    }

    /// Whether `word` (ASCII) is at `i` exactly, case included.
    static func hasExactly(_ c: ScanText, _ i: Int, _ word: String) -> Bool {
        var j = i
        for b in word.utf8 {
            guard j < c.count, c.scalars[j] == UInt32(b) else { return false }
            j += 1
        }
        return true
    }

    /// Reads one number at `start` (a digit) and what surrounds it. Returns nil when the digits are
    /// not a quantity at all, `(nil, end)` to skip a date or duration, `(q, end)` for a quantity.
    static func readQuantity(_ c: ScanText, at start: Int) -> (Quantity?, Int)? {
        // Glued to letters or digits before: KR1, FY2025, Q3, v2.
        if isLetter(c, start - 1) || c.indices.contains(start - 1) && (c[start - 1] == "_" || c[start - 1] == "#") {
            return (nil, skipDigits(c, start))
        }
        for rank in rankWords where endsWith(c, start, rank) { return (nil, skipDigits(c, start)) }
        // The number: digits with thousands separators and one decimal point.
        var j = start
        var digits = ""
        while j < c.count {
            if isDigit(c, j) { digits.append(c[j]); j += 1; continue }
            if c[j] == ",", isDigit(c, j + 1), isDigit(c, j + 2), isDigit(c, j + 3), !isDigit(c, j + 4), !digits.isEmpty
            {
                j += 1; continue
            }
            if c[j] == ".", isDigit(c, j + 1), !digits.contains(".") { digits.append("."); j += 1; continue }
            break
        }
        guard var value = Double(digits.hasPrefix(".") ? "0" + digits : digits) else { return nil }
        let numberEnd = j

        // Dates and durations are not quantities.
        if has(c, j, "年"), isDigit(c, j + 1) || has(c, j, "年度") || has(c, j, "年末") || has(c, j, "年初") {
            return (nil, skipDate(c, j))
        }
        if (has(c, j, "/") || has(c, j, "-") || has(c, j, ".")), !digits.contains("."), isDigit(c, j + 1) {
            // 2025/12/31, 2025-12-31, 2025.12.31, 2025/12, 12/31 — but 4.5/5 and 80/100 are scores.
            let sep = c[j]
            var k = j + 1
            var second = ""
            while isDigit(c, k) { second.append(c[k]); k += 1 }
            if has(c, k, String(sep)), isDigit(c, k + 1), second.count <= 2 {
                var e = k + 1
                while isDigit(c, e) { e += 1 }
                return (nil, e)
            }
            if sep != ".", digits.count == 4, second.count <= 2 { return (nil, k) }
            if sep == "/", digits.count <= 2, second.count <= 2, let num = Double(digits), let den = Double(second),
                !(scoreDenominators.contains(den) && num <= den)
            {
                return (nil, k)
            }
        }
        for dur in Words.durations where has(c, j, dur) {
            // "3ヶ月", "3年間", "12 months": a duration, not a goal value.
            return (nil, j + dur.count)
        }
        if has(c, j, "月"), !has(c, j, "月間") {
            // 6月, 6月末, 12月31日: a date.
            return (nil, skipDate(c, j))
        }
        if has(c, j, "日"), isDigit(c, j + 1), value == 1 {
            // "1日10件": a per-day prefix, not a quantity.
            return (nil, j + 1)
        }
        if has(c, j, "時"), !has(c, j, "時間") { return (nil, j + 1) }  // 15時: a time of day

        var q = Quantity(value: 0)
        var begin = start
        // A sign, a currency sign, a comparator, "平均" and a per-period prefix may come before.
        var sign = 1.0
        var b = start
        if b - 1 >= 0, isOneOf(c, b - 1, currencyOrYen) {
            q.unit = c[b - 1] == "$" ? .usd : c[b - 1] == "€" ? .eur : .jpy
            b -= 1
        }
        if b - 1 >= 0, isOneOf(c, b - 1, signs) {
            // A hyphen right after a letter or digit is a range or a code, not a sign ("A-5").
            let ch = c[b - 1]
            if !(ch == "-" && (isLetter(c, b - 2) || isDigit(c, b - 2))) {
                sign = (ch == "+" || ch == "±") ? 1 : -1
                q.isSigned = ch != "±"
                b -= 1
            }
        }
        if q.unit == nil, b - 1 >= 0, isOneOf(c, b - 1, currencySigns) {
            q.unit = c[b - 1] == "$" ? .usd : c[b - 1] == "€" ? .eur : .jpy
            b -= 1
        }
        begin = b
        // Look back over spaces for comparators, 平均 and period prefixes, in any order.
        var progress = true
        while progress {
            progress = false
            var e = begin
            while e - 1 >= 0, c[e - 1] == " " { e -= 1 }
            for (word, cmp) in prefixComparators where endsWith(c, e, word) {
                let length = word.scalars.count
                // An English word must start a word.
                if word.startsWithLetter, isLetter(c, e - length - 1) { continue }
                q.comparator = cmp
                begin = e - length
                progress = true
                break
            }
            if progress { continue }
            for word in approximationWords where endsWith(c, e, word) {
                let length = word.scalars.count
                if word.startsWithLetter, isLetter(c, e - length - 1) { continue }
                // 約 only after a particle, a space or the start ("新規契約100社" is not approximate).
                if word.text == "約", e - 2 >= 0, !"をはがに、: (".contains(c[e - 2]) { continue }
                if word.text == "星" || word.text == "★" { q.unit = .score }
                begin = e - length
                progress = true
                break
            }
            if progress { continue }
            if q.per == nil {
                for (word, per) in periodPrefixes where endsWith(c, e, word) {
                    // A lone 月/年/週/日 must not end a longer word ("今月" is fine, "毎月" listed).
                    q.per = per
                    begin = e - word.scalars.count
                    progress = true
                    break
                }
            }
        }

        // After the number: multipliers, a space, a unit, a per-period suffix, a comparator.
        j = numberEnd
        var multiplier = 1.0
        if has(c, j, "億") {
            multiplier = 1e8
            j += 1
            // 1億5000万円
            var k = j
            var more = ""
            while isDigit(c, k) || (c.indices.contains(k) && c[k] == ",") {
                if c[k] != "," { more.append(c[k]) }; k += 1
            }
            if !more.isEmpty, has(c, k, "万"), let m = Double(more) {
                value += m * 1e4 / 1e8
                j = k + 1
            }
        } else if has(c, j, "兆") {
            multiplier = 1e12; j += 1
        } else if has(c, j, "千万") {
            multiplier = 1e7; j += 2
        } else if has(c, j, "百万") {
            multiplier = 1e6; j += 2
        } else if has(c, j, "万") {
            multiplier = 1e4; j += 1
        } else if has(c, j, "千") {
            multiplier = 1e3; j += 1
        } else if let (m, len) = englishMultiplier(c, j) {
            multiplier = m; j += len
        }

        var k = j
        if has(c, k, " ") { k += 1 }
        if let (unit, factor, len) = unitSuffix(c, k) {
            if let u = unit { q.unit = u }
            q.unitText = String(c[k..<k + len])
            value *= factor
            j = k + len
        } else if has(c, j, "/"), isDigit(c, j + 1) {
            // A score: 4.5/5, 80/100.
            var e = j + 1
            var den = ""
            while isDigit(c, e) || (c.indices.contains(e) && c[e] == "." && isDigit(c, e + 1)) {
                den.append(c[e]); e += 1
            }
            if let d = Double(den), d > 0 {
                q.unit = .score
                q.scale = d
                j = e
                if has(c, j, "点") { j += 1 }
            }
        }
        // A per-period suffix, then a comparator suffix ("月8%以上").
        if let per = suffix(periodSuffixWords, in: c, at: &j) { q.per = per }
        if let cmp = suffix(suffixComparators, in: c, at: &j) { q.comparator = cmp }
        if q.comparator == nil, has(c, j, "+"), !isDigit(c, j + 1) {
            q.comparator = .atLeast  // "100+"
            j += 1
        }
        q.value = sign * value * multiplier
        q.range = begin..<j
        return (q, j)
    }

    /// The rank words, each also with a space after ("No. 1").
    static let rankWords = Words.ranks.flatMap { [$0, $0 + " "] }.map(ScanWord.init)
    /// The approximation words, as the scanner compares them.
    static let approximationWords = Words.approximations.map(ScanWord.init)

    /// The first word of `table` at `j` (after one optional space) that does not run on into a letter;
    /// `j` moves past it.
    static func suffix<T>(_ table: [(ScanWord, T)], in c: ScanText, at j: inout Int) -> T? {
        let k = has(c, j, " ") ? j + 1 : j
        for (word, value) in table where has(c, k, word) {
            if word.endsWithLetter, isLetter(c, k + word.count) { continue }
            j = k + word.count
            return value
        }
        return nil
    }

    /// Denominators that make "n/d" a score rather than a month/day date.
    static let scoreDenominators: Set<Double> = [3, 4, 5, 7, 10, 100]

    static func skipDigits(_ c: ScanText, _ i: Int) -> Int {
        var j = i
        while isDigit(c, j) || (c.indices.contains(j) && (c[j] == "." || c[j] == ",") && isDigit(c, j + 1)) { j += 1 }
        return j
    }

    /// Skips a date's remainder after its first number: 年12月31日, 月末, 月31日 …
    static func skipDate(_ c: ScanText, _ i: Int) -> Int {
        var j = i
        while j < c.count {
            if isDigit(c, j) { j += 1; continue }
            if isOneOf(c, j, dateUnits) { j += 1; continue }
            if has(c, j, "末") || has(c, j, "初") || has(c, j, "中") || has(c, j, "上旬") || has(c, j, "下旬") {
                j += 1; continue
            }
            break
        }
        return j
    }

    static func englishMultiplier(_ c: ScanText, _ j: Int) -> (Double, Int)? {
        for (w, m) in Words.englishMultipliers where hasExactly(c, j, w) {
            if isLetter(c, j + w.count) { continue }
            return (m, w.count)
        }
        return nil
    }

    /// Unit words after a number, longest first: (unit, factor, length). A nil unit keeps the unit
    /// from a currency sign ("$3k").
    public static func unitSuffix(_ c: [Character], _ j: Int) -> (GoalUnit?, Double, Int)? {
        unitSuffix(ScanText(c), j)
    }

    static func unitSuffix(_ c: ScanText, _ j: Int) -> (GoalUnit?, Double, Int)? {
        for (word, unit, factor) in unitWords where has(c, j, word) {
            // English words and single letters must end a word: "5 h" but not "5 hectares".
            if word.endsWithASCIILetter, isLetter(c, j + word.count) { continue }
            return (unit, factor, word.count)
        }
        return nil
    }

    /// The unit words and the counters, longest first.
    static let unitWords = (Words.units + Words.counters.map { ($0, GoalUnit.count, 1.0) })
        .sorted { $0.0.count > $1.0.count }.map { (ScanWord($0.0), $0.1, $0.2) }

    /// A table's words longest first, so that a longer word wins over its prefix ("分間" over "分").
    static func longestFirst<T>(_ table: [(String, T)]) -> [(String, T)] { table.sorted { $0.0.count > $1.0.count } }

    /// The quantity words (the Lexicon's).
    typealias Words = Lexicon.QuantityWords

    static let prefixComparators = longestFirst(Words.prefixComparators).map { (ScanWord($0.0), $0.1) }

    static let suffixComparators = longestFirst(Words.suffixComparators).map { (ScanWord($0.0), $0.1) }

    static let periodPrefixes = longestFirst(Words.periodPrefixes).map { (ScanWord($0.0), $0.1) }

    /// Per-period words after a number ("/月", "per month"), longest first.
    public static let periodSuffixes = longestFirst(Words.periodSuffixes)
    /// `periodSuffixes` as the scanner compares them.
    static let periodSuffixWords = periodSuffixes.map { (ScanWord($0.0), $0.1) }
}

/// A target written as a band: 「1,200万円〜1,500万円」, "30%-35%", 「±5%以内」, "+/- 2 days".
public struct ValueRange: Sendable, Equatable {
    public var lower: Quantity
    public var upper: Quantity
    /// Written as a tolerance around zero (「±5%以内」): a band, not a target with a stretch.
    public var isTolerance: Bool

    public static func parse(_ text: String) -> ValueRange? {
        let folded = TextNormalizer.foldWidth(text).trimmingSpaces
        for mark in Lexicon.QuantityWords.toleranceMarks where folded.hasPrefix(mark) {
            guard let q = QuantityParser.parseValue(String(folded.dropFirst(mark.count))) else { return nil }
            var lo = q
            lo.value = -abs(q.value)
            var hi = q
            hi.value = abs(q.value)
            return ValueRange(lower: lo, upper: hi, isTolerance: true)
        }
        let found = QuantityParser.scan(folded)
        guard found.count == 2 else { return nil }
        let chars = Array(folded)
        let between = String(chars[found[0].range.upperBound..<found[1].range.lowerBound])
        var upper = found[1]
        if between.isEmpty, upper.isSigned, upper.value < 0, chars[upper.range.lowerBound] == "-" {
            upper.value = -upper.value  // "30%-35%": the dash is the separator, not a sign
        } else if !Lexicon.QuantityWords.rangeSeparators.contains(between.trimmingSpaces) {
            return nil
        }
        var lo = found[0], hi = upper
        // 「30〜35%」: the unit written once, after the upper end.
        if lo.unit == nil { lo.unit = hi.unit }
        guard lo.unit == hi.unit, lo.value <= hi.value else { return nil }
        return ValueRange(lower: lo, upper: hi, isTolerance: false)
    }
}

/// A target written against the baseline: 「ゼロ」, 「半減」, 「2倍」, 「前年比110%」, 「前期比+30%」, 「20%削減」.
public struct RelativeTarget: Sendable, Equatable {
    /// target = baseline × factor (0 for 「ゼロ」, which needs no baseline).
    public var factor: Double
    /// As written, for the goal's value note.
    public var text: String
    /// Written with a word (前年比, 半減, 2倍, 削減), not just a sign ("+30%" beside a percentage may be points).
    public var isWorded = true

    /// The target against `baseline`; nil when it needs one and there is none.
    public func resolve(baseline: Double?) -> Double? {
        if factor == 0 { return 0 }
        return baseline.map { ($0 * factor * 1e9).rounded() / 1e9 }
    }

    /// The change in percent of the baseline (+30 for ×1.3).
    public var changePercent: Double { ((factor - 1) * 100 * 1e9).rounded() / 1e9 }

    /// False for a plain quantity ("477件", "3,000万円"): only a sign, a band mark or letters can make a value
    /// relative or a band, and most cells have none (checked before the parsers, per cell).
    public static func mayBeWritten(_ t: String) -> Bool {
        t.unicodeScalars.contains { u in
            u.properties.isAlphabetic && !(0x3040...0x30FF).contains(u.value) && !(0x4E00...0x9FFF).contains(u.value)
                || "倍比減増削半ゼ撲〜~～–—-+±▲".unicodeScalars.contains(u)
        }
    }

    public static func parse(_ text: String, lexicon: Lexicon) -> RelativeTarget? {
        let words = lexicon.reading
        let k = ReadingWords.key(text).filter { $0 != " " }
        guard !k.isEmpty, k.count <= 24 else { return nil }
        if let w = words.relativeWords.first(where: { $0.word == k }) {
            return RelativeTarget(factor: w.factor, text: text)
        }
        var rest = Substring(k)
        var compared = false
        if let m = words.comparisonMarkers.first(where: { k.hasPrefix($0.filter { $0 != " " }) }) {
            rest = rest.dropFirst(m.filter { $0 != " " }.count)
            compared = true
        }
        // 「2倍」, 「1.1倍」: a multiple.
        if rest.hasSuffix("倍"), let n = Double(rest.dropLast()) { return RelativeTarget(factor: n, text: text) }
        let worded = changeQuantity(rest, lexicon: lexicon)
        guard let q = worded ?? QuantityParser.parseValue(String(rest)), q.unit == .percent else { return nil }
        // 「前年比110%」 is a ratio; 「前期比+30%」, 「+30%」 and 「20%削減」 are changes.
        if compared, !q.isSigned { return RelativeTarget(factor: q.value / 100, text: text) }
        guard compared || q.isSigned else { return nil }
        return RelativeTarget(factor: 1 + q.value / 100, text: text, isWorded: compared || worded != nil)
    }

    /// 「20%削減」, 「30%増」, "10% up": a percentage and a verb of change after it, as a signed change.
    static func changeQuantity(_ s: Substring, lexicon: Lexicon) -> Quantity? {
        let found = QuantityParser.scan(String(s))
        guard found.count == 1, var q = found.first, q.unit == .percent else { return nil }
        let after = String(Array(String(s))[q.range.upperBound...])
        guard let verb = lexicon.verbForms.first(where: { after == $0.lowered || after == $0.lowered + "する" }) else {
            if ["増", "up", "アップ"].contains(after) { q.isSigned = true; return q }
            if ["減", "down", "ダウン"].contains(after) { q.isSigned = true; q.value = -q.value; return q }
            return nil
        }
        q.isSigned = true
        if !verb.increases { q.value = -q.value }
        return q
    }
}
