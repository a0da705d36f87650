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

/// A sheet GoalSheet writes whole: the summary sheet, a CSV input's cells, the planning office's tables.
public struct NewSheet: Sendable {
    public var name: String
    /// Row index → cells of that row.
    public var rows: [[CellWrite]]
    /// Rows frozen at the top (a pane, ECMA-376 §18.3.1.66).
    public var frozenRows: Int
    /// An autofilter over this range (§18.3.1.2).
    public var autoFilter: CellRange?
    public var columnWidths: [ColumnWidth]

    public init(name: String, rows: [[CellWrite]] = [], frozenRows: Int = 0, autoFilter: CellRange? = nil, columnWidths: [ColumnWidth] = []) {
        self.name = name
        self.rows = rows
        self.frozenRows = frozenRows
        self.autoFilter = autoFilter
        self.columnWidths = columnWidths
    }

    /// Checks the sheet against Excel's limits (name, rows, columns, string length).
    public func validate() throws {
        try ExcelLimitError.check(sheetName: name)
        if rows.count > CellReference.maxRows { throw ExcelLimitError.tooManyRows(sheet: name, rows: rows.count) }
        for (r, row) in rows.enumerated() {
            for c in row {
                if c.column >= CellReference.maxColumns { throw ExcelLimitError.tooManyColumns(sheet: name, columns: c.column + 1) }
                if case .text(let t) = c.value, t.utf16.count > ExcelLimitError.maxStringLength {
                    throw ExcelLimitError.stringTooLong(sheet: name, cell: CellReference(row: r, column: c.column).description, length: t.utf16.count)
                }
            }
        }
    }

    /// The worksheet part (ECMA-376 §18.3.1.99), elements in schema order; cells must have their `xf` resolved.
    func xml(namespaces: OOXMLNamespaces) -> [UInt8] {
        var s = xmlDeclaration + "<worksheet xmlns=\"\(namespaces.main)\" xmlns:r=\"\(namespaces.relationships)\">"
        let maxColumn = rows.flatMap { $0.map(\.column) }.max() ?? 0
        let lastRow = rows.lastIndex { !$0.isEmpty } ?? 0
        s += "<dimension ref=\"\(CellRange(start: CellReference(row: 0, column: 0), end: CellReference(row: lastRow, column: maxColumn)))\"/>"
        s += "<sheetViews><sheetView workbookViewId=\"0\">"
        if frozenRows > 0 {
            s += "<pane ySplit=\"\(frozenRows)\" topLeftCell=\"A\(frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>"
        }
        s += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !columnWidths.isEmpty {
            s += "<cols>" + columnWidths.sorted { $0.column < $1.column }.map {
                "<col min=\"\($0.column + 1)\" max=\"\($0.column + 1)\" width=\"\(NumberText.xml($0.width))\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        var out = Array(s.utf8)
        out.append(contentsOf: "<sheetData>".utf8)
        for (r, row) in rows.enumerated() where !row.isEmpty {
            out.append(contentsOf: "<row r=\"\(r + 1)\">".utf8)
            for c in row.sorted(by: { $0.column < $1.column }) { c.appendXML(to: &out, row: r, prefix: "") }
            out.append(contentsOf: "</row>".utf8)
        }
        out.append(contentsOf: "</sheetData>".utf8)
        if let f = autoFilter { out.append(contentsOf: "<autoFilter ref=\"\(f)\"/>".utf8) }
        out.append(contentsOf: "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>".utf8)
        return out
    }
}
