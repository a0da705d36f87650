import Foundation
import GoalSheetSupport
import XMLStreaming
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One relationship from a `.rels` part (ECMA-376 Part 2, §9.3: `<Relationship Id Type Target TargetMode>`).
public struct Relationship: Sendable, Hashable {
    public let id: String
    public let type: String
    /// The target exactly as written.
    public let target: String
    public let isExternal: Bool
    /// For internal targets: the part name it resolves to (no leading slash), else nil.
    public let targetPart: String?

    /// True when the type ends with `/name` (Transitional and Strict type URIs differ only in their prefix).
    public func hasType(_ name: String) -> Bool { type.hasSuffix("/" + name) }
}

/// `[Content_Types].xml`: defaults by extension and overrides by part name (§10.1.2).
public struct ContentTypes: Sendable {
    public var defaults: [String: String]
    public var overrides: [String: String]

    /// The content type of a part (name without leading slash).
    public func contentType(of part: String) -> String? {
        if let o = overrides[part.lowercased()] { return o }
        guard let dot = part.lastIndex(of: ".") else { return nil }
        return defaults[String(part[part.index(after: dot)...]).lowercased()]
    }
}

/// An Open Packaging Conventions package on a ZIP archive: content types, relationships, parts.
public final class OPCPackage: @unchecked Sendable {
    public let path: String
    public let zip: ZipArchive
    public let contentTypes: ContentTypes
    /// `_rels/.rels`.
    public let packageRelationships: [Relationship]
    private var relsCache: [String: [Relationship]] = [:]

    /// Opens a package, telling legacy `.xls`, encrypted workbooks and non-ZIP files apart.
    public init(path: String) throws {
        self.path = path
        try OPCPackage.checkSignature(path)
        do {
            zip = try ZipArchive(path: path)
        } catch {
            throw GoalSheetError.wrap(error, file: path)
        }
        guard let ct = zip.entry(named: "[Content_Types].xml") else {
            if zip.entry(named: "xl/workbook.bin") != nil {
                throw GoalSheetError(
                    .xlsb, file: path, "this is a binary workbook (.xlsb), which is not supported; save it as .xlsx")
            }
            throw GoalSheetError(
                .missingPart, file: path, part: "[Content_Types].xml",
                "the package has no content types part; not an Office Open XML file")
        }
        let ctRoot = try OPCPackage.parseTree(zip: zip, entry: ct, file: path)
        var defaults: [String: String] = [:]
        var overrides: [String: String] = [:]
        for node in ctRoot.children {
            if node.name == "Default", let ext = node["Extension"], let type = node["ContentType"] {
                defaults[ext.lowercased()] = type
            } else if node.name == "Override", let name = node["PartName"], let type = node["ContentType"] {
                overrides[OPCPackage.normalize(name).lowercased()] = type
            }
        }
        contentTypes = ContentTypes(defaults: defaults, overrides: overrides)
        if let rels = zip.entry(named: "_rels/.rels") {
            packageRelationships = try OPCPackage.parseRelationships(zip: zip, entry: rels, source: "", file: path)
        } else {
            packageRelationships = []
        }
    }

    /// The main part for a relationship type (e.g. `officeDocument`), else nil.
    public func packageTarget(ofType type: String) -> String? {
        packageRelationships.first { $0.hasType(type) && !$0.isExternal }?.targetPart
    }

    /// Part names (no leading slash) whose content type satisfies `predicate`, in archive order.
    public func parts(whereContentType predicate: (String) -> Bool) -> [String] {
        zip.entries.filter { e in contentTypes.contentType(of: e.name).map(predicate) ?? false }.map(\.name)
    }

    /// The ZIP entry of a part, if it exists.
    public func entry(for part: String) -> ZipEntry? { zip.entry(named: part) }

    /// True when the package holds this part.
    public func hasPart(_ part: String) -> Bool { zip.entry(named: part) != nil }

    /// The relationships of a part (from `dir/_rels/name.rels`); empty when it has none.
    public func relationships(of part: String) throws -> [Relationship] {
        if let cached = relsCache[part] { return cached }
        let relsName = OPCPackage.relationshipsPartName(for: part)
        var rels: [Relationship] = []
        if let entry = zip.entry(named: relsName) {
            rels = try OPCPackage.parseRelationships(zip: zip, entry: entry, source: part, file: path)
        }
        relsCache[part] = rels
        return rels
    }

    /// Parses a small part into a tree.
    public func tree(of part: String) throws -> XMLNode {
        guard let entry = zip.entry(named: part) else {
            throw GoalSheetError(.missingPart, file: path, part: part, "the part is missing from the package")
        }
        return try OPCPackage.parseTree(zip: zip, entry: entry, file: path)
    }

    /// Streams a part through an XML handler, inflating and parsing chunk by chunk.
    /// `configure` gets the parser before the first byte (to let the handler stop it).
    public func stream(
        part: String, to handler: XMLEventHandler, configure: (XMLStreamParser) -> Void = { _ in }
    ) throws {
        guard let entry = zip.entry(named: part) else {
            throw GoalSheetError(.missingPart, file: path, part: part, "the part is missing from the package")
        }
        let source = try PartByteSource(package: self, entry: entry)
        let parser = XMLStreamParser(documentName: entry.name, handler: handler)
        configure(parser)
        do {
            while let chunk = try source.next() {
                try parser.feed(chunk)
            }
            try parser.finish()
        } catch {
            throw GoalSheetError.wrap(error, file: path, part: entry.name)
        }
    }

