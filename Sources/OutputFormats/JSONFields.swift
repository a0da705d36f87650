/// The fields of a JSON object, written to a sink as they are added or collected as `JSONValue` fields: one
/// definition of an object's fields gives both (goals.json collects its goals; model.json writes its fifty
/// thousand without building them).
public struct JSONFields {
    private let out: ByteSink?
    /// The object's own level of indentation; nil when compact.
    private let level: Int?
    private var count = 0
    /// The fields added, in order, when collecting.
    public private(set) var collected: [(String, JSONValue)] = []

    /// Fields collected into `collected`.
    public init() {
        out = nil
        level = nil
    }

    private init(writingTo out: ByteSink, level: Int?) {
        self.out = out
        self.level = level
    }

    /// Adds the field `key` with `value`.
    public mutating func add(_ key: String, _ value: JSONValue) {
        guard let out else { return collected.append((key, value)) }
        begin(key, out)
        value.write(out, level: level.map { $0 + 1 })
    }

    /// Adds the field `key` whose value is the object of the fields `body` adds.
    public mutating func add(_ key: String, object body: (inout JSONFields) -> Void) {
        guard let out else {
            var inner = JSONFields()
            body(&inner)
            return collected.append((key, .object(inner.collected)))
        }
        begin(key, out)
        JSONFields.writeObject(to: out, level: level.map { $0 + 1 }, body)
    }

    private mutating func begin(_ key: String, _ out: ByteSink) {
        out.byte(count == 0 ? 0x7B : 0x2C)
        count += 1
        JSONValue.newline(out, level.map { $0 + 1 })
        JSONText.writeString(key, to: out)
        out.write(level == nil ? ":" : ": ")
    }

    /// Writes the object of the fields `body` adds (`JSONValue.object`'s bytes too: it is written here).
    static func writeObject(to out: ByteSink, level: Int?, _ body: (inout JSONFields) -> Void) {
        var fields = JSONFields(writingTo: out, level: level)
        body(&fields)
        guard fields.count > 0 else { return out.write("{}") }
        JSONValue.newline(out, level)
        out.byte(0x7D)
    }
}
