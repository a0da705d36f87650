import GoalSheetSupport
import OPCPackage
import SpreadsheetML
import ZIPArchive

/// One patch's changes to a package: the stages (sheet edits, summary sheet, notes, styles, mark) add
/// parts, relationships and content types to it, and `PackageWriter` writes it last. It holds the editors
/// of the parts several stages touch (workbook.xml and its relationships, `[Content_Types].xml`, styles).
final class PackageTransaction {
    /// A part to write instead of the original entry.
    enum Replacement {
        case bytes([UInt8])
        case sheet(SheetPatchJob)
        case newSheet(StreamedSheet)
    }

    /// What a new part holds: bytes, or a worksheet written as its rows are made.
    enum PartContent {
        case bytes([UInt8])
        case newSheet(StreamedSheet)
        /// A part written in chunks as it is made (a new comments part, a new notes drawing) from `rows`
        /// elements (its notes).
        case streamed((_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void, rows: Int)

        /// What deflating the part on a thread of its own writes, and its rows (or notes); nil for bytes.
        var deflationBody: (body: PartDeflation.Body, rows: Int)? {
            switch self {
            case .bytes: return nil
            case .newSheet(let s): return s.deflation
            case .streamed(let write, let rows): return (PartDeflation.Body(write: write), rows)
            }
        }

        /// The whole part (a streamed one rendered).
        var bytes: [UInt8] {
            switch self {
            case .bytes(let b): return b
            case .newSheet(let s): return s.bytes
            case .streamed(let write, _): return PartChunks.collect(write)
            }
        }
    }

    let source: String
    let workbook: Workbook
    var package: OPCPackage { workbook.package }
    /// What an earlier run left (its columns, its summary sheet), and what this one leaves.
    let oldMark: AnnotationMark?
    var mark = AnnotationMark()
    var report = PatchReport()
    /// Threads the transaction's large new sheets may be surveyed and written on (`WorkbookPatch.jobs`).
    var jobs = 1
    /// Whether the package is on disk before it takes its name (`WorkbookPatch.syncsToDisk`).
    var syncsToDisk = true
    private(set) var replacements: [String: Replacement] = [:]
    /// Parts that are not in the package yet, in the order they are written.
    private(set) var newParts: [(String, PartContent)] = []
    private var partNames: Set<String>
    private var lastIDBlock: Int?

    let namespaces: OOXMLNamespaces
    let workbookDoc: XMLSpliceDocument
    /// Whether `workbookDoc` was changed (and workbook.xml must be written).
    var workbookEdited = false
    let workbookRelsPart: String
    let workbookRels: RelationshipsEditor
    let contentTypes: ContentTypesEditor
    /// The styles part, nil until one is created for a workbook that has none.
    var stylesPart: String?
    let styles: StylesEditor

    /// Opens `source` and the parts every stage may edit.
    init(source: String) throws {
        self.source = source
        // The patcher copies or splices parts and reads no cell: the shared strings and styles are not parsed.
        do {
            workbook = try Workbook(path: source, readsCells: false)
        } catch {
            throw GoalSheetError.wrap(error, file: source)
        }
        let package = workbook.package
        oldMark = AnnotationMark.read(package)
        partNames = Set(package.zip.entries.map { $0.name.lowercased() })
        let workbookPart = workbook.workbookPart
        let workbookBytes = try Self.bytes(workbookPart, package: package, source: source)
        workbookDoc = try Self.spliced(workbookPart, source: source) {
            try XMLSpliceDocument(workbookBytes, part: workbookPart)
        }
        namespaces =
            String(decoding: workbookDoc.slice(workbookDoc.root.start), as: UTF8.self).contains(
                "purl.oclc.org/ooxml/spreadsheetml")
            ? OOXMLNamespaces.strict : OOXMLNamespaces.transitional
        let contentTypesBytes = try Self.bytes("[Content_Types].xml", package: package, source: source)
        contentTypes = try Self.spliced("[Content_Types].xml", source: source) {
            try ContentTypesEditor(contentTypesBytes)
        }
        workbookRelsPart = OPCPackage.relationshipsPartName(for: workbookPart)
        workbookRels = try Self.relationshipsEditor(workbookRelsPart, package: package, source: source)
        let stylesRel = try package.relationships(of: workbookPart).first { $0.hasType("styles") }
        stylesPart = stylesRel?.targetPart.flatMap { package.hasPart($0) ? $0 : nil }
        let stylesBytes = try stylesPart.map { try Self.bytes($0, package: package, source: source) }
        let stylesName = stylesPart ?? "xl/styles.xml"
        styles = try Self.spliced(stylesPart ?? "styles", source: source) {
            try StylesEditor(stylesBytes, part: stylesName)
        }
    }

