import XMLStreaming
import ZIPArchive

/// An input that cannot be read, with every position known: file, part or sheet, cell or line.
///
/// `kind` is a stable name for scripts and tests; `description` is the message a person reads.
public struct ReadError: Error, CustomStringConvertible, Sendable, Equatable {
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
    }
    public let kind: Kind
    public let file: String
    public var part: String?
    public var sheet: String?
    public var cell: String?
    public var line: Int?
    public var column: Int?
    public let message: String

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

    /// Wraps a lower layer's error with the file (and part) it happened in.
    public static func wrap(_ error: Error, file: String, part: String? = nil) -> ReadError {
        switch error {
        case let e as ReadError:
            return e
        case let e as ZipError:
            let kind: Kind
            switch e.kind {
            case .cannotOpen: kind = .cannotOpen
            case .notAZip: kind = .notAZip
            case .truncated: kind = .truncated
            case .corrupt, .unsupportedMethod, .entryNotFound: kind = .corrupt
            case .encryptedEntry: kind = .encryptedWorkbook
            case .crcMismatch: kind = .crcMismatch
            case .sizeMismatch: kind = .sizeMismatch
            case .duplicateEntry: kind = .duplicatePart
            case .overLimit: kind = .overLimit
            }
            return ReadError(kind, file: file, part: e.entry ?? part, e.detail)
        case let e as XMLParseError:
            let kind: Kind =
                switch e.reason {
                case .malformed: .malformedXML
                case .refusedDTD: .refusedDTD
                case .overLimit: .overLimit
                }
            return ReadError(
                kind, file: file, part: e.document.isEmpty ? part : e.document, line: e.line, column: e.column,
                e.message)
        default:
            return ReadError(.corrupt, file: file, part: part, "\(error)")
        }
    }
}
