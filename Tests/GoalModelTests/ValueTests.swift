import Testing

@testable import GoalModel

struct ValueCase: CustomTestStringConvertible, Sendable {
    let text: String
    let value: Double?
    let unit: GoalUnit?
    var per: GoalPeriod? = nil
    var comparator: GoalDirection? = nil
    var testDescription: String { text }
}

private func v(
    _ text: String, _ value: Double?, _ unit: GoalUnit? = nil, per: GoalPeriod? = nil, cmp: GoalDirection? = nil
) -> ValueCase {
    ValueCase(text: text, value: value, unit: unit, per: per, comparator: cmp)
}

/// Value cells as written in legacy sheets.
let valueCases: [ValueCase] = [
    v("100社", 100, .count), v("１００社", 100, .count), v("42社", 42, .count), v("月5%", 5, .percent, per: .month),
    v("月７％", 7, .percent, per: .month), v("+40", 40), v("+12", 12), v("-5", -5), v("－５", -5), v("▲5", -5),
    v("△3.5", -3.5),
    v("68%", 68, .percent), v("68％", 68, .percent), v("7.2%", 7.2, .percent), v("0.5%", 0.5, .percent),
    v("3,000万円", 30_000_000, .jpy), v("18億円", 1_800_000_000, .jpy), v("1億5000万円", 150_000_000, .jpy),
    v("100万円", 1_000_000, .jpy),
    v("¥1,200,000", 1_200_000, .jpy), v("￥５００", 500, .jpy), v("$3.2M", 3_200_000, .usd), v("$450", 450, .usd),
    v("€1.5k", 1500, .eur),
    v("2,500千円", 2_500_000, .jpy), v("5万", 50_000), v("1.2億", 120_000_000), v("500 USD", 500, .usd),
    v("48時間", 48, .hours), v("12h", 12, .hours), v("30分", 30, .minutes), v("90秒", 1.5, .minutes), v("5営業日", 5, .days),
    v("10日", 10, .days), v("2.5 hours", 2.5, .hours), v("45 min", 45, .minutes),
    v("4.5/5", 4.5, .score), v("4.8/5", 4.8, .score), v("80/100", 80, .score), v("80点", 80, .count),
    v("1.5倍", 1.5, .ratio), v("3x", 3, .ratio),
    v("50件", 50, .count), v("500件/月", 500, .count, per: .month), v("月間500件", 500, .count, per: .month),
    v("20個", 20, .count),
    v("5名", 5, .count), v("1万人", 10_000, .count), v("12回", 12, .count), v("3本", 3, .count),
    v("95%以上", 95, .percent, cmp: .atLeast), v("1時間以内", 1, .hours, cmp: .atMost),
    v("月1時間以内", 1, .hours, per: .month, cmp: .atMost),
    v("5%未満", 5, .percent, cmp: .atMost), v("20%超", 20, .percent, cmp: .atLeast), v("3%以下", 3, .percent, cmp: .atMost),
    v("at least 90%", 90, .percent, cmp: .atLeast), v("under 2%", 2, .percent, cmp: .atMost),
    v("≥ 30", 30, cmp: .atLeast),
    v("<= 4 hours", 4, .hours, cmp: .atMost), v("100+", 100, cmp: .atLeast), v("平均12時間", 12, .hours),
    v("約30%", 30, .percent),
    v("30%程度", 30, .percent), v("3割", 30, .percent), v("5pt", 5, .percent), v("50 tickets", 50, .count),
    v("1,234.5", 1234.5), v(".5", 0.5), v("0", 0), v("12,000人", 12_000, .count),
    v("500件/四半期", 500, .count, per: .quarter),
    v("2 per week", 2, per: .week), v("10 a month", 10, per: .month),
    // Not values.
    v("未定", nil), v("-", nil), v("KR2", nil), v("FY2025", nil), v("2025/12/31", nil), v("6月末", nil), v("顧客満足度", nil),
    v("68% → 90%", nil), v("3ヶ月", nil), v("トップ5", nil),
]

@Suite("Value cells")
struct ValueTests {
    @Test(arguments: valueCases)
    func parses(_ c: ValueCase) {
        let q = QuantityParser.parseValue(c.text)
        #expect(q?.value == c.value)
        if c.value != nil {
            #expect(q?.unit == c.unit)
            #expect(q?.per == c.per)
            #expect(q?.comparator == c.comparator)
        }
    }

    @Test(arguments: ["未定", "-", "―", "N/A", "TBD", "－", " "])
    func blankMarkers(_ text: String) {
        #expect(QuantityParser.isBlankMarker(text))
    }

