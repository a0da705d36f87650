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
    public func mayTouch(_ text: String) -> Bool { mayStart(text) || mayEnd(text) }

    /// Whether `text` may start with one of the words: its first character starts one (false for an empty text).
    public func mayStart(_ text: String) -> Bool { text.first.map(first.contains) ?? false }

    /// Whether `text` may end with one of the words: its last character ends one (false for an empty text).
    public func mayEnd(_ text: String) -> Bool { text.last.map(last.contains) ?? false }
}
