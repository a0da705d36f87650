import GoalSheetSupport
import OPCPackage
import SpreadsheetML
import ZIPArchive

/// One worksheet's edit: what `WorksheetRewriter` applies while the sheet streams, and what the notes
/// stage needs from it afterwards (the legacy drawing the sheet had, whether one was written).
final class SheetPatchJob {
    let part: String
    let patch: SheetPatch
    /// The sheet's edit, until its rewriter takes it.
    var edit: WorksheetEdit
    let legacyDrawingID: String?
    /// The sheet's relationships (its comments and drawing are added to them).
    let relationships: RelationshipsEditor
    var rewriter: WorksheetRewriter?

    init(
        part: String, patch: SheetPatch, edit: WorksheetEdit, legacyDrawingID: String?,
        relationships: RelationshipsEditor
    ) {
        self.part = part
        self.patch = patch
        self.edit = edit
        self.legacyDrawingID = legacyDrawingID
        self.relationships = relationships
    }
}

/// The sheet stage: each patched worksheet (and each one an earlier run annotated, whose columns are
/// cleared) becomes a job streamed by the packager, its styles resolved in row order.
enum SheetEditStage {
    /// Each sheet's cells move from `patch` into its job's edit.
    static func plan(_ patch: inout WorkbookPatch, in tx: PackageTransaction) throws -> [SheetPatchJob] {
        var jobs: [SheetPatchJob] = []
        let names = Set(patch.sheets.map(\.sheet)).union(tx.oldMark?.columns.keys.map { $0 } ?? [])
        for name in names.sorted() {
            guard let info = tx.workbook.sheet(named: name), info.kind == .worksheet, let part = info.part else {
                if patch.sheets.contains(where: { $0.sheet == name }) {
                    throw tx.fail(nil, "sheet \"\(name)\" is not a worksheet in this workbook")
                }
                continue
            }
            var sheetPatch = SheetPatch(sheet: name)
            if let i = patch.sheets.firstIndex(where: { $0.sheet == name }) {
                swap(&sheetPatch, &patch.sheets[i])
            }
            let marked = sheetPatch.markedRanges
            // Handed over whole: a copy left here would make every row's cells be copied when their styles are set.
            let job = try self.job(consume sheetPatch, part: part, in: tx)
            tx.replace(part, with: job)
            jobs.append(job)
            if !marked.isEmpty { tx.mark.columns[name] = marked.map(\.description) }
        }
        return jobs
    }

    private static func job(
        _ sheetPatch: consuming SheetPatch, part: String, in tx: PackageTransaction
    ) throws
        -> SheetPatchJob
    {
        var edit = WorksheetEdit()
        // In row order: styles are numbered as first asked for, and the output must not depend on hashing. Each
        // row's cells leave the patch before their styles are set, so that they are changed in place, not copied.
        // A band's styles come where its first row does, surveyed on the transaction's threads.
        let bands = sheetPatch.bands
        var nextBand = 0
        func resolveBands(before row: Int) {
            while nextBand < bands.count, bands[nextBand].rows.first.map({ $0 < row }) ?? true {
                let (styles, columns) = bands[nextBand].survey(jobs: tx.jobs)
                for s in styles where edit.bandStyles[s] == nil { edit.bandStyles[s] = tx.styles.xf(s) }
                if let c = columns { edit.bandColumns = CellBand.span(edit.bandColumns, c) }
                nextBand += 1
            }
        }
        for r in sheetPatch.cells.keys.sorted() {
            resolveBands(before: r)
            var cells = sheetPatch.cells.removeValue(forKey: r)!
            tx.resolveStyles(&cells)
            edit.cells[r] = cells
        }
        resolveBands(before: .max)
        edit.bands = bands
        edit.clear = tx.oldMark?.ranges(of: sheetPatch.sheet) ?? []
        edit.columnWidths = sheetPatch.columnWidths.map { ($0.column, $0.width) }
        let rels = try tx.relationshipsEditor(OPCPackage.relationshipsPartName(for: part))
        let hasOldNotes = tx.oldMark?.columns[sheetPatch.sheet] != nil
        let legacyID = (sheetPatch.notes.isEmpty && !hasOldNotes) ? nil : rels.newID()
        return SheetPatchJob(
            part: part, patch: sheetPatch, edit: edit, legacyDrawingID: sheetPatch.notes.isEmpty ? nil : legacyID,
            relationships: rels)
    }
}

