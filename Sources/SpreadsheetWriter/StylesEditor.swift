/// A cell style GoalSheet asks for: an existing style (cellXfs index) cloned with a number format, a fill or bold text.
public struct StyleRequest: Sendable, Hashable {
    public var base: Int?
    public var numberFormat: String?
    /// A solid fill, "RRGGBB".
    public var fill: String?
    public var bold: Bool
    /// Long text wrapped within the column's width, from the top of the cell.
    public var wrap: Bool

    public init(
        base: Int? = nil, numberFormat: String? = nil, fill: String? = nil, bold: Bool = false, wrap: Bool = false
    ) {
        self.base = base
        self.numberFormat = numberFormat
        self.fill = fill
        self.bold = bold
        self.wrap = wrap
    }
}

/// `xl/styles.xml` (ECMA-376 §18.8): new number formats, fonts, fills and cell formats (`xf`) appended by splicing,
/// each reused when an identical one exists, so that running twice adds nothing the second time.
final class StylesEditor {
    static let builtinFormats: [String: Int] = [
        "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10,
    ]

    static let minimal =
        xmlDeclaration + """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """

    let doc: XMLSpliceDocument
    private static let order = [
        "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
        "colors", "extLst",
    ]
    private var existing: [String: [String]] = [:]
    private var added: [String: [String]] = [:]
    private var customFormats: [String: Int] = [:]
    private var addedFormats: [(Int, String)] = []
    private var resolved: [StyleRequest: Int] = [:]

    init(_ bytes: [UInt8]?, part: String) throws {
        doc = try XMLSpliceDocument(bytes ?? Array(StylesEditor.minimal.utf8), part: part)
        for name in ["fonts", "fills", "cellXfs"] {
            existing[name] =
                doc.first(name).map { c in
                    doc.children(of: c).map { String(decoding: doc.slice(doc.elements[$0].outer), as: UTF8.self) }
                } ?? []
        }
        if let nf = doc.first("numFmts") {
            for i in doc.children(of: nf, named: "numFmt") {
                if let id = doc.attribute("numFmtId", of: i).flatMap(Int.init),
                    let code = doc.attribute("formatCode", of: i)
                {
                    customFormats[code] = customFormats[code] ?? id
                }
            }
        }
    }

    private var p: String { doc.root.prefix.isEmpty ? "" : doc.root.prefix + ":" }

    /// The index of an element equal to `xml` in container `name`, appending it when there is none.
    private func intern(_ xml: String, in name: String) -> Int {
        if let i = existing[name]!.firstIndex(of: xml) { return i }
        if let i = added[name, default: []].firstIndex(of: xml) { return existing[name]!.count + i }
        added[name, default: []].append(xml)
        return existing[name]!.count + added[name]!.count - 1
    }

    private func formatID(_ code: String) -> Int {
        if let b = StylesEditor.builtinFormats[code] { return b }
        if let id = customFormats[code] { return id }
        let id = max(163, customFormats.values.max() ?? 163) + 1
        customFormats[code] = id
        addedFormats.append((id, code))
        return id
    }

    /// The cellXfs index for a request.
    func xf(_ request: StyleRequest) -> Int {
        if let i = resolved[request] { return i }
        let xfs = existing["cellXfs"]!
        let baseIndex = request.base.flatMap { $0 < xfs.count ? $0 : nil } ?? 0
        let baseXML =
            xfs.isEmpty
            ? "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" : xfs[baseIndex]
        guard let x = try? XMLSpliceDocument(Array(baseXML.utf8), part: doc.part) else { return baseIndex }
        if let code = request.numberFormat {
            x.setAttribute("numFmtId", String(formatID(code)), of: 0)
            x.setAttribute("applyNumberFormat", "1", of: 0)
        }
        if let rgb = request.fill {
            let fill =
                "<\(p)fill><\(p)patternFill patternType=\"solid\"><\(p)fgColor rgb=\"FF\(rgb)\"/><\(p)bgColor indexed=\"64\"/></\(p)patternFill></\(p)fill>"
            x.setAttribute("fillId", String(intern(fill, in: "fills")), of: 0)
            x.setAttribute("applyFill", "1", of: 0)
        }
        if request.bold {
            let fonts = existing["fonts"]!
            let fontIndex = x.attribute("fontId", of: 0).flatMap(Int.init).flatMap { $0 < fonts.count ? $0 : nil } ?? 0
            var font = fonts.isEmpty ? "<\(p)font><\(p)sz val=\"11\"/></\(p)font>" : fonts[fontIndex]
            if let f = try? XMLSpliceDocument(Array(font.utf8), part: doc.part), f.first("b") == nil {
                if let firstChild = f.children(of: 0).first {
                    f.insert("<\(p)b/>", at: f.elements[firstChild].start.lowerBound)
                } else {
                    f.append("<\(p)b/>", into: 0)
                }
                font = String(decoding: f.result(), as: UTF8.self)
            }
            x.setAttribute("fontId", String(intern(font, in: "fonts")), of: 0)
            x.setAttribute("applyFont", "1", of: 0)
        }
        var xfXML = x.result()
        if request.wrap { xfXML = wrapped(xfXML) }
        let index = intern(String(decoding: xfXML, as: UTF8.self), in: "cellXfs")
        resolved[request] = index
        return index
    }

    /// An `xf` with wrapped, top-aligned text: its `<alignment>` edited, or one added (§18.8.1).
    private func wrapped(_ xf: [UInt8]) -> [UInt8] {
        guard let x = try? XMLSpliceDocument(xf, part: doc.part) else { return xf }
        x.setAttribute("applyAlignment", "1", of: 0)
        guard let a = x.first("alignment") else {
            guard let y = try? XMLSpliceDocument(x.result(), part: doc.part) else { return xf }
            y.append("<\(p)alignment vertical=\"top\" wrapText=\"1\"/>", into: 0)
            return y.result()
        }
        x.setAttribute("wrapText", "1", of: a)
        x.setAttribute("vertical", "top", of: a)
        return x.result()
    }

    var hasChanges: Bool { !added.isEmpty || !addedFormats.isEmpty }

    func result() -> [UInt8] {
        if !addedFormats.isEmpty {
            let items = addedFormats.map {
                "<\(p)numFmt numFmtId=\"\($0.0)\" formatCode=\"\(XMLText.escapeAttribute($0.1))\"/>"
            }.joined()
            if let nf = doc.first("numFmts") {
                doc.append(items, into: nf)
                doc.setAttribute("count", String(doc.children(of: nf).count + addedFormats.count), of: nf)
            } else {
                insertContainer("numFmts", "<\(p)numFmts count=\"\(addedFormats.count)\">\(items)</\(p)numFmts>")
            }
        }
        for name in ["fonts", "fills", "cellXfs"] {
            guard let items = added[name], !items.isEmpty else { continue }
            if let c = doc.first(name) {
                doc.append(items.joined(), into: c)
                doc.setAttribute("count", String(existing[name]!.count + items.count), of: c)
            } else {
                insertContainer(name, "<\(p)\(name) count=\"\(items.count)\">\(items.joined())</\(p)\(name)>")
            }
        }
        return doc.result()
    }

    /// A missing container goes before the first element that follows it in the schema's order.
    private func insertContainer(_ name: String, _ xml: String) {
        let after = StylesEditor.order.drop { $0 != name }.dropFirst()
        for next in after {
            if let i = doc.first(next) { doc.insert(xml, at: doc.elements[i].start.lowerBound); return }
        }
        doc.append(xml, into: 0)
    }
}
