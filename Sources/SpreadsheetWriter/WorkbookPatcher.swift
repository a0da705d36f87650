import GoalSheetSupport
import OPCPackage
import SpreadsheetML
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What to add to one existing worksheet.
public struct SheetPatch: Sendable {
    public var sheet: String
    /// 0-based row → cells (an existing cell at the same column is replaced).
    public var cells: [Int: [CellWrite]]
    public var notes: [CellNote]
    public var columnWidths: [ColumnWidth]
    /// GoalSheet's ranges in this sheet, recorded in the mark so that the next run replaces them.
    public var markedRanges: [CellRange]

    public init(
        sheet: String, cells: [Int: [CellWrite]] = [:], notes: [CellNote] = [], columnWidths: [ColumnWidth] = [],
        markedRanges: [CellRange] = []
    ) {
        self.sheet = sheet
        self.cells = cells
        self.notes = notes
        self.columnWidths = columnWidths
        self.markedRanges = markedRanges
    }
}

/// Everything GoalSheet adds to one workbook.
public struct WorkbookPatch: Sendable {
    public var sheets: [SheetPatch]
    /// A sheet added at the end (replacing GoalSheet's summary sheet from an earlier run).
    public var summary: NewSheet?

    public init(sheets: [SheetPatch] = [], summary: NewSheet? = nil) {
        self.sheets = sheets
        self.summary = summary
    }
}

/// What a patch changed.
public struct PatchReport: Sendable, Equatable {
    /// Parts rewritten (all other entries were copied raw).
    public var editedParts: [String] = []
    public var addedParts: [String] = []
    public var notesWritten = 0
    /// Notes that went to their fallback cell because the cell already had someone's note.
    public var notesMoved = 0
    /// Notes dropped: the cell and its fallback already had someone's note, or the sheet's VML could not be read.
    public var notesDropped = 0
    public var summarySheet: String?
}

/// An error while annotating a workbook: the file, the part, and what went wrong.
public struct PatchError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let part: String?
    public let message: String
    public init(file: String, part: String?, _ message: String) {
        self.file = file
        self.part = part
        self.message = message
    }
    public var description: String { part.map { "\(file): \($0): \(message)" } ?? "\(file): \(message)" }
}

/// Edits a workbook in place: the annotated sheets are streamed through `WorksheetRewriter`, small parts
/// (styles, workbook, relationships, content types, comments, VML, custom properties) are spliced, and every
/// other ZIP entry is copied raw, byte for byte, without inflating it.
public enum WorkbookPatcher {
    /// Writes `source` + `patch` to `output` (through a temporary file renamed into place).
    @discardableResult
    public static func apply(_ patch: WorkbookPatch, to source: String, output: String) throws -> PatchReport {
        let tmp = temporaryPath(for: output)
        do {
            let report = try write(patch, source: source, to: tmp)
            guard rename(tmp, output) == 0 else {
                throw PatchError(
                    file: output, part: nil, "cannot rename into place: \(String(cString: strerror(errno)))")
            }
            return report
        } catch {
            unlink(tmp)
            throw naming(error, tmp, as: output)
        }
    }

    /// An error writing `tmp`, told of `output` (the file the user asked for; the temporary one is gone).
    static func naming(_ error: Error, _ tmp: String, as output: String) -> Error {
        guard let z = error as? ZipError, z.file == tmp else { return error }
        return ZipError(z.kind, file: output, entry: z.entry, z.detail)
    }

    public static func temporaryPath(for output: String) -> String {
        let slash = output.lastIndex(of: "/")
        let dir = slash.map { String(output[...$0]) } ?? ""
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        return "\(dir).\(name).\(getpid()).tmp"
    }

    /// A part to write instead of (or besides) the original entries.
    enum Replacement {
        case bytes([UInt8])
        case sheet(SheetPatchJob)
    }

    final class SheetPatchJob {
        let part: String
        let edit: WorksheetEdit
        let legacyDrawingID: String?
        var rewriter: WorksheetRewriter?
        init(part: String, edit: WorksheetEdit, legacyDrawingID: String?) {
            self.part = part
            self.edit = edit
            self.legacyDrawingID = legacyDrawingID
        }
    }

