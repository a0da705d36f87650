import GoalSheetSupport
import SpreadsheetML

/// A column width in characters, for a 0-based column.
public struct ColumnWidth: Sendable, Equatable {
    public var column: Int
    public var width: Double
    public init(column: Int, width: Double) {
        self.column = column
        self.width = width
    }
}

extension ColumnWidth {
    /// Widths that show each column's longest text: East Asian characters count double, numbers as about
    /// ten, every column between `minimum` and `maximum` (long messages wrap instead).
    public static func fitting<Rows: Sequence<[CellWrite]>>(
        _ rows: Rows, minimum: Double = 6, maximum: Double = 50,
        caps: [Int: Double] = [:]
    ) -> [ColumnWidth] {
        var fit = ColumnFit(minimum: minimum, maximum: maximum, caps: caps)
        for row in rows {
            for c in row { fit.measure(c) }
        }
        return fit.widths
    }

    /// The display width of a text's widest line (East Asian characters count double).
    static func widestLine(_ text: String) -> Int {
        var widest = 0
        var line = 0
        for u in text.unicodeScalars {
            switch u.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:
                widest = max(widest, line)
                line = 0
            default:
                line += CellDisplay.displayWidth(u)
            }
        }
        return max(widest, line)
    }
}

/// Column widths fitted to a sheet's cells as they pass by (`ColumnWidth.fitting`, or a new sheet's survey).
public struct ColumnFit: Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double
    /// Per-column maximums, in place of `maximum`.
    public var caps: [Int: Double]
    private var widest: [Int: Int] = [:]

    public init(minimum: Double = 6, maximum: Double = 50, caps: [Int: Double] = [:]) {
        self.minimum = minimum
        self.maximum = maximum
        self.caps = caps
    }

    /// Takes one cell's width into its column's.
    public mutating func measure(_ c: CellWrite) {
        let w: Int
        switch c.value {
        case .text(let t):
            // A text is never wider than its UTF-8 bytes: one that cannot widen its column is not measured.
            let known = widest[c.column] ?? 0
            w = t.utf8.count <= known || Double(known) + 2 >= caps[c.column] ?? maximum ? 0 : ColumnWidth.widestLine(t)
        case .number: w = 10
        default: w = 0
        }
        widest[c.column] = max(widest[c.column] ?? 0, w)
    }

    /// Takes the widths `other` measured (over other rows of the same sheet) into these: the widest of each.
    public mutating func merge(_ other: ColumnFit) {
        widest.merge(other.widest, uniquingKeysWith: max)
    }

    /// The widths of the columns measured, in column order.
    public var widths: [ColumnWidth] {
        widest.keys.sorted().map { c in
            ColumnWidth(column: c, width: min(caps[c] ?? maximum, max(minimum, Double(widest[c]! + 2).rounded())))
        }
    }
}

/// How a sheet prints: landscape, one page wide, its header rows on every page, a title at the top.
public struct PrintSetup: Sendable, Equatable {
    public var landscape: Bool
    public var fitToWidth: Bool
    /// Rows repeated at the top of every page (`_xlnm.Print_Titles`), 0-based.
    public var titleRows: ClosedRange<Int>?
    /// The page header's centre text (the run's title).
    public var title: String

    public init(landscape: Bool = true, fitToWidth: Bool = true, titleRows: ClosedRange<Int>? = nil, title: String = "")
    {
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.titleRows = titleRows
        self.title = title
    }
}

/// A sheet GoalSheet writes whole: the summary sheet, a CSV input's cells, the planning office's tables.
public struct NewSheet: Sendable {
    public var name: String
    /// Row index → cells of that row (held, or made as they are written).
    public var rows: SheetRows
    /// Rows frozen at the top (a pane, ECMA-376 §18.3.1.66).
    public var frozenRows: Int
    /// An autofilter over this range (§18.3.1.2).
    public var autoFilter: CellRange?
    public var columnWidths: [ColumnWidth]
    /// Widths fitted to the rows in the survey's pass over them, in place of `columnWidths`.
    public var fit: ColumnFit?
    public var printSetup: PrintSetup?

    public init(
        name: String, rows: SheetRows = [], frozenRows: Int = 0, autoFilter: CellRange? = nil,
        columnWidths: [ColumnWidth] = [], fit: ColumnFit? = nil,
        printSetup: PrintSetup? = nil
    ) {
        self.name = name
        self.rows = rows
        self.frozenRows = frozenRows
        self.autoFilter = autoFilter
        self.columnWidths = columnWidths
        self.fit = fit
        self.printSetup = printSetup
    }

