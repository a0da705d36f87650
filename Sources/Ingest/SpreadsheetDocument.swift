import Foundation
import GoalSheetSupport
import SpreadsheetML

/// A sheet of any input, as the layers above see it.
public struct SheetDescriptor: Sendable, Equatable {
    public let name: String
    public let index: Int
    public let kind: SheetKind
    public let visibility: SheetVisibility
}

/// A single-pass cursor over rows of typed cells.
public protocol RowCursor: AnyObject {
    func next() throws -> Row?
    /// The sheet's merged ranges, known once every row has been read (none for CSV).
    var mergedRanges: [CellRange] { get }
}

extension RowCursor {
    public var mergedRanges: [CellRange] { [] }
}

extension WorksheetReader: RowCursor {}

/// Any input GoalSheet reads, XLSX/XLSM or CSV, as sheets of typed cells.
public final class SpreadsheetDocument: @unchecked Sendable {
    public enum Format: String, Sendable { case xlsx, csv }

    public let path: String
    public let format: Format
    public let sheets: [SheetDescriptor]
    /// The workbook, for XLSX inputs.
    public let workbook: Workbook?
    /// The parsed table, for CSV inputs.
    public let csv: CSVTable?
    /// The workbook's title property (`dc:title`), if set.
    public var title: String? { workbook.flatMap { CoreProperties.title($0.package) } }

    /// Opens a file; the format comes from the extension, else from the first bytes.
    public init(path: String, sharedStringMemoryLimit: UInt64 = SharedStringTable.memoryLimit) throws {
        self.path = path
        if try Self.format(of: path) == .csv {
            let table = try CSVReader.read(path: path)
            format = .csv
            csv = table
            workbook = nil
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            sheets = [SheetDescriptor(name: stem, index: 0, kind: .worksheet, visibility: .visible)]
        } else {
            let wb = try Workbook(path: path, sharedStringMemoryLimit: sharedStringMemoryLimit)
            format = .xlsx
            workbook = wb
            csv = nil
            sheets = wb.sheets.map {
                SheetDescriptor(name: $0.name, index: $0.index, kind: $0.kind, visibility: $0.visibility)
            }
        }
    }

    /// The format a file is opened as, without opening it: from the extension, else from the first bytes (a ZIP
    /// or OLE2 file is a workbook, anything else is read as text).
    public static func format(of path: String) throws -> Format {
        if let what = FileKind.irregular(path) {
            throw GoalSheetError(.notARegularFile, file: path, "is \(what), not a file; it was not opened")
        }
        let ext = (path as NSString).pathExtension.lowercased()
        if ["csv", "tsv", "txt"].contains(ext) { return .csv }
        if ["xlsx", "xlsm", "xltx", "xltm", "xls", "xlsb"].contains(ext) { return .xlsx }
        guard let h = FileHandle(forReadingAtPath: path) else { return .xlsx }
        let head = [UInt8](h.readData(ofLength: 4))
        try? h.close()
        return head.starts(with: [0x50, 0x4B]) || head.starts(with: [0xD0, 0xCF]) ? .xlsx : .csv
    }

    /// The sheet named so, or by 1-based number when `selector` is all digits and no sheet has that name.
    public func sheet(matching selector: String) -> SheetDescriptor? {
        if let s = sheets.first(where: { $0.name == selector }) { return s }
        if let n = Int(selector), n >= 1, n <= sheets.count { return sheets[n - 1] }
        return sheets.first { $0.name.lowercased() == selector.lowercased() }
    }

    /// A cursor over a sheet's rows (chartsheets and dialog sheets have none).
    public func rows(of sheet: SheetDescriptor) throws -> RowCursor {
        if let csv { return CSVRowCursor(table: csv) }
        let wb = workbook!
        let info = wb.sheets[sheet.index]
        if info.kind == .chartsheet || info.kind == .dialogsheet { return EmptyRowCursor() }
        return try wb.rows(of: info)
    }

    /// Whether dates count from 1904 (a workbook's `date1904`; never for CSV).
    public var is1904: Bool { workbook?.is1904 ?? false }

    /// Whether a cell's font is struck through (never for CSV).
    public func isStruck(_ cell: Cell) -> Bool { workbook?.styles.isStruck(style: cell.styleIndex) ?? false }

    /// A cell's indent level (0 for CSV).
    public func indent(of cell: Cell) -> Int { workbook?.styles.indent(style: cell.styleIndex) ?? 0 }

    /// What an earlier GoalSheet run added to this workbook (its summary sheet, its columns), if any.
    public var annotationMark: AnnotationMark? { workbook.flatMap { AnnotationMark.read($0.package) } }

    /// The ranges of the Excel tables on a sheet (`<table ref>` parts related to it; none for CSV).
    public func tableRanges(of sheet: SheetDescriptor) -> [CellRange] {
        guard let wb = workbook, let part = wb.sheet(named: sheet.name)?.part else { return [] }
        return ((try? wb.package.relationships(of: part)) ?? []).filter { $0.hasType("table") }.compactMap { rel in
            rel.targetPart.flatMap { (try? wb.package.tree(of: $0))?["ref"].flatMap(CellRange.init) }
        }
    }

    /// The number format of a cell (General for CSV).
    public func numberFormat(of cell: Cell) -> NumberFormat {
        workbook?.styles.numberFormat(forStyle: cell.styleIndex) ?? .general
    }
}

final class EmptyRowCursor: RowCursor {
    func next() throws -> Row? { nil }
}

/// CSV records as rows of text cells; every row is one record, blank records included as gaps.
final class CSVRowCursor: RowCursor {
    private let table: CSVTable
    private var index = 0

    init(table: CSVTable) { self.table = table }

    func next() throws -> Row? {
        while index < table.records.count {
            let r = index
            index += 1
            var cells: [Cell] = []
            for (c, field) in table.records[r].enumerated() where !field.isEmpty {
                cells.append(Cell(row: r, column: c, value: .text(field)))
            }
            if !cells.isEmpty { return Row(index: r, cells: cells) }
        }
        return nil
    }
}

/// What is at a path when it is not a regular file (symbolic links followed): a folder, a FIFO, a socket, a device.
public enum FileKind {
    /// nil for a regular file or a missing path (opening it reports that); else a description of what is there.
    public static func irregular(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }
}
