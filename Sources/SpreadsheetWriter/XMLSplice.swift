/// Markup found by `XMLTokenizer`: each token is a byte range of the document, kept exactly as written.
enum XMLTokenKind: Equatable {
    case text
    case start(selfClosing: Bool)
    case end
    /// Comment, CDATA section or processing instruction: copied as is.
    case other
}

/// The error of a part GoalSheet cannot edit: malformed markup, or a DOCTYPE (SpreadsheetML parts have none).
public struct PartEditError: Error, CustomStringConvertible, Sendable, Equatable {
    public let part: String
    public let offset: Int
    public let message: String
    public init(part: String, offset: Int, _ message: String) {
        self.part = part
        self.offset = offset
        self.message = message
    }
    public var description: String { "\(part) (byte \(offset)): \(message)" }
}

/// A tokenizer over XML bytes for splicing: finds tags without decoding anything, honouring quotes,
/// comments, CDATA and processing instructions, so that edited parts keep every untouched byte.
enum XMLTokenizer {
    /// The token starting at `i`, or nil when the buffer ends inside it (more bytes needed).
    @inline(__always)
    static func token(
        _ b: UnsafeBufferPointer<UInt8>, at i: Int, part: String, base: Int = 0
    ) throws -> (XMLTokenKind, Int)? {
        let n = b.count
        if b[i] != UInt8(ascii: "<") {
            var j = i + 1
            while j < n && b[j] != UInt8(ascii: "<") { j += 1 }
            return (.text, j)
        }
        guard i + 1 < n else { return nil }
        let c1 = b[i + 1]
        if c1 == UInt8(ascii: "?") { return find(b, from: i + 2, "?>").map { (.other, $0) } }
        if c1 == UInt8(ascii: "!") {
            guard i + 3 < n else { return nil }
            if b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-") {
                return find(b, from: i + 4, "-->").map { (.other, $0) }
            }
            if b[i + 2] == UInt8(ascii: "[") { return find(b, from: i + 3, "]]>").map { (.other, $0) } }
            throw PartEditError(
                part: part, offset: base + i, "a DOCTYPE or DTD declaration is refused in a SpreadsheetML part")
        }
        var j = i + 1
        var quote: UInt8 = 0
        while j < n {
            let c = b[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                if c1 == UInt8(ascii: "/") { return (.end, j + 1) }
                return (.start(selfClosing: b[j - 1] == UInt8(ascii: "/")), j + 1)
            }
            j += 1
        }
        return nil
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ terminator: StaticString) -> Int? {
        let t = UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount)
        var j = from
        while j + t.count <= b.count {
            if b[j] == t[0] {
                var k = 1
                while k < t.count && b[j + k] == t[k] { k += 1 }
                if k == t.count { return j + t.count }
            }
            j += 1
        }
        return nil
    }

    /// The qualified name of a start or end tag: (prefix bytes range, local name range).
    @inline(__always)
    static func nameRange(_ b: UnsafeBufferPointer<UInt8>, tagStart: Int) -> (prefix: Range<Int>, local: Range<Int>) {
        var s = tagStart + 1
        if b[s] == UInt8(ascii: "/") { s += 1 }
        var e = s
        var colon = -1
        while e < b.count {
            let c = b[e]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == 9 || c == 10
                || c == 13
            {
                break
            }
            if c == UInt8(ascii: ":") { colon = e }
            e += 1
        }
        return colon >= 0 ? (s..<colon, (colon + 1)..<e) : (s..<s, s..<e)
    }

    @inline(__always)
    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ name: StaticString) -> Bool {
        guard r.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        for k in 0..<r.count where b[r.lowerBound + k] != p[k] { return false }
        return true
    }

    /// The raw (still escaped) value of attribute `name` (matched by local name) in the tag at `tag`.
    /// `qualified`: `name` is the whole qualified name ("r:id"); `anyPrefix`: match the local name under any prefix
    /// except `xmlns`; otherwise only an unprefixed attribute matches.
    static func attributeRange(
        _ b: UnsafeBufferPointer<UInt8>, tag: Range<Int>, _ name: String, qualified: Bool = false,
        anyPrefix: Bool = false
    ) -> Range<Int>? {
        let target = Array(name.utf8)
        var j = nameRange(b, tagStart: tag.lowerBound).local.upperBound
        let end = tag.upperBound
        while j < end {
            while j < end && (b[j] == 32 || b[j] == 9 || b[j] == 10 || b[j] == 13) { j += 1 }
            let ns = j
            var colon = -1
            while j < end && b[j] != UInt8(ascii: "=") && b[j] != 32 && b[j] != UInt8(ascii: ">")
                && b[j] != UInt8(ascii: "/")
            {
                if b[j] == UInt8(ascii: ":") { colon = j }
                j += 1
            }
            let ne = j
            while j < end && b[j] != UInt8(ascii: "\"") && b[j] != UInt8(ascii: "'") {
                if b[j] == UInt8(ascii: ">") { return nil }
                j += 1
            }
            guard j < end else { return nil }
            let q = b[j]
            let vs = j + 1
            j = vs
            while j < end && b[j] != q { j += 1 }
            let local = (qualified || colon < 0) ? ns..<ne : (colon + 1)..<ne
            if local.count == target.count && target.indices.allSatisfy({ b[local.lowerBound + $0] == target[$0] }) {
                // An unprefixed match only (xmlns declarations and prefixed attributes are skipped unless asked).
                let isXmlns =
                    colon - ns == 5 && b[ns] == UInt8(ascii: "x") && b[ns + 1] == UInt8(ascii: "m")
                    && b[ns + 4] == UInt8(ascii: "s")
                if qualified || colon < 0 || (anyPrefix && !isXmlns) { return vs..<j }
            }
            j += 1
        }
        return nil
    }
}