    /// The workbook's defined names this sheet needs, as `<definedName>` elements (§18.2.5): its autofilter's
    /// `_xlnm._FilterDatabase` (without it LibreOffice drops the filter) and its `_xlnm.Print_Titles`.
    public func definedNames(localSheetID: Int, prefix: String = "") -> [String] {
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        var out: [String] = []
        let tag = prefix.isEmpty ? "definedName" : prefix + ":definedName"
        if let f = autoFilter {
            let range =
                "$\(CellReference.columnName(f.start.column))$\(f.start.row + 1):$\(CellReference.columnName(f.end.column))$\(f.end.row + 1)"
            out.append(
                "<\(tag) name=\"_xlnm._FilterDatabase\" localSheetId=\"\(localSheetID)\" hidden=\"1\">\(XMLText.escapeText(quoted + "!" + range))</\(tag)>"
            )
        }
        if let rows = printSetup?.titleRows {
            out.append(
                "<\(tag) name=\"_xlnm.Print_Titles\" localSheetId=\"\(localSheetID)\">\(XMLText.escapeText(quoted + "!$\(rows.lowerBound + 1):$\(rows.upperBound + 1)"))</\(tag)>"
            )
        }
        return out
    }

    /// What writing the sheet needs to know before its rows: the used range, for `<dimension>`, and the fitted
    /// column widths.
    public struct Survey: Sendable, Equatable {
        public var maxColumn = 0
        public var lastRow = 0
        public var columnWidths: [ColumnWidth] = []
    }

    /// Checks the sheet against Excel's limits (name, rows, columns, string length).
    public func validate() throws { _ = try survey() }

    /// One pass over the rows: Excel's limits checked, the used range found, and `visit` shown every cell (to
    /// resolve their styles before the styles part is written).
    public func survey(_ visit: (CellWrite) -> Void = { _ in }) throws -> Survey {
        try checkSize()
        return finished(try survey(rows: 0..<rows.count, fit: fit, visit))
    }

    /// The survey made on `jobs` threads, `chunk` rows at a time, and the styles the cells ask for in the order
    /// they first appear: what `survey(_:)` finds and shows, the first limit broken in row order included.
    public func survey(jobs: Int, chunk: Int = 2_048) throws -> (Survey, styles: [StyleRequest]) {
        try checkSize()
        let size = max(1, chunk)
        let sheet = self
        let parts = ParallelWork.map(count: (rows.count + size - 1) / size, jobs: jobs) { k in
            Result { () throws -> (PartialSurvey, [StyleRequest]) in
                var styles = OrderedStyles()
                let part = try sheet.survey(rows: k * size..<min(sheet.rows.count, (k + 1) * size), fit: sheet.fit) {
                    styles.add($0.style)
                }
                return (part, styles.list)
            }
        }
        var surveys: [PartialSurvey] = []
        var styles = OrderedStyles()
        for part in parts {
            let (p, s) = try part.get()
            surveys.append(p)
            for x in s { styles.add(x) }
        }
        return (merged(surveys), styles.list)
    }

    /// What a pass over some of the rows found: the last non-empty row, the widest column, the widths.
    struct PartialSurvey {
        var lastRow: Int?
        var maxColumn = 0
        var fit: ColumnFit?
    }

    private func checkSize() throws {
        try ExcelLimitError.check(sheetName: name)
        if rows.count > CellReference.maxRows { throw ExcelLimitError.tooManyRows(sheet: name, rows: rows.count) }
    }

    private func finished(_ part: PartialSurvey) -> Survey {
        Survey(maxColumn: part.maxColumn, lastRow: part.lastRow ?? 0, columnWidths: part.fit?.widths ?? columnWidths)
    }

    private func survey(rows range: Range<Int>, fit: ColumnFit?, _ visit: (CellWrite) -> Void) throws -> PartialSurvey {
        var part = PartialSurvey(fit: fit)
        for r in range { try survey(rows[r], at: r, into: &part, visit) }
        return part
    }

    /// The survey of a sheet whose rows declared their styles, `xf` their indices: a cell asking for another is an
    /// error.
    func survey(declared xf: [StyleRequest: Int]) throws -> Survey {
        try checkSize()
        var part = PartialSurvey(fit: fit)
        var styles = ColumnStyleCache()
        for r in 0..<rows.count {
            try survey(rows[r], at: r, into: &part) { c in try checkDeclared(c, at: r, xf, &styles) }
        }
        return finished(part)
    }

    /// Throws when `c` asks for a style not in `xf` (a column's style the same as the cell above's is not looked
    /// up again).
    private func checkDeclared(
        _ c: CellWrite, at r: Int, _ xf: [StyleRequest: Int], _ styles: inout ColumnStyleCache
    ) throws {
        if let s = c.style, styles.xf(s, column: c.column, { xf[s] }) == nil {
            throw UndeclaredStyleError(sheet: name, cell: CellReference(row: r, column: c.column).description)
        }
    }

