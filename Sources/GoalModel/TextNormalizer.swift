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

/// Lower-cased text as scalars, for the many small substring searches of the parsers (Foundation's
/// `range(of:)` is slow on Linux at this volume).
public struct ScalarText: Sendable {
    public let scalars: [Unicode.Scalar]

    public init(_ s: String) { scalars = ScalarText.lowered(s) }

    /// Scalar offset of the last occurrence of `needle`, or nil. The needle is lower-cased into a buffer on the
    /// stack: the word lists are searched word by word, for every cell.
    public func lastRange(of needle: String) -> Range<Int>? {
        let capacity = needle.utf8.count
        guard capacity > 0 else { return nil }
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: capacity) { buffer in
            var n = 0
            for u in needle.unicodeScalars {
                guard let l = ScalarText.simplyLowered(u) else {
                    return lastRange(ofScalars: ScalarText.lowered(needle))
                }
                buffer.initializeElement(at: n, to: l)
                n += 1
            }
            return lastRange(in: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// A text's lower-cased scalars, as `lowercased()` gives them, without making the lower-cased String when
    /// no scalar needs more than ASCII's mapping.
    public static func lowered(_ s: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            guard let l = simplyLowered(u) else { return Array(s.lowercased().unicodeScalars) }
            out.append(l)
        }
        return out
    }

    /// A scalar lower-cased when that is ASCII's mapping or none; nil when only `lowercased()` knows (a letter
    /// with a case outside ASCII, whose lower case may depend on its neighbours).
    @inline(__always) static func simplyLowered(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        let v = u.value
        if v < 0x80 { return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : u }
        // Blocks without letter case need no property lookup: CJK symbols, kana, CJK ideographs, Hangul syllables
        // (a test checks every scalar of them).
        if v >= 0x3000 && v <= 0x9FFF || v >= 0xAC00 && v <= 0xD7A3 { return u }
        return u.properties.changesWhenLowercased ? nil : u
    }

    /// Scalar offset of the last occurrence of `n` (lower-cased scalars), or nil.
    public func lastRange(ofScalars n: [Unicode.Scalar]) -> Range<Int>? {
        n.withUnsafeBufferPointer { lastRange(in: $0) }
    }

    private func lastRange(in n: UnsafeBufferPointer<Unicode.Scalar>) -> Range<Int>? {
        guard !n.isEmpty, n.count <= scalars.count else { return nil }
        return scalars.withUnsafeBufferPointer { s in
            var i = s.count - n.count
            while i >= 0 {
                if s[i] == n[0] {
                    var k = 1
                    while k < n.count && s[i + k] == n[k] { k += 1 }
                    if k == n.count { return i..<(i + n.count) }
                }
                i -= 1
            }
            return nil
        }
    }

    public func contains(_ needle: String) -> Bool { lastRange(of: needle) != nil }
}
