import GoalSheetSupport

// The writer's typed errors, each converted once to GoalSheet's public error on its own fields.

extension PatchError: GoalSheetErrorConvertible {
    /// In the file it names (the output being written), not the input it came from.
    public func goalSheetError(file _: String, part _: String?) -> GoalSheetError {
        GoalSheetError(.cannotWrite, file: file, part: part, message)
    }
}

extension PartEditError: GoalSheetErrorConvertible {
    public func goalSheetError(file: String, part _: String?) -> GoalSheetError {
        GoalSheetError(.uneditablePart, file: file, part: part, "byte \(offset): \(message)")
    }
}

extension ExcelLimitError: GoalSheetErrorConvertible {
    public func goalSheetError(file: String, part: String?) -> GoalSheetError {
        switch self {
        case .stringTooLong(let sheet, let cell, let length):
            return GoalSheetError(
                .excelLimit, file: file, part: part, sheet: sheet, cell: cell,
                "a string of \(length) characters is over Excel's \(ExcelLimitError.maxStringLength)")
        case .tooManyRows(let sheet, let rows):
            return GoalSheetError(
                .excelLimit, file: file, part: part, sheet: sheet,
                "\(rows) rows are over Excel's \(CellReference.maxRows)")
        case .tooManyColumns(let sheet, let columns):
            return GoalSheetError(
                .excelLimit, file: file, part: part, sheet: sheet,
                "\(columns) columns are over Excel's \(CellReference.maxColumns)")
        case .sheetNameTooLong, .sheetNameInvalid, .duplicateSheetName:
            return GoalSheetError(.excelLimit, file: file, part: part, description)
        }
    }
}
