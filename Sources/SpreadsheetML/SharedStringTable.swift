import GoalSheetSupport
import OPCPackage
import Synchronization
import XMLStreaming
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shared string table (`xl/sharedStrings.xml`, §18.4.9 `<sst>`): plain and rich text, with
/// phonetic runs (`<rPh>`) left out and `_xHHHH_` escapes decoded.
///
/// The texts are kept as one UTF-8 buffer with end offsets (a million short Japanese strings as Swift
/// strings cost three times the memory); `strings` makes `String`s once, on first use. A table whose part
/// is larger than `memoryLimit` keeps its text in an unlinked temporary file instead, read back through a
/// cache of at most 8 MiB per view, so that memory stays flat however large the table.
public struct SharedStringTable: Sendable {
    let storage: SharedStringStorage
    /// Parts larger than this keep their text in a temporary file (16 MiB).
    public static let memoryLimit: UInt64 = 16 << 20

    /// A table of these strings, in memory. A table holds at most 4 GiB of text: the strings past that are not
    /// taken (reading a part, the reader refuses one that large with an over-limit error instead).
    public init(strings: [String]) {
        let s = SharedStringStorage()
        for var t in strings where !t.withUTF8({ s.append($0) }) { break }
        storage = s
    }

    init(storage: SharedStringStorage) { self.storage = storage }

    public var count: Int { storage.ends.count }
    public subscript(index: Int) -> String { storage.string(index) }
    /// Every text as a `String` (made on first use, then shared).
    public var strings: [String] { storage.materialized() }
    /// The part it was read from (nil for a table made in memory).
    public var part: String? { storage.part }
    /// True when the text lies in a temporary file rather than in memory.
    public var isSpilled: Bool { storage.spill != nil }

    /// Streams and parses the part.
    public static func read(
        package: OPCPackage, part: String, memoryLimit: UInt64 = SharedStringTable.memoryLimit
    ) throws -> SharedStringTable {
        let size = package.zip.entry(named: part)?.uncompressedSize ?? 0
        let handler = SharedStringsHandler(file: package.path, part: part, partSize: Int(min(size, 1 << 40)))
        if size > memoryLimit, let spill = SpillFile() {
            handler.storage.spill = spill
        } else {
            // The text is never longer than the part: reserved at once, it is never copied to grow.
            handler.storage.reserve(textBytes: Int(min(size, 1 << 30)))
        }
        try package.stream(part: part, to: handler) { handler.parser = $0 }
        try handler.storage.finishLoading(file: package.path, part: part)
        handler.storage.part = part
        return SharedStringTable(storage: handler.storage)
    }
}

/// The shared string table's texts during `SharedStringTable.withView`.
public struct SharedStringView {
    let reader: SharedStringReader
    public let ends: UnsafeBufferPointer<UInt32>
    /// Per text, which of these characters it holds.
    public let marks: UnsafeBufferPointer<UInt8>
    public static let comma: UInt8 = 1, tab: UInt8 = 2, semicolon: UInt8 = 4, quote: UInt8 = 8, lineBreak: UInt8 = 16

    public var count: Int { ends.count }
    /// Why a spilled table's text could not be read back (an I/O error of the temporary file), if it
    /// could not: the texts read since then are empty.
    public var readFailure: String? { reader.failure }
    /// The UTF-8 bytes of text `i`, valid until the next call.
    @inline(__always) public func utf8(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        reader.text(i)
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
    /// Calls `body` with the table's texts as bytes (no `String` made); a spilled table is read through a
    /// cache of its own for the call.
    public func withView<R>(_ body: (SharedStringView) throws -> R) rethrows -> R {
        let reader = SharedStringReader(storage: storage, cacheBytes: SharedStringStorage.cacheBytes)
        return try storage.ends.withUnsafeBufferPointer { ends in
            try storage.marks.withUnsafeBufferPointer { marks in
                try body(SharedStringView(reader: reader, ends: ends, marks: marks))
            }
        }
    }
}

/// The texts' bytes (in memory, or in a spill file), end offsets (32-bit: a table holds at most 4 GiB of
/// text), and for each text which of `, \t ; " \n \r` it holds (so that CSV output knows without looking
/// whether a field needs quotes).
final class SharedStringStorage: @unchecked Sendable {
    /// The text of an in-memory table.
    private(set) var text = GrowableBytes()
    private(set) var used = 0
    private(set) var ends: [UInt32] = []
    private(set) var marks: [UInt8] = []
    var part: String?
    /// Set before loading for a large table: the text goes there instead of `text`.
    var spill: SpillFile?
    private let cache = Mutex<[String]?>(nil)
    /// The most a reader of a spilled table caches (8 MiB).
    static let cacheBytes = 8 << 20