/// The summary stage: GoalSheet's earlier summary sheet is rewritten in place, else a new worksheet part
/// is added at the end (relationship, content type, `<sheet>`); app.xml lists it, and its defined names
/// replace the ones an earlier run left.
enum SummarySheetStage {
    static func add(_ summary: NewSheet, in tx: PackageTransaction) throws {
        var summary = summary
        let old = tx.oldMark?.summarySheet.flatMap { tx.workbook.sheet(named: $0) }
        summary.name = freeName(summary.name, keeping: old, in: tx.workbook)
        let xml = try StreamedSheet(summary, namespaces: tx.namespaces, styles: tx.styles, jobs: tx.jobs)
        if let old, let part = old.part {
            tx.replace(part, with: xml)
            rename(old.name, to: summary.name, in: tx.workbookDoc, edited: &tx.workbookEdited)
        } else {
            try addWorksheet(named: summary.name, xml: xml, in: tx)
        }
        try listInAppProperties(summary.name, old: old, in: tx)
        let index =
            old.flatMap { o in tx.workbook.sheets.firstIndex { $0.name == o.name } } ?? tx.workbook.sheets.count
        SummaryDefinedNames.replace(
            in: tx.workbookDoc, localSheetID: index,
            with: summary.definedNames(localSheetID: index, prefix: tx.workbookDoc.root.prefix))
        tx.workbookEdited = true
        tx.mark.summarySheet = summary.name
        tx.report.summarySheet = summary.name
    }

    /// `name`, or `name (2)`, `name (3)` … when a sheet other than GoalSheet's own has it.
    static func freeName(_ name: String, keeping old: SheetInfo?, in workbook: Workbook) -> String {
        var free = name
        var k = 2
        while let other = workbook.sheet(named: free), other.name != old?.name {
            free = "\(name.prefix(ExcelLimitError.maxSheetNameLength - 4)) (\(k))"
            k += 1
        }
        return free
    }

    private static func rename(_ old: String, to name: String, in doc: XMLSpliceDocument, edited: inout Bool) {
        guard old != name, let i = doc.all("sheet").first(where: { doc.attribute("name", of: $0) == old }) else {
            return
        }
        doc.setAttribute("name", name, of: i)
        edited = true
    }

    /// A new worksheet part beside the others, related from the workbook, typed, and listed last in `<sheets>`.
    private static func addWorksheet(named name: String, xml: StreamedSheet, in tx: PackageTransaction) throws {
        let workbook = tx.workbook
        let sheetFolder =
            workbook.sheets.compactMap(\.part).first.map { $0.split(separator: "/").dropLast().joined(separator: "/") }
            ?? tx.inWorkbookFolder("worksheets")
        let part = tx.uniquePart { "\(sheetFolder)/sheet\($0).xml" }
        tx.add(part, xml)
        let rid = tx.workbookRels.newID()
        tx.workbookRels.add(
            id: rid, type: tx.namespaces.type("worksheet"),
            target: relativeTarget(from: workbook.workbookPart, to: part))
        tx.contentTypes.ensure(part: part, type: ContentType.worksheet)
        let doc = tx.workbookDoc
        let sheetId = (workbook.sheets.compactMap(\.sheetId).max() ?? workbook.sheets.count) + 1
        let rootTag = String(decoding: doc.slice(doc.root.start), as: UTF8.self)
        let relationships = tx.namespaces.relationships
        let ref =
            WorkbookPatcher.declaredPrefix(of: relationships, in: rootTag).map { "\($0):id=\"\(rid)\"" }
            ?? "xmlns:r=\"\(relationships)\" r:id=\"\(rid)\""
        let sheetXML =
            "<\(doc.qualified("sheet")) name=\"\(XMLText.escapeAttribute(name))\" sheetId=\"\(sheetId)\" \(ref)/>"
        guard let sheets = doc.first("sheets") else {
            throw tx.fail(workbook.workbookPart, "the workbook has no <sheets> element")
        }
        doc.append(sheetXML, into: sheets)
        tx.workbookEdited = true
    }