/// One element of a small part, located by byte ranges.
struct XMLSpan {
    var local: String
    var prefix: String
    var start: Range<Int>
    /// The end tag; nil when the element is self-closing.
    var end: Range<Int>?
    var parent: Int?
    var depth: Int
    var outer: Range<Int> { start.lowerBound..<(end?.upperBound ?? start.upperBound) }
    var inner: Range<Int> { start.upperBound..<(end?.lowerBound ?? start.upperBound) }
}

/// A small part (styles, workbook, relationships, content types, comments, VML) indexed element by element,
/// edited by splicing bytes: what is not edited stays byte for byte.
final class XMLSpliceDocument {
    let part: String
    let bytes: [UInt8]
    private(set) var elements: [XMLSpan] = []
    /// Element index → indexes of its children (the root's parent is keyed -1).
    private var childIndex: [Int: [Int]] = [:]
    private var edits: [(Range<Int>, [UInt8])] = []

    init(_ bytes: [UInt8], part: String) throws {
        self.bytes = bytes
        self.part = part
        var stack: [Int] = []
        try bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                guard let (kind, e) = try XMLTokenizer.token(b, at: i, part: part) else {
                    throw PartEditError(part: part, offset: i, "the part ends inside a tag")
                }
                switch kind {
                case .start(let selfClosing):
                    let (p, l) = XMLTokenizer.nameRange(b, tagStart: i)
                    elements.append(
                        XMLSpan(
                            local: String(decoding: b[l], as: UTF8.self), prefix: String(decoding: b[p], as: UTF8.self),
                            start: i..<e, end: nil, parent: stack.last, depth: stack.count))
                    if !selfClosing { stack.append(elements.count - 1) }
                case .end:
                    guard let open = stack.popLast() else {
                        throw PartEditError(part: part, offset: i, "an end tag without a start tag")
                    }
                    let (_, l) = XMLTokenizer.nameRange(b, tagStart: i)
                    guard String(decoding: b[l], as: UTF8.self) == elements[open].local else {
                        throw PartEditError(
                            part: part, offset: i, "the end tag does not match <\(elements[open].local)>")
                    }
                    elements[open].end = i..<e
                case .text, .other: break
                }
                i = e
            }
        }
        guard stack.isEmpty, !elements.isEmpty else {
            throw PartEditError(part: part, offset: bytes.count, "the part has no complete root element")
        }
        for (i, e) in elements.enumerated() { childIndex[e.parent ?? -1, default: []].append(i) }
    }

    var root: XMLSpan { elements[0] }

    func children(of index: Int?, named local: String? = nil) -> [Int] {
        let all = childIndex[index ?? -1] ?? []
        return local.map { l in all.filter { elements[$0].local == l } } ?? all
    }

    func first(_ local: String, under index: Int? = 0) -> Int? { children(of: index, named: local).first }

    /// All elements named `local`, anywhere.
    func all(_ local: String) -> [Int] { elements.indices.filter { elements[$0].local == local } }

    func attribute(_ name: String, of index: Int, qualified: Bool = false, anyPrefix: Bool = false) -> String? {
        bytes.withUnsafeBufferPointer { b in
            XMLTokenizer.attributeRange(b, tag: elements[index].start, name, qualified: qualified, anyPrefix: anyPrefix)
                .map { XMLText.unescape(Array(b[$0])) }
        }
    }

    func attributeRange(_ name: String, of index: Int) -> Range<Int>? {
        bytes.withUnsafeBufferPointer { XMLTokenizer.attributeRange($0, tag: elements[index].start, name) }
    }

    /// The text content of an element (entities decoded, markup inside dropped).
    func text(of index: Int) -> String {
        let r = elements[index].inner
        var out: [UInt8] = []
        var i = r.lowerBound
        bytes.withUnsafeBufferPointer { b in
            while i < r.upperBound {
                if b[i] == UInt8(ascii: "<") {
                    if let (_, e) = try? XMLTokenizer.token(b, at: i, part: part) { i = e } else { break }
                } else {
                    out.append(b[i]); i += 1
                }
            }
        }
        return XMLText.unescape(out)
    }

    func slice(_ r: Range<Int>) -> [UInt8] { Array(bytes[r]) }

    /// The qualified name to write for a new element in the root's namespace ("x:c" when the root is "x:worksheet").
    func qualified(_ local: String) -> String { root.prefix.isEmpty ? local : "\(root.prefix):\(local)" }

    func replace(_ r: Range<Int>, with s: String) { edits.append((r, Array(s.utf8))) }
    func replace(_ r: Range<Int>, with b: [UInt8]) { edits.append((r, b)) }
    func insert(_ s: String, at i: Int) { edits.append((i..<i, Array(s.utf8))) }

    /// Sets (or adds) an attribute on an element's start tag.
    func setAttribute(_ name: String, _ value: String, of index: Int) {
        if let r = attributeRange(name, of: index) { replace(r, with: XMLText.escapeAttribute(value)); return }
        let s = elements[index].start
        let at = bytes[s.upperBound - 2] == UInt8(ascii: "/") ? s.upperBound - 2 : s.upperBound - 1
        insert(" \(name)=\"\(XMLText.escapeAttribute(value))\"", at: at)
    }

    /// Appends markup as the last children of an element, opening a self-closing element if needed.
    func append(_ markup: String, into index: Int) {
        let el = elements[index]
        if let end = el.end { insert(markup, at: end.lowerBound); return }
        let s = el.start
        let name = String(
            decoding: bytes[(s.lowerBound + 1)..<(XMLTokenizer.nameEnd(bytes, s.lowerBound))], as: UTF8.self)
        // "<x:fills count="0"/>" → "<x:fills count="0">markup</x:fills>"
        var slash = s.upperBound - 2
        while slash > s.lowerBound && bytes[slash] != UInt8(ascii: "/") { slash -= 1 }
        replace(slash..<s.upperBound, with: ">" + markup + "</\(name)>")
    }

    var hasEdits: Bool { !edits.isEmpty }

    /// The document with every edit applied (edits must not overlap; insertions at one point keep their order).
    func result() -> [UInt8] {
        let sorted = edits.enumerated().sorted { a, b in
            a.element.0.lowerBound != b.element.0.lowerBound
                ? a.element.0.lowerBound < b.element.0.lowerBound : a.offset < b.offset
        }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.1.count })
        var i = 0
        for (r, b) in sorted {
            if r.lowerBound > i { out.append(contentsOf: bytes[i..<r.lowerBound]) }
            out.append(contentsOf: b)
            i = max(i, r.upperBound)
        }
        if i < bytes.count { out.append(contentsOf: bytes[i...]) }
        return out
    }
}

