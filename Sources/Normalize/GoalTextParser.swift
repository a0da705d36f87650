import Foundation
import GoalModel

/// What a goal written as a sentence says: "解約率を月8% → 月3%に削減" → metric 解約率, baseline 8,
/// target 3, percent, per month, decrease.
public struct ParsedGoalText: Sendable, Equatable {
    public var metric: String
    public var baseline: Quantity?
    public var target: Quantity?
    /// A change written instead of a target: "30%削減" → -30 (percent of the baseline); "500万円削減" → -5e6
    /// with `changeIsPercent` false.
    public var change: Double?
    public var changeIsPercent: Bool
    public var unit: GoalUnit?
    public var per: GoalPeriod?
    public var direction: GoalDirection?
    /// Which rule gave the direction: "comparator", "verb", "values".
    public var directionSource: String?
    /// A deadline written in the sentence ("2026年3月末までに", "FY2025 Q3までに", "令和7年度中に").
    public var due: DateSpan?

    public init(metric: String) {
        self.metric = metric
        self.changeIsPercent = false
    }
}

/// Reads goal sentences, Japanese and English.
public enum GoalTextParser {
    public static func parse(
        _ raw: String, lexicon: Lexicon = .standard, fiscal: FiscalCalendar = FiscalCalendar()
    ) -> ParsedGoalText {
        let chars = Array(TextNormalizer.foldWidth(raw))
        let labelEnd = labelLength(chars)
        var result = ParsedGoalText(metric: "")
        let (deadlineEnd, due) = deadlinePhrase(Array(chars[labelEnd...]), fiscal: fiscal)
        result.due = due
        let body = Array(chars[(labelEnd + deadlineEnd)...])
        let quantities = QuantityParser.scan(chars: body)

        // baseline → target: an arrow, から…に, "from … to …" between two quantities.
        var metricEnd = body.count
        var tailStart = body.count
        var pairFound = false
        for idx in quantities.indices.dropLast() {
            let a = quantities[idx], b = quantities[idx + 1]
            let between = String(body[a.range.upperBound..<b.range.lowerBound]).trimmingSpaces.lowercased()
            if ["→", "->", "⇒", "=>", "➡", "➔", "から", "to", "→→", "⇨", "~", "〜", "から、", "より"].contains(between) {
                result.baseline = a
                result.target = b
                metricEnd = a.range.lowerBound
                tailStart = b.range.upperBound
                pairFound = true
                break
            }
        }
        if !pairFound, let last = quantities.last {
            let after = String(body[last.range.upperBound...]).trimmingSpaces.lowercased()
            let before = String(body[..<last.range.lowerBound]).trimmingSpaces.lowercased()
            let verbRightAfter =
                lexicon.verbForms.contains {
                    after.hasPrefix($0.lowered) && !(["獲得", "acquire", "gain"].contains($0.word) && $0.increases)
                }
                || after.hasPrefix("改善")
            if (verbRightAfter && last.comparator == nil) || before.hasSuffix(" by") {
                // "30%削減", "reduce churn by 2 points": a change, not a target. "%" and "割" are
                // relative to the baseline; points, counts and money are absolute.
                result.change = last.value
                result.changeIsPercent = ["%", "パーセント", "割"].contains(last.unitText)
                if !result.changeIsPercent { result.unit = last.unit }
                metricEnd = last.range.lowerBound
                tailStart = last.range.upperBound
            } else {
                result.target = last
                metricEnd = quantities.first!.range.lowerBound
                tailStart = last.range.upperBound
                if quantities.count >= 2 { metricEnd = last.range.lowerBound }
            }
        }

        // Metric: what precedes the numbers, else what follows them ("Ship 20 new features").
        let head = String(body[..<metricEnd]).trimmingSpaces
        var metric = cleanMetricHead(head)
        var tail = cleanTail(String(body[tailStart...]), lexicon: lexicon)
        let (tailStripped, tailPer) = stripTrailingPeriod(tail)
        tail = tailStripped
        if metric.isEmpty {
            // "Close 50 deals per quarter": the noun after the number is the metric.
            let noun = [result.target, result.baseline].compactMap { $0 }.first { $0.unitIsNoun }?.unitText ?? ""
            metric = [noun, tail].filter { !$0.isEmpty }.joined(separator: " ")
        } else if !tail.isEmpty, !quantities.isEmpty, tail.count <= 6, TextNormalizer.isJapanese(tail),
            !head.hasSuffix("を")
        {
            // "新機能20個実装" → 新機能実装 (but "セミナーを年4回開催" → セミナー).
            metric += tail
        }
        if quantities.isEmpty { metric = cleanTail(cleanMetricHead(String(body)), lexicon: lexicon, keepNouns: true) }
        // A period word starting the metric is the rate's period: 月間問い合わせ対応 → 問い合わせ対応, month.
        var leadPer: GoalPeriod?
        for (w, p) in leadingPeriodWords where metric.hasPrefix(w) && metric.count > w.count {
            metric = String(metric.dropFirst(w.count)).trimmingSpaces
            leadPer = p
            break
        }
        let (stripped, bracketPer) = stripPeriodAnnotation(metric)
        metric = stripped

        // Unit and per: the target's, else the baseline's, else the sentence's period words.
        result.unit = result.target?.unit ?? result.baseline?.unit ?? result.unit
        if result.target?.unit == nil, let b = result.baseline?.unit { result.target?.unit = b }
        if result.baseline?.unit == nil, let t = result.target?.unit { result.baseline?.unit = t }
        // A baseline counted over another period is converted to the target's: 月600件 → 四半期1,800件.
        if let bp = result.baseline?.per, let tp = result.target?.per, bp != tp, let b = result.baseline {
            result.baseline?.value = b.value * tp.months / bp.months
            result.baseline?.per = tp
        }
        result.per =
            result.target?.per ?? result.baseline?.per ?? leadPer ?? bracketPer ?? tailPer
            ?? periodWord(in: String(body))

        // Direction: a comparator, else a verb, else the values.
        if let cmp = result.target?.comparator {
            result.direction = cmp
            result.directionSource = "comparator"
        } else if let v = verbDirection(String(body[metricEnd...]), lexicon: lexicon)
            ?? verbDirection(String(body), lexicon: lexicon)
        {
            result.direction = v
            result.directionSource = "verb"
        } else if let b = result.baseline?.value, let t = result.target?.value, b != t {
            result.direction = t > b ? .increase : .decrease
            result.directionSource = "values"
        }
        if let change = result.change, result.direction == nil { result.direction = change < 0 ? .decrease : .increase }
        if let d = result.direction, let c = result.change, d == .decrease, c > 0 { result.change = -c }
        result.metric = metric
        return result
    }