    /// docProps/app.xml lists the sheets: the new one added, a renamed one renamed.
    private static func listInAppProperties(_ name: String, old: SheetInfo?, in tx: PackageTransaction) throws {
        let renamed = old.flatMap { $0.name != name ? $0.name : nil }
        guard old == nil || renamed != nil,
            let app = tx.package.packageRelationships.first(where: {
                $0.hasType("extended-properties") || $0.hasType("extendedProperties")
            })?.targetPart,
            tx.package.hasPart(app),
            let edited = ExtendedProperties.edit(try tx.bytes(app), part: app, adding: name, renaming: renamed)
        else { return }
        tx.replace(app, with: edited)
    }
}

/// The notes stage, after the sheet streamed: the sheet's comments part and VML drawing (merged with
/// someone's notes, GoalSheet's old ones removed), their relationships and content types.
enum NotesStage {
    static func add(_ job: SheetPatchJob, in tx: PackageTransaction) throws {
        let rels = job.relationships
        let commentsPart = rels.relationships.first { $0.type.hasSuffix("/comments") }.map {
            OPCPackage.resolve(target: $0.target, from: job.part)
        }
        let vmlPart = job.rewriter?.existingLegacyDrawingID.flatMap { id in rels.relationships.first { $0.id == id } }
            .map { OPCPackage.resolve(target: $0.target, from: job.part) }
        let notes = job.patch.notes
        guard !notes.isEmpty || commentsPart != nil else { return }
        let comments = try tx.spliced(commentsPart ?? "comments") {
            try CommentsEditor(
                bytes: commentsPart.flatMap { tx.package.hasPart($0) ? try? tx.bytes($0) : nil },
                part: commentsPart ?? "comments", mainNamespace: tx.namespaces.main)
        }
        if notes.isEmpty && comments.removed.isEmpty { return }
        let placed = place(notes, avoiding: comments.occupied, report: &tx.report)
        let vml: VMLNotesEditor
        do {
            vml = try VMLNotesEditor(
                bytes: vmlPart.flatMap { tx.package.hasPart($0) ? try? tx.bytes($0) : nil }, part: vmlPart ?? "vml",
                idBlock: vmlPart == nil ? tx.nextIDBlock() : 0, removing: comments.removed)
        } catch {
            tx.report.notesDropped += placed.count
            return
        }
        for (cell, notes) in placed {
            comments.add(cell, notes: notes)
            vml.add(cell)
            tx.report.notesWritten += 1
        }
        commitComments(comments, existing: commentsPart, of: job, in: tx)
        commitDrawing(vml, existing: vmlPart, of: job, in: tx)
        tx.commit(rels, reported: true)
    }

    /// Each note at its cell, or at its fallback when someone's note has the cell (dropped when both are
    /// taken); notes for one cell together, in the order first placed (their texts are made when written).
    static func place(
        _ notes: [CellNote], avoiding occupied: Set<CellReference>, report: inout PatchReport
    )
        -> [(CellReference, [CellNote])]
    {
        var byCell: [CellReference: [CellNote]] = [:]
        var order: [CellReference] = []
        for n in notes {
            var cell = n.cell
            if occupied.contains(cell) {
                guard let f = n.fallback, !occupied.contains(f) else { report.notesDropped += 1; continue }
                cell = f
                report.notesMoved += 1
            }
            if byCell[cell] == nil { order.append(cell) }
            byCell[cell, default: []].append(n)
        }
        return order.map { ($0, byCell[$0]!) }
    }