    deinit { text.free() }

    /// Room for this much text and this many texts, allocated at once.
    func reserve(textBytes: Int, count: Int = 0) {
        if spill == nil { text.reserve(textBytes) }
        ends.reserveCapacity(count)
        marks.reserveCapacity(count)
    }

    /// Appends a text; false when the table would pass 4 GiB.
    @discardableResult
    func append(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        guard used + t.count <= Int(UInt32.max) else { return false }
        var mark: UInt8 = 0
        for b in t {
            switch b {
            case 0x2C: mark |= SharedStringView.comma
            case 0x09: mark |= SharedStringView.tab
            case 0x3B: mark |= SharedStringView.semicolon
            case 0x22: mark |= SharedStringView.quote
            case 0x0A, 0x0D: mark |= SharedStringView.lineBreak
            default: break
            }
        }
        if let spill { spill.append(t) } else { text.append(t) }
        used += t.count
        ends.append(UInt32(used))
        marks.append(mark)
        return true
    }

    /// Writes out what a spill file still buffers.
    func finishLoading(file: String, part: String) throws {
        guard let spill else { return }
        if let failure = spill.finishWriting() {
            throw GoalSheetError(
                .cannotOpen, file: file, part: part,
                "cannot keep the shared string table in a temporary file: \(failure.message)")
        }
    }

    /// Where text `i` lies in the table's bytes.
    @inline(__always) func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i]) }

    /// Text `i` as a String, from memory or from the spill file.
    func string(_ i: Int) -> String {
        let reader = SharedStringReader(storage: self, cacheBytes: 0)
        return withExtendedLifetime(reader) { String(decoding: reader.text(i), as: UTF8.self) }
    }

    func materialized() -> [String] {
        cache.withLock { c in
            if let c { return c }
            let reader = SharedStringReader(storage: self, cacheBytes: SharedStringStorage.cacheBytes)
            let all = withExtendedLifetime(reader) {
                (0..<ends.count).map { String(decoding: reader.text($0), as: UTF8.self) }
            }
            c = all
            return all
        }
    }
}

/// A large table's text in a temporary file, unlinked as soon as it is made (nothing is left behind, even
/// on a crash); written once while loading, in chunks of 1 MiB, then read with `pread` from any thread.
final class SpillFile: @unchecked Sendable {
    let fd: Int32
    private var pending = GrowableBytes(capacity: SpillFile.writeChunk)
    private static let writeChunk = 1 << 20
    private var failure: FileIO.Failure?

