import Foundation
import GoalSheetSupport

/// One input to normalize.
public struct GoalInput: Sendable, Equatable {
    public var path: String
    /// Given with `--company`: its goals are the company's objectives, KGIs and KRs.
    public var isCompany: Bool

    public init(path: String, isCompany: Bool) {
        self.path = path
        self.isCompany = isCompany
    }

    /// The file name without directory and extension.
    public var stem: String { GoalInput.stem(of: path) }

    /// A path's file name without directory and extension.
    public static func stem(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}

/// An input that could not be read (or annotated), with the error that says where and why.
public struct InputFailure: Sendable, Equatable {
    /// The input's path.
    public var file: String
    /// The error, with its kind, position (file, part, sheet, cell, line) and cause.
    public var error: GoalSheetError

    public init(file: String, error: GoalSheetError) {
        self.file = file
        self.error = error
    }

    /// Any error met on `file`, converted once (`GoalSheetError.wrap`).
    public init(file: String, _ error: any Error) {
        self.init(file: file, error: GoalSheetError.wrap(error, file: file))
    }

    /// The message a person reads: the error's description, which names the file.
    public var message: String { error.description }
}

extension GoalModelRun {
    /// Sheets that could not be read, as failures of their files: a run with any exits as an unreadable file
    /// does (status 3), and their workbooks are not annotated (a refused part is never copied into them).
    public var unreadableSheets: [InputFailure] {
        warnings.filter { $0.rule == .unreadableSheet }.map { f in
            InputFailure(
                file: f.location?.file ?? "",
                error: GoalSheetError(
                    .unreadableSheet, file: f.location?.file ?? "", sheet: f.location?.sheet,
                    "could not be read: \(f.message)"))
        }
    }
}

/// The normalized model of a run: every goal of every input, with parents resolved.
public struct GoalModelRun: Sendable {
    public var nodes: [GoalNode]
    /// Cells that could not be read, and other problems with inputs.
    public var warnings: [Finding]
    public var failures: [InputFailure]
    /// The inputs that were read, in order.
    public var inputs: [GoalInput]
    /// Each input's sheets that held goals: file → sheet names.
    public var goalSheets: [String: [String]]
    /// Each input's goal tables as laid out in the sheet: file → tables (for annotations).
    public var tables: [String: [GoalTableExtent]] = [:]

    public init(
        nodes: [GoalNode], warnings: [Finding], failures: [InputFailure], inputs: [GoalInput],
        goalSheets: [String: [String]],
        tables: [String: [GoalTableExtent]] = [:]
    ) {
        self.nodes = nodes
        self.warnings = warnings
        self.failures = failures
        self.inputs = inputs
        self.goalSheets = goalSheets
        self.tables = tables
    }
}

/// Where a goal table sits in its sheet: what annotations need to add columns beside it.
public struct GoalTableExtent: Sendable, Equatable {
    public var sheet: String
    /// 0-based header row and last row holding a goal.
    public var headerRow: Int
    public var lastRow: Int
    /// The last column with anything in it from the header row to the last goal row (0-based).
    public var lastColumn: Int
    /// The style (cellXfs index) of the header's last cell, and of each goal row's last table cell.
    public var headerStyle: Int
    public var rowStyles: [Int: Int]
    /// Merged ranges and Excel tables of the sheet, which new columns must not enter.
    public var obstacles: [CellRange]
    public var isJapanese: Bool

    public init(
        sheet: String, headerRow: Int, lastRow: Int, lastColumn: Int, headerStyle: Int = 0, rowStyles: [Int: Int] = [:],
        obstacles: [CellRange] = [], isJapanese: Bool
    ) {
        self.sheet = sheet
        self.headerRow = headerRow
        self.lastRow = lastRow
        self.lastColumn = lastColumn
        self.headerStyle = headerStyle
        self.rowStyles = rowStyles
        self.obstacles = obstacles
        self.isJapanese = isJapanese
    }
}