    private static func commitComments(
        _ comments: CommentsEditor, existing: String?, of job: SheetPatchJob, in tx: PackageTransaction
    ) {
        let target = existing ?? tx.uniquePart { tx.inWorkbookFolder("comments\($0).xml") }
        if existing == nil {
            job.relationships.add(
                id: job.relationships.newID(), type: tx.namespaces.type("comments"),
                target: relativeTarget(from: job.part, to: target))
            if comments.isNewPart {
                tx.add(target, streamed: comments.write, rows: comments.addedCount, reported: true)
            } else {
                tx.add(target, comments.result(), reported: true)
            }
        } else {
            tx.replace(target, with: comments.result())
        }
        tx.contentTypes.ensure(part: target, type: ContentType.comments)
    }

    private static func commitDrawing(
        _ vml: VMLNotesEditor, existing: String?, of job: SheetPatchJob, in tx: PackageTransaction
    ) {
        if let existing {
            tx.replace(existing, with: vml.result())
        } else if let id = job.legacyDrawingID, job.rewriter?.wroteLegacyDrawing == true {
            let part = tx.uniquePart { tx.inWorkbookFolder("drawings/vmlDrawing\($0).vml") }
            job.relationships.add(
                id: id, type: tx.namespaces.type("vmlDrawing"), target: relativeTarget(from: job.part, to: part))
            if vml.isNewPart {
                tx.add(part, streamed: vml.write, rows: vml.addedCount, reported: true)
            } else {
                tx.add(part, vml.result(), reported: true)
            }
            tx.contentTypes.ensureDefault(extension: "vml", type: ContentType.vml)
        }
    }
}

/// The workbook stage: the styles (a part created when the workbook has none), workbook.xml and its
/// relationships, when any stage changed them.
enum WorkbookPartsStage {
    static func commit(in tx: PackageTransaction) {
        if tx.styles.hasChanges {
            if let part = tx.stylesPart {
                tx.replace(part, with: tx.styles.result())
            } else {
                let part = tx.uniquePart {
                    $0 == 1 ? tx.inWorkbookFolder("styles.xml") : tx.inWorkbookFolder("styles\($0).xml")
                }
                tx.stylesPart = part
                tx.add(part, tx.styles.result())
                tx.workbookRels.add(
                    id: tx.workbookRels.newID(), type: tx.namespaces.type("styles"),
                    target: relativeTarget(from: tx.workbook.workbookPart, to: part))
                tx.contentTypes.ensure(part: part, type: ContentType.styles)
            }
        }
        if tx.workbookEdited { tx.replace(tx.workbook.workbookPart, with: tx.workbookDoc.result()) }
        tx.commit(tx.workbookRels)
    }
}

/// The mark stage: what GoalSheet added, as the `GoalSheet.Annotations` custom document property (a
/// custom-properties part and its package relationship when the workbook has none).
enum AnnotationMarkStage {
    static func set(in tx: PackageTransaction) throws {
        let text = tx.mark.text
        let customRel = tx.package.packageRelationships.first {
            $0.hasType("custom-properties") || $0.hasType("customProperties")
        }
        if let part = customRel?.targetPart, tx.package.hasPart(part) {
            let edited = try tx.spliced(part) {
                try CustomProperties.set(AnnotationMark.propertyName, text, in: try tx.bytes(part), part: part)
            }
            tx.replace(part, with: edited)
            return
        }
        let part = tx.uniquePart { $0 == 1 ? "docProps/custom.xml" : "docProps/custom\($0).xml" }
        tx.add(part, CustomProperties.new(AnnotationMark.propertyName, text, namespaces: tx.namespaces))
        let rels = try tx.relationshipsEditor("_rels/.rels")
        rels.add(id: rels.newID(), type: tx.namespaces.customPropertiesType, target: part)
        tx.commit(rels)
        tx.contentTypes.ensure(part: part, type: ContentType.customProperties)
    }
}

/// The packager: writes a transaction's package, worksheets first (streamed through their edits, which
/// tells the notes stage where drawings go), then every other entry in the original order (copied raw
/// unless replaced by different bytes), then the new parts.
final class PackageWriter {
    private let tx: PackageTransaction
    private let writer: ZipWriter
    private var written = Set<String>()
    /// New sheets being deflated on other threads, by part name.
    private var ahead: [String: PartDeflation] = [:]
    /// The new parts `deflateAhead` has looked at (the count numbers each one's file).
    private var started = Set<String>()