    /// A new unlinked file in `$TMPDIR` (or `/tmp`); nil when none can be made.
    init?() {
        let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((dir + "/goalsheet-sst-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit {
        pending.free()
        close(fd)
    }

    func append(_ t: UnsafeBufferPointer<UInt8>) {
        if pending.count + t.count > SpillFile.writeChunk { flush() }
        pending.append(t)
    }

    private func flush() {
        guard failure == nil else { pending.removeAll(); return }
        do { try FileIO.write(fd, UnsafeRawBufferPointer(pending.bytes)) } catch { failure = error }
        pending.removeAll()
    }

    /// Flushes the last bytes and frees the write buffer; the first write that failed, if any.
    func finishWriting() -> FileIO.Failure? {
        flush()
        pending.free()
        pending = GrowableBytes()
        return failure
    }
}

/// Reads texts of a table: straight from memory, or from its spill file through a direct-mapped cache of
/// fixed-size blocks (a text across two blocks is read whole into a scratch buffer). Not shared between
/// threads: each view makes its own.
final class SharedStringReader {
    private let storage: SharedStringStorage
    private let fd: Int32
    private static let blockSize = 16 << 10
    private let slots: Int
    private var blocks: [Int]  // the block in each slot, -1 for none
    private let cache: UnsafeMutablePointer<UInt8>?
    private var scratch = GrowableBytes(capacity: 4096)
    private(set) var failure: String?

    init(storage: SharedStringStorage, cacheBytes: Int) {
        self.storage = storage
        fd = storage.spill?.fd ?? -1
        slots = storage.spill == nil ? 0 : max(cacheBytes / SharedStringReader.blockSize, 0)
        blocks = Array(repeating: -1, count: slots)
        // Untouched slots cost no memory: pages are mapped on first use.
        cache = slots > 0 ? .allocate(capacity: slots * SharedStringReader.blockSize) : nil
    }

    deinit {
        cache?.deallocate()
        scratch.free()
    }

    /// Text `i`'s bytes, valid until the next call.
    @inline(__always) func text(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let r = storage.range(i)
        if fd < 0 { return UnsafeBufferPointer(rebasing: storage.text.bytes[r]) }
        return spilled(r)
    }

    private func spilled(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        let size = SharedStringReader.blockSize
        let block = r.lowerBound / size
        if let cache, r.upperBound <= (block + 1) * size {
            let slot = block % slots
            let base = cache + slot * size
            if blocks[slot] != block {
                let want = min(size, storage.used - block * size)
                guard read(into: base, count: want, at: block * size) else {
                    blocks[slot] = -1
                    return UnsafeBufferPointer(start: nil, count: 0)
                }
                blocks[slot] = block
            }
            return UnsafeBufferPointer(start: base + (r.lowerBound - block * size), count: r.count)
        }
        // Across blocks (or no cache): read the text alone.
        let p = scratch.uninitialized(count: r.count)
        guard read(into: p, count: r.count, at: r.lowerBound) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return scratch.bytes
    }

    /// Reads exactly `count` bytes; false if the file gives fewer (it was written whole: only an I/O error).
    private func read(into p: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) -> Bool {
        do {
            if try FileIO.read(fd, into: UnsafeMutableRawBufferPointer(start: p, count: count), at: UInt64(offset))
                == count
            {
                return true
            }
            if failure == nil { failure = "the temporary file ends early" }
        } catch {
            if failure == nil { failure = error.message }
        }
        return false
    }
}

/// Collects `<si>` texts: `<t>` directly in `<si>` or in runs `<r>`, never inside `<rPh>`.
final class SharedStringsHandler: XMLEventHandler {
    let storage = SharedStringStorage()
    private let text = RichTextAccumulator()
    private var inItem = false
    private var ns = SpreadsheetNamespace()
    let file: String
    let part: String
    /// Set by `read`, to stop on a table over the limit (weak: the parser holds the handler).
    weak var parser: XMLStreamParser?

    /// The part's uncompressed size: how many items it could hold at most.
    let partSize: Int
    /// The most text one item may hold.
    let maxItemBytes = ReadLimits.current.maxCellBytes

    init(file: String = "", part: String = "xl/sharedStrings.xml", partSize: Int = 0) {
        self.file = file
        self.part = part
        self.partSize = partSize
    }

    func startElement(_ e: XMLStartElement) {
        guard ns.isMain(e.namespaceURI) else { return }
        if e.isNamed("si") {
            inItem = true
            text.reset()
        } else if inItem {
            text.start(e)
        } else if e.isNamed("sst"), let n = e.attribute("uniqueCount").flatMap(parseInt) {
            // Trusted only as far as the part could hold that many items.
            storage.reserve(textBytes: 0, count: min(n, partSize / 9 + 1))
        }
    }

    func endElement(_ e: XMLEndElement) {
        guard ns.isMain(e.namespaceURI) else { return }
        if e.isNamed("si") {
            inItem = false
            text.finish { t in
                if !storage.append(t) {
                    parser?.stop(
                        with: GoalSheetError(
                            .overLimit, file: file, part: part,
                            "the shared string table holds over 4 GiB of text (item \(storage.ends.count + 1))"))
                }
            }
        } else if inItem {
            text.end(e)
        }
    }

    func characters(_ t: UnsafeBufferPointer<UInt8>) {
        guard !text.characters(t, limit: maxItemBytes) else { return }
        parser?.stop(
            with: GoalSheetError(
                .overLimit, file: file, part: part,
                "shared string item \(storage.ends.count + 1) holds more than \(ReadLimits.sizeText(maxItemBytes)) of text (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
            ))
    }
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

    /// Appends text of a `<t>`; false, appending nothing, when the item would pass `limit` bytes.
    @discardableResult
    func characters(_ t: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> Bool {
        guard inT else { return true }
        guard bytes.count + piece.count + t.count <= limit else { return false }
        piece.append(contentsOf: t)
        return true
    }

    func finish() -> String { decodeXEscapes(bytes) }

    /// The bytes of the text so far.
    var count: Int { bytes.count + (inT ? piece.count : 0) }

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
                let scalar = Unicode.Scalar((UInt32(v) - 0xD800) << 10 + (UInt32(low) - 0xDC00) + 0x10000)
            {
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
        let ok =
            SpreadsheetNamespace.equals(uri, SpreadsheetNamespace.transitional)
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
