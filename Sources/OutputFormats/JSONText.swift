import GoalSheetSupport

/// JSON's lexical pieces, written straight to a `ByteSink`: the one way GoalSheet writes a JSON string or
/// number, for `cat --format json` (streamed) and the reports (`JSONValue`).
public enum JSONText {
    /// How numbers are written.
    public enum NumberStyle: Sendable {
        /// Swift's shortest round-tripping form (`0.1`, `1e-07`), for cell values exactly as stored; a
        /// non-finite value as `{"nonfinite":"nan"|"inf"|"-inf"}`, which a reader can tell from a number.
        case shortest
        /// `PlainDecimal` (no exponent, at most 12 significant digits), for the reports' figures; a
        /// non-finite value as `null`.
        case plainDecimal
    }

    /// A quoted string: `"` and `\` escaped, line breaks and tabs as `\n` `\r` `\t`, other control
    /// characters as `\u00XX`; everything else as its UTF-8 bytes.
    @inlinable public static func writeString(_ s: String, to out: ByteSink) {
        out.byte(0x22)
        var s = s
        s.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            while start < bytes.count {
                let i = firstEscape(in: bytes, from: start)
                out.write(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                guard i < bytes.count else { break }
                writeEscaped(bytes[i], to: out)
                start = i + 1
            }
        }
        out.byte(0x22)
    }

    /// The first byte at or after `start` that a JSON string must escape (a control character, `"` or `\`), or
    /// the end; eight bytes at a time while none of them is one.
    @inlinable static func firstEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // Whether a byte is below 0x20, or is 0x22 or 0x5C (a zero byte of w XOR that byte repeated): the
                // high bit of a byte whose subtraction borrowed and that had it clear.
                let quote = w ^ (ones &* 0x22)
                let backslash = w ^ (ones &* 0x5C)
                let below = (w &- ones &* 0x20) & ~w
                let isQuote = (quote &- ones) & ~quote
                let isBackslash = (backslash &- ones) & ~backslash
                if (below | isQuote | isBackslash) & highs != 0 { break }
                i += 8
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return i
    }

    /// The escape of a byte that JSON may not hold as it is in a string.
    @inlinable static func writeEscaped(_ b: UInt8, to out: ByteSink) {
        out.byte(0x5C)
        switch b {
        case 0x22: out.byte(0x22)
        case 0x5C: out.byte(0x5C)
        case 0x0A: out.byte(0x6E)
        case 0x0D: out.byte(0x72)
        case 0x09: out.byte(0x74)
        default:
            out.byte(0x75)
            out.byte(0x30)
            out.byte(0x30)
            out.byte(Hex.digits[Int(b >> 4)])
            out.byte(Hex.digits[Int(b & 0xF)])
        }
    }

    /// A number in `style`.
    @inlinable public static func writeNumber(_ d: Double, _ style: NumberStyle, to out: ByteSink) {
        switch style {
        case .shortest:
            if d.isFinite {
                out.write(d.description)
            } else {
                out.write("{\"nonfinite\":\"" + (d.isNaN ? "nan" : d > 0 ? "inf" : "-inf") + "\"}")
            }
        case .plainDecimal:
            let text = PlainDecimal.format(d)
            out.write(text.isEmpty ? "null" : text)
        }
    }
}