    init(path: String, transaction: PackageTransaction) throws {
        tx = transaction
        writer = try ZipWriter(path: path)
    }

    /// Starts deflating the large new parts not yet started (the summary sheet of a large workbook, before the
    /// edited sheets are written; its notes, once the notes stage made them) each on a thread of its own when the
    /// transaction has more than one job, into files beside the archive, while the rest is written here;
    /// `finish` adds them where `addStreaming` would have written them, byte for byte.
    func deflateAhead() {
        let parts =
            tx.package.zip.entries.compactMap { e -> (String, PackageTransaction.PartContent)? in
                if case .newSheet(let s)? = tx.replacements[e.name] {
                    return (e.name, .newSheet(s))
                } else {
                    return nil
                }
            } + tx.newParts
        for (name, content) in parts where started.insert(name).inserted {
            guard let (body, rows) = content.deflationBody else { continue }
            ahead[name] = PartDeflation.start(
                body, rows: rows, entry: name, beside: writer.path, index: started.count, jobs: tx.jobs)
        }
    }

    /// Waits for the sheets still deflating and removes their files (after an error, or once all are added).
    func discardAhead() {
        for (_, d) in ahead { d.discard() }
        ahead = [:]
    }

    /// A new sheet: added as deflated ahead, else deflated here.
    private func addNewSheet(_ sheet: StreamedSheet, name: String, rawName: String) throws {
        try writer.add(sheet, name: rawName, ahead: ahead.removeValue(forKey: name))
    }

    func writeSheets() throws {
        for e in tx.package.zip.entries {
            guard case .sheet(let job)? = tx.replacements[e.name] else { continue }
            try writeSheet(job, entry: e)
            written.insert(e.name)
            tx.report.editedParts.append(e.name)
        }
    }

    private func writeSheet(_ job: SheetPatchJob, entry: ZipEntry) throws {
        var edit = WorksheetEdit()
        swap(&edit, &job.edit)  // the rewriter's alone, so that each row's cells are freed as the row is written
        let rw = WorksheetRewriter(part: job.part, edit: consume edit, legacyDrawingID: job.legacyDrawingID) { _ in }
        rw.relationshipsNamespace = tx.namespaces.relationships
        let (package, tx) = (tx.package, tx)
        try writer.addStreaming(name: entry.rawName) { write in
            try withoutActuallyEscaping(write) { sink in
                rw.output = { b in try b.withUnsafeBytes { try sink($0) } }
                defer { rw.output = { _ in } }
                let src = try PartByteSource(package: package, entry: entry)
                while let chunk = try src.next() { try tx.spliced(job.part) { try rw.feed(chunk) } }
                try tx.spliced(job.part) { try rw.finish() }
            }
        }
        job.rewriter = rw
    }

    /// The content types, every entry not yet written, the new parts; then the archive's directory.
    func finish() throws {
        tx.replace("[Content_Types].xml", with: tx.contentTypes.result())
        for e in tx.package.zip.entries where !written.contains(e.name) {
            switch tx.replacements[e.name] {
            case .bytes(let b)? where !b.elementsEqual(try tx.bytes(e.name)):
                try writer.add(name: e.rawName, data: b)
                tx.report.editedParts.append(e.name)
            case .newSheet(let sheet)?:
                try addNewSheet(sheet, name: e.name, rawName: e.rawName)
                tx.report.editedParts.append(e.name)
            default:
                try writer.copyRaw(e, from: tx.package.zip)
            }
        }
        for (name, content) in tx.newParts {
            switch content {
            case .bytes(let b): try writer.add(name: name, data: b)
            case .newSheet(let sheet): try addNewSheet(sheet, name: name, rawName: name)
            case .streamed(let body, _): try writer.add(name: name, ahead: ahead.removeValue(forKey: name), body: body)
            }
            if !tx.report.addedParts.contains(name) { tx.report.addedParts.append(name) }
        }
        try writer.finish(syncing: tx.syncsToDisk)
    }
}
