import GoalSheetSupport
import OPCPackage
import XMLStreaming
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A single-pass, throwing cursor over a worksheet's rows (§18.3.1.99 `<worksheet>`).
///
/// The part is inflated and parsed chunk by chunk (libxml2's SAX2 push parser) only as far as the
/// next row needs, so memory stays flat whatever the sheet's size. Rows come in document order,
/// cells in column order. Merged ranges and hidden columns are known once the cursor is exhausted
/// (Excel writes `<mergeCells>` after `<sheetData>`).
public final class WorksheetReader {
    public let sheet: SheetInfo
    public let file: String
    private let source: PartByteSource
    private let parser: XMLStreamParser
    private let handler: WorksheetHandler
    private var done = false

    init(workbook: Workbook, sheet: SheetInfo, limits: ReadLimits) throws {
        guard let part = sheet.part, let entry = workbook.package.entry(for: part) else {
            throw GoalSheetError(
                .missingPart, file: workbook.path, part: sheet.part, sheet: sheet.name, "the sheet's part is missing")
        }
        self.sheet = sheet
        self.file = workbook.path
        source = try PartByteSource(package: workbook.package, entry: entry)
        handler = WorksheetHandler(
            sharedStrings: workbook.sharedStrings, formats: workbook.styles.cellFormats,
            is1904: workbook.is1904, file: workbook.path, part: part, sheetName: sheet.name, limits: limits)
        parser = XMLStreamParser(documentName: part, handler: handler)
        handler.parser = parser
    }

    /// The next row with at least one value or formula, or nil at the end of the sheet.
    public func next() throws -> Row? {
        while handler.readIndex >= handler.ready.count {
            if done { return nil }
            handler.ready.removeAll(keepingCapacity: true)
            handler.readIndex = 0
            try feedNextChunk()
        }
        let row = handler.ready[handler.readIndex]
        handler.readIndex += 1
        return row
    }

    /// Reads every remaining row as the sheet stores it, handing each to `visit` without making a `Cell`
    /// or a `String` per cell (the path of `goalsheet cat`). Rows come as `next()` would give them.
    public func forEachRawRow(_ visit: (RawRow) throws -> Void) throws {
        precondition(handler.readIndex >= handler.ready.count, "forEachRawRow after next() returned rows")
        var failure: Error?
        try withoutActuallyEscaping(visit) { visit in
            handler.visitor = { row in
                do { try visit(row) } catch { failure = error; self.parser.stop(with: error) }
            }
            defer { handler.visitor = nil }
            while !done {
                do { try feedNextChunk() } catch { throw failure ?? error }
            }
        }
    }

    /// Inflates and parses the next chunk of the part (the end of the part finishes the parse); errors
    /// name the file, the part and the sheet.
    private func feedNextChunk() throws {
        do {
            if let chunk = try source.next() {
                try parser.feed(chunk)
            } else {
                try parser.finish()
                done = true
            }
        } catch {
            done = true
            var e = GoalSheetError.wrap(error, file: file, part: sheet.part)
            if e.sheet == nil { e.sheet = sheet.name }
            throw e
        }
    }

    /// Reads all remaining rows.
    public func readAll() throws -> [Row] {
        var out: [Row] = []
        while let r = try next() { out.append(r) }
        return out
    }

    /// Merged ranges (`<mergeCell ref>`), complete once `next()` has returned nil.
    public var mergedRanges: [CellRange] { handler.merged }
    /// 0-based indices of hidden columns (`<col hidden="1">`).
    public var hiddenColumns: [ClosedRange<Int>] { handler.hiddenColumns }
    /// The `<dimension ref>` as written (it may be wrong; nothing relies on it).
    public var declaredDimension: CellRange? { handler.dimension }
}

