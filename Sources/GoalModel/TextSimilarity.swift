/// Japanese-aware text similarity: Dice's coefficient over character bigrams of width-folded,
/// lower-cased text without spaces or punctuation. Works without word segmentation, which Japanese
/// lacks ("顧客満足度" and "重点顧客の満足度" share 顧客, 満足, 足度).
public enum TextSimilarity {
    /// 0…1; 1 for equal keys, 0 when no bigram is shared. Single characters compare as unigrams.
    public static func dice(_ a: String, _ b: String) -> Double {
        BigramProfile(a).dice(BigramProfile(b))
    }

    /// How much of `a`'s bigrams `b` contains (0…1): for a short reference inside a long title.
    public static func containment(_ a: String, in b: String) -> Double {
        BigramProfile(a).containment(in: BigramProfile(b))
    }

    /// The comparison key: folded, lower-cased, letters and digits only (particles の/を kept out).
    public static func key(_ s: String) -> String { text(ofKey: keyScalars(s)) }

    /// The key spelled by its scalars.
    static func text(ofKey scalars: [UInt32]) -> String {
        var bytes: [UInt8] = []
        for v in scalars { UTF8.encode(Unicode.Scalar(v)!) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The scalars of `key(s)`, made without the String.
    static func keyScalars(_ s: String) -> [UInt32] {
        let folded = TextNormalizer.foldWidth(s)
        var out: [UInt32] = []
        out.reserveCapacity(folded.utf8.count)
        for u in folded.unicodeScalars {
            switch u.value {
            case 0x41...0x5A: out.append(u.value + 32)
            case 0x61...0x7A, 0x30...0x39: out.append(u.value)
            case 0x306E, 0x3092, 0x304C, 0x306F: continue  // の を が は
            case 0..<0x80: continue
            // Kana and kanji.
            case 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC, 0x4E00...0x9FFF, 0x3400...0x4DBF: out.append(u.value)
            case 0x3000...0x303F, 0x30FB: continue  // CJK punctuation, ・
            default:
                if u.properties.isAlphabetic || u.properties.numericType != nil {
                    if u.properties.changesWhenLowercased {
                        out.append(contentsOf: String(u).lowercased().unicodeScalars.map(\.value))
                    } else {
                        out.append(u.value)
                    }
                }
            }
        }
        return out
    }
}

/// A text's comparison key as sorted character bigrams, computed once and compared many times.
public struct BigramProfile: Sendable, Equatable {
    /// The key's scalars (for single-character keys and equality).
    public let scalars: [UInt32]
    /// Bigrams packed as (first << 32 | second), sorted.
    public let bigrams: [UInt64]

    /// The text's comparison key (`TextSimilarity.key`), spelled from the profile's scalars.
    public var key: String { TextSimilarity.text(ofKey: scalars) }

    public init(_ text: String) {
        let k = TextSimilarity.keyScalars(text)
        scalars = k
        var b: [UInt64] = []
        if k.count >= 2 {
            b.reserveCapacity(k.count - 1)
            for i in 0..<(k.count - 1) { b.append(UInt64(k[i]) << 32 | UInt64(k[i + 1])) }
            b.sort()
        }
        bigrams = b
    }

    /// Share of this profile's bigrams found in `other`, as `TextSimilarity.containment`.
    public func containment(in other: BigramProfile) -> Double {
        guard scalars.count >= 2, other.scalars.count >= 2 else {
            guard !scalars.isEmpty else { return 0 }
            let hay = other.scalars, needle = scalars
            guard needle.count <= hay.count else { return 0 }
            for i in 0...(hay.count - needle.count) where Array(hay[i..<i + needle.count]) == needle { return 1 }
            return 0
        }
        var i = 0, j = 0, shared = 0
        let a = bigrams, b = other.bigrams
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(a.count)
    }

    /// Dice's coefficient, as `TextSimilarity.dice`.
    public func dice(_ other: BigramProfile) -> Double {
        if scalars.isEmpty || other.scalars.isEmpty { return 0 }
        if scalars == other.scalars { return 1 }
        if scalars.count < 2 || other.scalars.count < 2 {
            return scalars.count < 2 && other.scalars.contains(scalars[0])
                || other.scalars.count < 2 && scalars.contains(other.scalars[0]) ? 0.5 : 0
        }
        var i = 0, j = 0, shared = 0
        let a = bigrams, b = other.bigrams
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return 2 * Double(shared) / Double(a.count + b.count)
    }
}
