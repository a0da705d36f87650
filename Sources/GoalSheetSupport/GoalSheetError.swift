/// GoalSheet's one public error: what went wrong (a stable kind), where (file, part, sheet, cell, line)
/// and, when a lower layer's error was converted, that error as its cause.
///
/// `kind` is a stable name for scripts and tests; `description` is the message a person reads. Lower
/// layers throw their own typed errors (`ZipError`, `XMLParseError` …), which conform to
/// `GoalSheetErrorConvertible` and are converted once, on their typed fields, by `wrap`.
public struct GoalSheetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Stable names of what went wrong.
    public enum Kind: String, Sendable {
        case cannotOpen = "cannot-open"
        case notAZip = "not-a-zip"
        case truncated
        case corrupt
        case crcMismatch = "crc-mismatch"
        case sizeMismatch = "size-mismatch"
        case duplicatePart = "duplicate-part"
        case encryptedWorkbook = "encrypted-workbook"
        case legacyXLS = "legacy-xls"
        case xlsb
        case notAWorkbook = "not-a-workbook"
        case missingPart = "missing-part"
        case malformedXML = "malformed-xml"
        case refusedDTD = "refused-dtd"
        case badCell = "bad-cell"
        case sheetNotFound = "sheet-not-found"
        case encoding
        case csv
        /// Beyond what the reader holds (a shared string table over 4 GiB of text).
        case overLimit = "over-limit"
        /// A folder, FIFO, socket or device where a file was expected: never opened (a FIFO would block).
        case notARegularFile = "not-a-regular-file"
        /// A sheet of a workbook that could be opened, which could not be read (its reason in the message).
        case unreadableSheet = "unreadable-sheet"
        /// An output that could not be written (a full disk, no permission, a rename that failed).
        case cannotWrite = "cannot-write"
        /// An output GoalSheet will not write: the path is not a regular file, or the folder holds files it did not
        /// write.
        case unsafeOutput = "unsafe-output"
        /// Beyond one of Excel's limits (a sheet name, a string's length, rows or columns).
        case excelLimit = "excel-limit"
        /// A part of the workbook that could not be edited (malformed markup, a DOCTYPE).
        case uneditablePart = "uneditable-part"
        /// A configuration file that cannot be used (not UTF-8, not YAML, a key or value it does not know).
        case invalidConfig = "invalid-config"
        /// An error no layer converted: a defect of GoalSheet, reported with its cause, never taken for a corrupt file.
        case unexpected
    }
    public let kind: Kind
    public let file: String
    public var part: String?
    public var sheet: String?
    public var cell: String?
    public var line: Int?
    public var column: Int?
    public let message: String
    /// The lower layer's error this one was converted from, if any (not compared by `==`).
    public var cause: (any Error & Sendable)?

    public init(
        _ kind: Kind, file: String, part: String? = nil, sheet: String? = nil, cell: String? = nil,
        line: Int? = nil, column: Int? = nil, _ message: String
    ) {
        self.kind = kind
        self.file = file
        self.part = part
        self.sheet = sheet
        self.cell = cell
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if let part { s += ": \(part)" }
        if let sheet { s += ": sheet '\(sheet)'" }
        if let cell { s += ": cell \(cell)" }
        if let line, line > 0 {
            s += ": line \(line)"
            if let column, column > 0 { s += ", column \(column)" }
        }
        return s + ": " + message
    }

    /// The error without its file and sheet, for a message already placed in them
    /// (`xl/worksheets/sheet1.xml: line 1, column 1840: expected '>'`).
    public var withinSheet: String {
        var s = part.map { $0 + ": " } ?? ""
        if let cell { s += "cell \(cell): " }
        if let line, line > 0 { s += "line \(line)" + (column.map { $0 > 0 ? ", column \($0)" : "" } ?? "") + ": " }
        return s + message
    }

    /// Wraps a lower layer's error with the file (and part) it happened in: a `GoalSheetError` as it is,
    /// a convertible error through its own typed conversion, anything else as `unexpected`.
    public static func wrap(_ error: any Error, file: String, part: String? = nil) -> GoalSheetError {
        switch error {
        case let e as GoalSheetError:
            return e
        case let e as any GoalSheetErrorConvertible:
            var converted = e.goalSheetError(file: file, part: part)
            converted.cause = e
            return converted
        default:
            var unexpected = GoalSheetError(.unexpected, file: file, part: part, "\(error)")
            unexpected.cause = error
            return unexpected
        }
    }

    public static func == (a: GoalSheetError, b: GoalSheetError) -> Bool {
        (a.kind, a.file, a.part, a.sheet) == (b.kind, b.file, b.part, b.sheet)
            && (a.cell, a.line, a.column, a.message) == (b.cell, b.line, b.column, b.message)
    }
}

/// A lower layer's typed error that knows its `GoalSheetError` kind and position: converted once, by
/// `GoalSheetError.wrap`, on its fields (never on its message's words).
public protocol GoalSheetErrorConvertible: Error, Sendable {
    /// The error as GoalSheet reports it, in `file` (and `part`, unless the error names its own).
    func goalSheetError(file: String, part: String?) -> GoalSheetError
}