/// SAX handler building rows; the state machine of `<sheetData>`.
final class WorksheetHandler: XMLEventHandler {
    // Inputs.
    let sharedStrings: SharedStringTable
    /// The table as `String`s, made only when a `Cell` needs one (never on the raw path).
    private lazy var strings: [String] = sharedStrings.strings
    let formats: [NumberFormat]
    let formatKinds: [NumberFormat.Kind]
    let is1904: Bool
    let file: String
    let part: String
    let sheetName: String
    let limits: ReadLimits
    /// Set by the reader, which owns both (a weak reference would slow every retain of the parser).
    unowned(unsafe) var parser: XMLStreamParser? = nil

    // Output, consumed by the reader.
    var ready: [Row] = []
    var readIndex = 0
    var merged: [CellRange] = []
    var hiddenColumns: [ClosedRange<Int>] = []
    var dimension: CellRange?

    // Parse state.
    private var ns = SpreadsheetNamespace()
    private var sawRoot = false
    private var inSheetData = false
    private var rowIndex = -1
    private var rowHidden = false
    private var nextColumn = 0
    private var cells: [Cell] = []
    private var cellsSorted = true
    /// The current row's cell text so far, in bytes.
    private var rowBytes = 0
    /// The row the buffered cells belong to (-1: none) and whether it is hidden; the last row handed on.
    /// A row is handed on when a cell of a later row arrives (or `</sheetData>`), so that a cell whose
    /// reference names the next row joins it.
    private var pendingRow = -1
    private var pendingHidden = false
    private var passedRow = -1

    private var inCell = false
    private var cellRow = 0
    private var cellColumn = 0
    private var cellStyle = 0
    private var cellType: CellType = .number
    typealias CellType = RawCell.Kind
    private enum Capture { case none, value, formula }
    private var capture = Capture.none
    /// The current `<v>` text.
    private var value = GrowableBytes(capacity: 64)
    private var hasValue = false
    private var formula: [UInt8] = []
    private var hasFormula = false
    private var formulaShared = false
    private var formulaSharedIndex = -1
    private var formulaSharedRef = false
    private var inInlineString = false
    private let inline = RichTextAccumulator()
    private var sharedFormulas: [Int: (text: String, row: Int, column: Int)] = [:]

    // The raw path (`WorksheetReader.forEachRawRow`): the current row's cells as records over one byte buffer.
    var visitor: ((RawRow) -> Void)?
    var raws: [RawCell] = []
    var rawBytes = GrowableBytes(capacity: 4096)

    deinit {
        value.free()
        rawBytes.free()
    }

    init(
        sharedStrings: SharedStringTable, formats: [NumberFormat], is1904: Bool, file: String, part: String,
        sheetName: String,
        limits: ReadLimits = .current
    ) {
        self.limits = limits
        self.sharedStrings = sharedStrings
        self.formats = formats
        self.formatKinds = formats.map(\.kind)
        self.is1904 = is1904
        self.file = file
        self.part = part
        self.sheetName = sheetName
        formula.reserveCapacity(256)
        cells.reserveCapacity(64)
    }

    private func fail(_ kind: GoalSheetError.Kind, cell: String?, _ message: String) {
        parser?.stop(
            with: GoalSheetError(
                kind, file: file, part: part, sheet: sheetName, cell: cell,
                line: parser?.currentLine, message))
    }

