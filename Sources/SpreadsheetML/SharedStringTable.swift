import OPCPackage
import XMLStreaming

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The shared string table (`xl/sharedStrings.xml`, §18.4.9 `<sst>`): plain and rich text, with
/// phonetic runs (`<rPh>`) left out and `_xHHHH_` escapes decoded.
///
/// The texts are kept as one UTF-8 buffer with end offsets (a million short Japanese strings as Swift
/// strings cost three times the memory); `strings` makes `String`s once, on first use.
public struct SharedStringTable: Sendable {
    let storage: SharedStringStorage

    public init(strings: [String]) {
        let s = SharedStringStorage()
        for t in strings { s.append(t.utf8) }
        storage = s
    }

    init(storage: SharedStringStorage) { self.storage = storage }

    public var count: Int { storage.ends.count }
    public subscript(index: Int) -> String { String(decoding: storage.bytes(index), as: UTF8.self) }
    /// Every text as a `String` (made on first use, then shared).
    public var strings: [String] { storage.materialized() }

    /// Streams and parses the part.
    public static func read(package: OPCPackage, part: String) throws -> SharedStringTable {
        let handler = SharedStringsHandler()
        try package.stream(part: part, to: handler)
        return SharedStringTable(storage: handler.storage)
    }
}

/// The shared string table's bytes, valid during `SharedStringTable.withView`.
public struct SharedStringView {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let ends: UnsafeBufferPointer<Int>
    /// Per text, which of these characters it holds.
    public let marks: UnsafeBufferPointer<UInt8>
    public static let comma: UInt8 = 1, tab: UInt8 = 2, semicolon: UInt8 = 4, quote: UInt8 = 8, lineBreak: UInt8 = 16

    public var count: Int { ends.count }
    /// The UTF-8 bytes of text `i`.
    @inlinable public func utf8(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
    }

    /// Whether text `i` holds `delimiter`, a quote or a line break (a CSV field that needs quotes).
    @inlinable public func needsQuotes(_ i: Int, delimiter: UInt8) -> Bool {
        let m = marks[i]
        if m & (Self.quote | Self.lineBreak) != 0 { return true }
        switch delimiter {
        case 0x2C: return m & Self.comma != 0
        case 0x09: return m & Self.tab != 0
        case 0x3B: return m & Self.semicolon != 0
        default: return utf8(i).contains(delimiter)
        }
    }
}

extension SharedStringTable {
    /// Calls `body` with the table's bytes (no `String` made).
    public func withView<R>(_ body: (SharedStringView) throws -> R) rethrows -> R {
        try storage.ends.withUnsafeBufferPointer { ends in
            try storage.marks.withUnsafeBufferPointer { marks in
                try body(SharedStringView(bytes: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(storage.buffer)[0..<storage.used]), ends: ends, marks: marks))
            }
        }
    }
}

/// The texts' bytes, end offsets, and for each text which of `, \t ; " \n \r` it holds (so that CSV
/// output knows without looking whether a field needs quotes).
final class SharedStringStorage: @unchecked Sendable {
    private(set) var buffer: UnsafeMutableBufferPointer<UInt8> = .init(start: nil, count: 0)
    private(set) var used = 0
    private(set) var ends: [Int] = []
    private(set) var marks: [UInt8] = []
    private let cache = Mutex<[String]?>(nil)

    deinit { free(buffer.baseAddress) }

    func append<C: Collection>(_ text: C) where C.Element == UInt8 {
        let n = text.count
        if used + n > buffer.count {
            // realloc: a large block grows by remapping its pages, so the peak is not old + new.
            let capacity = max(buffer.count * 2, used + n, 4096)
            guard let grown = realloc(buffer.baseAddress, capacity) else { fatalError("out of memory for the shared string table") }
            buffer = UnsafeMutableBufferPointer(start: grown.assumingMemoryBound(to: UInt8.self), count: capacity)
        }
        var mark: UInt8 = 0
        var i = used
        for b in text {
            switch b {
            case 0x2C: mark |= SharedStringView.comma
            case 0x09: mark |= SharedStringView.tab
            case 0x3B: mark |= SharedStringView.semicolon
            case 0x22: mark |= SharedStringView.quote
            case 0x0A, 0x0D: mark |= SharedStringView.lineBreak
            default: break
            }
            buffer[i] = b
            i += 1
        }
        used = i
        ends.append(used)
        marks.append(mark)
    }

    /// The UTF-8 bytes of text `i`; valid while the storage lives (the buffer never moves once read).
    @inline(__always) func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[start..<ends[i]])
    }

    func materialized() -> [String] {
        cache.withLock { c in
            if let c { return c }
            let all = (0..<ends.count).map { String(decoding: bytes($0), as: UTF8.self) }
            c = all
            return all
        }
    }
}

/// Collects `<si>` texts: `<t>` directly in `<si>` or in runs `<r>`, never inside `<rPh>`.
final class SharedStringsHandler: XMLEventHandler {
    let storage = SharedStringStorage()
    private let text = RichTextAccumulator()
    private var inItem = false
    private var ns = SpreadsheetNamespace()

    func startElement(_ e: XMLStartElement) {
        guard ns.isMain(e.namespaceURI) else { return }
        if e.isNamed("si") {
            inItem = true
            text.reset()
        } else if inItem {
            text.start(e)
        }
    }