    @Test func notBlank() {
        #expect(!QuantityParser.isBlankMarker("0"))
        #expect(!QuantityParser.isBlankMarker("顧客"))
    }
}

@Suite("KPI-tree formulas")
struct FormulaTests {
    @Test(
        arguments: [
            ("K1×K2×K3×3", "K1*K2*K3*3", ["K1", "K2", "K3"]),
            ("N1*12*N3", "N1*12*N3", ["N1", "N3"]),
            ("=T2*3*T3*T4", "T2*3*T3*T4", ["T2", "T3", "T4"]),
            ("売上 = 商談数 × 受注率 × 単価", "商談数*受注率*単価", ["商談数", "受注率", "単価"]),
            ("（A＋B）×12", "(A+B)*12", ["A", "B"]),
            ("A-(B-C)", "A-(B-C)", ["A", "B", "C"]),
            ("A/(B*C)", "A/(B*C)", ["A", "B", "C"]),
            ("粗利 ÷ 売上", "粗利/売上", ["粗利", "売上"]),
            ("K1 x K2", "K1*K2", ["K1", "K2"]),
            ("T5*T6", "T5*T6", ["T5", "T6"]),
            ("-A+B", "-A+B", ["A", "B"]),
            ("1,000*K1*20%", "1000*K1*0.2", ["K1"]),
        ] as [(String, String, [String])])
    func parses(_ text: String, _ canonical: String, _ refs: [String]) throws {
        let f = try FormulaParser.parse(text)
        #expect(f.description == canonical)
        #expect(f.references == refs)
    }

    @Test func evaluates() throws {
        let f = try FormulaParser.parse("T2×3×T3×T4")
        let values = ["T2": 50.0, "T3": 0.2, "T4": 1_000_000.0]
        #expect(f.evaluate { values[$0] } == 30_000_000)
        #expect(f.evaluate { $0 == "T3" ? nil : values[$0] } == nil)
        #expect(try FormulaParser.parse("A/B").evaluate { $0 == "A" ? 1 : 0 } == nil)
    }

    @Test(arguments: ["K1×", "(K1*K2", "K1**K2", ")"])
    func rejects(_ text: String) {
        #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(text) }
    }
}

@Suite("Lower-cased scalar search")
struct ScalarTextTests {
    @Test func theBlocksTakenForCaselessHaveNoLowerCase() {
        for range in [0x3000...0x9FFF, 0xAC00...0xD7A3] as [ClosedRange<UInt32>] {
            for v in range {
                guard let u = Unicode.Scalar(v) else { continue }
                #expect(!u.properties.changesWhenLowercased, "U+\(String(v, radix: 16))")
            }
        }
    }

    @Test(arguments: ["KPI達成率", "ＮＰＳ", "Monthly NPS", "ΟΔΟΣ", "İstanbul", "解約率（月次）", "ẞ"])
    func searchesFindWhatLowerCasingFinds(word: String) {
        let text = ScalarText("売上と\(word)の改善 monthly nps")
        let reference = Array(word.lowercased().unicodeScalars)
        #expect(text.lastRange(of: word) == text.lastRange(ofScalars: reference))
    }

    @Test(arguments: [
        "解約率", "NPS", "Net Revenue", "ＡＢＣ売上", "İstanbul", "ΟΔΟΣ", "Straße", "ǅungla", "KPI (月次)", "",
    ])
    func lowersAsStringDoes(text: String) {
        #expect(ScalarText.lowered(text) == Array(text.lowercased().unicodeScalars))
    }

    @Test func scalarsSharingABitAreStillTold() {
        // "!" (U+0021) and "a" (U+0061) share a bit of the presence filter; "売" and "上" are both in the text.
        let t = ScalarText("売上A")
        #expect(!t.contains("!"))
        #expect(t.contains("a"))
        #expect(t.contains("上A"))
        #expect(!t.contains("売A"))
        #expect(!t.contains("A売"))
    }

    @Test func findsTheLastOccurrenceWithoutCase() {
        let t = ScalarText("Monthly NPS, monthly churn")
        #expect(t.lastRange(of: "MONTHLY") == 13..<20)
        #expect(t.lastRange(of: "ΟΔΟΣ") == nil)
        #expect(ScalarText("ΟΔΟΣ 5").contains("οδος") == false)  // Σ lowers to σ, not to the final ς
        #expect(ScalarText("ΟΔΟΣ 5").contains("ΟΔΟΣ"))
    }
}