    func startElement(_ e: XMLStartElement) {
        guard ns.isMain(e.namespaceURI) else {
            // Excel 4 macro sheets put their root in the excel/2006/main namespace, the rest in SpreadsheetML's.
            if !sawRoot && !e.isNamed("macrosheet") {
                fail(
                    .notAWorkbook, cell: nil,
                    "the root element <\(e.name)> is in namespace \(e.namespace ?? "-"), not SpreadsheetML's (a pre-release or foreign format)"
                )
            }
            sawRoot = true
            return
        }
        if !sawRoot {
            sawRoot = true
            // A relationship that points back at the workbook (or any part not a sheet) is no sheet to read as empty.
            guard
                e.isNamed("worksheet") || e.isNamed("chartsheet") || e.isNamed("dialogsheet") || e.isNamed("macrosheet")
            else {
                return fail(
                    .notAWorkbook, cell: nil,
                    "the sheet's part has the root <\(e.name)>, not <worksheet> (its relationship points at another kind of part); not read"
                )
            }
        }
        if inCell {
            if e.isNamed("v") {
                capture = .value
                hasValue = true
                value.removeAll()
            } else if e.isNamed("f") {
                capture = .formula
                hasFormula = true
                formula.removeAll(keepingCapacity: true)
                formulaShared = false
                formulaSharedRef = false
                formulaSharedIndex = -1
                if let t = e.attribute("t"), t.elementsEqual("shared".utf8) {
                    formulaShared = true
                    if let si = e.attribute("si") { formulaSharedIndex = parseInt(si) ?? -1 }
                    formulaSharedRef = e.attribute("ref") != nil
                }
            } else if e.isNamed("is") {
                inInlineString = true
                hasValue = true
                inline.reset()
            } else if inInlineString {
                inline.start(e)
            }
            return
        }
        if inSheetData {
            if e.isNamed("c") {
                // An inlineStr cell with a <v> but no <is> must not show the previous cell's inline text.
                inline.reset()
                startCell(e)
            } else if e.isNamed("row") {
                if let r = e.attribute("r") {
                    guard let n = parseInt(r), n >= 1, n <= CellReference.maxRows else {
                        fail(
                            .badCell, cell: nil,
                            "row number '\(String(decoding: r, as: UTF8.self))' is not a row of a sheet (1 to 1048576)")
                        return
                    }
                    rowIndex = n - 1
                } else {
                    rowIndex += 1
                }
                // The buffered row is complete once a later <row> starts (a cell of a row before it is an error).
                if pendingRow >= 0 && rowIndex > pendingRow { flushRow() }
                if let h = e.attribute("hidden") {
                    rowHidden = h.elementsEqual("1".utf8) || h.elementsEqual("true".utf8)
                } else {
                    rowHidden = false
                }
                nextColumn = 0
            }
            return
        }
        if e.isNamed("sheetData") {
            inSheetData = true
        } else if e.isNamed("mergeCell") {
            if let ref = e.string("ref"), let range = CellRange(ref) { merged.append(range) }
        } else if e.isNamed("col") {
            if let h = e.string("hidden"), h == "1" || h == "true",
                let lo = e.string("min").flatMap({ Int($0) }), let hi = e.string("max").flatMap({ Int($0) }), lo >= 1,
                hi >= lo
            {
                hiddenColumns.append((lo - 1)...(min(hi, CellReference.maxColumns) - 1))
            }
        } else if e.isNamed("dimension") {
            if let ref = e.string("ref") { dimension = CellRange(ref) }
        }
    }

    private func startCell(_ e: XMLStartElement) {
        inCell = true
        hasValue = false
        hasFormula = false
        capture = .none
        cellStyle = 0
        cellType = .number
        if rowIndex < 0 { rowIndex = 0 }
        cellRow = rowIndex
        cellColumn = nextColumn
        guard let attributes = e.attributes else { return }
        // One pass over the attributes: r, s, t.
        for i in 0..<e.attributeCount {
            let base = attributes + i * 5
            guard let local = base[0], base[2] == nil, let start = base[3], let end = base[4] else { continue }
            let v = UnsafeBufferPointer(start: start, count: end - start)
            if local[1] == 0 {
                switch local[0] {
                case 0x72:  // r
                    let (r, c) = CellReference.parse(v)
                    if v.count > 0 && (r == nil || c == nil) {
                        let text = String(decoding: v, as: UTF8.self)
                        fail(
                            .badCell, cell: text,
                            "'\(text)' is not a cell reference (columns A to XFD, rows 1 to 1048576)")
                        return
                    }

                    if let c { cellColumn = c }
                    if let r { cellRow = r }
                case 0x73:  // s
                    cellStyle = parseInt(v) ?? 0
                case 0x74:  // t
                    cellType = WorksheetHandler.cellType(v)
                default: break
                }
            }
        }
        if cellType == .unknown {
            fail(
                .badCell, cell: CellReference(row: cellRow, column: cellColumn).description,
                "unknown cell type t=\"\(attributeText(e, "t"))\"")
        }
    }

