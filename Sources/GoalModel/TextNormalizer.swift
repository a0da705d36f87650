/// Width and spacing normalization for matching Japanese and English sheet text.
public enum TextNormalizer {
    /// Folds full-width ASCII (ＡＢＣ１２３％＋－) to ASCII, the ideographic space to a space, and
    /// the minus sign, dashes and wave dashes used as minus or range signs to their ASCII forms;
    /// half-width katakana are left alone (rare in goal sheets).
    public static func foldWidth(_ s: String) -> String {
        var s = s
        let bytes: [UInt8]? = s.withUTF8 { u in
            var i = 0
            while i < u.count, folded(u, at: i) == nil { i += 1 }
            guard i < u.count else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(u.count)
            out.append(contentsOf: u[..<i])
            while i < u.count {
                if let f = folded(u, at: i) {
                    UTF8.encode(f) { out.append($0) }
                    i += 3
                } else {
                    out.append(u[i])
                    i += 1
                }
            }
            return out
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) } ?? s
    }

    /// The folded form of the scalar starting at byte `i`, or nil when it is kept. Every scalar folded is of three
    /// UTF-8 bytes led by E2, E3 or EF (continuation bytes never are), so any other byte is refused at once.
    @inline(__always) static func folded(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar? {
        guard u[i] == 0xE2 || u[i] == 0xE3 || u[i] == 0xEF, i + 2 < u.count else { return nil }
        let v = UInt32(u[i] & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)
        return folded(v)
    }

    /// The folded form of scalar `v`, or nil when it is kept (the table `foldWidth` applies).
    @inline(__always) static func folded(_ v: UInt32) -> Unicode.Scalar? {
        switch v {
        case 0xFF01...0xFF5E: return Unicode.Scalar(v - 0xFEE0)
        case 0x3000: return " "
        case 0x2212, 0x2010, 0x2011, 0x2012, 0x2013, 0xFE63: return "-"
        case 0xFFE5: return "¥"
        case 0xFFE0: return "¢"
        default: return nil
        }
    }

    /// A key for matching header names: width-folded, lower-cased, without spaces, dots, colons,
    /// underscores or line breaks.
    public static func matchKey(_ s: String) -> String {
        let folded = foldWidth(s)
        var out: [UInt8] = []
        out.reserveCapacity(folded.utf8.count)
        for u in folded.unicodeScalars {
            // A letter whose lower case only `lowercased()` knows: the whole text lower-cased as String does.
            guard let l = ScalarText.simplyLowered(u) else { return matchKey(lowered: folded.lowercased()) }
            if isDroppedFromKeys(l) { continue }
            UTF8.encode(l) { out.append($0) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func matchKey(lowered: String) -> String {
        var out = String.UnicodeScalarView()
        for u in lowered.unicodeScalars where !isDroppedFromKeys(u) { out.append(u) }
        return String(out)
    }

    @inline(__always) private static func isDroppedFromKeys(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case " ", "\t", "\n", "\r", ".", ":", "_", "・", "-": return true
        default: return false
        }
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
    /// The text's scalars as a filter: most words of a word list are refused by their first scalar.
    let present: ScalarPresence

    public init(_ s: String) {
        scalars = ScalarText.lowered(s)
        present = ScalarPresence(scalars)
    }

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
                if !present.mayContain(l) { return nil }
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

/// Which scalars a text holds, as one bit per scalar value modulo 64: a word with a scalar whose bit is clear is
/// surely not in the text, and one whose bits are all set may be (a filter before a search, never instead of it).
public struct ScalarPresence: Sendable, Equatable {
    public let bits: UInt64

    public init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        bits = scalars.reduce(0) { $0 | ScalarPresence.bit($1) }
    }

    @inline(__always) static func bit(_ u: Unicode.Scalar) -> UInt64 { 1 << UInt64(u.value & 63) }

    /// False when `u` is surely not among the scalars.
    @inline(__always) public func mayContain(_ u: Unicode.Scalar) -> Bool { bits & ScalarPresence.bit(u) != 0 }

    /// False when some scalar of `other` is surely not among these.
    @inline(__always) public func mayContain(_ other: ScalarPresence) -> Bool { bits & other.bits == other.bits }
}
