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
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                out.write(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                writeEscaped(b, to: out)
                start = i + 1
            }
            out.write(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.byte(0x22)
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
            out.byte(hexDigits[Int(b >> 4)])
            out.byte(hexDigits[Int(b & 0xF)])
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

    @usableFromInline static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