    private func attributeText(_ e: XMLStartElement, _ name: StaticString) -> String {
        e.attribute(name).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func cellType(_ v: UnsafeBufferPointer<UInt8>) -> CellType {
        switch v.count {
        case 1:
            switch v[0] {
            case 0x6E: return .number  // n
            case 0x73: return .sharedString  // s
            case 0x62: return .bool  // b
            case 0x65: return .error  // e
            case 0x64: return .isoDate  // d
            default: return .unknown
            }
        case 3 where v.elementsEqual("str".utf8): return .formulaString
        case 9 where v.elementsEqual("inlineStr".utf8): return .inlineString
        case 0: return .number
        default: return .unknown
        }
    }

    func endElement(_ e: XMLEndElement) {
        guard ns.isMain(e.namespaceURI) else { return }
        if inCell {
            if e.isNamed("c") {
                endCell()
            } else if e.isNamed("v") || e.isNamed("f") {
                capture = .none
            } else if e.isNamed("is") {
                inInlineString = false
            } else if inInlineString {
                inline.end(e)
            }
            return
        }
        if inSheetData {
            if e.isNamed("sheetData") {
                flushRow()
                inSheetData = false
            }
        }
    }

    func characters(_ t: UnsafeBufferPointer<UInt8>) {
        switch capture {
        case .value:
            guard value.count + t.count <= limits.maxCellBytes else { return overLimit("its value") }
            value.append(t)
        case .formula:
            guard formula.count + t.count <= limits.maxCellBytes else { return overLimit("its formula") }
            formula.append(contentsOf: t)
        case .none:
            if inInlineString && !inline.characters(t, limit: limits.maxCellBytes) { overLimit("its text") }
        }
    }

    /// Stops on a cell past `ReadLimits.maxCellBytes`, naming it.
    private func overLimit(_ what: String) {
        fail(
            .overLimit, cell: CellReference(row: cellRow, column: cellColumn).description,
            "\(what) is over \(ReadLimits.sizeText(limits.maxCellBytes)) (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
        )
    }

    /// Stops on a row whose cells together pass `ReadLimits.maxRowBytes`.
    private func countRowBytes(_ n: Int) {
        rowBytes += n
        if rowBytes > limits.maxRowBytes {
            fail(
                .overLimit, cell: CellReference(row: cellRow, column: cellColumn).description,
                "row \(cellRow + 1) holds over \(ReadLimits.sizeText(limits.maxRowBytes)) of cell text (limits.max_row_mib); not read"
            )
        }
    }

    /// Hands on the buffered row (its cells in column order, the last of two at one column kept).
    private func flushRow() {
        defer {
            if pendingRow >= 0 { passedRow = pendingRow }
            pendingRow = -1
            cellsSorted = true
            rowBytes = 0
        }
        if visitor != nil {
            guard !raws.isEmpty else { return }
            if !cellsSorted { raws = Self.columnOrder(raws, column: \.column) }
            raws.withUnsafeBufferPointer { cells in
                visitor!(
                    RawRow(
                        index: cells[0].row, isHidden: pendingHidden, cells: cells, bytes: rawBytes.bytes,
                        handler: Unmanaged.passUnretained(self)))
            }
            raws.removeAll(keepingCapacity: true)
            rawBytes.removeAll()
            return
        }
        guard !cells.isEmpty else { return }
        if !cellsSorted { cells = Self.columnOrder(cells, column: \.column) }
        ready.append(Row(index: cells[0].row, cells: cells, isHidden: pendingHidden))
        cells.removeAll(keepingCapacity: true)
    }

    /// `flushRow` in the middle of a cell (one that names a later row than its `<row>`): the raw visitor
    /// reads its values through this handler's cell state, which is put back after.
    private func flushRowKeepingCell() {
        guard visitor != nil else { return flushRow() }
        let saved = (cellType, hasValue, cellStyle, cellRow, cellColumn)
        let bytes = Array(value.bytes)
        flushRow()
        (cellType, hasValue, cellStyle, cellRow, cellColumn) = saved
        value.removeAll()
        bytes.withUnsafeBufferPointer { value.append($0) }
    }

    /// Cells sorted by column; of two at one column the later in the part is kept (as Excel, openpyxl
    /// and calamine read it).
    static func columnOrder<C>(_ cells: [C], column: (C) -> Int) -> [C] {
        let order = cells.indices.sorted { (column(cells[$0]), $0) < (column(cells[$1]), $1) }
        var out: [C] = []
        out.reserveCapacity(cells.count)
        for (n, i) in order.enumerated() where n + 1 == order.count || column(cells[order[n + 1]]) != column(cells[i]) {
            out.append(cells[i])
        }
        return out
    }

    private func endCell() {
        inCell = false
        capture = .none
        nextColumn = cellColumn + 1
        countRowBytes(value.count + formula.count + (inInlineString || cellType == .inlineString ? inline.count : 0))
        if visitor != nil { endRawCell(); return }
        let v = cellValue()
        var f: String?
        if hasFormula { f = formulaText() }
        guard !v.isEmpty || f != nil else { return }
        guard placeCell() else { return }
        if let last = cells.last, last.column >= cellColumn { cellsSorted = false }
        cells.append(Cell(row: cellRow, column: cellColumn, value: v, styleIndex: cellStyle, formula: f))
    }

    /// The raw path's `endCell`: the same cells kept (a value or a formula), their bytes recorded.
    private func endRawCell() {
        let empty = !hasValue || cellType == .unknown || (cellType != .inlineString && value.isEmpty)
        let kept = hasFormula && formulaText() != nil  // also records a shared formula's master for the cells after it
        if empty && !kept { return }
        guard placeCell() else { return }
        if let last = raws.last, last.column >= cellColumn { cellsSorted = false }
        let start = rawBytes.count
        if !empty {
            if cellType == .inlineString { inline.finish { rawBytes.append($0) } } else { rawBytes.append(value.bytes) }
        }
        raws.append(
            RawCell(
                row: cellRow, column: cellColumn, style: cellStyle, kind: empty ? .unknown : cellType, start: start,
                end: rawBytes.count))
    }

    /// Puts the cell being ended in the row its reference names: the buffered row, or a new one after it
    /// (the buffered row is then handed on). A cell for a row already handed on cannot be placed in a
    /// stream of rows: an error naming it, rather than a row printed twice or a cell silently lost.
    private func placeCell() -> Bool {
        if cellRow <= passedRow || (pendingRow >= 0 && cellRow < pendingRow) {
            let read = max(pendingRow, passedRow) + 1
            fail(
                .badCell, cell: CellReference(row: cellRow, column: cellColumn).description,
                "names row \(cellRow + 1) inside <row r=\"\(rowIndex + 1)\">, after the rows had reached row \(read) (cells must come in row order); not read"
            )
            return false
        }
        if pendingRow >= 0 && cellRow > pendingRow { flushRowKeepingCell() }
        if pendingRow < 0 { pendingRow = cellRow; pendingHidden = rowHidden }
        if rowIndex == cellRow { pendingHidden = rowHidden }
        // Cells after one that named another row follow it there, as their column does.
        rowIndex = cellRow
        return true
    }

    /// The typed value of a raw cell, as `Cell.value` would hold it.
    func rawValue(_ r: RawCell, _ bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
        let text = UnsafeBufferPointer(rebasing: bytes[r.start..<r.end])
        switch r.kind {
        case .unknown: return .empty
        case .inlineString: return .text(String(decoding: text, as: UTF8.self))
        default: cellType = r.kind
        }
        hasValue = true
        cellStyle = r.style
        cellRow = r.row
        cellColumn = r.column
        value.removeAll()
        value.append(text)
        return cellValue()
    }

    private func cellValue() -> CellValue {
        if !hasValue { return .empty }
        let value = self.value.bytes
        switch cellType {
        case .inlineString:
            return .text(inline.finish())
        case _ where value.isEmpty:
            return .empty
        case .sharedString:
            guard let i = parseInt(value), i >= 0, i < sharedStrings.count else {
                fail(
                    .badCell, cell: CellReference(row: cellRow, column: cellColumn).description,
                    "shared string index '\(String(decoding: value, as: UTF8.self))' is not in the shared string table (\(sharedStrings.count) strings)"
                )
                return .empty
            }
            return .text(strings[i])
        case .number:
            guard let d = parseStoredNumber(value) else {
                // No explicit type and not a number: keep the text, as Excel would show it.
                return .text(String(decoding: value, as: UTF8.self))
            }
            return typedNumber(d)
        case .bool:
            return .bool(!(value.count == 1 && value[0] == 0x30) && !value.elementsEqual("false".utf8))
        case .error:
            return .error(String(decoding: value, as: UTF8.self))
        case .formulaString:
            return .text(decodeXEscapes(value))
        case .isoDate:
            let s = String(decoding: value, as: UTF8.self)
            if let serial = ISODate.serial(s) {
                return .date(ExcelDate(serial: serial, is1904: false))
            }
            return .text(s)
        case .unknown:
            return .empty
        }
    }

    @inline(__always) private func typedNumber(_ d: Double) -> CellValue {
        guard cellStyle > 0, cellStyle < formatKinds.count else { return .number(d) }
        switch formatKinds[cellStyle] {
        case .dateTime:
            let date = ExcelDate(serial: d, is1904: is1904)
            return date.components == nil ? .number(d) : .date(date)
        case .duration:
            return .duration(days: d)
        default:
            return .number(d)
        }
    }

    private func formulaText() -> String? {
        let text = decodeXEscapes(formula)
        if formulaShared && formulaSharedIndex >= 0 {
            if !text.isEmpty {
                if formulaSharedRef { sharedFormulas[formulaSharedIndex] = (text, cellRow, cellColumn) }
                return text
            }
            guard let master = sharedFormulas[formulaSharedIndex] else { return nil }
            return FormulaTranslator.shift(master.text, rows: cellRow - master.row, columns: cellColumn - master.column)
        }
        return text.isEmpty ? nil : text
    }
}

/// A number's stored text (`<v>`) as a Double: integers up to 15 digits directly, other plain decimal
/// text (XML white space around it allowed) through `strtod`; nil for anything else (hex, `inf`, `nan`).
func parseStoredNumber(_ value: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = value.count
    if n > 0 && n <= 15 {
        var i = 0
        var neg = false
        if value[0] == 0x2D { neg = true; i = 1 }
        if i < n {
            var acc: Int64 = 0
            var ok = true
            while i < n {
                let c = value[i] &- 0x30
                if c > 9 { ok = false; break }
                acc = acc * 10 + Int64(c)
                i += 1
            }
            if ok { return Double(neg ? -acc : acc) }
        }
    }
    // Trim XML white space, then strtod on a NUL-terminated copy.
    var lo = 0
    var hi = n
    while lo < hi, isXMLSpace(value[lo]) { lo += 1 }
    while hi > lo, isXMLSpace(value[hi - 1]) { hi -= 1 }
    let len = hi - lo
    guard len > 0, len < 63 else { return nil }
    for k in lo..<hi {
        let c = value[k]
        if !((c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x45 || c == 0x65) { return nil }
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buf -> Double? in
        for k in 0..<len { buf[k] = CChar(bitPattern: value[lo + k]) }
        buf[len] = 0
        var end: UnsafeMutablePointer<CChar>?
        let d = strtod(buf.baseAddress!, &end)
        guard let end, end - buf.baseAddress! == len else { return nil }
        return d
    }
}

@inline(__always) func parseInt<C: Collection>(_ b: C) -> Int? where C.Element == UInt8 {
    var acc = 0
    var any = false
    for c in b {
        let d = c &- 0x30
        guard d <= 9 else { return nil }
        acc = acc &* 10 &+ Int(d)
        any = true
        if acc > 1 << 40 { return nil }
    }
    return any ? acc : nil
}

/// ISO 8601 dates of `t="d"` cells (§18.17.4.1): `2014-10-11`, `2014-10-11T12:30:00Z`, `12:30:00`.
enum ISODate {
    static func serial(_ s: String) -> Double? {
        var text = Substring(s)
        if text.hasSuffix("Z") { text = text.dropLast() }
        var datePart: Substring = ""
        var timePart: Substring = ""
        if let t = text.firstIndex(of: "T") {
            datePart = text[..<t]
            timePart = text[text.index(after: t)...]
        } else if text.contains(":") {
            timePart = text
        } else {
            datePart = text
        }
        var serial = 0.0
        if !datePart.isEmpty {
            let f = datePart.split(separator: "-")
            guard f.count == 3, let y = Int(f[0]), let m = Int(f[1]), let d = Int(f[2]), (1...12).contains(m),
                (1...31).contains(d)
            else { return nil }
            serial = ExcelDate.serial(year: y, month: m, day: d)
        }
        if !timePart.isEmpty {
            let f = timePart.split(separator: ":")
            guard f.count >= 2, let h = Int(f[0]), let mi = Int(f[1]) else { return nil }
            let sec = f.count > 2 ? Double(f[2]) ?? 0 : 0
            serial += (Double(h) * 3600 + Double(mi) * 60 + sec) / 86_400
        }
        return serial
    }
}

/// A cell as the sheet stores it: where it is, its style, its kind, and where its text lies in the row's bytes
/// (the `<v>` text, or an inline string's decoded text).
public struct RawCell {
    /// The cell's `t` (§18.18.11 ST_CellType; `str` is `formulaString`); `unknown` is a cell kept for its
    /// formula alone (the reader refuses an unknown `t`).
    public enum Kind: UInt8 { case number, sharedString, bool, error, formulaString, inlineString, isoDate, unknown }
    public var row: Int
    public var column: Int
    /// The cell's `s` (an index into cellXfs; 0 when absent).
    public var style: Int
    public var kind: Kind
    public var start: Int
    public var end: Int
}

/// One row as the sheet stores it, valid only during `WorksheetReader.forEachRawRow`'s call: cells in
/// column order; `value(_:)` gives a cell's typed value.
public struct RawRow {
    /// 0-based row index.
    public let index: Int
    /// `<row hidden="1">`.
    public let isHidden: Bool
    public let cells: UnsafeBufferPointer<RawCell>
    public let bytes: UnsafeBufferPointer<UInt8>
    let handler: Unmanaged<WorksheetHandler>

    /// The cell's stored text.
    @inlinable public func text(_ c: RawCell) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[c.start..<c.end])
    }

    /// The index of a shared-string cell's text when it is one of the table's `count`.
    @inlinable public func sharedStringIndex(_ c: RawCell, count: Int) -> Int? {
        guard c.kind == .sharedString, c.start < c.end else { return nil }
        var acc = 0
        for i in c.start..<c.end {
            let d = bytes[i] &- 0x30
            guard d <= 9, acc < 1 << 40 else { return nil }
            acc = acc &* 10 &+ Int(d)
        }
        return acc < count ? acc : nil
    }

    /// A number cell's stored value (nil when its text is not a number: `Cell.value` then holds the text).
    public func number(_ c: RawCell) -> Double? { c.kind == .number ? parseStoredNumber(text(c)) : nil }

    /// The typed value of cell `k`, as `Cell.value` holds it.
    public func value(_ k: Int) -> CellValue { handler.takeUnretainedValue().rawValue(cells[k], bytes) }
}