    // MARK: Reading the source

    /// A patch error in the source workbook.
    func fail(_ part: String?, _ message: String) -> PatchError { PatchError(file: source, part: part, message) }

    /// A part's bytes as stored in the source.
    func bytes(_ part: String) throws -> [UInt8] { try Self.bytes(part, package: package, source: source) }

    /// Runs an editor over a part, its markup errors reported as the source's patch errors.
    func spliced<T>(_ part: String, _ body: () throws -> T) throws -> T {
        try Self.spliced(part, source: source, body)
    }

    /// The relationships of a part, existing or new.
    func relationshipsEditor(_ relsPart: String) throws -> RelationshipsEditor {
        try Self.relationshipsEditor(relsPart, package: package, source: source)
    }

    private static func bytes(_ part: String, package: OPCPackage, source: String) throws -> [UInt8] {
        guard let e = package.entry(for: part) else {
            throw PatchError(file: source, part: part, "the part is missing from the package")
        }
        do { return try package.zip.contents(of: e) } catch {
            throw GoalSheetError.wrap(error, file: source, part: part)
        }
    }

    private static func spliced<T>(_ part: String, source: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as PartEditError {
            throw PatchError(file: source, part: part, e.message + " (byte \(e.offset))")
        }
    }

    private static func relationshipsEditor(
        _ relsPart: String, package: OPCPackage, source: String
    ) throws
        -> RelationshipsEditor
    {
        let existing = package.hasPart(relsPart) ? try bytes(relsPart, package: package, source: source) : nil
        return try spliced(relsPart, source: source) { try RelationshipsEditor(part: relsPart, bytes: existing) }
    }

    // MARK: Names

    /// The first free part name `make(1)`, `make(2)` … (case-insensitively), reserved.
    func uniquePart(_ make: (Int) -> String) -> String {
        var n = 1
        while partNames.contains(make(n).lowercased()) { n += 1 }
        partNames.insert(make(n).lowercased())
        return make(n)
    }

    /// A part name in the workbook part's folder ("xl/comments1.xml").
    func inWorkbookFolder(_ name: String) -> String {
        let folder = workbook.workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// Resolves each cell's requested style to a cellXfs index.
    func resolveStyles(_ cells: inout [CellWrite]) {
        for i in cells.indices { cells[i].xf = cells[i].style.map(styles.xf) }
    }

    /// A VML shape-id block no drawing of the package uses (its `o:idmap data`), read only when a new
    /// drawing needs one.
    func nextIDBlock() -> Int {
        var last = lastIDBlock ?? 0
        if lastIDBlock == nil {
            for e in package.zip.entries where e.name.lowercased().hasSuffix(".vml") {
                let text = String(decoding: (try? package.zip.contents(of: e)) ?? [], as: UTF8.self)
                for m in text.split(separator: "data=\"").dropFirst() {
                    for n in m.prefix(while: { $0 != "\"" }).split(separator: ",") {
                        last = max(last, Int(String(n).trimmingSpaces) ?? 0)
                    }
                }
            }
        }
        lastIDBlock = last + 1
        return last + 1
    }

    // MARK: Changes

    /// Writes `bytes` in place of an existing part.
    func replace(_ part: String, with bytes: [UInt8]) { replacements[part] = .bytes(bytes) }

    /// Streams a worksheet through its edit in place of the original.
    func replace(_ part: String, with job: SheetPatchJob) { replacements[part] = .sheet(job) }

    /// Adds a part the package does not have; `reported` lists it in the report's added parts now
    /// (every new part is listed when written).
    func add(_ part: String, _ bytes: [UInt8], reported: Bool = false) {
        newParts.append((part, .bytes(bytes)))
        if reported { report.addedParts.append(part) }
    }

    /// Adds a part written in chunks as it is made from `rows` elements; `reported` as for bytes.
    func add(
        _ part: String, streamed write: @escaping ((UnsafeRawBufferPointer) throws -> Void) throws -> Void,
        rows: Int, reported: Bool = false
    ) {
        newParts.append((part, .streamed(write, rows: rows)))
        if reported { report.addedParts.append(part) }
    }

    /// Adds a new worksheet, written as its rows are made.
    func add(_ part: String, _ sheet: StreamedSheet) { newParts.append((part, .newSheet(sheet))) }

    /// Writes a new worksheet in place of an existing part (GoalSheet's summary sheet of an earlier run).
    func replace(_ part: String, with sheet: StreamedSheet) { replacements[part] = .newSheet(sheet) }

    /// A relationships part with changes, replaced when the package has it, else added.
    func commit(_ rels: RelationshipsEditor, reported: Bool = false) {
        guard rels.hasChanges else { return }
        if package.hasPart(rels.part) {
            replace(rels.part, with: rels.result())
        } else {
            add(rels.part, rels.result(), reported: reported)
        }
    }
}

/// A new worksheet with what writing it needs: its survey (used range) and its cells' styles, resolved in the
/// package's styles part before that part is written.
struct StreamedSheet: Sendable {
    /// Sheets of at most this many rows are made once and held; longer ones are made again to be written.
    static let heldRows = 2_048