    static func write(_ patch: WorkbookPatch, source: String, to path: String) throws -> PatchReport {
        let workbook: Workbook
        do { workbook = try Workbook(path: source) } catch { throw GoalSheetError.wrap(error, file: source) }
        let package = workbook.package
        let oldMark = AnnotationMark.read(package)
        var report = PatchReport()
        var replacements: [String: Replacement] = [:]
        var newParts: [(String, [UInt8])] = []
        var partNames = Set(package.zip.entries.map { $0.name.lowercased() })
        func fail(_ part: String?, _ message: String) -> PatchError { PatchError(file: source, part: part, message) }
        func bytes(_ part: String) throws -> [UInt8] {
            guard let e = package.entry(for: part) else { throw fail(part, "the part is missing from the package") }
            do { return try package.zip.contents(of: e) } catch {
                throw GoalSheetError.wrap(error, file: source, part: part)
            }
        }
        func uniquePart(_ make: (Int) -> String) -> String {
            var n = 1
            while partNames.contains(make(n).lowercased()) { n += 1 }
            partNames.insert(make(n).lowercased())
            return make(n)
        }
        func spliced<T>(_ part: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let e as PartEditError {
                throw fail(part, e.message + " (byte \(e.offset))")
            }
        }

        let workbookBytes = try bytes(workbook.workbookPart)
        let workbookDoc = try spliced(workbook.workbookPart) {
            try XMLSpliceDocument(workbookBytes, part: workbook.workbookPart)
        }
        let namespaces =
            String(decoding: workbookDoc.slice(workbookDoc.root.start), as: UTF8.self).contains(
                "purl.oclc.org/ooxml/spreadsheetml")
            ? OOXMLNamespaces.strict : OOXMLNamespaces.transitional
        let contentTypes = try spliced("[Content_Types].xml") {
            try ContentTypesEditor(try bytes("[Content_Types].xml"))
        }
        let workbookRelsPart = OPCPackage.relationshipsPartName(for: workbook.workbookPart)
        let workbookRels = try spliced(workbookRelsPart) {
            try RelationshipsEditor(
                part: workbookRelsPart, bytes: package.hasPart(workbookRelsPart) ? try bytes(workbookRelsPart) : nil)
        }
        let folder = workbook.workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let inFolder = { (name: String) in folder.isEmpty ? name : folder + "/" + name }

        // Styles: every requested style resolved to a cellXfs index.
        let stylesRel = try package.relationships(of: workbook.workbookPart).first { $0.hasType("styles") }
        var stylesPart = stylesRel?.targetPart.flatMap { package.hasPart($0) ? $0 : nil }
        let styles = try spliced(stylesPart ?? "styles") {
            try StylesEditor(stylesPart.map(bytes), part: stylesPart ?? "xl/styles.xml")
        }
        func resolve(_ cells: [CellWrite]) -> [CellWrite] {
            cells.map { c in
                var c = c; c.xf = c.style.map(styles.xf); return c
            }
        }

        // VML id blocks in use (o:idmap data), read only when a new drawing needs a block of shape ids of its own.
        var lastIDBlock: Int?
        func nextIDBlock() -> Int {
            var last = lastIDBlock ?? 0
            if lastIDBlock == nil {
                for e in package.zip.entries where e.name.lowercased().hasSuffix(".vml") {
                    let text = String(decoding: (try? package.zip.contents(of: e)) ?? [], as: UTF8.self)
                    for m in text.split(separator: "data=\"").dropFirst() {
                        for n in m.prefix(while: { $0 != "\"" }).split(separator: ",") {
                            last = max(last, Int(n.trimmingCharacters()) ?? 0)
                        }
                    }
                }
            }
            lastIDBlock = last + 1
            return last + 1
        }

        var mark = AnnotationMark()
        var jobs: [(SheetPatchJob, SheetPatch, RelationshipsEditor, String)] = []
        let sheetNames = Set(patch.sheets.map(\.sheet)).union(oldMark?.columns.keys.map { $0 } ?? [])
        for name in sheetNames.sorted() {
            guard let info = workbook.sheet(named: name), info.kind == .worksheet, let part = info.part else {
                if patch.sheets.contains(where: { $0.sheet == name }) {
                    throw fail(nil, "sheet \"\(name)\" is not a worksheet in this workbook")
                }
                continue
            }
            let sp = patch.sheets.first { $0.sheet == name } ?? SheetPatch(sheet: name)
            var edit = WorksheetEdit()
            // In row order: styles are numbered as first asked for, and the output must not depend on hashing.
            for r in sp.cells.keys.sorted() { edit.cells[r] = resolve(sp.cells[r]!) }
            edit.clear = oldMark?.ranges(of: name) ?? []
            edit.columnWidths = sp.columnWidths.map { ($0.column, $0.width) }
            let relsPart = OPCPackage.relationshipsPartName(for: part)
            let rels = try spliced(relsPart) {
                try RelationshipsEditor(part: relsPart, bytes: package.hasPart(relsPart) ? try bytes(relsPart) : nil)
            }
            let hasOldNotes = oldMark?.columns[name] != nil
            let legacyID = (sp.notes.isEmpty && !hasOldNotes) ? nil : rels.newID()
            let job = SheetPatchJob(part: part, edit: edit, legacyDrawingID: sp.notes.isEmpty ? nil : legacyID)
            replacements[part] = .sheet(job)
            jobs.append((job, sp, rels, relsPart))
            if !sp.markedRanges.isEmpty { mark.columns[name] = sp.markedRanges.map(\.description) }
        }

        // The summary sheet: GoalSheet's earlier one is rewritten in place, else a new part at the end.
        var workbookEdited = false
        if var summary = patch.summary {
            let old = oldMark?.summarySheet.flatMap { workbook.sheet(named: $0) }
            var name = summary.name
            var k = 2
            while let other = workbook.sheet(named: name), other.name != old?.name {
                name = "\(summary.name.prefix(ExcelLimitError.maxSheetNameLength - 4)) (\(k))"
                k += 1
            }
            summary.name = name
            try summary.validate()
            summary.rows = summary.rows.map(resolve)
            let xml = summary.xml(namespaces: namespaces)
            if let old, let part = old.part {
                replacements[part] = .bytes(xml)
                if old.name != name,
                    let i = workbookDoc.all("sheet").first(where: { workbookDoc.attribute("name", of: $0) == old.name })
                {
                    workbookDoc.setAttribute("name", name, of: i)
                    workbookEdited = true
                }
            } else {
                let sheetFolder =
                    workbook.sheets.compactMap(\.part).first.map {
                        $0.split(separator: "/").dropLast().joined(separator: "/")
                    } ?? inFolder("worksheets")
                let part = uniquePart { "\(sheetFolder)/sheet\($0).xml" }
                newParts.append((part, xml))
                let rid = workbookRels.newID()
                workbookRels.add(
                    id: rid, type: namespaces.type("worksheet"),
                    target: relativeTarget(from: workbook.workbookPart, to: part))
                contentTypes.ensure(part: part, type: ContentType.worksheet)
                let sheetId = (workbook.sheets.compactMap(\.sheetId).max() ?? workbook.sheets.count) + 1
                let rootTag = String(decoding: workbookDoc.slice(workbookDoc.root.start), as: UTF8.self)
                let relPrefix = declaredPrefix(of: namespaces.relationships, in: rootTag)
                let ref =
                    relPrefix.map { "\($0):id=\"\(rid)\"" } ?? "xmlns:r=\"\(namespaces.relationships)\" r:id=\"\(rid)\""
                let sheetXML =
                    "<\(workbookDoc.qualified("sheet")) name=\"\(XMLText.escapeAttribute(name))\" sheetId=\"\(sheetId)\" \(ref)/>"
                if let sheets = workbookDoc.first("sheets") {
                    workbookDoc.append(sheetXML, into: sheets)
                } else {
                    throw fail(workbook.workbookPart, "the workbook has no <sheets> element")
                }
                workbookEdited = true
            }
            // docProps/app.xml lists the sheets: the new one added, a renamed one renamed.
            let renamed = old.flatMap { $0.name != name ? $0.name : nil }
            if old == nil || renamed != nil,
                let app = package.packageRelationships.first(where: {
                    $0.hasType("extended-properties") || $0.hasType("extendedProperties")
                })?.targetPart,
                package.hasPart(app),
                let edited = ExtendedProperties.edit(try bytes(app), part: app, adding: name, renaming: renamed)
            {
                replacements[app] = .bytes(edited)
            }
            let index = old.flatMap { o in workbook.sheets.firstIndex { $0.name == o.name } } ?? workbook.sheets.count
            SummaryDefinedNames.replace(
                in: workbookDoc, localSheetID: index,
                with: summary.definedNames(localSheetID: index, prefix: workbookDoc.root.prefix))
            workbookEdited = true
            mark.summarySheet = name
            report.summarySheet = name
        }

        // Sheets are streamed when the archive is written; notes need the sheet's legacyDrawing, found on the way.
        let writer = try ZipWriter(path: path)
        var written = Set<String>()
        func writeSheet(_ job: SheetPatchJob, entry: ZipEntry) throws {
            let rw = WorksheetRewriter(part: job.part, edit: job.edit, legacyDrawingID: job.legacyDrawingID) { _ in }
            rw.relationshipsNamespace = namespaces.relationships
            try writer.addStreaming(name: entry.rawName) { write in
                try withoutActuallyEscaping(write) { sink in
                    rw.output = { b in try b.withUnsafeBytes { try sink($0) } }
                    defer { rw.output = { _ in } }
                    let src = try PartByteSource(package: package, entry: entry)
                    while let chunk = try src.next() { try spliced(job.part) { try rw.feed(chunk) } }
                    try spliced(job.part) { try rw.finish() }
                }
            }
            job.rewriter = rw
        }
        // Worksheets first (their rewriting tells where notes go), then every other entry in the original order.
        for e in package.zip.entries {
            guard case .sheet(let job)? = replacements[e.name] else { continue }
            try writeSheet(job, entry: e)
            written.insert(e.name)
            report.editedParts.append(e.name)
        }

        // Notes: comments part + VML drawing + relationships + content types, merged with what the sheet has.
        for (job, sp, rels, relsPart) in jobs {
            let sheetRels = rels.relationships
            let commentsRel = sheetRels.first { $0.type.hasSuffix("/comments") }
            let commentsPart = commentsRel.map { OPCPackage.resolve(target: $0.target, from: job.part) }
            let existingVMLID = job.rewriter?.existingLegacyDrawingID
            let vmlRel = existingVMLID.flatMap { id in sheetRels.first { $0.id == id } }
            let vmlPart = vmlRel.map { OPCPackage.resolve(target: $0.target, from: job.part) }
            guard !sp.notes.isEmpty || commentsPart != nil else { continue }
            let comments = try spliced(commentsPart ?? "comments") {
                try CommentsEditor(
                    bytes: commentsPart.flatMap { package.hasPart($0) ? try? bytes($0) : nil },
                    part: commentsPart ?? "comments", mainNamespace: namespaces.main)
            }
            if sp.notes.isEmpty && comments.removed.isEmpty { continue }
            var targets: [CellReference: String] = [:]
            var order: [CellReference] = []
            for n in sp.notes {
                var cell = n.cell
                if comments.occupied.contains(cell) {
                    guard let f = n.fallback, !comments.occupied.contains(f) else { report.notesDropped += 1; continue }
                    cell = f
                    report.notesMoved += 1
                }
                if targets[cell] == nil { order.append(cell) }
                targets[cell] = targets[cell].map { $0 + "\n\n" + n.text } ?? n.text
            }
            let vml: VMLNotesEditor
            do {
                vml = try VMLNotesEditor(
                    bytes: vmlPart.flatMap { package.hasPart($0) ? try? bytes($0) : nil }, part: vmlPart ?? "vml",
                    idBlock: vmlPart == nil ? nextIDBlock() : 0, removing: comments.removed)
            } catch {
                report.notesDropped += order.count
                continue
            }
            for cell in order {
                comments.add(cell, text: targets[cell]!)
                vml.add(cell)
                report.notesWritten += 1
            }
            let commentsTarget = commentsPart ?? uniquePart { inFolder("comments\($0).xml") }
            if commentsPart == nil {
                rels.add(
                    id: rels.newID(), type: namespaces.type("comments"),
                    target: relativeTarget(from: job.part, to: commentsTarget))
                newParts.append((commentsTarget, comments.result()))
                report.addedParts.append(commentsTarget)
            } else {
                replacements[commentsTarget] = .bytes(comments.result())
            }
            contentTypes.ensure(part: commentsTarget, type: ContentType.comments)
            if let vmlPart {
                replacements[vmlPart] = .bytes(vml.result())
            } else if let id = job.legacyDrawingID, job.rewriter?.wroteLegacyDrawing == true {
                let part = uniquePart { inFolder("drawings/vmlDrawing\($0).vml") }
                rels.add(id: id, type: namespaces.type("vmlDrawing"), target: relativeTarget(from: job.part, to: part))
                newParts.append((part, vml.result()))
                report.addedParts.append(part)
                contentTypes.ensureDefault(extension: "vml", type: ContentType.vml)
            }
            if rels.hasChanges {
                if package.hasPart(relsPart) {
                    replacements[relsPart] = .bytes(rels.result())
                } else {
                    newParts.append((relsPart, rels.result())); report.addedParts.append(relsPart)
                }
            }
        }

        // Styles, created when the workbook has none.
        if styles.hasChanges {
            if let sp = stylesPart {
                replacements[sp] = .bytes(styles.result())
            } else {
                let part = uniquePart { $0 == 1 ? inFolder("styles.xml") : inFolder("styles\($0).xml") }
                stylesPart = part
                newParts.append((part, styles.result()))
                workbookRels.add(
                    id: workbookRels.newID(), type: namespaces.type("styles"),
                    target: relativeTarget(from: workbook.workbookPart, to: part))
                contentTypes.ensure(part: part, type: ContentType.styles)
            }
        }
        if workbookEdited { replacements[workbook.workbookPart] = .bytes(workbookDoc.result()) }
        if workbookRels.hasChanges {
            if package.hasPart(workbookRelsPart) {
                replacements[workbookRelsPart] = .bytes(workbookRels.result())
            } else {
                newParts.append((workbookRelsPart, workbookRels.result()))
            }
        }

        // The mark: a custom document property.
        let customRel = package.packageRelationships.first {
            $0.hasType("custom-properties") || $0.hasType("customProperties")
        }
        if let part = customRel?.targetPart, package.hasPart(part) {
            replacements[part] = .bytes(
                try spliced(part) {
                    try CustomProperties.set(AnnotationMark.propertyName, mark.text, in: try bytes(part), part: part)
                })
        } else {
            let part = uniquePart { $0 == 1 ? "docProps/custom.xml" : "docProps/custom\($0).xml" }
            newParts.append(
                (part, CustomProperties.new(AnnotationMark.propertyName, mark.text, namespaces: namespaces)))
            let rels = try spliced("_rels/.rels") {
                try RelationshipsEditor(
                    part: "_rels/.rels", bytes: package.hasPart("_rels/.rels") ? try bytes("_rels/.rels") : nil)
            }
            rels.add(id: rels.newID(), type: namespaces.customPropertiesType, target: part)
            if package.hasPart("_rels/.rels") {
                replacements["_rels/.rels"] = .bytes(rels.result())
            } else {
                newParts.append(("_rels/.rels", rels.result()))
            }
            contentTypes.ensure(part: part, type: ContentType.customProperties)
        }
        replacements["[Content_Types].xml"] = .bytes(contentTypes.result())

        for e in package.zip.entries where !written.contains(e.name) {
            if case .bytes(let b)? = replacements[e.name] {
                if b.elementsEqual(try bytes(e.name)) {
                    try writer.copyRaw(e, from: package.zip)
                } else {
                    try writer.add(name: e.rawName, data: b)
                    report.editedParts.append(e.name)
                }
            } else {
                try writer.copyRaw(e, from: package.zip)
            }
        }
        for (name, b) in newParts {
            try writer.add(name: name, data: b)
            if !report.addedParts.contains(name) { report.addedParts.append(name) }
        }
        try writer.finish()
        return report
    }

