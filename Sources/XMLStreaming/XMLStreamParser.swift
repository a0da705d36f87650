import CLibXML2
import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A malformed or refused XML document, with the position libxml2 reported.
public struct XMLParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why the document was not read: a typed field, so that callers never match the message's text.
    public enum Reason: Sendable, Equatable {
        /// Not well-formed, or libxml2 failed.
        case malformed
        /// A DOCTYPE (and so a DTD or entities), which no SpreadsheetML part has.
        case refusedDTD
        /// Larger than the reader allows (elements in a part read as a tree).
        case overLimit
    }

    /// The document's name as given to the parser (a part name such as `xl/worksheets/sheet1.xml`).
    public let document: String
    public let line: Int
    public let column: Int
    public let message: String
    public let reason: Reason

    public init(document: String, line: Int, column: Int, message: String, reason: Reason = .malformed) {
        self.document = document
        self.line = line
        self.column = column
        self.message = message
        self.reason = reason
    }

    public var description: String {
        line > 0 ? "\(document): line \(line), column \(column): \(message)" : "\(document): \(message)"
    }
}

extension XMLParseError: GoalSheetErrorConvertible {
    public func goalSheetError(file: String, part: String?) -> GoalSheetError {
        let kind: GoalSheetError.Kind =
            switch reason {
            case .malformed: .malformedXML
            case .refusedDTD: .refusedDTD
            case .overLimit: .overLimit
            }
        return GoalSheetError(
            kind, file: file, part: document.isEmpty ? part : document, line: line, column: column, message)
    }
}

/// Receives SAX events. Pointers are valid only during the call.
public protocol XMLEventHandler: AnyObject {
    func startElement(_ element: XMLStartElement)
    func endElement(_ element: XMLEndElement)
    /// Text and CDATA content, in pieces (one text node may arrive in several calls).
    func characters(_ text: UnsafeBufferPointer<UInt8>)
}

/// An element's start tag: local name, namespace URI and attributes, borrowed from libxml2.
public struct XMLStartElement {
    public let localName: UnsafePointer<UInt8>
    public let namespaceURI: UnsafePointer<UInt8>?
    public let attributeCount: Int
    /// libxml2's attribute array: 5 pointers per attribute (local name, prefix, URI, value start, value end).
    public let attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?

    /// True when the local name is `name` (namespace not checked).
    @inlinable public func isNamed(_ name: StaticString) -> Bool { xmlNameEquals(localName, name) }

    /// The local name as a String.
    public var name: String { String(cString: localName) }
    /// The namespace URI as a String, or nil.
    public var namespace: String? { namespaceURI.map { String(cString: $0) } }