@Suite("Direction and period words")
struct DirectionAndPeriodWordsTests {
    @Test(arguments: [
        ("↑", GoalDirection.increase), ("向上", .increase), ("削減", .decrease), ("downward", .decrease),
        ("以上", .atLeast), (">=", .atLeast), ("以内", .atMost), ("max", .atMost),
    ])
    func directionColumnsName(key: String, direction: GoalDirection) {
        #expect(ReadingWords.standard.direction(named: key) == direction)
    }

    @Test(arguments: [
        ("月次", GoalPeriod.month), ("/月", .month), ("quarterly", .quarter), ("年度", .year), ("週次", .week),
        ("daily", .day),
    ])
    func periodColumnsName(key: String, period: GoalPeriod) {
        #expect(ReadingWords.standard.period(named: key) == period)
    }

    @Test func wordsAreMatchedWholeAndCanBeAdded() {
        #expect(ReadingWords.standard.direction(named: "上昇傾向") == nil)
        #expect(ReadingWords.standard.period(named: "月末") == nil)
        var words = ReadingWords.standard
        words.periodWords.append(("隔週", .week))
        #expect(words.period(named: "隔週") == .week && words != ReadingWords.standard)
        // The lists name each word once.
        #expect(Set(words.directionWords.map(\.word)).count == words.directionWords.count)
        #expect(Set(words.periodWords.map(\.word)).count == words.periodWords.count)
    }
}

@Suite("Width folding and match keys")
struct TextNormalizerTests {
    /// The fold as a table of scalars, as `foldWidth` states it.
    static func referenceFold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            case 0x2212, 0x2010, 0x2011, 0x2012, 0x2013, 0xFE63: out.append("-")
            case 0xFFE5: out.append("¥")
            case 0xFFE0: out.append("¢")
            default: out.append(u)
            }
        }
        return String(out)
    }

    @Test func foldsEveryScalarAsTheTableSays() {
        var mismatches: [String] = []
        // Every scalar of the BMP (the folded ones are of it) and a few of four UTF-8 bytes.
        for v in Array(UInt32(0)...0xFFFF) + [0x1F600, 0x20000, 0x10FFFF] where v < 0xD800 || v > 0xDFFF {
            let u = Unicode.Scalar(v)!
            // Each scalar alone and between others, so that a fold's three bytes are found at any offset.
            for s in [String(u), "a\(u)b", "解\(u)", "\(u)\(u)"] {
                let got = TextNormalizer.foldWidth(s)
                if got.unicodeScalars.elementsEqual(TextNormalizerTests.referenceFold(s).unicodeScalars) { continue }
                mismatches.append("U+\(String(v, radix: 16)) in \(s.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(arguments: [
        ("ＫＰＩ　達成率（月次）", "KPI 達成率(月次)"), ("−５％～＋３％", "-5%~+3%"), ("￥１，０００", "¥1,000"), ("解約率", "解約率"), ("", ""),
    ])
    func foldsWidth(text: String, folded: String) {
        #expect(TextNormalizer.foldWidth(text) == folded)
    }

    @Test(arguments: [
        "目標値（ＦＹ２０２５）", "Target Value", "KPI_名称", "上位目標・ID", "İstanbul Office", "ΟΔΟΣ", "Straße", "ǅ-code",
        "現状 (9月末)", "Ｎｏ．", "",
    ])
    func matchKeysAreWhatLowerCasingTheFoldGives(text: String) {
        let dropped: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", ".", ":", "_", "・", "-"]
        let reference = String(
            String.UnicodeScalarView(
                TextNormalizer.foldWidth(text).lowercased().unicodeScalars.filter { !dropped.contains($0) }))
        #expect(TextNormalizer.matchKey(text) == reference)
    }
}

/// The byte check `parseValue` and `scan` make before folding: a text without an ASCII or full-width digit holds
/// no quantity, and the check never refuses one that does.
@Suite("Digit pre-check")
struct DigitPreCheckTests {
    @Test(arguments: [
        "顧客満足度", "三割", "半分", "①", "²", "٣", "〇", "KR", "", " ", "ー", "未定", "Ⅳ", "ｱｲｳ", "％", "．",
    ])
    func noDigitNoQuantity(_ text: String) {
        #expect(!QuantityParser.mayHoldDigit(text))
        #expect(QuantityParser.parseValueOnce(text) == nil)
        #expect(QuantityParser.scan(chars: Array(TextNormalizer.foldWidth(text))).isEmpty)
    }

    @Test(arguments: ["0", "9", "０", "９", "約３０％", "月5%", "1\u{20E3}", "ＫＲ２", "a9b"])
    func digitFound(_ text: String) {
        #expect(QuantityParser.mayHoldDigit(text))
    }

    @Test func everyFoldedDigitIsSeen() {
        // Every BMP scalar that width folding turns into an ASCII digit is seen by the check, alone.
        for v in UInt32(0)...0xFFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            let folded = TextNormalizer.foldWidth(String(s))
            if folded.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                #expect(QuantityParser.mayHoldDigit(String(s)), "U+\(String(v, radix: 16, uppercase: true))")
            }
        }
    }
}