    /// Row `r`'s part of a survey: Excel's limits checked, the used range and widths grown, `visit` shown each cell.
    private func survey(
        _ row: [CellWrite], at r: Int, into part: inout PartialSurvey, _ visit: (CellWrite) throws -> Void
    ) throws {
        if !row.isEmpty { part.lastRow = r }
        // Each cell is lent in place (a buffer's element is borrowed where an array's is copied).
        try row.withUnsafeBufferPointer { cells in
            for i in cells.indices {
                let column = cells[i].column
                if column >= CellReference.maxColumns {
                    throw ExcelLimitError.tooManyColumns(sheet: name, columns: column + 1)
                }
                // UTF-16 never has more units than UTF-8 has bytes: only a long text is counted in UTF-16.
                if case .text(let t) = cells[i].value, t.utf8.count > ExcelLimitError.maxStringLength,
                    t.utf16.count > ExcelLimitError.maxStringLength
                {
                    throw ExcelLimitError.stringTooLong(
                        sheet: name, cell: CellReference(row: r, column: column).description, length: t.utf16.count)
                }
                part.maxColumn = max(part.maxColumn, column)
                part.fit?.measure(cells[i])
                try visit(cells[i])
            }
        }
    }

    /// Merges the surveys of consecutive chunks of rows, in row order.
    private func merged(_ parts: [PartialSurvey]) -> Survey {
        var whole = PartialSurvey(fit: fit)
        for p in parts {
            whole.lastRow = p.lastRow ?? whole.lastRow
            whole.maxColumn = max(whole.maxColumn, p.maxColumn)
            if let f = p.fit { whole.fit?.merge(f) }
        }
        return finished(whole)
    }

    /// The worksheet part (ECMA-376 §18.3.1.99) whole; cells must have their `xf` resolved.
    func xml(namespaces: OOXMLNamespaces) -> [UInt8] {
        let survey = (try? survey()) ?? Survey()
        return PartChunks.collect { try write(namespaces: namespaces, survey: survey, xf: { _ in nil }, $0) }
    }

    /// The worksheet part (ECMA-376 §18.3.1.99), elements in schema order, in chunks of about 64 KiB as its rows
    /// are made; `xf` gives a cell's style index, by its style request, when the cell has none resolved.
    func write(
        namespaces: OOXMLNamespaces, survey: Survey, xf: @escaping @Sendable (CellWrite) -> Int?, jobs: Int = 1,
        _ emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var out = PartChunks()
        try out.append(head(namespaces: namespaces, survey: survey), emit)
        let chunk = PartDeflation.rowsPerThread
        let sheet = self
        try writeChunks(count: (rows.count + chunk - 1) / chunk, jobs: jobs, into: &out, emit) { k in
            sheet.rowsXML(k * chunk..<min(sheet.rows.count, (k + 1) * chunk), xf: xf)
        }
        try out.append(tail, emit)
        try out.finish(emit)
    }