    let sheet: NewSheet
    /// Nil for a sheet written in one pass: its rows are surveyed as they are written (`writesInOnePass`).
    let survey: NewSheet.Survey?
    let namespaces: OOXMLNamespaces
    /// The style index of every style its cells ask for, resolved in the styles part during the survey: the
    /// sheet is then written without the styles editor (on another thread, while the other parts are).
    let xf: [StyleRequest: Int]
    /// Threads its rows may be made and rendered on as it is written.
    let jobs: Int

    /// Surveys `sheet` now (Excel's limits, its used range) and resolves its styles in `styles`, before the
    /// styles part is written; its rows are made again when it is written (held from the survey when there are
    /// at most `heldRows`). A sheet of two chunks of `PartDeflation.rowsPerThread` rows or more is surveyed on
    /// `jobs` threads, its styles then resolved in the order they first appear (the same style indices). When
    /// its rows declare their styles (`SheetRows.declaredStyles`), those are resolved in their order and no other
    /// is allowed; a long sheet's rows are then made once, surveyed as they are written (`writeRowsThenHead`).
    init(_ sheet: NewSheet, namespaces: OOXMLNamespaces, styles: StylesEditor, jobs: Int = 1) throws {
        var sheet = sheet
        // A sheet of a few rows (a department's summary sheet) is made once and held for its writing.
        if sheet.rows.count <= StreamedSheet.heldRows { sheet.rows = SheetRows(Array(sheet.rows)) }
        self.sheet = sheet
        self.namespaces = namespaces
        self.jobs = jobs
        var xf: [StyleRequest: Int] = [:]
        if let declared = sheet.rows.declaredStyles {
            for s in declared { xf[s] = styles.xf(s) }
            survey =
                StreamedSheet.writesInOnePass(rows: sheet.rows.count)
                ? nil : try sheet.survey(declared: xf)
        } else if jobs > 1, sheet.rows.count >= 2 * PartDeflation.rowsPerThread {
            let (survey, requests) = try sheet.survey(jobs: jobs, chunk: PartDeflation.rowsPerThread)
            for s in requests { xf[s] = styles.xf(s) }
            self.survey = survey
        } else {
            survey = try sheet.survey { c in
                if let s = c.style, xf[s] == nil { xf[s] = styles.xf(s) }
            }
        }
        self.xf = xf
    }

    /// Whether a sheet of `rows` rows declaring its styles is written in one pass (its head deflated after its
    /// rows, ahead on a thread of its own or where it is added): a long one, at any job count.
    static func writesInOnePass(rows: Int) -> Bool { rows >= 2 * PartDeflation.rowsPerThread }

    /// The part in order, head first: a sheet meant for one pass is surveyed here first (its rows made twice).
    func write(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        let xf = self.xf
        let survey = try self.survey ?? sheet.survey(declared: xf)
        try sheet.write(
            namespaces: namespaces, survey: survey, xf: { c in c.style.flatMap { xf[$0] } }, jobs: jobs, emit)
    }

    /// The part from `<sheetData>` on, its rows made once; returns the head that stands before it.
    func writeRowsThenHead(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> [UInt8] {
        let survey = try sheet.writeSurveying(xf: xf, jobs: jobs, emit)
        return Array(sheet.head(namespaces: namespaces, survey: survey).utf8)
    }

    var bytes: [UInt8] { PartChunks.collect(write) }
}
