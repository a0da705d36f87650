import GoalSheetSupport

/// JSON text of an `Encodable` value, byte for byte as Foundation's `JSONEncoder` writes it with `.sortedKeys`
/// and `.withoutEscapingSlashes`, made without its boxed intermediate values: a finding's typed detail is
/// encoded for every finding of model.json, where `JSONEncoder` took a third of the time.
///
/// Keys are sorted by their UTF-8 bytes, numbers are written in Swift's shortest form without a trailing
/// `.0`, strings escape `"`, `\`, the named control characters (`\b \f \n \r \t`) and the others as `\u00XX`.
/// A value that is not a finite number throws, as `JSONEncoder` does.
public enum SortedKeysJSONEncoder {
    /// A non-finite floating-point value, which JSON cannot hold.
    public struct NonFiniteNumber: Error, Sendable {
        public let codingPath: String
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        var out: [UInt8] = []
        (encoder.root ?? JSONNode(.object)).write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// One value of the tree the encoder builds: a scalar's text, or a container's members.
final class JSONNode {
    enum Kind {
        case scalar([UInt8])
        case array
        case object
    }

    var kind: Kind
    var items: [JSONNode] = []
    var keys: [String] = []

    init(_ kind: Kind) { self.kind = kind }

    static func string(_ s: String) -> JSONNode {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(Hex.digits[Int(b >> 4)])
                out.append(Hex.digits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(0x22)
        return JSONNode(.scalar(out))
    }

    static func bool(_ b: Bool) -> JSONNode { JSONNode(.scalar(Array((b ? "true" : "false").utf8))) }

    /// An integer as `String(describing:)` writes it.
    static func integer(_ i: Int) -> JSONNode { JSONNode(.scalar(Array(String(i).utf8))) }

    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(
        _ v: F, _ path: @autoclosure () -> [CodingKey]
    ) throws
        -> JSONNode
    {
        guard v.isFinite else {
            throw SortedKeysJSONEncoder.NonFiniteNumber(codingPath: path().map(\.stringValue).joined(separator: "."))
        }
        var text = v.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return JSONNode(.scalar(Array(text.utf8)))
    }

    /// A keyed member set (a later value for the same key replaces the earlier, as in `JSONEncoder`).
    func set(_ key: String, _ value: JSONNode) {
        if let i = keys.firstIndex(of: key) {
            items[i] = value
        } else {
            keys.append(key)
            items.append(value)
        }
    }

    func write(to out: inout [UInt8]) {
        switch kind {
        case .scalar(let text): out += text
        case .array:
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.write(to: &out)
            }
            out.append(0x5D)
        case .object:
            out.append(0x7B)
            let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(0x2C) }
                JSONNode.string(keys[i]).write(to: &out)
                out.append(0x3A)
                items[i].write(to: &out)
            }
            out.append(0x7D)
        }
    }
}

/// The `Encoder` building a `JSONNode` tree: each value encodes into a fresh encoder, whose root its container
/// becomes.
final class TreeEncoder: Encoder {
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var root: JSONNode?

    init(codingPath: [CodingKey], root: JSONNode? = nil) {
        self.codingPath = codingPath
        self.root = root
    }

    /// The root as a container of `kind`, made on the first request (a super-encoder's, placed in its parent
    /// already, takes the kind asked for while it is empty).
    func rootContainer(_ kind: JSONNode.Kind) -> JSONNode {
        guard let root else {
            let node = JSONNode(kind)
            root = node
            return node
        }
        if root.items.isEmpty { root.kind = kind }
        return root
    }

