/// The cellXfs index of the style each column's last cell asked for: a sheet's columns keep their styles row
/// after row while neighbouring cells differ, so a cell's style request is hashed only when it is not the one
/// the cell above it asked for.
struct ColumnStyleCache {
    /// Columns past this are looked up each time (a row that wide is rare, and the cache stays small).
    static let columns = 256
    private var byColumn: [(style: StyleRequest, xf: Int?)?] = []

    /// `lookUp()`, or what it gave for the same style in this column last time.
    mutating func xf(_ style: StyleRequest, column: Int, _ lookUp: () -> Int?) -> Int? {
        guard column >= 0, column < ColumnStyleCache.columns else { return lookUp() }
        if column < byColumn.count, let known = byColumn[column], known.style == style { return known.xf }
        let found = lookUp()
        if column >= byColumn.count { byColumn += Array(repeating: nil, count: column + 1 - byColumn.count) }
        byColumn[column] = (style, found)
        return found
    }
}