    static let leadingPeriodWords = Lexicon.SentenceWords.leadingPeriods

    /// A deadline opening the sentence: "2026年3月末までに", "FY2025 Q3までに", "令和7年度中に", "今四半期に".
    static func deadlinePhrase(_ c: [Character], fiscal: FiscalCalendar) -> (Int, DateSpan?) {
        for relative in relativeDeadlines where c.starts(with: relative) { return (relative.count, nil) }
        // Every marker ends in に: a sentence without one has no deadline phrase.
        guard c.contains("に") else { return (0, nil) }
        for marker in deadlineMarkers {
            guard let at = firstIndex(of: marker, in: c) else { continue }
            var datePart = String(c[..<at]).trimmingSpaces
            if marker.first == "末" { datePart += "末" }
            if let span = DateParser.parse(datePart, fiscal: fiscal) { return (at + marker.count, span) }
        }
        return (0, nil)
    }

    /// Where `needle` first starts in `hay`: the generic `firstRange(of:)` is not specialized for characters.
    static func firstIndex(of needle: [Character], in hay: [Character]) -> Int? {
        guard let head = needle.first, needle.count <= hay.count else { return needle.isEmpty ? 0 : nil }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == head, hay[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static let relativeDeadlines = Lexicon.SentenceWords.relativeDeadlines.map { Array($0) }
    static let deadlineMarkers = Lexicon.SentenceWords.deadlineMarkers.map { Array($0) }

    /// "customer interviews a month" → ("customer interviews", month).
    static func stripTrailingPeriod(_ s: String) -> (String, GoalPeriod?) {
        guard s.last?.isLetter == true else { return (s, nil) }
        let lower = s.lowercased()
        for (suffix, p) in trailingPeriods where lower.hasSuffix(suffix) {
            return (String(s.dropLast(suffix.count)).trimmingSpaces, p)
        }
        return (s, nil)
    }

    /// " per month", " weekly" …: the period suffixes that are words, lower-cased, after their space.
    static let trailingPeriods: [(String, GoalPeriod)] = QuantityParser.periodSuffixes.filter { $0.0.first!.isLetter }
        .map { (" " + $0.0.lowercased(), $0.1) }

    /// Length of a leading label: "KR1:", "O1.", "①", "・", "1.", "(2)", "【営業】".
    static func labelLength(_ c: [Character]) -> Int {
        var i = 0
        while i < c.count, c[i] == " " { i += 1 }
        if i < c.count, let u = c[i].unicodeScalars.first,
            (0x2460...0x2473).contains(u.value) || (0x2776...0x277F).contains(u.value)
                || "・●○■□◆◇▶►*•".contains(c[i]) || (c[i] == "-" && i + 1 < c.count && c[i + 1] == " ")
        {
            i += 1
        } else if i < c.count, c[i] == "【", let close = c[i...].firstIndex(of: "】") {
            i = close + 1
        } else {
            // "KR1:", "O1.", "1.", "1)", "(1)"
            var j = i
            if j < c.count, c[j] == "(" { j += 1 }
            while j < c.count, c[j].isASCII, c[j].isLetter || c[j].isNumber { j += 1 }
            let hasDigit = c[i..<j].contains { $0.isNumber }
            let word = String(c[i..<j]).uppercased().filter { !$0.isNumber && $0 != "(" }
            let knownPrefix = ["", "KR", "O", "OBJ", "KGI", "KPI", "KSF", "KFS", "CSF", "NO"].contains(word)
            if j > i, j - i <= 6, hasDigit, knownPrefix, j < c.count, [":", ".", ")", " ", "："].contains(c[j]) {
                let word = String(c[i..<j]).lowercased()
                // Not "5 new features" nor "Q3 revenue": only labels.
                if !word.allSatisfy({ $0.isNumber || $0 == "(" }) || c[j] != " " {
                    if !(c[j] == "." && j + 1 < c.count && c[j + 1].isNumber) {
                        i = j + 1
                    }
                }
            }
        }
        while i < c.count, c[i] == " " { i += 1 }
        return i
    }

    static let headParticles = Lexicon.SentenceWords.headParticles
    /// The characters the head particles start and end with.
    static let headParticleEnds = WordEnds(headParticles)!
    static let headEnglish = Lexicon.SentenceWords.headEnglish
    static let leadingEnglishVerbs = Lexicon.SentenceWords.leadingEnglishVerbs

    /// The text before the numbers, without the particles and English glue words that joined them.
    static func cleanMetricHead(_ s: String) -> String {
        var t = s.trimmingSpaces
        var changed = true
        while changed && !t.isEmpty {
            changed = false
            // A text ends in a particle only when its last character ends one.
            if headParticleEnds.mayEnd(t) {
                for p in headParticles where t.hasSuffix(p) {
                    t = String(t.dropLast(p.count)).trimmingSpaces
                    changed = true
                }
            }
            // The English glue words end in a letter or "=": only such a text can end in one.
            guard let last = t.unicodeScalars.last, last.isASCII else { continue }
            let lower = t.lowercased()
            for (w, spaced) in headEnglishSpaced where lower.hasSuffix(spaced) || lower == w {
                t = String(t.dropLast(w.count)).trimmingSpaces
                changed = true
                break
            }
        }
        // Leading English verbs and articles: "Increase NPS" → "NPS"; a lone verb is no metric.
        if leadingEnglishVerbs.contains(t.lowercased()) { return "" }
        changed = t.unicodeScalars.first?.isASCII == true
        while changed {
            changed = false
            let lower = t.lowercased()
            for v in leadingEnglishVerbsSpaced where lower.hasPrefix(v) {
                t = String(t.dropFirst(v.count)).trimmingSpaces
                changed = true
                break
            }
        }
        return t
    }

    static let headEnglishSpaced = headEnglish.map { ($0, " " + $0) }
    static let leadingEnglishVerbsSpaced = leadingEnglishVerbs.map { $0 + " " }

    static let tailParticles = Lexicon.SentenceWords.tailParticles
    static let tailVerbs = Lexicon.SentenceWords.tailVerbs

    static let standardTailWords =
        (Lexicon.standard.increaseVerbs + Lexicon.standard.decreaseVerbs + tailVerbs + tailParticles).sorted {
            $0.count > $1.count
        }

    /// Verbs and particles that end a goal sentence, longest first (cached for the standard lexicon).
    static func tailWords(_ lexicon: Lexicon) -> [String] {
        if lexicon.hasStandardVerbs { return standardTailWords }
        return (lexicon.increaseVerbs + lexicon.decreaseVerbs + tailVerbs + tailParticles).sorted {
            $0.count > $1.count
        }
    }

    /// What follows the numbers, without particles and verbs: "実装" from "個実装", "" from "に削減する".
    static func cleanTail(_ s: String, lexicon: Lexicon, keepNouns: Bool = false) -> String {
        var t = s.trimmingSpaces
        let verbs = tailWords(lexicon)
        var changed = true
        while changed && !t.isEmpty {
            changed = false
            for p in tailParticles where t.hasPrefix(p) {
                t = String(t.dropFirst(p.count)).trimmingSpaces
                changed = true
            }
            let scalars = Array(t.unicodeScalars)
            for v in verbs where endsWith(scalars, v) && (v.count < t.count || !keepNouns) {

                // Keep a noun that merely ends like a particle ("成長率" is safe; "の" alone is dropped).
                t = String(t.dropLast(v.count)).trimmingSpaces
                changed = true
                break
            }
        }
        if !keepNouns {
            // Whole-word verbs at the end of an English tail: "new features shipped" keeps its noun.
            let lower = t.lowercased()
            for v in leadingEnglishVerbsSpaced where lower.hasPrefix(v) { t = String(t.dropFirst(v.count)) }
        }
        return t.trimmingSpaces
    }

    /// `String.hasSuffix` by scalars: the tail words are checked by the hundred per cell.
    static func endsWith(_ scalars: [Unicode.Scalar], _ word: String) -> Bool {
        var i = scalars.count
        for s in word.unicodeScalars.reversed() {
            i -= 1
            guard i >= 0, scalars[i] == s else { return false }
        }
        return true
    }

    /// "(月次)" in a metric: the period, and the metric without it.
    static func stripPeriodAnnotation(_ s: String) -> (String, GoalPeriod?) {
        guard let last = s.last, [")", "）", "]"].contains(last) else { return (s, nil) }
        for (annotation, words, p) in periodAnnotations where s.hasSuffix(annotation) {
            return (String(s.dropLast(words + 2)).trimmingSpaces, p)
        }
        return (s, nil)
    }

    /// "(月次)", "（monthly）", "[週]" …: each period word in each bracket pair, with the word's length.
    static let periodAnnotations: [(String, Int, GoalPeriod)] = {
        let words = Lexicon.SentenceWords.annotationPeriods
        return [("(", ")"), ("（", "）"), ("[", "]")].flatMap { open, close in
            words.map { w, p in (open + w + close, w.count, p) }
        }
    }()

    /// A period word outside the quantities: 月間, 月次, 毎月, 年間, 週次, monthly, per month …
    /// ("四半期内に実装" is a deadline, not a rate).
    static func periodWord(in s: String) -> GoalPeriod? {
        let lower = ScalarText(s)
        for (w, p) in periodWords where lower.lastRange(ofScalars: w) != nil { return p }
        return nil
    }

    /// The period words `periodWord(in:)` looks for, as lower-cased scalars.
    static let periodWords: [([Unicode.Scalar], GoalPeriod)] =
        Lexicon.SentenceWords.periodWords.map { (Array($0.0.lowercased().unicodeScalars), $0.1) }

    /// The direction a verb gives; the verb nearest the end wins ("コスト削減率を向上" → increase).
    static func verbDirection(_ s: String, lexicon: Lexicon) -> GoalDirection? {
        var masked = s
        // A lower-cased scalar search first: Foundation's case-insensitive search on every title was a tenth
        // of analyzing the 100,000-row benchmark sheet, and a look-alike is rare.
        let lowered = ScalarText(s)
        for w in lexicon.verbLookalikes where lowered.contains(w) && masked.localizedCaseInsensitiveContains(w) {
            masked = masked.replacingOccurrences(
                of: w, with: String(repeating: "・", count: w.count), options: .caseInsensitive)
        }
        let text = ScalarText(masked)
        let sc = text.scalars
        var best: (Int, Int, GoalDirection)?  // (end offset, length, direction)
        func isLetter(_ i: Int) -> Bool { i >= 0 && i < sc.count && sc[i].properties.isAlphabetic }
        for verb in lexicon.verbForms {
            guard let r = text.lastRange(ofScalars: verb.scalars) else { continue }
            // English verbs must be whole words.
            if verb.scalars.first!.isASCII {
                let startOK = !isLetter(r.lowerBound - 1)
                let endOK =
                    r.upperBound == sc.count || !isLetter(r.upperBound) || sc[r.upperBound] == "s"
                    || sc[r.upperBound] == "d"
                if !startOK || !endOK { continue }
            }
            let end = r.upperBound
            if best == nil || end > best!.0 || (end == best!.0 && verb.scalars.count > best!.1) {
                best = (end, verb.scalars.count, verb.increases ? .increase : .decrease)
            }
        }
        return best?.2
    }
}
