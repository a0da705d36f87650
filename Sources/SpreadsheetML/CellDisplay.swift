#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text of a value as a sheet shows it: General numbers to 15 significant digits, percentages,
/// fixed decimals and thousands separators from the number format, dates in ISO 8601,
/// booleans as TRUE/FALSE, errors as their code.
///
/// Currency symbols, colours, fractions and literal text in custom formats are not rendered.
public enum CellDisplay {
    public static func text(_ value: CellValue, format: NumberFormat) -> String {
        switch value {
        case .empty: return ""
        case .text(let s): return s
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        case .date(let d):
            guard let c = d.components else { return general(d.serial) }
            let date = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
            var time = pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
            if c.microsecond != 0 { time += "." + pad(c.microsecond / 1000, 3) }
            if d.isTimeOnly { return time }
            return d.serial == d.serial.rounded(.down) ? date : date + " " + time
        case .duration(let days):
            let totalSeconds = Int((days * 86_400).rounded())
            let sign = totalSeconds < 0 ? "-" : ""
            let t = abs(totalSeconds)
            return sign + String(t / 3600) + ":" + pad(t / 60 % 60, 2) + ":" + pad(t % 60, 2)
        case .number(let v):
            switch format.kind {
            case .percent: return fixed(v * 100, decimals: format.decimals, thousands: false) + "%"
            case .number:
                if format.isScientificOrFraction { return general(v) }
                return fixed(v, decimals: format.decimals, thousands: format.groupsThousands)
            default: return general(v)
            }
        }
    }

    /// Excel's General: integers as is, other numbers to 15 significant digits, no trailing zeros.
    public static func general(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        guard v.isFinite else { return v.isNaN ? "#NUM!" : "#NUM!" }
        // The shortest round-trip form is what Excel shows when it has at most 15 significant digits.
        let s = v.description
        var significant = 0
        var leading = true
        var exponent = false
        for ch in s.utf8 {
            if ch == 0x65 || ch == 0x45 { exponent = true; break }
            if ch >= 0x31 && ch <= 0x39 || (ch == 0x30 && !leading) { significant += 1; leading = false }
        }
        if significant <= 15 && !exponent { return s }
        if !exponent, let t = roundDecimal(s, significantDigits: 15) { return t }
        var buf = [CChar](repeating: 0, count: 40)
        _ = withVaList([v]) { vsnprintf(&buf, 40, "%.15G", $0) }
        return cText(buf)
    }

    /// Whether a number's stored text (`<v>`) is already what General shows, so that it can be copied:
    /// plain decimal, no leading or trailing zeros, at most 15 significant digits, not below 0.0001
    /// (General writes those with an exponent), not "-0".
    public static func isGeneralAsStored(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        if n > 0 && b[0] == 0x2D { i = 1 }
        let intStart = i
        while i < n, b[i] &- 0x30 <= 9 { i += 1 }
        let intDigits = i - intStart
        guard intDigits >= 1, intDigits <= 15 else { return false }
        let zeroInt = intDigits == 1 && b[intStart] == 0x30
        if intDigits > 1 && b[intStart] == 0x30 { return false }
        if i == n { return !(zeroInt && intStart == 1) }
        guard b[i] == 0x2E else { return false }
        i += 1
        let fracStart = i
        while i < n, b[i] &- 0x30 <= 9 { i += 1 }
        guard i == n, i > fracStart, b[n - 1] != 0x30 else { return false }
        var significant = zeroInt ? 0 : intDigits
        if zeroInt {
            var lead = fracStart
            while b[lead] == 0x30 { lead += 1 }
            guard lead - fracStart <= 3 else { return false }
            significant += n - lead
        } else {
            significant += n - fracStart
        }
        return significant <= 15
    }

    /// Rounded to `decimals`, optionally with `,` between thousands.
    public static func fixed(_ v: Double, decimals: Int, thousands: Bool) -> String {
        // Excel rounds halves away from zero (printf would round them to even).
        let d = min(decimals, 15)
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let rounded = abs(v) < 1e15 ? (v * scale).rounded(.toNearestOrAwayFromZero) / scale : v
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([d, rounded]) { vsnprintf(&buf, 64, "%.*f", $0) }
        var s = cText(buf)
        if s.hasPrefix("-"), s.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) { s.removeFirst() }
        guard thousands else { return s }
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        let parts = s.split(separator: ".", maxSplits: 1)
        var intPart = Array(parts[0])
        var grouped: [Character] = []
        while intPart.count > 3 {
            grouped.insert(contentsOf: [","] + intPart.suffix(3), at: 0)
            intPart.removeLast(3)
        }
        grouped.insert(contentsOf: intPart, at: 0)
        return (negative ? "-" : "") + String(grouped) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

/// Rounds a plain decimal (`-0.5730129390018485`) to `n` significant digits, half away from zero,
/// dropping trailing zeros. Nil on an exact tie: the shortest form then cannot tell which way the
/// binary value lies, and the caller asks printf.
func roundDecimal(_ text: String, significantDigits n: Int) -> String? {
    var b = Array(text.utf8)
    var negative = false
    if b.first == 0x2D { negative = true; b.removeFirst() }
    guard let point = b.firstIndex(of: 0x2E) ?? Optional(b.count) else { return nil }
    var digits = b.filter { $0 != 0x2E }.map { Int($0) - 0x30 }
    var intLen = point
    // Skip leading zeros to find the first significant digit.
    var first = 0
    while first < digits.count && digits[first] == 0 { first += 1 }
    guard first < digits.count else { return text }
    let cut = first + n
    guard cut < digits.count else { return text }
    let rest = digits[cut...]
    if rest.first! == 5 && rest.dropFirst().allSatisfy({ $0 == 0 }) { return nil }
    let up = rest.first! >= 5
    digits.removeLast(digits.count - cut)
    if up {
        var i = cut - 1
        while i >= 0 {
            if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
        }
        if i < 0 { digits.insert(1, at: 0); intLen += 1 }
    }
    while digits.count < intLen { digits.append(0) }
    var intPart = digits.prefix(intLen).map(String.init).joined()
    if intPart.isEmpty { intPart = "0" }
    var frac = Array(digits.dropFirst(intLen))
    while frac.last == 0 { frac.removeLast() }
    let body = frac.isEmpty ? intPart : intPart + "." + frac.map(String.init).joined()
    return negative ? "-" + body : body
}

private func cText(_ buf: [CChar]) -> String {
    String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
