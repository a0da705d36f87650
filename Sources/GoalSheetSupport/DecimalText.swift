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
        let scaled = (abs(v) * pow10(decimals)).rounded()
        if scaled >= 1e18 {
            return String(v)
        }
        var n = UInt64(scaled)
        if n == 0 { return "0" }
        // At most 18 digits (n < 10^18), a sign and a point: spelt in a buffer on the stack, not in arrays.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let text = buffer.baseAddress!
            // The digits, least significant first, then padded so that a fraction has its integer digit.
            let digits = text + 24
            var count = 0
            while n > 0 {
                digits[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            while count <= decimals {
                digits[count] = 0x30
                count += 1
            }
            var fracStart = 0
            while fracStart < decimals, digits[fracStart] == 0x30 { fracStart += 1 }
            var length = 0
            func put(_ b: UInt8) {
                text[length] = b
                length += 1
            }
            if v < 0 { put(0x2D) }
            for i in stride(from: count - 1, through: decimals, by: -1) { put(digits[i]) }
            if fracStart < decimals {
                put(0x2E)
                for i in stride(from: decimals - 1, through: fracStart, by: -1) { put(digits[i]) }
            }
            return String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
        }
    }

    /// Plain decimal text with `,` between thousands of its integer part: `-1234567.5` → `-1,234,567.5`.
    public static func groupThousands(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let parts = (negative ? text.dropFirst() : Substring(text)).split(
            separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var intPart = parts[0]
        var out = ""
        while intPart.count > 3 {
            out = "," + intPart.suffix(3) + out
            intPart = intPart.dropLast(3)
        }
        out = intPart + out
        if parts.count == 2 { out += "." + parts[1] }
        return (negative ? "-" : "") + out
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

/// A reading's confidence (0…1) as the whole percent people are shown: rounded down, so that a confidence
/// below a threshold never shows as the threshold (0.549 is 54%, under a 55% bar).
public enum ConfidencePercent {
    public static func of(_ confidence: Double) -> Int {
        guard confidence.isFinite else { return 0 }
        return Int((min(max(confidence, 0), 1) * 100 + 1e-9).rounded(.down))
    }
}

/// Lower-case hexadecimal, the one spelling of bytes as hex: a digest, a JSON string's `\u00XX` escape.
public enum Hex {
    /// The sixteen digits' ASCII bytes, 0…9 then a…f.
    public static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Each byte as two digits.
    public static func lowercased<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