    func endElement(_ e: XMLEndElement) {
        guard ns.isMain(e.namespaceURI) else { return }
        if e.isNamed("si") {
            inItem = false
            text.finish { storage.append($0) }
        } else if inItem {
            text.end(e)
        }
    }

    func characters(_ t: UnsafeBufferPointer<UInt8>) { text.characters(t) }
}

/// Text of a string item (`<si>` or `<is>`): concatenated `<t>`, minus phonetic runs.
final class RichTextAccumulator {
    private var bytes: [UInt8] = []
    private var piece: [UInt8] = []
    private var inT = false
    private var preserve = false
    private var phoneticDepth = 0

    init() {
        bytes.reserveCapacity(256)
        piece.reserveCapacity(256)
    }

    func reset() {
        bytes.removeAll(keepingCapacity: true)
        inT = false
        phoneticDepth = 0
    }

    func start(_ e: XMLStartElement) {
        if e.isNamed("rPh") {
            phoneticDepth += 1
        } else if e.isNamed("t"), phoneticDepth == 0 {
            inT = true
            piece.removeAll(keepingCapacity: true)
            if let space = e.attribute("space", namespaced: true) {
                preserve = space.elementsEqual("preserve".utf8)
            } else {
                preserve = false
            }
        }
    }

    func end(_ e: XMLEndElement) {
        if e.isNamed("rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        } else if e.isNamed("t"), inT {
            inT = false
            // Excel does not show leading/trailing white space of a <t> without xml:space="preserve".
            if preserve { bytes.append(contentsOf: piece) } else { bytes.append(contentsOf: trimmedXMLSpace(piece)) }
        }
    }

    func characters(_ t: UnsafeBufferPointer<UInt8>) {
        if inT { piece.append(contentsOf: t) }
    }

    func finish() -> String { decodeXEscapes(bytes) }

    /// The text's decoded bytes, handed to `body` without making a `String` when there is no escape.
    func finish(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if !bytes.contains(0x5F) { bytes.withUnsafeBufferPointer(body); return }
        var s = decodeXEscapes(bytes)
        s.withUTF8(body)
    }
}

@inline(__always) func isXMLSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

func trimmedXMLSpace(_ b: [UInt8]) -> ArraySlice<UInt8> {
    var lo = 0
    var hi = b.count
    while lo < hi, isXMLSpace(b[lo]) { lo += 1 }
    while hi > lo, isXMLSpace(b[hi - 1]) { hi -= 1 }
    return b[lo..<hi]
}

/// Decodes OOXML's `_xHHHH_` escapes (ST_Xstring, §22.9.2.19) into characters; `_x005F_` is a
/// literal `_`. Only a lowercase `x` escapes; a pair of escaped surrogates makes one character and a
/// lone surrogate stays as written.
func decodeXEscapes<C: Collection>(_ b: C) -> String where C.Element == UInt8 {
    guard b.contains(0x5F) else { return String(decoding: b, as: UTF8.self) }
    let a = Array(b)
    var out: [UInt8] = []
    out.reserveCapacity(a.count)
    var i = 0
    while i < a.count {
        if a[i] == 0x5F, i + 6 < a.count, a[i + 1] == 0x78, a[i + 6] == 0x5F, let v = hex4(a, i + 2) {
            if let scalar = Unicode.Scalar(v) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                i += 7
                continue
            }
            // A high surrogate followed by an escaped low one: one supplementary character.
            if (0xD800...0xDBFF).contains(v), i + 13 < a.count, a[i + 7] == 0x5F, a[i + 8] == 0x78, a[i + 13] == 0x5F,
               let low = hex4(a, i + 9), (0xDC00...0xDFFF).contains(low),
               let scalar = Unicode.Scalar((UInt32(v) - 0xD800) << 10 + (UInt32(low) - 0xDC00) + 0x10000) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                i += 14
                continue
            }
            // A lone surrogate: keep the escape as text.
            out.append(contentsOf: a[i..<(i + 7)])
            i += 7
            continue
        }
        out.append(a[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

private func hex4(_ a: [UInt8], _ i: Int) -> UInt16? {
    var v: UInt16 = 0
    for k in 0..<4 {
        let c = a[i + k]
        let d: UInt16
        switch c {
        case 0x30...0x39: d = UInt16(c - 0x30)
        case 0x41...0x46: d = UInt16(c - 0x41 + 10)
        case 0x61...0x66: d = UInt16(c - 0x61 + 10)
        default: return nil
        }
        v = v << 4 | d
    }
    return v
}

/// SpreadsheetML's main namespace, Transitional or Strict.
///
/// libxml2 interns namespace URIs per parser, so each handler keeps its own filter, which remembers
/// the last accepted pointer and skips the string comparison for it.
struct SpreadsheetNamespace {
    static let transitional = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    private var lastAccepted: UnsafePointer<UInt8>? = nil

    /// True for no namespace or either main namespace.
    @inline(__always) mutating func isMain(_ uri: UnsafePointer<UInt8>?) -> Bool {
        guard let uri else { return true }
        if uri == lastAccepted { return true }
        let ok = SpreadsheetNamespace.equals(uri, SpreadsheetNamespace.transitional)
            || SpreadsheetNamespace.equals(uri, SpreadsheetNamespace.strict)
        if ok { lastAccepted = uri }
        return ok
    }

    static func equals(_ p: UnsafePointer<UInt8>, _ s: String) -> Bool {
        var i = 0
        for b in s.utf8 {
            if p[i] != b { return false }
            i += 1
        }
        return p[i] == 0
    }
}