    /// Sets the root to a finished value, in place when a parent holds it already.
    func setRoot(_ node: JSONNode) {
        guard let root else {
            root = node
            return
        }
        root.kind = node.kind
        root.items = node.items
        root.keys = node.keys
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedTreeContainer<Key>(node: rootContainer(.object), codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        UnkeyedTreeContainer(node: rootContainer(.array), codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleTreeContainer(encoder: self) }

    /// `value` encoded on its own, at `path`.
    static func node<T: Encodable>(_ value: T, at path: [CodingKey]) throws -> JSONNode {
        let child = TreeEncoder(codingPath: path)
        try value.encode(to: child)
        return child.root ?? JSONNode(.object)
    }

    /// A scalar's node: Swift's own forms of booleans, integers and text; numbers without a trailing `.0`. The
    /// path is made only for a nested value or an error (a finding's detail has a dozen scalars).
    static func scalar<T: Encodable>(_ value: T, at path: @autoclosure () -> [CodingKey]) throws -> JSONNode {
        switch value {
        case let b as Bool: return JSONNode.bool(b)
        case let s as String: return JSONNode.string(s)
        case let d as Double: return try JSONNode.number(d, path())
        case let f as Float: return try JSONNode.number(f, path())
        case let i as Int: return JSONNode.integer(i)
        case let i as any BinaryInteger: return JSONNode(.scalar(Array(String(describing: i).utf8)))
        default: return try node(value, at: path())
        }
    }
}

/// The key a nested container or super-encoder is made for.
struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
    static let `super` = TreeKey(stringValue: "super")
}

struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [CodingKey]

    func path(_ key: Key) -> [CodingKey] { codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, JSONNode(.scalar(Array("null".utf8)))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try TreeEncoder.scalar(value, at: path(key)))
    }

    // The scalars a finding's detail holds, without the generic path's dynamic casts.
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, JSONNode.string(value)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, JSONNode.bool(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, JSONNode.integer(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.set(key.stringValue, try JSONNode.number(value, path(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object)
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = JSONNode(.array)
        node.set(key.stringValue, child)
        return UnkeyedTreeContainer(node: child, codingPath: path(key))
    }

    mutating func superEncoder() -> Encoder { placed(TreeKey.super.stringValue, codingPath + [TreeKey.super]) }

    mutating func superEncoder(forKey key: Key) -> Encoder { placed(key.stringValue, path(key)) }

    private func placed(_ key: String, _ at: [CodingKey]) -> Encoder {
        let child = JSONNode(.object)
        node.set(key, child)
        return TreeEncoder(codingPath: at, root: child)
    }
}

struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [CodingKey]
    var count: Int { node.items.count }

    func path() -> [CodingKey] { codingPath + [TreeKey(intValue: count)] }

    mutating func encodeNil() throws { node.items.append(JSONNode(.scalar(Array("null".utf8)))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.items.append(try TreeEncoder.scalar(value, at: path()))
    }

    mutating func encode(_ value: String) throws { node.items.append(JSONNode.string(value)) }
    mutating func encode(_ value: Bool) throws { node.items.append(JSONNode.bool(value)) }
    mutating func encode(_ value: Int) throws { node.items.append(JSONNode.integer(value)) }
    mutating func encode(_ value: Double) throws { node.items.append(try JSONNode.number(value, path())) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = JSONNode(.object)
        let at = path()
        node.items.append(child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: at))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = JSONNode(.array)
        let at = path()
        node.items.append(child)
        return UnkeyedTreeContainer(node: child, codingPath: at)
    }

    mutating func superEncoder() -> Encoder {
        let at = path()
        let slot = JSONNode(.object)
        node.items.append(slot)
        return TreeEncoder(codingPath: at, root: slot)
    }
}

struct SingleTreeContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.setRoot(JSONNode(.scalar(Array("null".utf8)))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.setRoot(try TreeEncoder.scalar(value, at: codingPath))
    }

    mutating func encode(_ value: String) throws { encoder.setRoot(JSONNode.string(value)) }
    mutating func encode(_ value: Bool) throws { encoder.setRoot(JSONNode.bool(value)) }
    mutating func encode(_ value: Int) throws { encoder.setRoot(JSONNode.integer(value)) }
}
