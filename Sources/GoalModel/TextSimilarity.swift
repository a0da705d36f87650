/// Japanese-aware text similarity: Dice's coefficient over character bigrams of width-folded,
/// lower-cased text without spaces or punctuation. Works without word segmentation, which Japanese
/// lacks ("顧客満足度" and "重点顧客の満足度" share 顧客, 満足, 足度).
public enum TextSimilarity {
    /// 0…1; 1 for equal keys, 0 when no bigram is shared. Single characters compare as unigrams.
    public static func dice(_ a: String, _ b: String) -> Double {
        let ka = Array(key(a)), kb = Array(key(b))
        if ka.isEmpty || kb.isEmpty { return 0 }
        if ka == kb { return 1 }
        if ka.count < 2 || kb.count < 2 {
            return ka.count < 2 && kb.contains(ka[0]) || kb.count < 2 && ka.contains(kb[0]) ? 0.5 : 0
        }
        var counts: [String: Int] = [:]
        for i in 0..<(ka.count - 1) { counts[String(ka[i...i + 1]), default: 0] += 1 }
        var shared = 0
        for i in 0..<(kb.count - 1) {
            let g = String(kb[i...i + 1])
            if let n = counts[g], n > 0 { shared += 1; counts[g] = n - 1 }
        }
        return 2 * Double(shared) / Double(ka.count - 1 + kb.count - 1)
    }

    /// How much of `a`'s bigrams `b` contains (0…1): for a short reference inside a long title.
    public static func containment(_ a: String, in b: String) -> Double {
        let ka = Array(key(a)), kb = Array(key(b))
        guard ka.count >= 2, kb.count >= 2 else { return ka.isEmpty ? 0 : (String(kb).contains(String(ka)) ? 1 : 0) }
        var set: [String: Int] = [:]
        for i in 0..<(kb.count - 1) { set[String(kb[i...i + 1]), default: 0] += 1 }
        var shared = 0
        for i in 0..<(ka.count - 1) {
            let g = String(ka[i...i + 1])
            if let n = set[g], n > 0 { shared += 1; set[g] = n - 1 }
        }
        return Double(shared) / Double(ka.count - 1)
    }

    /// The comparison key: folded, lower-cased, letters and digits only (particles の/を kept out).
    public static func key(_ s: String) -> String {
        let folded = TextNormalizer.foldWidth(s).lowercased()
        var out = ""
        for ch in folded where ch.isLetter || ch.isNumber {
            if ch == "の" || ch == "を" || ch == "が" || ch == "は" { continue }
            out.append(ch)
        }
        return out
    }
}
