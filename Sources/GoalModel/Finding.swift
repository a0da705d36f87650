/// How much a finding matters.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A diagnostic about a goal or an input, like a compiler's: stable rule name, severity, place, message.
public struct Finding: Sendable, Equatable {
    /// The stable rule name (`orphan-goal`, `unreadable-value` …).
    public var rule: RuleID
    public var severity: Severity
    /// The run-wide id of the node it is about, if any.
    public var nodeID: String?
    public var location: SourceLocation?
    public var message: String
    /// What to do about it (a candidate parent, a value that would close a gap), or empty.
    public var suggestion: String
    /// What was found, as typed figures (nil for a finding made from free text).
    public var detail: FindingDetail?
    /// The language `message` and `suggestion` are written in.
    public var language: MessageLanguage

    public init(
        rule: RuleID, severity: Severity, nodeID: String? = nil, location: SourceLocation?, message: String,
        suggestion: String = "",
        language: MessageLanguage = .en
    ) {
        self.rule = rule
        self.severity = severity
        self.nodeID = nodeID
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.language = language
    }

    /// A finding of `detail`'s rule, its words from the message catalog in `language`.
    public init(
        _ detail: FindingDetail, _ severity: Severity, nodeID: String? = nil, location: SourceLocation?,
        language: MessageLanguage
    ) {
        let text = MessageCatalog(language).text(detail)
        self.init(
            rule: detail.rule, severity: severity, nodeID: nodeID, location: location, message: text.message,
            suggestion: text.suggestion,
            language: language)
        self.detail = detail
    }

    /// The message and suggestion in another language (the same words when the finding has no detail).
    public func text(in other: MessageLanguage) -> FindingText {
        guard let detail, other != language else { return FindingText(message, suggestion: suggestion) }
        return MessageCatalog(other).text(detail)
    }
}

/// The language of messages: Japanese or English (a run with neither forced follows each sheet).
public enum MessageLanguage: String, Sendable, CaseIterable, Codable {
    case ja, en
}
