import GoalSheetSupport
import Ingest
import OutputFormats
import SpreadsheetML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
                            CSVWriter.writeQuoted(sst.utf8(si), to: out)
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
            CSVWriter.writeField(s, delimiter: delimiter, to: out)
        case .number(let v) where i == 0 || i >= formats.count || formats[i].kind == .general:
            out.write(CellDisplay.general(v))
        default:
            let f = i > 0 && i < formats.count ? formats[i] : NumberFormat.general
            CSVWriter.writeField(CellDisplay.text(value, format: f), delimiter: delimiter, to: out)
        }
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
            JSONText.writeString(sheet.name, to: out)
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
                JSONText.writeString(e.description, to: out)
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
        case .text(let s): JSONText.writeString(s, to: out)
        case .bool(let b): out.write(b ? "true" : "false")
        case .number(let d): JSONText.writeNumber(d, .shortest, to: out)
        case .error(let e):
            out.write("{\"error\":")
            JSONText.writeString(e, to: out)
            out.write("}")
        case .date(let d):
            if let iso = d.isoString {
                out.write("{\"date\":\"" + iso + "\"}")
            } else {
                JSONText.writeNumber(d.serial, .shortest, to: out)
            }
        case .duration(let days):
            out.write("{\"duration\":")
            JSONText.writeNumber((days * 86_400_000).rounded() / 1000, .shortest, to: out)
            out.write("}")
        }
    }
}
