import GoalSheetSupport
import SpreadsheetML

/// A cell GoalSheet writes into a sheet: its column, value and style (an index into cellXfs).
public struct CellWrite: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Double)
        /// Written as an inline string (`t="inlineStr"`), so the shared string table is left alone.
        case text(String)
        /// A styled empty cell.
        case empty
    }
    public var column: Int
    public var value: Value
    /// The style asked for; the patcher resolves it to a cellXfs index (`xf`).
    public var style: StyleRequest?
    var xf: Int?

    public init(column: Int, value: Value, style: StyleRequest? = nil) {
        self.column = column
        self.value = value
        self.style = style
    }

    /// Appends the `<c>` element (ECMA-376 §18.3.1.4) for this cell at 0-based `row`, elements named with
    /// `prefix`, its style `xf` (else its own), to `out` (the per-cell path of a 100,000-row annotation: no
    /// intermediate strings).
    func appendXML(to out: inout [UInt8], row: Int, prefix: String, xf: Int? = nil) {
        let xf = xf ?? self.xf
        var prefix = prefix
        prefix.withUTF8 { prefix in
            guard case .text(let t) = value, !t.isEmpty else {
                return appendXML(to: &out, row: row, prefix: prefix, xf: xf, text: nil, preserve: false)
            }
            let preserve = CellWrite.keepsEdgeSpace(t)
            var bytes = t
            bytes.withUTF8 { text in
                guard XMLText.needsEscape(text, attribute: false) else {
                    return appendXML(to: &out, row: row, prefix: prefix, xf: xf, text: text, preserve: preserve)
                }
                var escaped = XMLText.escapeText(t)
                escaped.withUTF8 {
                    appendXML(to: &out, row: row, prefix: prefix, xf: xf, text: $0, preserve: preserve)
                }
            }
        }
    }

    /// The `<c>` element with its text's bytes already escaped (nil: a number or an empty cell), stored in room
    /// reserved for all of it and appended to `out` at once.
    private func appendXML(
        to out: inout [UInt8], row: Int, prefix: UnsafeBufferPointer<UInt8>, xf: Int?,
        text: UnsafeBufferPointer<UInt8>?, preserve: Bool
    ) {
        // Tags and attributes are at most 120 bytes, eight names take a prefix each, a number at most 32 bytes.
        let capacity = 160 + 8 * (prefix.count + 1) + (text?.count ?? 0)
        MarkupStore.append(to: &out, capacity: capacity) { m in
            func name(_ local: StaticString) {
                if !prefix.isEmpty { m.bytes(prefix); m.byte(UInt8(ascii: ":")) }
                m.raw(local)
            }
            m.byte(UInt8(ascii: "<")); name("c")
            m.raw(" r=\"")
            m.columnName(column)
            m.decimal(row + 1)
            m.byte(UInt8(ascii: "\""))
            if let xf {
                m.raw(" s=\"")
                m.decimal(xf)
                m.byte(UInt8(ascii: "\""))
            }
            switch value {
            case .number(let v):
                m.raw("><"); name("v"); m.byte(UInt8(ascii: ">"))
                m.number(v)
                m.raw("</"); name("v"); m.raw("></"); name("c"); m.byte(UInt8(ascii: ">"))
            case .text where text != nil:
                m.raw(" t=\"inlineStr\"><"); name("is"); m.byte(UInt8(ascii: ">"))
                m.byte(UInt8(ascii: "<")); name("t")
                m.raw(preserve ? " xml:space=\"preserve\">" : ">")
                m.bytes(text!)
                m.raw("</"); name("t"); m.raw("></"); name("is"); m.raw("></"); name("c"); m.byte(UInt8(ascii: ">"))
            case .text, .empty:
                // An empty text is a styled empty cell: Excel shows both alike, and a summary sheet has a
                // hundred thousand of them.
                m.raw("/>")
            }
        }
    }

    /// Whether `t` begins or ends with white space, which Excel drops from a `<t>` without
    /// `xml:space="preserve"` (written only then, as Excel does).
    static func keepsEdgeSpace(_ t: String) -> Bool {
        func isSpace(_ b: UInt8?) -> Bool { b.map { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? false }
        return isSpace(t.utf8.first) || isSpace(t.utf8.last)
    }
}

