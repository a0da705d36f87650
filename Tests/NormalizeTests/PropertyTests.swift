import GoalModel
import GoalSheetSupport
import Normalize
import PropertyBased
import Testing

/// Ways a planning office writes one number.
enum Notation: CaseIterable, Sendable {
    case plain, grouped, fullWidth, percent, fullWidthPercent, man, manYen, oku, thousandYen, plusSign, minusSign,
        triangle,
        fullWidthMinus, perMonth, perMonthSuffix, atLeast, atMost, englishHours, dollars, kilo

    /// The text, and the value and unit it must parse to, for the decimal `d` written as `s`.
    func render(_ s: String, _ d: Double) -> (String, Double, GoalUnit?) {
        func grouped(_ s: String) -> String {
            let parts = s.split(separator: ".", maxSplits: 1)
            var intPart = String(parts[0])
            var out = ""
            while intPart.count > 3 {
                out = "," + intPart.suffix(3) + out
                intPart = String(intPart.dropLast(3))
            }
            out = intPart + out
            return parts.count == 2 ? out + "." + parts[1] : out
        }
        func wide(_ s: String) -> String {
            String(
                String.UnicodeScalarView(
                    s.unicodeScalars.map { u in
                        (0x21...0x7E).contains(u.value) ? Unicode.Scalar(u.value + 0xFEE0)! : u
                    }))
        }
        switch self {
        case .plain: return (s, d, nil)
        case .grouped: return (grouped(s), d, nil)
        case .fullWidth: return (wide(grouped(s)), d, nil)
        case .percent: return (s + "%", d, .percent)
        case .fullWidthPercent: return (wide(s + "%"), d, .percent)
        case .man: return (s + "万", d * 1e4, nil)
        case .manYen: return (grouped(s) + "万円", d * 1e4, .jpy)
        case .oku: return (s + "億円", d * 1e8, .jpy)
        case .thousandYen: return (grouped(s) + "千円", d * 1e3, .jpy)
        case .plusSign: return ("+" + s, d, nil)
        case .minusSign: return ("-" + s, -d, nil)
        case .triangle: return ("▲" + s, -d, nil)
        case .fullWidthMinus: return (wide("-" + s), -d, nil)
        case .perMonth: return ("月" + s + "件", d, .count)
        case .perMonthSuffix: return (s + "件/月", d, .count)
        case .atLeast: return (s + "%以上", d, .percent)
        case .atMost: return (s + "時間以内", d, .hours)
        case .englishHours: return (s + " hours", d, .hours)
        case .dollars: return ("$" + grouped(s), d, .usd)
        case .kilo: return ("$" + s + "k", d * 1e3, .usd)
        }
    }
}

@Suite("Number notations (property)")
struct NotationPropertyTests {
    @Test func everyNotationParsesBackToTheSameValue() async {
        await propertyCheck(
            count: 2000, input: Gen.int(in: 0...99_999_999), Gen.int(in: 0...99), Gen.element(of: Notation.allCases)
        ) { whole, cents, notation in
            guard let notation else { return }
            let text = cents == 0 ? String(whole) : String(whole) + "." + (cents < 10 ? "0" : "") + String(cents)
            let d = Double(text)!
            let (written, expected, unit) = notation.render(text, d)
            let q = QuantityParser.parseValue(written)
            #expect(q?.value == expected, "\(written)")
            #expect(q?.unit == unit, "\(written)")
        }
    }

    @Test func plainDecimalRoundTrips() async {
        await propertyCheck(count: 2000, input: Gen.int(in: -999_999_999...999_999_999), Gen.int(in: 0...3)) {
            n, places in
            // The decimal n × 10^-places, as its nearest double (as a parser would read it).
            let d = Double("\(n)e-\(places)")!
            let text = PlainDecimal.format(d)
            #expect(!text.contains("e"))
            #expect(Double(text) == d, "\(d) → \(text)")
        }
    }
}