extension XMLTokenizer {
    static func nameEnd(_ bytes: [UInt8], _ tagStart: Int) -> Int {
        bytes.withUnsafeBufferPointer { nameRange($0, tagStart: tagStart).local.upperBound }
    }
}

/// Escaping for text and attribute values, with OOXML's `_xHHHH_` form for characters XML 1.0 cannot hold.
public enum XMLText {
    public static func escapeText(_ s: String) -> String { escape(s, attribute: false) }
    public static func escapeAttribute(_ s: String) -> String { escape(s, attribute: true) }

    static func escape(_ s: String, attribute: Bool) -> String {
        // Most text has nothing to escape.
        if !needsEscape(s, attribute: attribute) { return s }
        var out: [UInt8] = []
        appendEscaped(s, attribute: attribute, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of `escape(s, attribute:)` to `out` (text with nothing to escape is copied whole).
    static func appendEscaped(_ s: String, attribute: Bool, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { b in
            guard needsEscape(b, attribute: attribute) else { return out.append(contentsOf: b) }
            out.reserveCapacity(out.count + b.count + 16)
            var i = 0
            while i < b.count {
                if b[i] == 0xEF, i + 2 < b.count, b[i + 1] == 0xBF, b[i + 2] >= 0xBE {  // U+FFFE, U+FFFF
                    out.append(contentsOf: (b[i + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_").utf8)
                    i += 3
                    continue
                }
                if let replacement = replacement(b, at: i, attribute: attribute) {
                    out.append(contentsOf: replacement.utf8)
                } else {
                    out.append(b[i])
                }
                i += 1
            }
        }
    }

    /// What replaces the ASCII byte at `i`, if anything: every character `escape` changes but U+FFFE and U+FFFF is
    /// ASCII, so the other bytes are copied as they are.
    private static func replacement(_ b: UnsafeBufferPointer<UInt8>, at i: Int, attribute: Bool) -> String? {
        func isHex(_ c: UInt8) -> Bool {
            (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
        }
        switch b[i] {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return attribute ? "&quot;" : nil
        case UInt8(ascii: "\n"): return attribute ? "&#10;" : nil
        case UInt8(ascii: "\t"): return attribute ? "&#9;" : nil
        case UInt8(ascii: "_"):
            // A literal "_xHHHH_" would be read back as an escape: escape its underscore.
            guard i + 6 < b.count, b[i + 1] == UInt8(ascii: "x"), b[i + 6] == UInt8(ascii: "_"),
                (2...5).allSatisfy({ isHex(b[i + $0]) })
            else { return nil }
            return "_x005F_"
        case 0..<0x20: return "_x" + hex4(UInt32(b[i])) + "_"
        default: return nil
        }
    }

    /// Whether `s` has a byte `escape` would change: markup, controls (in text, a line break or a tab stays),
    /// a quote in an attribute, `_`, or U+FFFE/U+FFFF (EF BF BE/BF).
    static func needsEscape(_ s: String, attribute: Bool) -> Bool {
        var s = s
        return s.withUTF8 { needsEscape($0, attribute: attribute) }
    }

    /// Whether UTF-8 `b` has a byte `escape` would change (as `needsEscape(_:attribute:)` of its string).
    static func needsEscape(_ b: UnsafeBufferPointer<UInt8>, attribute: Bool) -> Bool {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x20 && (attribute || c != UInt8(ascii: "\n") && c != UInt8(ascii: "\t"))
                || c == UInt8(ascii: "&") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
                || attribute && c == UInt8(ascii: "\"")
                || c == UInt8(ascii: "_")
            {
                return true
            }
            if c == 0xEF, i + 2 < b.count, b[i + 1] == 0xBF, b[i + 2] >= 0xBE { return true }
            i += 1
        }
        return false
    }

    /// Decodes the five predefined entities and character references.
    static func unescape(_ b: [UInt8]) -> String {
        guard b.contains(UInt8(ascii: "&")) else { return String(decoding: b, as: UTF8.self) }
        var out = ""
        var i = 0
        var run: [UInt8] = []
        while i < b.count {
            if b[i] == UInt8(ascii: "&"), let semi = b[i...].firstIndex(of: UInt8(ascii: ";")), semi - i <= 10 {
                let name = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
                var scalar: Unicode.Scalar?
                switch name {
                case "amp": scalar = "&"
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if name.hasPrefix("#x") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                    }
                }
                if let s = scalar {
                    out += String(decoding: run, as: UTF8.self); run.removeAll()
                    out.unicodeScalars.append(s)
                    i = semi + 1
                    continue
                }
            }
            run.append(b[i]); i += 1
        }
        return out + String(decoding: run, as: UTF8.self)
    }
}

func hex4(_ v: UInt32) -> String {
    let hex = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
