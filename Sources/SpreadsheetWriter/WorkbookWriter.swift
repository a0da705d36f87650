import GoalSheetSupport
import SpreadsheetML
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a new workbook from scratch: content types, relationships, workbook, styles, sheets and docProps
/// (ECMA-376 Part 1 §12.2, the minimal conformant SpreadsheetML package plus document properties).
public enum WorkbookWriter {
    /// Writes `sheets` to `path` (through a temporary file renamed into place).
    public static func write(
        _ sheets: [NewSheet], to path: String, creator: String = "GoalSheet", jobs: Int = 1
    ) throws {
        guard !sheets.isEmpty else { throw PatchError(file: path, part: nil, "a workbook needs at least one sheet") }
        var seen = Set<String>()
        let styles = try StylesEditor(nil, part: "xl/styles.xml")
        // One pass before writing: limits checked, used ranges found, every style in the styles part.
        var streamed: [StreamedSheet] = []
        for s in sheets {
            streamed.append(try StreamedSheet(s, namespaces: .transitional, styles: styles, jobs: jobs))
            guard seen.insert(s.name.lowercased()).inserted else { throw ExcelLimitError.duplicateSheetName(s.name) }
        }
        let tmp = FileIO.temporaryPath(beside: path)
        do {
            let w = try ZipWriter(path: tmp)
            try w.add(name: "[Content_Types].xml", text: contentTypes(sheetCount: sheets.count))
            try w.add(
                name: "_rels/.rels",
                text: xmlDeclaration + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
                    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
                    </Relationships>
                    """)
            try w.add(name: "docProps/core.xml", text: coreProperties(creator: creator))
            try w.add(name: "docProps/app.xml", text: appProperties(sheets.map(\.name)))
            try w.add(
                name: "xl/workbook.xml",
                text: workbook(
                    sheets.map(\.name),
                    definedNames: sheets.enumerated().flatMap { $1.definedNames(localSheetID: $0) }))
            try w.add(name: "xl/_rels/workbook.xml.rels", text: workbookRelationships(sheetCount: sheets.count))
            try w.add(name: "xl/styles.xml", data: styles.result())
            // With more than one job, each sheet of many rows is deflated on a thread of its own meanwhile; the
            // others as their rows are made.
            let names = streamed.indices.map { "xl/worksheets/sheet\($0 + 1).xml" }
            let ahead = streamed.indices.map {
                PartDeflation.start(streamed[$0], entry: names[$0], beside: tmp, index: $0 + 1, jobs: jobs)
            }
            defer { for d in ahead { d?.discard() } }
            for i in streamed.indices { try w.add(streamed[i], name: names[i], ahead: ahead[i]) }
            try w.finish()
            guard rename(tmp, path) == 0 else {
                throw PatchError(file: path, part: nil, "cannot rename into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(tmp)
            throw WorkbookPatcher.naming(error, tmp, as: path)
        }
    }

    /// `[Content_Types].xml`.
    static func contentTypes(sheetCount: Int) -> String {
        xmlDeclaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"\(ContentType.relationships)\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ContentType.workbook)\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ContentType.styles)\"/>"
            + (1...sheetCount).map {
                "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"\(ContentType.worksheet)\"/>"
            }.joined()
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"\(ContentType.coreProperties)\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(ContentType.extendedProperties)\"/></Types>"
    }

    /// `xl/workbook.xml` (§18.2.27).
    static func workbook(_ names: [String], definedNames: [String] = []) -> String {
        xmlDeclaration
            + "<workbook xmlns=\"\(OOXMLNamespaces.transitional.main)\" xmlns:r=\"\(OOXMLNamespaces.transitional.relationships)\">"
            + "<workbookPr/><bookViews><workbookView/></bookViews><sheets>"
            + names.enumerated().map {
                "<sheet name=\"\(XMLText.escapeAttribute($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
            }.joined()
            + "</sheets>" + (definedNames.isEmpty ? "" : "<definedNames>" + definedNames.joined() + "</definedNames>")
            + "</workbook>"
    }

    /// `xl/_rels/workbook.xml.rels`: sheets rId1…rIdN, styles after them.
    static func workbookRelationships(sheetCount: Int) -> String {
        let t = OOXMLNamespaces.transitional
        return xmlDeclaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + (1...sheetCount).map {
                "<Relationship Id=\"rId\($0)\" Type=\"\(t.type("worksheet"))\" Target=\"worksheets/sheet\($0).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(t.type("styles"))\" Target=\"styles.xml\"/></Relationships>"
    }

    static func coreProperties(creator: String) -> String {
        xmlDeclaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>\(XMLText.escapeText(creator))</dc:creator></cp:coreProperties>"
    }

    static func appProperties(_ names: [String]) -> String {
        xmlDeclaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
            + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>GoalSheet</Application>"
            + "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
            + "<vt:variant><vt:i4>\(names.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            + "<TitlesOfParts><vt:vector size=\"\(names.count)\" baseType=\"lpstr\">"
            + names.map { "<vt:lpstr>\(XMLText.escapeText($0))</vt:lpstr>" }.joined()
            + "</vt:vector></TitlesOfParts></Properties>"
    }
}