/// `endsWith` compares a word back from its end; it says what `has` says at the end less the word's scalars.
@Suite("Words before a number")
struct WordBeforeTests {
    /// English multipliers are matched exactly, case included, and must end a word: "3k", "1.2bn", not "3kg".
    @Test func englishMultipliersMatchTheirCaseAndEndAWord() {
        func multiplier(_ text: String) -> [Double] {
            QuantityParser.englishMultiplier(ScanText(Array(text)), 0).map { [$0.0, Double($0.1)] } ?? []
        }
        #expect(multiplier("k") == [1e3, 1])
        #expect(multiplier("K") == [1e3, 1])
        #expect(multiplier("M") == [1e6, 1])
        #expect(multiplier("bn ") == [1e9, 2])
        #expect(multiplier("Bn") == [])
        #expect(multiplier("m") == [])
        #expect(multiplier("kg") == [])
        #expect(multiplier("") == [])
        #expect(QuantityParser.parseValue("3.5k")?.value == 3500)
        // Signs and currency signs before a number are single characters: "▲5%" is -5%, "¥300" yen.
        #expect(QuantityParser.parseValue("▲5%")?.value == -5 && QuantityParser.parseValue("¥300")?.unit == .jpy)
        #expect(QuantityParser.parseValue("€12")?.unit == .eur && QuantityParser.parseValue("+3件")?.isSigned == true)
        let marks = ScanText(Array("¥e\u{301}$"))
        #expect(QuantityParser.isOneOf(marks, 0, QuantityParser.currencySigns))
        #expect(!QuantityParser.isOneOf(marks, 1, QuantityParser.currencySigns))
        #expect(QuantityParser.isOneOf(marks, 2, QuantityParser.currencySigns))
        #expect(QuantityParser.parseValue("2M")?.value == 2_000_000)
    }

    @Test(arguments: ["トップ3", "Top 5社", "約30%", "平均で12時間", "at least 40", "月8%", "e\u{301}5", "no.1", "≥90%", "3"])
    func endsWithIsHasAtTheWordsStart(_ text: String) {
        let c = ScanText(Array(text))
        let words =
            QuantityParser.rankWords.map(\.text) + Lexicon.QuantityWords.approximations
            + QuantityParser.prefixComparators.map(\.0.text) + QuantityParser.periodPrefixes.map(\.0.text)
            + ["e", "\u{301}", "E"]
        for word in words {
            let n = word.unicodeScalars.count
            for end in -1...(c.count + 1) {
                let expected = end - n >= 0 && end - n <= c.count && QuantityParser.has(c, end - n, word)
                #expect(QuantityParser.endsWith(c, end, word) == expected, "\(text) \(word) \(end)")
                // The tables' words, their scalars kept, say the same.
                #expect(QuantityParser.endsWith(c, end, ScanWord(word)) == expected, "\(text) \(word) \(end)")
                if end >= 0, end <= c.count {
                    #expect(QuantityParser.has(c, end, ScanWord(word)) == QuantityParser.has(c, end, word))
                }
            }
        }
        #expect(QuantityParser.endsWith(ScanText(Array("Top 5")), 4, "top "))
        #expect(!QuantityParser.endsWith(ScanText(Array("e\u{301}5")), 1, "e"))
        // A character of several scalars is none of them; "\r\n" is neither digit nor letter.
        let marks = ScanText(Array("e\u{301}\r\n5x"))
        #expect(marks.scalars == [ScanText.several, ScanText.several, 0x35, 0x78])
        #expect(
            !QuantityParser.isDigit(marks, 1) && QuantityParser.isDigit(marks, 2) && !QuantityParser.isDigit(marks, 4))
        #expect(
            QuantityParser.isLetter(marks, 3) && !QuantityParser.isLetter(marks, 0)
                && !QuantityParser.isLetter(marks, -1))
    }
}