    /// The prefix a start tag declares for a namespace URI ("r" for xmlns:r="…").
    static func declaredPrefix(of uri: String, in tag: String) -> String? {
        for part in tag.split(separator: " ") where part.hasPrefix("xmlns:") && part.contains("\"\(uri)\"") {
            return String(part.dropFirst(6).prefix { $0 != "=" })
        }
        return nil
    }
}

/// `docProps/custom.xml` (custom file properties, ECMA-376 Part 1 §22.3).
enum CustomProperties {
    static let fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

    static func new(_ name: String, _ value: String, namespaces: OOXMLNamespaces = .transitional) -> [UInt8] {
        Array(
            (xmlDeclaration + "<Properties xmlns=\"\(namespaces.customProperties)\" "
                + "xmlns:vt=\"\(namespaces.docPropsVTypes)\">"
                + "<property fmtid=\"\(fmtid)\" pid=\"2\" name=\"\(XMLText.escapeAttribute(name))\"><vt:lpwstr>\(XMLText.escapeText(value))</vt:lpwstr></property></Properties>")
                .utf8)
    }

    /// Sets a string property in an existing part, replacing its value when it is already there.
    static func set(_ name: String, _ value: String, in bytes: [UInt8], part: String) throws -> [UInt8] {
        let d = try XMLSpliceDocument(bytes, part: part)
        let props = d.children(of: 0, named: "property")
        if let i = props.first(where: { d.attribute("name", of: $0) == name }), let v = d.children(of: i).first {
            d.replace(d.elements[v].inner, with: XMLText.escapeText(value))
            if d.elements[v].end == nil {
                d.replace(d.elements[i].inner, with: "<vt:lpwstr>\(XMLText.escapeText(value))</vt:lpwstr>")
            }
            return d.result()
        }
        let pid = (props.compactMap { d.attribute("pid", of: $0).flatMap(Int.init) }.max() ?? 1) + 1
        let rootTag = String(decoding: d.slice(d.root.start), as: UTF8.self)
        let vt = [OOXMLNamespaces.transitional, .strict].lazy.compactMap {
            WorkbookPatcher.declaredPrefix(of: $0.docPropsVTypes, in: rootTag)
        }.first
        let valueXML =
            vt.map { "<\($0):lpwstr>\(XMLText.escapeText(value))</\($0):lpwstr>" }
            ?? "<vt:lpwstr xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\(XMLText.escapeText(value))</vt:lpwstr>"
        d.append(
            "<\(d.qualified("property")) fmtid=\"\(fmtid)\" pid=\"\(pid)\" name=\"\(XMLText.escapeAttribute(name))\">\(valueXML)</\(d.qualified("property"))>",
            into: 0)
        return d.result()
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// The summary sheet's defined names in `workbook.xml` (§18.2.6): its filter database and print titles,
/// replacing the ones an earlier run left for that sheet and leaving every other name as it is.
enum SummaryDefinedNames {
    static let ours: Set<String> = ["_xlnm._FilterDatabase", "_xlnm.Print_Titles"]

    static func replace(in doc: XMLSpliceDocument, localSheetID: Int, with names: [String]) {
        for i in doc.all("definedName")
        where doc.attribute("localSheetId", of: i) == String(localSheetID)
            && ours.contains(doc.attribute("name", of: i) ?? "")
        {
            doc.replace(doc.elements[i].outer, with: "")
        }
        guard !names.isEmpty else { return }
        if let container = doc.first("definedNames") {
            doc.append(names.joined(), into: container)
        } else if let sheets = doc.first("sheets") {
            let tag = doc.qualified("definedNames")
            doc.insert("<\(tag)>" + names.joined() + "</\(tag)>", at: doc.elements[sheets].outer.upperBound)
        }
    }
}
