import GoalSheetSupport
import OPCPackage
import SpreadsheetML
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cells for some of a sheet's rows, made as each row is written and never all held: the columns GoalSheet
/// adds beside a 100,000-row goal table.
public struct CellBand: Sendable {
    /// The 0-based rows that get cells, ascending.
    public var rows: [Int]
    /// The cells of row `rows[i]` (an existing cell at the same column is replaced), made each time they are
    /// asked for: once for the styles they ask for, once as their row is written.
    public var make: @Sendable (_ i: Int) -> [CellWrite]

    public init(rows: [Int], make: @escaping @Sendable (_ i: Int) -> [CellWrite]) {
        self.rows = rows
        self.make = make
    }

    /// The styles the cells ask for, in the order they first appear, and the columns they are in: made on
    /// `jobs` threads, `chunk` rows at a time, and dropped.
    func survey(
        jobs: Int, chunk: Int = ParallelWork.defaultChunk
    ) -> (styles: [StyleRequest], columns: ClosedRange<Int>?) {
        let size = max(1, chunk)
        let band = self
        let parts = ParallelWork.map(count: (rows.count + size - 1) / size, jobs: jobs) { k in
            var styles = OrderedStyles()
            var columns: ClosedRange<Int>?
            for i in k * size..<min(band.rows.count, (k + 1) * size) {
                for c in band.make(i) {
                    columns = CellBand.span(columns, c.column...c.column)
                    styles.add(c.style)
                }
            }
            return (styles.list, columns)
        }
        var styles = OrderedStyles()
        var columns: ClosedRange<Int>?
        for (s, c) in parts {
            for x in s { styles.add(x) }
            if let c { columns = CellBand.span(columns, c) }
        }
        return (styles.list, columns)
    }

    /// The columns from `a`'s first (or `b`'s) to the last of both.
    static func span(_ a: ClosedRange<Int>?, _ b: ClosedRange<Int>) -> ClosedRange<Int> {
        a.map { min($0.lowerBound, b.lowerBound)...max($0.upperBound, b.upperBound) } ?? b
    }
}

/// Style requests in the order they first appear, each once.
struct OrderedStyles {
    private(set) var list: [StyleRequest] = []
    private var seen = Set<StyleRequest>()
    /// Many cells ask for the style the cell before them did: that one is not hashed again.
    private var last: StyleRequest?

    mutating func add(_ style: StyleRequest?) {
        guard let style, style != last else { return }
        last = style
        if seen.insert(style).inserted { list.append(style) }
    }
}

/// What to add to one existing worksheet.
public struct SheetPatch: Sendable {
    public var sheet: String
    /// 0-based row → cells (an existing cell at the same column is replaced).
    public var cells: [Int: [CellWrite]]
    /// Cells made as their rows are written, beside (or in the same rows as) `cells`.
    public var bands: [CellBand]
    public var notes: [CellNote]
    public var columnWidths: [ColumnWidth]
    /// GoalSheet's ranges in this sheet, recorded in the mark so that the next run replaces them.
    public var markedRanges: [CellRange]

    public init(
        sheet: String, cells: [Int: [CellWrite]] = [:], bands: [CellBand] = [], notes: [CellNote] = [],
        columnWidths: [ColumnWidth] = [], markedRanges: [CellRange] = []
    ) {
        self.sheet = sheet
        self.cells = cells
        self.bands = bands
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
    /// Threads the patcher may use: above one, a large summary sheet is surveyed in chunks and written on another
    /// thread while the edited sheets and their notes are (`PartDeflation`).
    public var jobs = 1
    /// Whether the workbook is on disk (fsync) before it takes the output's name, and the name is on disk after: a
    /// power loss leaves the output complete or absent. A run's folder, written to disk whole before it is put in
    /// place, does without.
    public var syncsToDisk = true

    public init(sheets: [SheetPatch] = [], summary: NewSheet? = nil) {
        self.sheets = sheets
        self.summary = summary
    }

    /// Whether the patch holds as many rows, cells or notes as a part whose work is shared out
    /// (`PartDeflation.rowsPerThread`).
    var isLarge: Bool {
        var count = summary?.rows.count ?? 0
        for s in sheets { count += s.cells.count + s.notes.count + s.bands.reduce(0) { $0 + $1.rows.count } }
        return count >= PartDeflation.rowsPerThread
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
    /// Writes `source` + `patch` to `output` (through a temporary file renamed into place). The patch is consumed:
    /// its cells are taken row by row into the sheets' edits, never held twice.
    @discardableResult
    public static func apply(_ patch: consuming WorkbookPatch, to source: String, output: String) throws -> PatchReport
    {
        let tmp = FileIO.temporaryPath(beside: output)
        let syncs = patch.syncsToDisk
        do {
            let report = try write(consume patch, source: source, to: tmp)
            guard rename(tmp, output) == 0 else {
                throw PatchError(
                    file: output, part: nil, "cannot rename into place: \(String(cString: strerror(errno)))")
            }
            if syncs { FileIO.syncFolder(of: output) }
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

    /// The patch as one package transaction: its stages add parts, relationships and content types, and
    /// the packager writes the package last.
    static func write(_ patch: consuming WorkbookPatch, source: String, to path: String) throws -> PatchReport {
        let tx = try PackageTransaction(source: source)
        let report = try write(&patch, in: tx, to: path)
        // The notes' editors and rows (a large sheet's hundreds of thousands of objects) are freed while the caller
        // goes on. A small patch (a department's workbook in a batch) is freed here: on another thread it would
        // cost more, in the allocator's lock the two threads then share, than freeing it does.
        guard patch.isLarge else { return report }
        BackgroundRelease.release(consume tx)
        BackgroundRelease.release(consume patch)
        return report
    }

    private static func write(
        _ patch: inout WorkbookPatch, in tx: PackageTransaction, to path: String
    ) throws
        -> PatchReport
    {
        tx.jobs = patch.jobs
        tx.syncsToDisk = patch.syncsToDisk
        let jobs = try SheetEditStage.plan(&patch, in: tx)
        if let summary = patch.summary { try SummarySheetStage.add(summary, in: tx) }
        let packager = try PackageWriter(path: path, transaction: tx)
        defer { packager.discardAhead() }
        packager.deflateAhead()
        try packager.writeSheets()
        for job in jobs { try NotesStage.add(job, in: tx) }
        packager.deflateAhead()  // the notes parts, while the rest is written
        WorkbookPartsStage.commit(in: tx)
        try AnnotationMarkStage.set(in: tx)
        try packager.finish()
        return tx.report
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
