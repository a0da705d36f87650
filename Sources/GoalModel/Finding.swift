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

    public init(rule: RuleID, severity: Severity, nodeID: String? = nil, location: SourceLocation?, message: String, suggestion: String = "") {
        self.rule = rule
        self.severity = severity
        self.nodeID = nodeID
        self.location = location
        self.message = message
        self.suggestion = suggestion
    }
}
