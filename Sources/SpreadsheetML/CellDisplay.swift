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
                let code = format.code
                if code.contains("E+") || code.contains("E-") || code.contains("?") { return general(v) }
                return fixed(v, decimals: format.decimals, thousands: code.contains(","))
            default: return general(v)
            }
        }
    }

    /// Excel's General: integers as is, other numbers to 15 significant digits, no trailing zeros.
    public static func general(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        guard v.isFinite else { return v.isNaN ? "#NUM!" : "#NUM!" }
        let s = v.description
        var digits = 0
        for ch in s.utf8 {
            if ch == 0x65 || ch == 0x45 { break }
            if ch >= 0x30 && ch <= 0x39 { digits += 1 }
        }
        if digits <= 16 && !s.contains("e") { return s }
        var buf = [CChar](repeating: 0, count: 40)
        _ = withVaList([v]) { vsnprintf(&buf, 40, "%.15G", $0) }
        return cText(buf)
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

private func cText(_ buf: [CChar]) -> String {
    String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
