import GoalSheetSupport

/// A JSON document built in memory, keys in the order given (goals.json reads like goals.csv); numbers
/// as plain decimals, a non-finite one as null.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text written as it is (a value encoded by `JSONEncoder`).
    case fragment(String)
    /// An array whose elements are made one at a time as it is written, so that a run's fifty thousand goals are
    /// never all in memory as JSON at once.
    case elements(JSONElements)

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
            JSONValue.writeArray(count: items.count, { items[$0].write($1, level: $2) }, out, level: level)
        case .elements(let e) where e.jobs > 1 && e.count >= 2 * JSONElements.chunk:
            JSONValue.writeShared(e, out, level: level)
        case .elements(let e): JSONValue.writeArray(count: e.count, e.write, out, level: level)
        case .object(let fields):
            JSONFields.writeObject(to: out, level: level) { f in
                for (k, v) in fields { f.add(k, v) }
            }
        }
    }

    static func writeArray(
        count: Int, _ element: (Int, ByteSink, Int?) -> Void, _ out: ByteSink, level: Int?
    ) {
        if count == 0 { out.write("[]"); return }
        out.byte(0x5B)
        for i in 0..<count {
            if i > 0 { out.byte(0x2C) }
            JSONValue.newline(out, level.map { $0 + 1 })
            element(i, out, level.map { $0 + 1 })
        }
        JSONValue.newline(out, level)
        out.byte(0x5D)
    }

    /// `writeArray` of elements made and rendered on `e.jobs` threads, `JSONElements.chunk` at a time, a few
    /// chunks per thread in memory at once, written in order: the same bytes.
    static func writeShared(_ e: JSONElements, _ out: ByteSink, level: Int?) {
        let inner = level.map { $0 + 1 }
        let chunk = JSONElements.chunk
        let window = chunk * e.jobs * 4
        out.byte(0x5B)
        for start in stride(from: 0, to: e.count, by: window) {
            let end = min(e.count, start + window)
            let pieces = ParallelWork.map(count: (end - start + chunk - 1) / chunk, jobs: e.jobs) { k -> [UInt8] in
                let sink = ByteSink(fd: nil)
                for i in (start + k * chunk)..<min(end, start + (k + 1) * chunk) {
                    if i > 0 { sink.byte(0x2C) }
                    JSONValue.newline(sink, inner)
                    e.write(i, sink, inner)
                }
                sink.flush()
                return sink.collected
            }
            for p in pieces { p.withUnsafeBufferPointer { out.write(bytes: $0) } }
        }
        JSONValue.newline(out, level)
        out.byte(0x5D)
    }

    static let indentation = [UInt8](repeating: 0x20, count: 64)

    /// The line break and indentation (two spaces a level) before a value; nothing when compact.
    static func newline(_ out: ByteSink, _ level: Int?) {
        guard let level else { return }
        out.byte(0x0A)
        var spaces = 2 * level
        while spaces > 0 {
            let n = min(spaces, JSONValue.indentation.count)
            JSONValue.indentation.withUnsafeBufferPointer { out.write(bytes: UnsafeBufferPointer(rebasing: $0[..<n])) }
            spaces -= n
        }
    }
}

/// The elements of a `JSONValue.elements` array: how many, and how to make or write each.
public struct JSONElements: Sendable {
    private enum Maker: Sendable {
        case value(@Sendable (Int) -> JSONValue)
        case fields(@Sendable (Int, inout JSONFields) -> Void)
    }

    public let count: Int
    private let maker: Maker
    /// Threads the elements may be made and rendered on (more than one for at least two chunks of them).
    public var jobs: Int

    /// Elements per piece of work when they are shared out.
    static let chunk = 512

    /// Element `i` is the value `element(i)`.
    public init(count: Int, jobs: Int = 1, _ element: @escaping @Sendable (Int) -> JSONValue) {
        self.count = count
        self.jobs = jobs
        maker = .value(element)
    }

    /// Element `i` is the object of the fields `fields(i, &f)` adds, written as they are added.
    public init(count: Int, jobs: Int = 1, fields: @escaping @Sendable (Int, inout JSONFields) -> Void) {
        self.count = count
        self.jobs = jobs
        maker = .fields(fields)
    }

    /// Writes element `i` at `level`.
    func write(_ i: Int, _ out: ByteSink, _ level: Int?) {
        switch maker {
        case .value(let make): make(i).write(out, level: level)
        case .fields(let add): JSONFields.writeObject(to: out, level: level) { add(i, &$0) }
        }
    }
}
