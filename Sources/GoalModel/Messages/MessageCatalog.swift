/// A finding's words: the message, and what to do about it (empty when there is nothing to suggest).
public struct FindingText: Sendable, Equatable {
    public var message: String
    public var suggestion: String

    public init(_ message: String, suggestion: String = "") {
        self.message = message
        self.suggestion = suggestion
    }
}

/// Renders findings' details in Japanese or English: the one place their words are written, so that the
/// terminal, the CSVs, the notes and the summary sheets all say the same.
public struct MessageCatalog: Sendable {
    public var language: MessageLanguage

    public init(_ language: MessageLanguage) { self.language = language }

    /// The message and suggestion for one detail.
    public func text(_ detail: FindingDetail) -> FindingText {
        if let t = readingText(detail) ?? alignmentText(detail) ?? treeText(detail) ?? smartText(detail)
            ?? statusText(detail)
        {
            return t
        }
        preconditionFailure("MessageCatalog: no words for \(detail)")
    }

    var japanese: Bool { language == .ja }

    /// The Japanese or the English of a pair: only the catalog's language is made (the other's text is never built).
    func say(_ ja: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String { japanese ? ja() : en() }

    /// A figure with its unit, as this language writes it (3,000万円 / ¥30,000,000).
    func amount(_ a: Amount) -> String { ValueText.format(a.value, a.unit, per: a.per, japanese: japanese) }

    /// A difference with its sign: +11億円, -6,000万円.
    func signed(_ a: Amount, plusAtZero: Bool = false) -> String {
        (a.value > 0 || plusAtZero && a.value == 0 ? "+" : "") + amount(a)
    }

    /// A list as this language joins it: 「、」 or ", ".
    func list(_ items: [String]) -> String { items.joined(separator: say("、", ", ")) }
}