    /// The raw (entity-decoded) bytes of an attribute, found by local name.
    /// With `namespaced == false` only unqualified attributes match (as `r`, `s`, `t` are).
    @inlinable public func attribute(_ name: StaticString, namespaced: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        guard let attributes else { return nil }
        var i = 0
        while i < attributeCount {
            let base = attributes + i * 5
            if let local = base[0], xmlNameEquals(local, name), namespaced == (base[2] != nil),
                let start = base[3], let end = base[4]
            {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
            i += 1
        }
        return nil
    }

    /// An attribute's value as a String (local name match, namespace as in `attribute(_:namespaced:)`).
    public func string(_ name: StaticString, namespaced: Bool = false) -> String? {
        attribute(name, namespaced: namespaced).map(decodeAttribute)
    }

    /// An attribute in any namespace (or none) with this local name.
    public func anyString(_ name: StaticString) -> String? {
        string(name, namespaced: false) ?? string(name, namespaced: true)
    }

    /// All attributes: (local name, namespace URI, value).
    public var allAttributes: [(name: String, namespace: String?, value: String)] {
        guard let attributes else { return [] }
        return (0..<attributeCount).map { i in
            let base = attributes + i * 5
            let v = UnsafeBufferPointer(start: base[3]!, count: base[4]! - base[3]!)
            return (String(cString: base[0]!), base[2].map { String(cString: $0) }, decodeAttribute(v))
        }
    }
}

/// An attribute value as text. Without entity substitution (`XML_PARSE_NOENT`, which we never set)
/// libxml2 hands an escaped `&` (`&amp;`, `&#38;`) to SAX2 as the five bytes `&#38;`, to keep it
/// apart from entity references; no other `&` can reach us, so each `&#38;` is one `&`.
func decodeAttribute(_ v: UnsafeBufferPointer<UInt8>) -> String {
    guard v.contains(0x26) else { return String(decoding: v, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(v.count)
    var i = 0
    let amp: [UInt8] = Array("&#38;".utf8)
    while i < v.count {
        if v[i] == 0x26, i + 5 <= v.count, v[i..<(i + 5)].elementsEqual(amp) {
            out.append(0x26)
            i += 5
        } else {
            out.append(v[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// An element's end tag.
public struct XMLEndElement {
    public let localName: UnsafePointer<UInt8>
    public let namespaceURI: UnsafePointer<UInt8>?
    @inlinable public func isNamed(_ name: StaticString) -> Bool { xmlNameEquals(localName, name) }
    public var name: String { String(cString: localName) }
}

/// Compares a NUL-terminated libxml2 name with a static ASCII string.
@inlinable public func xmlNameEquals(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
    let n = name.utf8CodeUnitCount
    let s = name.utf8Start
    var i = 0
    while i < n {
        if p[i] != s[i] { return false }
        i += 1
    }
    return p[n] == 0
}

/// A streaming XML parser on libxml2's SAX2 push interface.
///
/// Feed it chunks as they are inflated; events go to the handler as the parser meets them.
/// It never loads a DTD, never expands entities beyond the five predefined ones, never touches the
/// network, and refuses any document with a DOCTYPE (SpreadsheetML parts have none).
public final class XMLStreamParser {
    /// The document name used in errors.
    public let documentName: String
    /// The callbacks reach it through the guaranteed parser, so a call costs no reference counting (an
    /// `unowned(unsafe)` copy retained and released it on every event: a tenth of a sheet's read).
    let handler: XMLEventHandler
    private var ctxt: xmlParserCtxtPtr?
    private var sax: UnsafeMutablePointer<xmlSAXHandler>
    private var failure: Error?
    private var firstError: XMLParseError?
    private var finished = false

    public init(documentName: String, handler: XMLEventHandler) {
        XMLStreamParser.initializeLibrary
        self.documentName = documentName
        self.handler = handler
        self.sax = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        sax.initialize(to: xmlSAXHandler())
        sax.pointee.initialized = UInt32(XML_SAX2_MAGIC)
        sax.pointee.startElementNs = gsStartElementNs
        sax.pointee.endElementNs = gsEndElementNs
        sax.pointee.characters = gsCharacters
        sax.pointee.cdataBlock = gsCharacters
        sax.pointee.ignorableWhitespace = gsCharacters
        sax.pointee.internalSubset = gsInternalSubset
        sax.pointee.externalSubset = gsInternalSubset
        sax.pointee.entityDecl = gsEntityDecl
        sax.pointee.serror = gsStructuredError
    }

    deinit {
        if let ctxt {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        sax.deinitialize(count: 1)
        sax.deallocate()
    }

    /// `xmlInitParser()` once per process (never `xmlCleanupParser()`: other threads may be parsing).
    private static let initializeLibrary: Void = { xmlInitParser() }()

    /// The line the parser is on (for handler errors).
    public var currentLine: Int {
        guard let ctxt, let input = ctxt.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// Stops parsing; `feed` and `finish` then throw `error`.
    public func stop(with error: Error) {
        if failure == nil { failure = error }
        if let ctxt { xmlStopParser(ctxt) }
    }

    /// Parses the next chunk of the document.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws {
        try check()
        guard bytes.count > 0 else { return }
        var chunk = bytes
        if ctxt == nil {
            // The first bytes go to the context so that libxml2 detects the encoding (BOM, UTF-16).
            let head = min(4, chunk.count)
            let c = xmlCreatePushParserCtxt(
                sax, Unmanaged.passUnretained(self).toOpaque(),
                chunk.baseAddress!.assumingMemoryBound(to: CChar.self),
                Int32(head), documentName)
            guard let c else {
                throw XMLParseError(document: documentName, line: 0, column: 0, message: "cannot create an XML parser")
            }
            xmlCtxtUseOptions(c, Int32(XML_PARSE_NONET.rawValue))
            ctxt = c
            chunk = UnsafeRawBufferPointer(rebasing: chunk[head...])
            if chunk.isEmpty { return try check() }
        }
        var offset = 0
        // Feed at most 256 KiB at a time: libxml2 refuses a lookahead over 10 MB ("Huge input
        // lookup") unless XML_PARSE_HUGE, which we never set.
        while offset < chunk.count {
            let n = min(chunk.count - offset, 256 << 10)
            let rc = xmlParseChunk(
                ctxt, chunk.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(n), 0)
            offset += n
            if rc != 0 { try check(fallback: rc) }
        }
        try check()
    }

    /// Signals the end of the document and reports any error left.
    public func finish() throws {
        try check()
        guard !finished else { return }
        finished = true
        guard let ctxt else {
            throw XMLParseError(
                document: documentName, line: 0, column: 0, message: "the part is empty (no XML at all)")
        }
        let rc = xmlParseChunk(ctxt, nil, 0, 1)
        try check(fallback: rc)
        if ctxt.pointee.wellFormed == 0 {
            throw firstError
                ?? XMLParseError(document: documentName, line: currentLine, column: 0, message: "not well-formed XML")
        }
    }

    private func check(fallback rc: Int32 = 0) throws {
        if let failure { throw failure }
        if let firstError { throw firstError }
        if rc != 0 {
            throw XMLParseError(document: documentName, line: currentLine, column: 0, message: "XML error \(rc)")
        }
    }

    fileprivate func record(_ error: UnsafePointer<xmlError>) {
        guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        if firstError == nil {
            var msg = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
            while msg.hasSuffix("\n") { msg.removeLast() }
            firstError = XMLParseError(
                document: documentName, line: Int(error.pointee.line),
                column: Int(error.pointee.int2), message: msg)
        }
    }

    fileprivate func refuseDTD(_ what: String) {
        stop(
            with: XMLParseError(
                document: documentName, line: currentLine, column: 0,
                message: "\(what) refused: SpreadsheetML parts have no DOCTYPE (possible entity-expansion attack)",
                reason: .refusedDTD))
    }
}

@inline(__always) private func parser(_ ctx: UnsafeMutableRawPointer?) -> XMLStreamParser {
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!).takeUnretainedValue()
}

private let gsStartElementNs: startElementNsSAX2Func = { ctx, localname, _, uri, _, _, nbAttributes, _, attributes in
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
        $0.handler.startElement(
            XMLStartElement(
                localName: localname!, namespaceURI: uri, attributeCount: Int(nbAttributes),
                attributes: attributes.map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
                }))
    }
}

private let gsEndElementNs: endElementNsSAX2Func = { ctx, localname, _, uri in
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
        $0.handler.endElement(XMLEndElement(localName: localname!, namespaceURI: uri))
    }
}

private let gsCharacters: charactersSAXFunc = { ctx, ch, len in
    guard let ch, len > 0 else { return }
    Unmanaged<XMLStreamParser>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
        $0.handler.characters(UnsafeBufferPointer(start: ch, count: Int(len)))
    }
}

private let gsInternalSubset: internalSubsetSAXFunc = { ctx, _, _, _ in
    parser(ctx).refuseDTD("DOCTYPE declaration")
}

private let gsEntityDecl: entityDeclSAXFunc = { ctx, _, _, _, _, _ in
    parser(ctx).refuseDTD("entity declaration")
}

private let gsStructuredError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error else { return }
    parser(ctx).record(error)
}
