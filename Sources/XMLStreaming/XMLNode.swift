/// A small element tree for small parts (content types, relationships, workbook, styles).
///
/// Large parts (worksheets, shared strings) are streamed instead; never build one of these for them.
public final class XMLNode {
    public let name: String
    public let namespace: String?
    public let attributes: [(name: String, namespace: String?, value: String)]
    public private(set) var children: [XMLNode] = []
    /// Direct text content (CDATA included), concatenated.
    public private(set) var text: String = ""

    init(name: String, namespace: String?, attributes: [(name: String, namespace: String?, value: String)]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    /// The value of an attribute by local name, unqualified first, then in any namespace.
    public subscript(attribute: String) -> String? {
        if let a = attributes.first(where: { $0.name == attribute && $0.namespace == nil }) { return a.value }
        return attributes.first(where: { $0.name == attribute })?.value
    }

    /// The value of an attribute in a given namespace (e.g. `r:id`), matched by local name.
    public func attribute(_ name: String, inNamespaceEndingWith suffix: String) -> String? {
        attributes.first(where: { $0.name == name && ($0.namespace?.hasSuffix(suffix) ?? false) })?.value
    }

    /// Direct children with this local name.
    public func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The first direct child with this local name.
    public func child(named name: String) -> XMLNode? { children.first { $0.name == name } }

    /// All descendants (depth first) with this local name.
    public func descendants(named name: String) -> [XMLNode] {
        var out: [XMLNode] = []
        func walk(_ n: XMLNode) {
            for c in n.children {
                if c.name == name { out.append(c) }
                walk(c)
            }
        }
        walk(self)
        return out
    }

    fileprivate func append(_ child: XMLNode) { children.append(child) }
    fileprivate func appendText(_ t: UnsafeBufferPointer<UInt8>) { text += String(decoding: t, as: UTF8.self) }
}

/// Builds an `XMLNode` tree from SAX events, with a cap on the number of elements.
public final class XMLTreeBuilder: XMLEventHandler {
    public private(set) var root: XMLNode?
    private var stack: [XMLNode] = []
    private var count = 0
    private let maxElements: Int
    public weak var parser: XMLStreamParser?

    public init(maxElements: Int = 2_000_000) { self.maxElements = maxElements }

    public func startElement(_ element: XMLStartElement) {
        count += 1
        if count > maxElements {
            parser?.stop(
                with: XMLParseError(
                    document: parser?.documentName ?? "", line: parser?.currentLine ?? 0, column: 0,
                    message: "more than \(maxElements) elements in a part read as a tree", reason: .overLimit))
            return
        }
        let node = XMLNode(name: element.name, namespace: element.namespace, attributes: element.allAttributes)
        if let top = stack.last { top.append(node) } else if root == nil { root = node }
        stack.append(node)
    }

    public func endElement(_ element: XMLEndElement) { _ = stack.popLast() }

    public func characters(_ text: UnsafeBufferPointer<UInt8>) { stack.last?.appendText(text) }
}

extension XMLNode {
    /// Parses a whole document held in memory.
    public static func parse(_ bytes: [UInt8], documentName: String) throws -> XMLNode {
        let builder = XMLTreeBuilder()
        let parser = XMLStreamParser(documentName: documentName, handler: builder)
        builder.parser = parser
        try bytes.withUnsafeBytes { try parser.feed($0) }
        try parser.finish()
        guard let root = builder.root else {
            throw XMLParseError(document: documentName, line: 0, column: 0, message: "no root element")
        }
        return root
    }
}
