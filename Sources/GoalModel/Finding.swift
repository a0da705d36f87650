import GoalSheetSupport

/// How much a finding matters.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A diagnostic about a goal or an input, like a compiler's: stable rule name, severity, place, message.
public struct Finding: Sendable, Equatable {
    /// The stored fields, in one copy-on-write box: a run's findings are copied by one retain into each
    /// output's selection and order (a 100,000-row sheet has over 400,000 of them).
    struct Fields: Sendable {
        var rule: RuleID
        var severity: Severity
        var nodeID: String?
        var location: SourceLocation?
        /// The words given, or nil when they are the catalog's words for `detail` (made each time they are read:
        /// a 100,000-row sheet's findings would otherwise hold a hundred megabytes of messages).
        var message: String?
        var suggestion: String?
        var detail: FindingDetail?
        var language: MessageLanguage
    }

    private var storage: CopyOnWrite<Fields>

    /// The stable rule name (`orphan-goal`, `unreadable-value` …).
    public var rule: RuleID {
        get { storage.value.rule }
        set { storage.value.rule = newValue }
    }
    public var severity: Severity {
        get { storage.value.severity }
        set { storage.value.severity = newValue }
    }
    /// The run-wide id of the node it is about, if any.
    public var nodeID: String? {
        get { storage.value.nodeID }
        set { storage.value.nodeID = newValue }
    }
    public var location: SourceLocation? {
        get { storage.value.location }
        set { storage.value.location = newValue }
    }
    public var message: String {
        get { storage.value.message ?? catalogText.message }
        set { storage.value.message = newValue }
    }
    /// What to do about it (a candidate parent, a value that would close a gap), or empty.
    public var suggestion: String {
        get { storage.value.suggestion ?? catalogText.suggestion }
        set { storage.value.suggestion = newValue }
    }

    /// The message and its suggestion, the catalog's words made once for both.
    public var text: FindingText {
        let v = storage.value
        if let message = v.message, let suggestion = v.suggestion {
            return FindingText(message, suggestion: suggestion)
        }
        let made = catalogText
        return FindingText(v.message ?? made.message, suggestion: v.suggestion ?? made.suggestion)
    }

    /// Whether its words are stored (given, or kept by `withTextKept`) rather than made from `detail` when read.
    public var storesText: Bool { storage.value.message != nil && storage.value.suggestion != nil }

    /// The finding with its catalog words made now and kept: each later `text` returns them, not made again.
    public func withTextKept() -> Finding {
        guard !storesText else { return self }
        let made = text
        var kept = self
        kept.storage.value.message = made.message
        kept.storage.value.suggestion = made.suggestion
        return kept
    }

    /// The catalog's words for the detail in the finding's language (empty without a detail).
    private var catalogText: FindingText {
        storage.value.detail.map { MessageCatalog(storage.value.language).text($0) } ?? FindingText("")
    }
    /// What was found, as typed figures (nil for a finding made from free text).
    public var detail: FindingDetail? {
        get { storage.value.detail }
        set { storage.value.detail = newValue }
    }
    /// The language `message` and `suggestion` are written in.
    public var language: MessageLanguage {
        get { storage.value.language }
        set { storage.value.language = newValue }
    }

    public static func == (a: Finding, b: Finding) -> Bool {
        if a.storage.isShared(with: b.storage) { return true }
        let x = a.storage.value
        let y = b.storage.value
        return x.rule == y.rule && x.severity == y.severity && x.nodeID == y.nodeID && x.location == y.location
            && x.detail == y.detail && x.language == y.language && a.message == b.message
            && a.suggestion == b.suggestion
    }

    public init(
        rule: RuleID, severity: Severity, nodeID: String? = nil, location: SourceLocation?, message: String,
        suggestion: String = "",
        language: MessageLanguage = .en
    ) {
        storage = CopyOnWrite(
            Fields(
                rule: rule, severity: severity, nodeID: nodeID, location: location, message: message,
                suggestion: suggestion, detail: nil, language: language))
    }

    /// A finding of `detail`'s rule, its words from the message catalog in `language`.
    public init(
        _ detail: FindingDetail, _ severity: Severity, nodeID: String? = nil, location: SourceLocation?,
        language: MessageLanguage
    ) {
        storage = CopyOnWrite(
            Fields(
                rule: detail.rule, severity: severity, nodeID: nodeID, location: location, message: nil,
                suggestion: nil, detail: detail, language: language))
    }

    /// The message and suggestion in another language (the same words when the finding has no detail).
    public func text(in other: MessageLanguage) -> FindingText {
        guard let detail, other != language else { return text }
        return MessageCatalog(other).text(detail)
    }
}

/// The language of messages: Japanese or English (a run with neither forced follows each sheet).
public enum MessageLanguage: String, Sendable, CaseIterable, Codable {
    case ja, en
}
