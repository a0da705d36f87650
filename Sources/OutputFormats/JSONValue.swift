import GoalSheetSupport

/// A JSON document built in memory, keys in the order given (goals.json reads like goals.csv); numbers
/// as plain decimals, a non-finite one as null.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text written as it is (a value encoded by `JSONEncoder`).
    case fragment(String)

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    public static func from(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func from(_ d: Double?) -> JSONValue { d.map { .number($0) } ?? .null }

    /// Compact or indented (two spaces) text.
    public func render(indent: Bool = false) -> String {
        let out = ByteSink(fd: nil)
        write(to: out, indent: indent)
        return out.text
    }

    /// Writes the value to `out`, compact or indented (two spaces a level).
    public func write(to out: ByteSink, indent: Bool = false) {
        write(out, level: indent ? 0 : nil)
    }

    func write(_ out: ByteSink, level: Int?) {
        switch self {
        case .null: out.write("null")
        case .bool(let b): out.write(b ? "true" : "false")
        case .number(let v): JSONText.writeNumber(v, .plainDecimal, to: out)
        case .string(let s): JSONText.writeString(s, to: out)
        case .fragment(let text): out.write(text)
        case .array(let items):
            if items.isEmpty { out.write("[]"); return }
            out.byte(0x5B)
            for (i, v) in items.enumerated() {
                if i > 0 { out.byte(0x2C) }
                JSONValue.newline(out, level.map { $0 + 1 })
                v.write(out, level: level.map { $0 + 1 })
            }
            JSONValue.newline(out, level)
            out.byte(0x5D)
        case .object(let fields):
            if fields.isEmpty { out.write("{}"); return }
            out.byte(0x7B)
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out.byte(0x2C) }
                JSONValue.newline(out, level.map { $0 + 1 })
                JSONText.writeString(k, to: out)
                out.write(level == nil ? ":" : ": ")
                v.write(out, level: level.map { $0 + 1 })
            }
            JSONValue.newline(out, level)
            out.byte(0x7D)
        }
    }

    /// The line break and indentation (two spaces a level) before a value; nothing when compact.
    static func newline(_ out: ByteSink, _ level: Int?) {
        guard let level else { return }
        out.byte(0x0A)
        for _ in 0..<level { out.byte(0x20); out.byte(0x20) }
    }
}
