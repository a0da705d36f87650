import GoalSheetSupport

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
    /// Columns a text takes in a fixed-width font: 2 for East Asian wide and full-width characters
    /// (U+1100…U+FFDC, and the CJK extensions beyond the BMP), else 1.
    public static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        text.unicodeScalars.reduce(0) { n, u in n + displayWidth(u) }
    }

    /// 2 for an East Asian wide scalar, else 1.
    @inlinable
    public static func displayWidth(_ u: Unicode.Scalar) -> Int {
        (0x1100...0xFFDC).contains(u.value) || (0x20000...0x3FFFD).contains(u.value) ? 2 : 1
    }

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
        guard v.isFinite else { return "#NUM!" }
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
        return thousands ? PlainDecimal.groupThousands(s) : s
    }

}

/// Rounds a plain decimal (`-0.5730129390018485`) to `n` significant digits, half away from zero,
/// dropping trailing zeros. Nil on an exact tie: the shortest form then cannot tell which way the
/// binary value lies, and the caller asks printf.
func roundDecimal(_ text: String, significantDigits n: Int) -> String? {
    var text = text
    return text.withUTF8 { b in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count + 2) { out in
            roundPlainDecimal(b, significantDigits: n, margin: 0, into: out.baseAddress!)
                .map { String(decoding: UnsafeBufferPointer(start: out.baseAddress!, count: $0), as: UTF8.self) }
        }
    }
}

/// Rounds the plain decimal text `b` (`-`, digits, optionally `.` and digits) to `n` significant digits
/// into `out` (room for `b.count + 2` bytes), dropping trailing zeros of the fraction; returns the count.
///
/// The digits past the `n`th, read as thousandths of a unit of the `n`th (`abc`), decide: down below
/// `500 - margin`, up above `500 + margin` (at it, when `margin` > 0 or more digits follow), nil between
/// (with `margin` 0: an exact tie). Nil also when `b` is not plain decimal.
func roundPlainDecimal(
    _ b: UnsafeBufferPointer<UInt8>, significantDigits n: Int, margin: Int,
    into out: UnsafeMutablePointer<UInt8>
) -> Int? {
    let count = b.count
    var i = 0
    let negative = count > 0 && b[0] == 0x2D
    if negative { i = 1 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 1) { d -> Int? in
        // d: the digits, integer part then fraction, behind one spare slot for a carry out of the first.
        var digits = 0
        while i < count, b[i] &- 0x30 <= 9 { d[1 + digits] = b[i] &- 0x30; digits += 1; i += 1 }
        var point = digits
        guard point >= 1 else { return nil }
        if i < count {
            guard b[i] == 0x2E else { return nil }
            i += 1
            let fracStart = i
            while i < count, b[i] &- 0x30 <= 9 { d[1 + digits] = b[i] &- 0x30; digits += 1; i += 1 }
            guard i == count, i > fracStart else { return nil }
        }
        var first = 0
        while first < digits, d[1 + first] == 0 { first += 1 }
        var start = 1  // where the digits begin in d: 0 after a carry out of the first
        var kept = digits  // digits kept, counted from d[1]
        if first < digits, first + n < digits {
            let cut = first + n
            var abc = 0
            for k in 0..<3 { abc = abc * 10 + (cut + k < digits ? Int(d[1 + cut + k]) : 0) }
            var more = false
            for k in (cut + 3)..<max(cut + 3, digits) where d[1 + k] != 0 { more = true; break }
            let nonzero = abc != 0 || more
            if !nonzero || abc < 500 - margin {
                // down
            } else if abc > 500 + margin || (abc == 500 + margin && (margin > 0 || more)) {
                var k = cut - 1
                while k >= 0 {
                    if d[1 + k] == 9 { d[1 + k] = 0; k -= 1 } else { d[1 + k] += 1; break }
                }
                if k < 0 {
                    d[0] = 1
                    start = 0
                }
            } else {
                return nil
            }
            // Digits cut from the integer part become zeros.
            kept = max(cut, point)
            for k in cut..<kept { d[1 + k] = 0 }
            if start == 0 { point += 1 }
        }
        // In d: `point` integer digits from `start`, then the fraction up to 1 + kept.
        var fracEnd = 1 + kept
        while fracEnd > start + point, d[fracEnd - 1] == 0 { fracEnd -= 1 }
        var o = 0
        if negative { out[o] = 0x2D; o += 1 }
        for k in start..<(start + point) { out[o] = d[k] &+ 0x30; o += 1 }
        if fracEnd > start + point {
            out[o] = 0x2E; o += 1
            for k in (start + point)..<fracEnd { out[o] = d[k] &+ 0x30; o += 1 }
        }
        return o
    }
}

