/// Width and spacing normalization for matching Japanese and English sheet text.
public enum TextNormalizer {
    /// Folds full-width ASCII (ＡＢＣ１２３％＋－) to ASCII, the ideographic space to a space, and
    /// the minus sign, dashes and wave dashes used as minus or range signs to their ASCII forms;
    /// half-width katakana are left alone (rare in goal sheets).
    public static func foldWidth(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where u.value >= 0x2010 {
            needs = true
            break
        }
        if !needs { return s }
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

    /// A key for matching header names: width-folded, lower-cased, without spaces, dots, colons,
    /// underscores or line breaks.
    public static func matchKey(_ s: String) -> String {
        let folded = foldWidth(s).lowercased()
        var out = String.UnicodeScalarView()
        for u in folded.unicodeScalars {
            switch u {
            case " ", "\t", "\n", "\r", ".", ":", "_", "・", "-": continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// True when the text has kana or CJK ideographs.
    public static func isJapanese(_ s: String) -> Bool {
        for u in s.unicodeScalars {
            switch u.value {
            case 0x3040...0x30FF, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xFF66...0xFF9F: return true
            default: continue
            }
        }
        return false
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, line breaks and ideographic spaces.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}

/// Plain decimal text for numbers in CSV and JSON: no exponent, no trailing zeros, at most 10 decimals
/// (7.199999999999999 → 7.2, 1.8e9 → 1800000000).
public enum PlainDecimal {
    public static func format(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 {
            let i = Int64(v)
            return i == 0 ? "0" : String(i)
        }
        // Round to 12 significant digits, then print without an exponent.
        let magnitude = v == 0 ? 0 : Int((abs(v)).log10Floor)
        let decimals = max(0, min(15, 11 - magnitude))
        var scaled = (abs(v) * pow10(decimals)).rounded()
        var digits = ""
        if scaled >= 1e18 {
            return String(v)
        }
        var n = UInt64(scaled)
        scaled = 0
        if n == 0 { return "0" }
        while n > 0 {
            digits.insert(Character(Unicode.Scalar(UInt8(48 + n % 10))), at: digits.startIndex)
            n /= 10
        }
        if digits.count <= decimals {
            digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
        }
        var intPart = String(digits.prefix(digits.count - decimals))
        var frac = String(digits.suffix(decimals))
        while frac.hasSuffix("0") { frac.removeLast() }
        if intPart.isEmpty { intPart = "0" }
        let sign = v < 0 ? "-" : ""
        return frac.isEmpty ? sign + intPart : sign + intPart + "." + frac
    }

    static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<n { r *= 10 }
        return r
    }
}

extension Double {
    /// ⌊log10(|self|)⌋ for a finite non-zero value, without Foundation.
    var log10Floor: Double {
        var x = abs(self)
        var e = 0.0
        while x >= 10 { x /= 10; e += 1 }
        while x < 1 { x *= 10; e -= 1 }
        return e
    }
}

/// Lower-cased text as scalars, for the many small substring searches of the parsers (Foundation's
/// `range(of:)` is slow on Linux at this volume).
public struct ScalarText: Sendable {
    public let scalars: [Unicode.Scalar]

    public init(_ s: String) { scalars = Array(s.lowercased().unicodeScalars) }

    /// Scalar offset of the last occurrence of `needle`, or nil.
    public func lastRange(of needle: String) -> Range<Int>? {
        lastRange(ofScalars: Array(needle.lowercased().unicodeScalars))
    }

    /// Scalar offset of the last occurrence of `n` (lower-cased scalars), or nil.
    public func lastRange(ofScalars n: [Unicode.Scalar]) -> Range<Int>? {
        guard !n.isEmpty, n.count <= scalars.count else { return nil }
        var i = scalars.count - n.count
        while i >= 0 {
            if scalars[i] == n[0] {
                var k = 1
                while k < n.count && scalars[i + k] == n[k] { k += 1 }
                if k == n.count { return i..<(i + n.count) }
            }
            i -= 1
        }
        return nil
    }

    public func contains(_ needle: String) -> Bool { lastRange(of: needle) != nil }
}
