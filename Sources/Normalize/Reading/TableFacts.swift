import GoalModel

/// What every goal read from one table shares, made once for the table rather than once per row: the field each
/// column gives (a node's `columns`) and the value columns' headers, with whether one of them says its figures
/// are running totals (累計).
struct TableFacts: Sendable {
    let headerRow: Int
    let headerTop: Int
    let titleColumn: Int
    let columns: [ColumnRole: Int]
    /// Field → column, the title's included.
    let fieldColumns: [GoalField: Int]
    /// The headers of the current, target and baseline columns, in that order.
    let valueHeaders: [String]
    /// Whether a value header holds one of the lexicon's cumulative words.
    let cumulativeHeaders: Bool

    init(_ table: GoalTable, titleColumn: Int, lexicon: Lexicon) {
        headerRow = table.headerRow
        headerTop = table.headerTop
        self.titleColumn = titleColumn
        columns = table.columns
        fieldColumns = TableFacts.fieldColumns(table, titleColumn: titleColumn)
        valueHeaders = TableFacts.valueRoles.compactMap { table.columns[$0].flatMap { table.headerNames[$0] } }
        cumulativeHeaders = valueHeaders.contains {
            Lexicon.firstMatch(in: $0, of: lexicon.cumulativeHeaderWords) != nil
        }
    }

    static let valueRoles: [ColumnRole] = [.current, .target, .baseline]

    /// The fields a table's columns give, by the role that reads each.
    static let fieldRoles: [(ColumnRole, GoalField)] = [
        (.id, .id), (.unit, .unit), (.baseline, .baseline), (.current, .current), (.target, .target),
        (.start, .start), (.due, .due), (.owner, .owner), (.department, .department), (.parent, .parent),
        (.type, .kind), (.weight, .weight), (.formula, .formula), (.direction, .direction), (.period, .per),
        (.metric, .metric),
    ]

    /// Where a node of `table` reads each field from: the title's column and each role's (made at its full size,
    /// not grown field by field).
    static func fieldColumns(_ table: GoalTable, titleColumn: Int) -> [GoalField: Int] {
        var columns: [GoalField: Int] = [:]
        columns.reserveCapacity(fieldRoles.count + 1)
        columns[.title] = titleColumn
        for (role, field) in fieldRoles {
            if let c = table.columns[role] { columns[field] = c }
        }
        return columns
    }

    /// Whether these are the facts of `table` (the same header rows, columns and value headers) for goals titled
    /// in `titleColumn`.
    func isFor(_ table: GoalTable, titleColumn: Int) -> Bool {
        guard
            self.titleColumn == titleColumn && headerRow == table.headerRow && headerTop == table.headerTop
                && columns == table.columns
        else { return false }
        var i = 0
        for role in TableFacts.valueRoles {
            guard let c = columns[role], let name = table.headerNames[c] else { continue }
            guard i < valueHeaders.count, valueHeaders[i] == name else { return false }
            i += 1
        }
        return i == valueHeaders.count
    }
}