private func cText(_ buf: [CChar]) -> String {
    String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

// MARK: - Byte-level forms (the raw CSV path)

extension CellDisplay {
    /// What General shows for a number stored as plain decimal text with more than 15 significant digits
    /// (`8.199999999999999`, Excel's `8.1999999999999993`), rounded in the text itself: written to `out`
    /// (at most 35 bytes), with the count returned. Nil when the text alone cannot decide it, and the
    /// caller formats the `Double` with `general(_:)`.
    ///
    /// `general(_:)` rounds the shortest form of the double, which may differ from the stored text in the
    /// last digits: both lie within half an ulp of the double, so at most |value| × 2⁻⁵² apart, which is
    /// below (first three significant digits + 1) × 0.2221 thousandths of a unit of the 15th digit. The
    /// stored text decides whenever its digits past the 15th are further than that from a half.
    /// Integer parts over 15 digits, values below 0.0001, exponents and zero are left to `general(_:)`.
    public static func roundedGeneral(
        stored b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>
    ) -> Int? {
        // Plain decimal, 1 to 15 integer digits without a leading zero, not below 0.0001.
        var i = b.first == 0x2D ? 1 : 0
        let intStart = i
        while i < b.count, b[i] &- 0x30 <= 9 { i += 1 }
        let intDigits = i - intStart
        guard intDigits >= 1, intDigits <= 15, b.count <= 64 else { return nil }
        if b[intStart] == 0x30 {
            guard intDigits == 1 else { return nil }
            var k = intStart + 2
            while k < b.count, b[k] == 0x30 { k += 1 }
            guard k < b.count, k - (intStart + 2) <= 3 else { return nil }  // zero, or below 0.0001
        }
        var lead = 0, leadDigits = 0
        for c in b[intStart...] where c != 0x2E && (leadDigits > 0 || c != 0x30) {
            guard c &- 0x30 <= 9, leadDigits < 3 else { break }
            lead = lead * 10 + Int(c &- 0x30)
            leadDigits += 1
        }
        while leadDigits < 3 { lead *= 10; leadDigits += 1 }
        let margin = ((lead + 1) * 2221 + 9999) / 10_000
        guard let n = roundPlainDecimal(b, significantDigits: 15, margin: margin, into: out) else { return nil }
        // Rounded up to 1E+15: General's exponent form.
        var digits = 0
        while digits < n, out[digits] != 0x2E { digits += 1 }
        return digits - intStart <= 15 ? n : nil
    }

    /// A date's text as `text(_:format:)` shows a `.date` value (`2025-06-30`, `2025-06-30 12:30:00`,
    /// `12:30:00.250`), written to `out` (at most 23 bytes); nil when the serial is not a date Excel can show.
    public static func dateText(_ d: ExcelDate, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard let c = d.components else { return nil }
        var o = 0
        func put(_ v: Int, _ width: Int) {
            var k = width - 1
            var v = v
            while k >= 0 { out[o + k] = UInt8(v % 10) &+ 0x30; v /= 10; k -= 1 }
            o += width
        }
        func byte(_ b: UInt8) { out[o] = b; o += 1 }
        if !d.isTimeOnly {
            put(c.year, 4); byte(0x2D); put(c.month, 2); byte(0x2D); put(c.day, 2)
            if d.serial == d.serial.rounded(.down) { return o }
            byte(0x20)
        }
        put(c.hour, 2); byte(0x3A); put(c.minute, 2); byte(0x3A); put(c.second, 2)
        if c.microsecond != 0 { byte(0x2E); put(c.microsecond / 1000, 3) }
        return o
    }
}