    /// The part from `<sheetData>` on, for a sheet whose styles are known before its rows (`SheetRows.declaredStyles`,
    /// their indices `xf`): each row made once, surveyed and rendered. Returns the survey, for the `head` that stands
    /// before these bytes (`DeflatedPart.deflate(into:entry:level:headLast:)`).
    func writeSurveying(
        xf: [StyleRequest: Int], jobs: Int, _ emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Survey {
        try checkSize()
        var out = PartChunks()
        var surveys: [PartialSurvey] = []
        let chunk = PartDeflation.rowsPerThread
        let sheet = self
        try writeChunks(count: (rows.count + chunk - 1) / chunk, jobs: jobs, into: &out, emit) { k in
            sheet.surveyedRowsXML(k * chunk..<min(sheet.rows.count, (k + 1) * chunk), xf: xf)
        } taken: { rendered in
            // The first limit broken in row order is the error, as a survey ahead of the rows finds it.
            if let failure = rendered.failure { throw failure }
            surveys.append(rendered.survey!)
        }
        try out.append(tail, emit)
        try out.finish(emit)
        return merged(surveys)
    }

    /// Rows `range` made once each: surveyed (`survey(_:at:into:_:)`, a style missing from `xf` an error) and
    /// rendered; the error, if any, stops the chunk.
    func surveyedRowsXML(_ range: Range<Int>, xf: [StyleRequest: Int]) -> RenderedRows {
        var out = RenderedRows()
        var part = PartialSurvey(fit: fit)
        // The check and the writing share the styles looked up, by column.
        var styles = ColumnStyleCache()
        do {
            for r in range {
                let row = rows[r]
                try survey(row, at: r, into: &part) { c in try checkDeclared(c, at: r, xf, &styles) }
                appendRow(row, at: r, to: &out, styles: &styles) { xf[$0.style!] }
            }
        } catch {
            out.failure = error
        }
        out.survey = part
        return out
    }

    /// Renders `count` chunks of rows in order, on a second thread too when `jobs` allow, each handed to `taken`
    /// and then written.
    private func writeChunks(
        count chunks: Int, jobs: Int, into out: inout PartChunks, _ emit: (UnsafeRawBufferPointer) throws -> Void,
        render: @escaping @Sendable (Int) -> RenderedRows, taken: (RenderedRows) throws -> Void = { _ in }
    ) throws {
        // A long sheet's rows are made and rendered on a second thread too; the chunks are written in order.
        let pipeline = jobs > 1 && chunks >= 2 ? RowXMLPipeline(chunks: chunks, render: render) : nil
        defer { pipeline?.cancel() }
        for k in 0..<chunks {
            let rendered = pipeline?.take(k) ?? render(k)
            try taken(rendered)
            var start = 0
            for end in rendered.ends {
                try out.append(emit) { $0.append(contentsOf: rendered.bytes[start..<end]) }
                start = end
            }
        }
    }

    /// The part before its rows: the declaration, `<worksheet>`, `<dimension>`, the views, `<cols>`, `<sheetData>`.
    func head(namespaces: OOXMLNamespaces, survey: Survey) -> String {
        var s = xmlDeclaration + "<worksheet xmlns=\"\(namespaces.main)\" xmlns:r=\"\(namespaces.relationships)\">"
        if printSetup?.fitToWidth == true { s += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        s +=
            "<dimension ref=\"\(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: survey.lastRow, column: survey.maxColumn)))\"/>"
        s += "<sheetViews><sheetView workbookViewId=\"0\">"
        if frozenRows > 0 {
            s +=
                "<pane ySplit=\"\(frozenRows)\" topLeftCell=\"A\(frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>"
        }
        s += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let columnWidths = survey.columnWidths
        if !columnWidths.isEmpty {
            s +=
                "<cols>"
                + columnWidths.sorted { $0.column < $1.column }.map {
                    "<col min=\"\($0.column + 1)\" max=\"\($0.column + 1)\" width=\"\(NumberText.xml($0.width))\" customWidth=\"1\"/>"
                }.joined() + "</cols>"
        }
        return s + "<sheetData>"
    }

    /// The part after its rows: `</sheetData>`, the autofilter, margins, print setup, `</worksheet>`.
    var tail: String {
        var tail = "</sheetData>"
        if let f = autoFilter { tail += "<autoFilter ref=\"\(f)\"/>" }
        tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        if let p = printSetup { tail += p.xml }
        return tail + "</worksheet>"
    }
}

extension NewSheet {
    /// The `<row>` elements of `range`'s non-empty rows; `xf` gives a cell's style index by its style request.
    func rowsXML(_ range: Range<Int>, xf: (CellWrite) -> Int?) -> RenderedRows {
        var out = RenderedRows()
        var styles = ColumnStyleCache()
        for r in range { appendRow(rows[r], at: r, to: &out, styles: &styles, xf) }
        return out
    }

    /// Row `r`'s `<row>` element, unless it is empty; `styles` holds the style indices looked up by column.
    private func appendRow(
        _ row: [CellWrite], at r: Int, to out: inout RenderedRows, styles: inout ColumnStyleCache,
        _ xf: (CellWrite) -> Int?
    ) {
        guard !row.isEmpty else { return }
        MarkupStore.append(to: &out.bytes, capacity: 32) { m in
            m.raw("<row r=\"")
            m.decimal(r + 1)
            m.raw("\">")
        }
        let inOrder = row.indices.dropFirst().allSatisfy { row[$0 - 1].column < row[$0].column }
        // Each cell is lent in place (a buffer's element is borrowed): a copy per cell would retain its text and
        // style.
        (inOrder ? row : row.sorted(by: { $0.column < $1.column })).withUnsafeBufferPointer { cells in
            for i in cells.indices {
                var index = cells[i].xf
                if index == nil, cells[i].style != nil {
                    index = styles.xf(cells[i].style!, column: cells[i].column) { xf(cells[i]) }
                }
                cells[i].appendXML(to: &out.bytes, row: r, prefix: "", xf: index)
            }
        }
        out.bytes.append(contentsOf: "</row>".utf8)
        out.ends.append(out.bytes.count)
    }
}

extension PrintSetup {
    /// `<pageSetup>` and `<headerFooter>` (§18.3.1.63, §18.3.1.46): A4, one page wide and as many long as it takes.
    var xml: String {
        var s = "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\""
        if fitToWidth { s += " fitToWidth=\"1\" fitToHeight=\"0\"" }
        s += "/><headerFooter>"
        if !title.isEmpty {
            s += "<oddHeader>\(XMLText.escapeText("&C" + title.replacingOccurrences(of: "&", with: "&&")))</oddHeader>"
        }
        return s + "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>"
    }
}