    // MARK: - Helpers

    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    public static func relationshipsPartName(for part: String) -> String {
        if let slash = part.lastIndex(of: "/") {
            return part[..<slash] + "/_rels/" + part[part.index(after: slash)...] + ".rels"
        }
        return "_rels/" + part + ".rels"
    }

    /// Resolves a relationship target against its source part (§9.3.4): absolute targets from the
    /// package root, relative ones from the source's folder; `.` and `..` collapsed; `%XX` decoded.
    public static func resolve(target: String, from source: String) -> String {
        var t = percentDecoded(slashed(target))
        if let hash = t.firstIndex(of: "#") { t = String(t[..<hash]) }
        var base: [Substring] = []
        if !t.hasPrefix("/") {
            base = source.split(separator: "/", omittingEmptySubsequences: true)
            if !base.isEmpty { base.removeLast() }  // the source's own name
        }
        for seg in t.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." { if !base.isEmpty { base.removeLast() }; continue }
            base.append(seg)
        }
        return base.joined(separator: "/")
    }

    static func normalize(_ partName: String) -> String {
        var n = slashed(partName)
        while n.hasPrefix("/") { n.removeFirst() }
        return percentDecoded(n)
    }

    /// `s` with its backslashes (a Windows writer's separators) as slashes; most names have none.
    static func slashed(_ s: String) -> String {
        guard s.utf8.contains(0x5C) else { return s }
        return s.replacingOccurrences(of: "\\", with: "/")
    }

    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x25, i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    static func parseTree(zip: ZipArchive, entry: ZipEntry, file: String) throws -> XMLNode {
        do {
            let bytes = try zip.contents(of: entry, limit: 64 << 20)
            return try XMLNode.parse(bytes, documentName: entry.name)
        } catch {
            throw GoalSheetError.wrap(error, file: file, part: entry.name)
        }
    }

    static func parseRelationships(
        zip: ZipArchive, entry: ZipEntry, source: String, file: String
    ) throws -> [Relationship] {
        let root = try parseTree(zip: zip, entry: entry, file: file)
        return root.children(named: "Relationship").compactMap { node in
            guard let id = node["Id"], let type = node["Type"], let target = node["Target"] else { return nil }
            let external = node["TargetMode"]?.lowercased() == "external"
            return Relationship(
                id: id, type: type, target: target, isExternal: external,
                targetPart: external ? nil : resolve(target: target, from: source))
        }
    }

    /// Tells legacy and encrypted workbooks (OLE2 compound files) from a ZIP before opening it.
    static func checkSignature(_ path: String) throws {
        guard let f = fopen(path, "rb") else {
            throw GoalSheetError(.cannotOpen, file: path, String(cString: strerror(errno)))
        }
        defer { fclose(f) }
        var head = [UInt8](repeating: 0, count: 8)
        let n = fread(&head, 1, 8, f)
        guard n == 8, head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] else { return }
        // An OLE2 compound file. Office encryption puts the package in a CFB container with an
        // `EncryptionInfo` stream; look for that name (UTF-16LE) in the first MiB.
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        fseek(f, 0, SEEK_SET)
        let m = fread(&buf, 1, buf.count, f)
        let needle = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if m >= needle.count {
            var i = 0
            while i + needle.count <= m {
                if buf[i] == needle[0], Array(buf[i..<(i + needle.count)]) == needle {
                    throw GoalSheetError(
                        .encryptedWorkbook, file: path,
                        "the workbook is password-protected (encrypted OLE2 container); remove the password in Excel and save again"
                    )
                }
                i += 1
            }
        }
        throw GoalSheetError(
            .legacyXLS, file: path,
            "this is a legacy Excel 97-2003 (.xls) file, which is not supported; save it as .xlsx")
    }
}

/// Inflated chunks of a part. A part of 1 MiB or more is inflated on a second thread, a few chunks ahead
/// (`ZipReadAhead`); a smaller one (or any, when no thread can be started) in the caller's thread.
public final class PartByteSource {
    private enum Source {
        case direct(ZipEntryReader, UnsafeMutableRawBufferPointer)
        case ahead(ZipReadAhead)
    }
    private let source: Source
    /// Parts from this size up are inflated ahead on a thread of their own.
    public static let readAheadThreshold: UInt64 = 1 << 20

    public init(package: OPCPackage, entry: ZipEntry) throws {
        let reader: ZipEntryReader
        do {
            reader = try package.zip.reader(for: entry)
        } catch {
            throw GoalSheetError.wrap(error, file: package.path, part: entry.name)
        }
        if entry.uncompressedSize >= PartByteSource.readAheadThreshold, let ahead = ZipReadAhead(reader: reader) {
            source = .ahead(ahead)
        } else {
            source = .direct(reader, UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16))
        }
    }

    deinit { if case .direct(_, let buffer) = source { buffer.deallocate() } }

    /// The next chunk, valid until the next call; nil at the end of the part.
    public func next() throws -> UnsafeRawBufferPointer? {
        switch source {
        case .ahead(let ahead):
            return try ahead.next()
        case .direct(let reader, let buffer):
            let n = try reader.read(into: buffer)
            return n == 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[0..<n])
        }
    }
}
