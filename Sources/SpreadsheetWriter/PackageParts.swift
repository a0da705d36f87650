/// The namespace family of a package: transitional (ECMA-376 Part 1 as Excel writes it) or Strict.
public struct OOXMLNamespaces: Sendable, Equatable {
    public let main: String
    public let relationships: String
    /// The base of relationship types ("…/relationships/worksheet").
    public let relationshipTypes: String

    public static let transitional = OOXMLNamespaces(
        main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        relationships: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        relationshipTypes: "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    public static let strict = OOXMLNamespaces(
        main: "http://purl.oclc.org/ooxml/spreadsheetml/main",
        relationships: "http://purl.oclc.org/ooxml/officeDocument/relationships",
        relationshipTypes: "http://purl.oclc.org/ooxml/officeDocument/relationships")

    /// The custom-properties part's namespace, its variant types' and its relationship type (§22.3; Strict
    /// packages use purl.oclc.org names for all three).
    public var customProperties: String {
        self == .strict
            ? "http://purl.oclc.org/ooxml/officeDocument/customProperties"
            : "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    }
    public var docPropsVTypes: String {
        self == .strict
            ? "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"
            : "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    }
    public var customPropertiesType: String {
        relationshipTypes + (self == .strict ? "/customProperties" : "/custom-properties")
    }

    public func type(_ name: String) -> String {
        // Strict Excel keeps the transitional type for VML drawings.
        name == "vmlDrawing"
            ? OOXMLNamespaces.transitional.relationshipTypes + "/vmlDrawing" : relationshipTypes + "/" + name
    }
}

/// Content types (ECMA-376 Part 2 §10.1.2) and relationship ids used by the writers.
enum ContentType {
    static let worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    static let workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    static let styles = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
    static let comments = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    static let vml = "application/vnd.openxmlformats-officedocument.vmlDrawing"
    static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
    static let customProperties = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    static let coreProperties = "application/vnd.openxmlformats-package.core-properties+xml"
    static let extendedProperties = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
}

let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/// `[Content_Types].xml` (ECMA-376 Part 2 §10.1.2.2): overrides and defaults added by splicing.
final class ContentTypesEditor {
    let doc: XMLSpliceDocument
    private var added: [String: String] = [:]
    private var addedDefaults: Set<String> = []

    init(_ bytes: [UInt8]) throws { doc = try XMLSpliceDocument(bytes, part: "[Content_Types].xml") }

    /// Declares `part`'s content type unless an override or a default already gives that type.
    func ensure(part: String, type: String) {
        let name = "/" + part
        for i in doc.children(of: 0, named: "Override")
        where doc.attribute("PartName", of: i)?.lowercased() == name.lowercased() {
            if doc.attribute("ContentType", of: i) != type { doc.setAttribute("ContentType", type, of: i) }
            return
        }
        guard added[name] == nil else { return }
        added[name] = type
        doc.append(
            "<\(doc.qualified("Override")) PartName=\"\(XMLText.escapeAttribute(name))\" ContentType=\"\(type)\"/>",
            into: 0)
    }

    /// Declares a default content type for an extension (vml) unless one exists.
    func ensureDefault(extension ext: String, type: String) {
        if doc.children(of: 0, named: "Default").contains(where: {
            doc.attribute("Extension", of: $0)?.lowercased() == ext
        }) {
            return
        }
        guard addedDefaults.insert(ext).inserted else { return }
        // Defaults come first by convention; any position is valid.
        if let first = doc.children(of: 0).first {
            doc.insert(
                "<\(doc.qualified("Default")) Extension=\"\(ext)\" ContentType=\"\(type)\"/>",
                at: doc.elements[first].start.lowerBound)
        } else {
            doc.append("<\(doc.qualified("Default")) Extension=\"\(ext)\" ContentType=\"\(type)\"/>", into: 0)
        }
    }

    func result() -> [UInt8] { doc.result() }
}

/// A relationships part (ECMA-376 Part 2 §9.3): existing relationships kept byte for byte, new ones appended
/// with ids that collide with none.
final class RelationshipsEditor {
    let part: String
    private let doc: XMLSpliceDocument?
    private var used: Set<String> = []
    private var added: [String] = []
    private(set) var relationships: [(id: String, type: String, target: String)] = []

    init(part: String, bytes: [UInt8]?) throws {
        self.part = part
        if let b = bytes {
            let d = try XMLSpliceDocument(b, part: part)
            doc = d
            for i in d.children(of: 0, named: "Relationship") {
                let id = d.attribute("Id", of: i) ?? ""
                used.insert(id)
                relationships.append((id, d.attribute("Type", of: i) ?? "", d.attribute("Target", of: i) ?? ""))
            }
        } else {
            doc = nil
        }
    }

    /// Allocates a fresh id ("rId7") without adding a relationship yet.
    func newID() -> String {
        var n = 1
        while used.contains("rId\(n)") { n += 1 }
        used.insert("rId\(n)")
        return "rId\(n)"
    }

    func add(id: String, type: String, target: String) {
        used.insert(id)
        relationships.append((id, type, target))
        added.append("<Relationship Id=\"\(id)\" Type=\"\(type)\" Target=\"\(XMLText.escapeAttribute(target))\"/>")
    }

    var hasChanges: Bool { !added.isEmpty }

    func result() -> [UInt8] {
        if let d = doc {
            let prefixed =
                d.root.prefix.isEmpty
                ? added
                : added.map { $0.replacingOccurrences(of: "<Relationship ", with: "<\(d.root.prefix):Relationship ") }
            d.append(prefixed.joined(), into: 0)
            return d.result()
        }
        return Array(
            (xmlDeclaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + added.joined() + "</Relationships>").utf8)
    }
}

/// A relative target from `source`'s folder to `part` ("worksheets/sheet1.xml" → "../comments1.xml").
func relativeTarget(from source: String, to part: String) -> String {
    var base = source.split(separator: "/").dropLast().map(String.init)
    let target = part.split(separator: "/").map(String.init)
    var common = 0
    while common < base.count && common < target.count - 1 && base[common] == target[common] { common += 1 }
    base.removeFirst(common)
    return Array(repeating: "..", count: base.count).joined(separator: "/") + (base.isEmpty ? "" : "/")
        + target[common...].joined(separator: "/")
}