/// Numbers as SpreadsheetML writes them: shortest round-trip form, integers without ".0".
enum NumberText {
    static func xml(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        if let n = integer(v) { return String(n) }
        let d = "\(v)"
        guard d.utf8.contains(UInt8(ascii: "e")) else { return d }
        return d.replacingOccurrences(of: "e+", with: "E+").replacingOccurrences(of: "e-", with: "E-")
    }

    /// `v` as an integer, when it is one written without an exponent.
    static func integer(_ v: Double) -> Int64? {
        v.isFinite && v == v.rounded() && abs(v) < 1e15 ? Int64(v) : nil
    }
}

/// Markup stored through a pointer into room reserved for it (a cell's dozen pieces), so that the array it joins
/// checks its capacity once for all of them, not once per piece.
struct MarkupStore {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// Appends to `out` what `body` stores, in room for `capacity` bytes.
    static func append(to out: inout [UInt8], capacity: Int, _ body: (inout MarkupStore) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var m = MarkupStore(base: buffer.baseAddress!)
            body(&m)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress, count: m.count))
        }
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func raw(_ s: StaticString) {
        (base + count).initialize(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    @inline(__always) mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        if let start = b.baseAddress { (base + count).initialize(from: start, count: b.count) }
        count += b.count
    }

    /// The decimal digits of a non-negative integer.
    mutating func decimal(_ n: Int) {
        var length = 1
        var rest = max(n, 0)
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        rest = max(n, 0)
        for i in stride(from: count + length - 1, through: count, by: -1) {
            base[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += length
    }

    /// A 0-based column's letters (A, Z, AA …).
    mutating func columnName(_ index: Int) { count += CellReference.storeColumnName(index, into: base + count) }

    /// A number as `NumberText.xml` writes it (at most 32 bytes).
    mutating func number(_ v: Double) {
        if let n = NumberText.integer(v) {
            if n < 0 { byte(UInt8(ascii: "-")) }
            decimal(Int(n.magnitude))
        } else {
            var text = NumberText.xml(v)
            text.withUTF8 { bytes($0) }
        }
    }
}

/// What to change in one worksheet part.
public struct WorksheetEdit: Sendable {
    /// 0-based row → the cells to write in it (any existing cell at the same column is replaced).
    public var cells: [Int: [CellWrite]] = [:]
    /// Cells made as their rows are written, their styles' `xf` looked up in `bandStyles`, in `bandColumns`.
    var bands: [CellBand] = []
    var bandStyles: [StyleRequest: Int] = [:]
    var bandColumns: ClosedRange<Int>?
    /// Ranges whose existing cells are removed first (GoalSheet's columns from an earlier run).
    public var clear: [CellRange] = []
    /// Column widths for new columns (0-based column, width in characters); only written where no `<col>` covers them.
    public var columnWidths: [(column: Int, width: Double)] = []
    public init() {}
}

/// Streams a worksheet part through, inserting and replacing cells, widening `<dimension>`, adding `<col>`
/// widths and a `<legacyDrawing>` in schema order; every other byte is copied as it was.
final class WorksheetRewriter {
    private let part: String
    /// The edit; each row's cells leave it as the row is written (a sheet's new cells are not all held to the end).
    private var edit: WorksheetEdit
    private let rowsToWrite: [Int]
    private var nextNewRow = 0
    /// Each band's next row (as an index into its rows).
    private var bandNext: [Int]
    /// The bands' style indices by column, as the rows above resolved them.
    private var bandStyleCache = ColumnStyleCache()
    private let legacyDrawingID: String?
    var output: ([UInt8]) throws -> Void
    /// The `r:id` of an existing `<legacyDrawing>` (then GoalSheet's notes merge into that VML drawing).
    private(set) var existingLegacyDrawingID: String?
    private(set) var wroteLegacyDrawing = false

    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private var depth = 0
    private var prefix = ""
    private var inSheetData = false
    private var sawCols = false
    private var capture: [UInt8]?
    private var captureDepth = 0
    private var row = -1
    private var rowEdited = false
    private var rowCells: [CellWrite] = []
    private var rowCellIndex = 0
    private var cellColumn = -1
    private var skippingDepth: Int?
    private var offset = 0
    private let newColumns: ClosedRange<Int>?
    private let newRows: ClosedRange<Int>?

    static let afterLegacyDrawing: Set<String> = [
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]

    init(part: String, edit: WorksheetEdit, legacyDrawingID: String?, output: @escaping ([UInt8]) throws -> Void) {
        self.part = part
        self.edit = edit
        self.rowsToWrite = WorksheetRewriter.rows(of: edit)
        self.bandNext = edit.bands.map { _ in 0 }
        self.legacyDrawingID = legacyDrawingID
        self.output = output
        let cols =
            edit.cells.values.flatMap { $0.map(\.column) }
            + (edit.bandColumns.map { [$0.lowerBound, $0.upperBound] } ?? [])
        newColumns = cols.isEmpty ? nil : cols.min()!...cols.max()!
        newRows = rowsToWrite.isEmpty ? nil : rowsToWrite.first!...rowsToWrite.last!
    }

    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        carry.append(contentsOf: chunk)
        let consumed = try carry.withUnsafeBufferPointer { try process($0, final: false) }
        offset += consumed
        carry.removeFirst(consumed)
        if out.count > 256 << 10 { try output(out); out.removeAll(keepingCapacity: true) }
    }

    func finish() throws {
        let consumed = try carry.withUnsafeBufferPointer { try process($0, final: true) }
        guard consumed == carry.count else {
            throw PartEditError(part: part, offset: offset + consumed, "the part ends inside a tag")
        }
        guard depth == 0 else {
            throw PartEditError(part: part, offset: offset + consumed, "the part ends before </worksheet>")
        }
        if !out.isEmpty { try output(out) }
        out.removeAll()
    }

    private func emit(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
        if skippingDepth != nil { return }
        if capture != nil { capture!.append(contentsOf: b[r]); return }
        out.append(contentsOf: b[r])
    }

    private func emit(_ s: String) {
        if capture != nil { capture!.append(contentsOf: s.utf8) } else { out.append(contentsOf: s.utf8) }
    }

    private var p: String { prefix.isEmpty ? "" : prefix + ":" }

    private func process(_ b: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
        var i = 0
        while i < b.count {
            guard let (kind, e) = try XMLTokenizer.token(b, at: i, part: part, base: offset) else { break }
            switch kind {
            case .text, .other:
                emit(b, i..<e)
            case .start(let selfClosing):
                try start(b, i..<e, selfClosing: selfClosing)
            case .end:
                try end(b, i..<e)
            }
            i = e
        }
        return i
    }

    private func start(_ b: UnsafeBufferPointer<UInt8>, _ tag: Range<Int>, selfClosing: Bool) throws {
        let (pr, local) = XMLTokenizer.nameRange(b, tagStart: tag.lowerBound)
        let level = depth
        if !selfClosing { depth += 1 }
        if skippingDepth != nil { return }
        if capture != nil { emit(b, tag); return }
        switch level {
        case 0:
            prefix = String(decoding: b[pr], as: UTF8.self)
            emit(b, tag)
        case 1:
            if XMLTokenizer.equals(b, local, "dimension") {
                emit(dimensionTag(b, tag))
            } else if XMLTokenizer.equals(b, local, "cols") {
                sawCols = true
                if selfClosing { emit(b, tag) } else { capture = Array(b[tag]); captureDepth = level }
            } else if XMLTokenizer.equals(b, local, "sheetData") {
                if !sawCols { emit(newColsElement()); sawCols = true }
                inSheetData = true
                if selfClosing {
                    var t = Array(b[tag])
                    t.remove(at: t.count - 2)
                    out.append(contentsOf: t)
                    writeNewRows(upTo: Int.max)
                    emit("</\(p)sheetData>")
                    inSheetData = false
                } else {
                    emit(b, tag)
                }
            } else {
                if XMLTokenizer.equals(b, local, "legacyDrawing") {
                    existingLegacyDrawingID = XMLTokenizer.attributeRange(b, tag: tag, "id", anyPrefix: true).map {
                        XMLText.unescape(Array(b[$0]))
                    }
                } else if WorksheetRewriter.afterLegacyDrawing.contains(String(decoding: b[local], as: UTF8.self)) {
                    insertLegacyDrawing()
                }
                emit(b, tag)
            }
        case 2 where inSheetData:
            guard XMLTokenizer.equals(b, local, "row") else { emit(b, tag); return }
            let rAttr = XMLTokenizer.attributeRange(b, tag: tag, "r")
            if let r = rAttr, let n = Int(String(decoding: b[r], as: UTF8.self)) { row = n - 1 } else { row += 1 }
            writeNewRows(upTo: row)
            if nextNewRow < rowsToWrite.count && rowsToWrite[nextNewRow] == row {
                rowCells = takeCells(row)
                nextNewRow += 1
            } else {
                rowCells = []
            }
            rowCellIndex = 0
            cellColumn = -1
            rowEdited = !rowCells.isEmpty || edit.clear.contains { row >= $0.start.row && row <= $0.end.row }
            // The row's tag as written, with `r` added where missing and `spans` widened to the new cells.
            var spansRange: Range<Int>?
            var newSpans = ""
            if rowEdited, !rowCells.isEmpty, let sr = XMLTokenizer.attributeRange(b, tag: tag, "spans") {
                let nums = String(decoding: b[sr], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == ":" })
                    .compactMap { Int($0) }
                if let lo = nums.min(), let hi = nums.max() {
                    spansRange = sr
                    newSpans = "\(min(lo, rowCells.first!.column + 1)):\(max(hi, rowCells.last!.column + 1))"
                }
            }
            let opened = selfClosing && rowEdited && !rowCells.isEmpty
            if rAttr == nil || opened {
                var t = String(decoding: b[tag], as: UTF8.self)
                if let sr = spansRange {
                    t =
                        String(decoding: b[tag.lowerBound..<sr.lowerBound], as: UTF8.self) + newSpans
                        + String(decoding: b[sr.upperBound..<tag.upperBound], as: UTF8.self)
                }
                if rAttr == nil { t = insertAttribute(t, "r", String(row + 1)) }
                if opened {
                    t = String(t.dropLast(2)).trimmingTrailingSpaces + ">"
                    emit(t)
                    flushRowCells(before: Int.max)
                    emit("</\(p)row>")
                } else {
                    emit(t)
                }
            } else if let sr = spansRange {
                emit(b, tag.lowerBound..<sr.lowerBound)
                emit(newSpans)
                emit(b, sr.upperBound..<tag.upperBound)
            } else {
                emit(b, tag)
            }
            if selfClosing { rowEdited = false }
        case 3 where inSheetData && rowEdited:
            guard XMLTokenizer.equals(b, local, "c") else { emit(b, tag); return }
            let rAttr = XMLTokenizer.attributeRange(b, tag: tag, "r")
            if let r = rAttr, let c = CellReference.parse(UnsafeBufferPointer(rebasing: b[r])).column {
                cellColumn = c
            } else {
                cellColumn += 1
            }
            flushRowCells(before: cellColumn)
            let replaced =
                rowCells.contains { $0.column == cellColumn }
                || edit.clear.contains { $0.contains(CellReference(row: row, column: cellColumn)) }
            if replaced {
                if !selfClosing { skippingDepth = level }
                return
            }
            if rAttr == nil {
                emit(
                    insertAttribute(
                        String(decoding: b[tag], as: UTF8.self), "r",
                        CellReference(row: row, column: cellColumn).description))
            } else {
                emit(b, tag)
            }
        default:
            emit(b, tag)
        }
    }

    private func end(_ b: UnsafeBufferPointer<UInt8>, _ tag: Range<Int>) throws {
        depth -= 1
        guard depth >= 0 else {
            throw PartEditError(part: part, offset: offset + tag.lowerBound, "an end tag without a start tag")
        }
        if let s = skippingDepth {
            if depth == s { skippingDepth = nil }
            return
        }
        let (_, local) = XMLTokenizer.nameRange(b, tagStart: tag.lowerBound)
        if capture != nil {
            emit(b, tag)
            if depth == captureDepth {
                let cols = capture!
                capture = nil
                emit(colsElement(cols))
            }
            return
        }
        switch depth {
        case 0:
            insertLegacyDrawing()
            emit(b, tag)
        case 1 where inSheetData && XMLTokenizer.equals(b, local, "sheetData"):
            writeNewRows(upTo: Int.max)
            inSheetData = false
            emit(b, tag)
        case 2 where inSheetData && rowEdited && XMLTokenizer.equals(b, local, "row"):
            flushRowCells(before: Int.max)
            rowEdited = false
            emit(b, tag)
        default:
            emit(b, tag)
        }
    }

    private func flushRowCells(before column: Int) {
        while rowCellIndex < rowCells.count && rowCells[rowCellIndex].column < column {
            emitCell(rowCells[rowCellIndex])
            rowCellIndex += 1
        }
        // A cell at exactly this column replaces the existing one: written now, the old one skipped.
        if rowCellIndex < rowCells.count && rowCells[rowCellIndex].column == column {
            emitCell(rowCells[rowCellIndex])
            rowCellIndex += 1
        }
    }

    private func emitCell(_ c: CellWrite) {
        if capture != nil {
            c.appendXML(to: &capture!, row: row, prefix: prefix)
        } else {
            c.appendXML(to: &out, row: row, prefix: prefix)
        }
    }

    /// The rows the edit writes cells in, ascending: its held cells' and its bands'.
    private static func rows(of edit: WorksheetEdit) -> [Int] {
        guard !edit.bands.isEmpty else { return edit.cells.keys.sorted() }
        let all = (Array(edit.cells.keys) + edit.bands.flatMap(\.rows)).sorted()
        return zip(all.indices, all).compactMap { i, r in i > 0 && all[i - 1] == r ? nil : r }
    }

    /// Row `r`'s new cells in column order: they leave the edit (a band's are made now, their styles resolved).
    private func takeCells(_ r: Int) -> [CellWrite] {
        var cells = edit.cells.removeValue(forKey: r) ?? []
        for b in edit.bands.indices where bandNext[b] < edit.bands[b].rows.count && edit.bands[b].rows[bandNext[b]] == r
        {
            var made = edit.bands[b].make(bandNext[b])
            bandNext[b] += 1
            for i in made.indices {
                guard let s = made[i].style else { continue }
                made[i].xf = bandStyleCache.xf(s, column: made[i].column) { edit.bandStyles[s] }
            }
            if cells.isEmpty { cells = made } else { cells += made }
        }
        return cells.sorted { $0.column < $1.column }
    }

    /// Rows with new cells that the sheet does not have yet, before row `limit`.
    private func writeNewRows(upTo limit: Int) {
        while nextNewRow < rowsToWrite.count && rowsToWrite[nextNewRow] < limit {
            let r = rowsToWrite[nextNewRow]
            emit("<\(p)row r=\"\(r + 1)\">")
            for c in takeCells(r) {
                c.appendXML(to: &out, row: r, prefix: prefix)
            }
            emit("</\(p)row>")
            nextNewRow += 1
        }
    }

    private func insertLegacyDrawing() {
        guard let id = legacyDrawingID, existingLegacyDrawingID == nil, !wroteLegacyDrawing else { return }
        wroteLegacyDrawing = true
        emit("<\(p)legacyDrawing xmlns:r=\"\(relationshipsNamespace)\" r:id=\"\(id)\"/>")
    }

    var relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private func dimensionTag(_ b: UnsafeBufferPointer<UInt8>, _ tag: Range<Int>) -> String {
        let t = String(decoding: b[tag], as: UTF8.self)
        guard let cols = newColumns, let rows = newRows, let rr = XMLTokenizer.attributeRange(b, tag: tag, "ref") else {
            return t
        }
        let ref = String(decoding: b[rr], as: UTF8.self)
        guard let range = CellRange(ref) else { return t }
        let merged = CellRange(
            start: CellReference(
                row: min(range.start.row, rows.lowerBound), column: min(range.start.column, cols.lowerBound)),
            end: CellReference(row: max(range.end.row, rows.upperBound), column: max(range.end.column, cols.upperBound))
        )
        return t.replacingOccurrences(of: "ref=\"\(ref)\"", with: "ref=\"\(merged)\"")
    }

    /// A `<cols>` for a sheet that has none.
    private func newColsElement() -> String {
        edit.columnWidths.isEmpty
            ? "" : "<\(p)cols>" + WorksheetRewriter.disjoint(edit.columnWidths).map(colXML).joined() + "</\(p)cols>"
    }

    /// One width per column, in column order: `<col>` ranges must not overlap (§18.3.1.13), and where two
    /// goal tables on one sheet both ask for a column, the wider wins so that both fit.
    static func disjoint(_ widths: [(column: Int, width: Double)]) -> [(column: Int, width: Double)] {
        var widest: [Int: Double] = [:]
        for w in widths { widest[w.column] = max(widest[w.column] ?? 0, w.width) }
        return widest.keys.sorted().map { ($0, widest[$0]!) }
    }

    private func colXML(_ w: (column: Int, width: Double)) -> String {
        "<\(p)col min=\"\(w.column + 1)\" max=\"\(w.column + 1)\" width=\"\(NumberText.xml(w.width))\" customWidth=\"1\"/>"
    }

    /// An existing `<cols>`: new `<col>` elements go in order among the existing ones, only where none covers them.
    private func colsElement(_ bytes: [UInt8]) -> String {
        guard let doc = try? XMLSpliceDocument(bytes, part: part) else { return String(decoding: bytes, as: UTF8.self) }
        let cols = doc.children(of: 0, named: "col")
        let ranges: [(Int, ClosedRange<Int>)] = cols.compactMap { i in
            guard let lo = doc.attribute("min", of: i).flatMap(Int.init),
                let hi = doc.attribute("max", of: i).flatMap(Int.init), lo <= hi
            else { return nil }
            return (i, lo...hi)
        }
        for w in WorksheetRewriter.disjoint(edit.columnWidths)
        where !ranges.contains(where: { $0.1.contains(w.column + 1) }) {
            if let next = ranges.first(where: { $0.1.lowerBound > w.column + 1 }) {
                doc.insert(colXML(w), at: doc.elements[next.0].start.lowerBound)
            } else {
                doc.append(colXML(w), into: 0)
            }
        }
        return String(decoding: doc.result(), as: UTF8.self)
    }

    private func insertAttribute(_ tag: String, _ name: String, _ value: String) -> String {
        // After the element name: "<x:row spans=…>" → "<x:row r="5" spans=…>".
        guard
            let nameEnd = tag.firstIndex(where: {
                $0 == " " || $0 == ">" || $0 == "/" || $0 == "\t" || $0 == "\n" || $0 == "\r"
            })
        else { return tag }
        return String(tag[..<nameEnd]) + " \(name)=\"\(value)\"" + String(tag[nameEnd...])
    }
}
