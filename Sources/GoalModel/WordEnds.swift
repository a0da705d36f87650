/// The characters a list of words starts and ends with: a text that starts as no word starts and ends as no word
/// ends has none of them at either end, so it need not be compared with each (a title with the fillers, a label
/// with the signature words).
public struct WordEnds: Sendable {
    private let first: Set<Character>
    private let last: Set<Character>

    /// Nil when a word is empty: it stands at either end of every text.
    public init?(_ words: [String]) {
        guard !words.contains(where: \.isEmpty) else { return nil }
        first = Set(words.compactMap(\.first))
        last = Set(words.compactMap(\.last))
    }

    /// Whether `text` may start or end with one of the words (false for an empty text).
    public func mayTouch(_ text: String) -> Bool {
        guard let a = text.first, let z = text.last else { return false }
        return first.contains(a) || last.contains(z)
    }
}
