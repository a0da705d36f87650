import GoalSheetSupport
import Ingest
import SpreadsheetML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffered byte output to a file descriptor (stdout is 1) or to memory.
public final class ByteSink {
    private static let capacity = 1 << 16
    private let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteSink.capacity)
    private var count = 0
    private let fd: Int32?
    public private(set) var collected: [UInt8] = []

    /// Output to a file descriptor; nil collects into `collected`.
    public init(fd: Int32?) { self.fd = fd }

    deinit { buffer.deallocate() }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { write(bytes: $0) }
    }

    @inline(__always) public func byte(_ b: UInt8) {
        if count == ByteSink.capacity { flush() }
        buffer[count] = b
        count += 1
    }

    @inline(__always) public func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        if count + bytes.count > ByteSink.capacity {
            flush()
            if bytes.count > ByteSink.capacity { emit(UnsafeRawBufferPointer(bytes)); return }
        }
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Lets `body` write at most `n` bytes (at most 64 KiB) in place and return how many it wrote; false,
    /// with nothing written, when it returns nil.
    @inline(__always) public func write(upTo n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int?) -> Bool {
        if count + n > ByteSink.capacity { flush() }
        guard let written = body(buffer + count) else { return false }
        count += written
        return true
    }

    public func flush() {
        emit(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    /// Output that cannot be written (a closed pipe) is dropped, as before any buffering.
    private func emit(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0 else { return }
        guard let fd else { collected.append(contentsOf: raw); return }
        try? FileIO.write(fd, raw)
    }
}

/// Renders sheets for `goalsheet cat`.
public enum CatRenderer {
    /// Writes sheets as delimited text: each row on a line (rows anchored at row 1, blank rows kept),
    /// cells as the sheet shows them, quoted when they hold the delimiter, a quote or a line break.
    /// With several sheets, each starts with a line `# <name>`.
    /// Returns the errors met (one per failed sheet); the other sheets are still written.
    /// `rawPath: false` renders through `Cell`s only (the oracle the raw path is tested against).
    public static func writeDelimited(
        _ doc: SpreadsheetDocument, sheets: [SheetDescriptor], delimiter: UInt8,
        to out: ByteSink, rawPath: Bool = true
    ) -> [GoalSheetError] {
        var errors: [GoalSheetError] = []
        for (n, sheet) in sheets.enumerated() {
            if sheets.count > 1 {
                if n > 0 { out.byte(0x0A) }
                out.write("# " + sheet.name + "\n")
            }
            let formats = doc.workbook?.styles.cellFormats ?? []
            do {
                let cursor = try doc.rows(of: sheet)
                if rawPath, let reader = cursor as? WorksheetReader, let sst = doc.workbook?.sharedStrings {
                    try writeRawRows(
                        reader, strings: sst, formats: formats, is1904: doc.workbook?.is1904 ?? false,
                        delimiter: delimiter, to: out)
                } else {
                    try writeRows(cursor, formats: formats, delimiter: delimiter, to: out)
                }
            } catch {
                errors.append(GoalSheetError.wrap(error, file: doc.path))
            }
        }
        out.flush()
        return errors
    }

    /// Rows through `Cell`s (CSV inputs, and the oracle of the raw path).
    static func writeRows(_ cursor: RowCursor, formats: [NumberFormat], delimiter: UInt8, to out: ByteSink) throws {
        var nextRow = 0
        while let row = try cursor.next() {
            while nextRow < row.index { out.byte(0x0A); nextRow += 1 }
            var col = 0
            row.cells.withUnsafeBufferPointer { cells in
                for k in cells.indices {
                    while col < cells[k].column { out.byte(delimiter); col += 1 }
                    writeCell(
                        cells[k].value, style: cells[k].styleIndex, formats: formats, delimiter: delimiter, to: out)
                }
            }
            out.byte(0x0A)
            nextRow = max(nextRow, row.index + 1)
        }
    }

    /// Rows as stored: shared strings go from the table's bytes to the output; General numbers from the
    /// part's text (copied when General shows it as stored, else rounded in the text when that decides it);
    /// dates are written from their serial; any other cell is formatted as `writeRows` would.
    static func writeRawRows(
        _ reader: WorksheetReader, strings: SharedStringTable, formats: [NumberFormat], is1904: Bool,
        delimiter: UInt8, to out: ByteSink
    ) throws {
        let kinds = formats.map(\.kind)
        var nextRow = 0
        try strings.withView { sst in
            try reader.forEachRawRow { row in
                while nextRow < row.index { out.byte(0x0A); nextRow += 1 }
                var col = 0
                for k in row.cells.indices {
                    let cell = row.cells[k]
                    while col < cell.column { out.byte(delimiter); col += 1 }
                    let i = cell.style
                    if let si = row.sharedStringIndex(cell, count: sst.count) {
                        if sst.needsQuotes(si, delimiter: delimiter) {
                            writeQuoted(sst.utf8(si), to: out)
                        } else {
                            out.write(bytes: sst.utf8(si))
                        }
                        continue
                    }
                    if cell.kind == .number {
                        let kind = i > 0 && i < kinds.count ? kinds[i] : .general
                        if kind == .general {
                            let text = row.text(cell)
                            if CellDisplay.isGeneralAsStored(text) { out.write(bytes: text); continue }
                            if out.write(upTo: 64, { CellDisplay.roundedGeneral(stored: text, into: $0) }) { continue }
                        } else if kind == .dateTime, let serial = row.number(cell),
                            out.write(
                                upTo: 64, { CellDisplay.dateText(ExcelDate(serial: serial, is1904: is1904), into: $0) })
                        {
                            continue
                        }
                    }
                    writeCell(row.value(k), style: i, formats: formats, delimiter: delimiter, to: out)
                }
                out.byte(0x0A)
                nextRow = max(nextRow, row.index + 1)
            }
            if let failure = sst.readFailure {
                throw GoalSheetError(
                    .cannotOpen, file: reader.file, part: strings.part, sheet: reader.sheet.name,
                    "cannot read the shared string table back from its temporary file: \(failure)")
            }
        }
    }

    @inline(__always) static func writeCell(
        _ value: CellValue, style i: Int, formats: [NumberFormat], delimiter: UInt8, to out: ByteSink
    ) {
        switch value {
        case .text(let s):
            writeField(s, delimiter: delimiter, to: out)
        case .number(let v) where i == 0 || i >= formats.count || formats[i].kind == .general:
            out.write(CellDisplay.general(v))
        default:
            let f = i > 0 && i < formats.count ? formats[i] : NumberFormat.general
            writeField(CellDisplay.text(value, format: f), delimiter: delimiter, to: out)
        }
    }

    static func writeQuoted(_ b: UnsafeBufferPointer<UInt8>, to out: ByteSink) {
        out.byte(0x22)
        for c in b {
            if c == 0x22 { out.byte(0x22) }
            out.byte(c)
        }
        out.byte(0x22)
    }

    @inline(__always) static func writeField(_ s: String, delimiter: UInt8, to out: ByteSink) {
        var needsQuotes = false
        for b in s.utf8 where b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes { out.write(s); return }
        var s = s
        s.withUTF8 { writeQuoted($0, to: out) }
    }

    /// Writes `{"sheets":[{"name","type","visible","rows":[[…]]}]}`: rows anchored at A1, trailing
    /// empties dropped, numbers as JSON numbers, `{"date": ISO}`, `{"duration": seconds}`, `{"error": code}`.
    public static func writeJSON(
        _ doc: SpreadsheetDocument, sheets: [SheetDescriptor], to out: ByteSink
    ) -> [GoalSheetError] {
        var errors: [GoalSheetError] = []
        out.write("{\"sheets\":[")
        for (n, sheet) in sheets.enumerated() {
            if n > 0 { out.byte(0x2C) }
            out.write("{\"name\":")
            writeJSONString(sheet.name, to: out)
            out.write(",\"type\":\"\(sheet.kind.rawValue)\",\"visible\":\"\(sheet.visibility.rawValue)\"")
            do {
                let cursor = try doc.rows(of: sheet)
                // Rows may arrive out of order; cells of one row may come in two pieces.
                var rows: [Int: [Int: CellValue]] = [:]
                while let row = try cursor.next() {
                    var r = rows[row.index] ?? [:]
                    for c in row.cells where !c.value.isEmpty { r[c.column] = c.value }
                    if !r.isEmpty { rows[row.index] = r }
                }
                out.write(",\"rows\":[")
                let last = rows.keys.max() ?? -1
                if last >= 0 {
                    for ri in 0...last {
                        if ri > 0 { out.byte(0x2C) }
                        out.byte(0x5B)
                        if let r = rows[ri], let lastCol = r.keys.max() {
                            for ci in 0...lastCol {
                                if ci > 0 { out.byte(0x2C) }
                                writeJSONValue(r[ci] ?? .empty, to: out)
                            }
                        }
                        out.byte(0x5D)
                    }
                }
                out.write("]}")
            } catch {
                let e = GoalSheetError.wrap(error, file: doc.path)
                errors.append(e)
                out.write(",\"error\":")
                writeJSONString(e.description, to: out)
                out.write(",\"rows\":[]}")
            }
        }
        out.write("]}\n")
        out.flush()
        return errors
    }

    static func writeJSONValue(_ v: CellValue, to out: ByteSink) {
        switch v {
        case .empty: out.write("null")
        case .text(let s): writeJSONString(s, to: out)
        case .bool(let b): out.write(b ? "true" : "false")
        case .number(let d): writeJSONNumber(d, to: out)
        case .error(let e):
            out.write("{\"error\":")
            writeJSONString(e, to: out)
            out.write("}")
        case .date(let d):
            if let iso = d.isoString {
                out.write("{\"date\":\"" + iso + "\"}")
            } else {
                writeJSONNumber(d.serial, to: out)
            }
        case .duration(let days):
            out.write("{\"duration\":")
            writeJSONNumber((days * 86_400_000).rounded() / 1000, to: out)
            out.write("}")
        }
    }

    static func writeJSONNumber(_ d: Double, to out: ByteSink) {
        if d.isFinite {
            out.write(d.description)
        } else {
            out.write("{\"nonfinite\":\"" + (d.isNaN ? "nan" : d > 0 ? "inf" : "-inf") + "\"}")
        }
    }

    static func writeJSONString(_ s: String, to out: ByteSink) {
        out.byte(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.byte(0x5C); out.byte(0x22)
            case 0x5C: out.byte(0x5C); out.byte(0x5C)
            case 0x0A: out.byte(0x5C); out.byte(0x6E)
            case 0x0D: out.byte(0x5C); out.byte(0x72)
            case 0x09: out.byte(0x5C); out.byte(0x74)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.write("\\u00")
                out.byte(hex[Int(b >> 4)])
                out.byte(hex[Int(b & 0xF)])
            default: out.byte(b)
            }
        }
        out.byte(0x22)
    }
}
