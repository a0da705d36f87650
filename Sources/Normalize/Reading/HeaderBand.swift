import GoalModel
import SpreadsheetML

/// The header rows of a table: one row, or a group row of merged cells over a sub-header row
/// (目標項目 → 大項目 / 小項目, "KPI ALLOCATED" → "target of year"). Each column's name is its path.
struct HeaderBand: Sendable, Equatable {
    /// 0-based rows, top first.
    var rows: ClosedRange<Int>
    /// Column → the header texts from top to bottom, repeats (vertical merges) removed.
    var paths: [Int: [String]]

    var lastRow: Int { rows.upperBound }

    /// A column's name as shown: "数値目標/目標値".
    func name(_ c: Int) -> String { paths[c]?.joined(separator: "/") ?? "" }
    /// The finest level of a column's name: "目標値".
    func finest(_ c: Int) -> String { paths[c]?.last ?? "" }
    /// The levels above the finest: "数値目標".
    func group(_ c: Int) -> String? {
        guard let p = paths[c], p.count > 1 else { return nil }
        return p.dropLast().joined(separator: "/")
    }

    /// The band that starts at `top`: the row itself plus up to two sub-header rows below it.
    static func read(_ grid: SheetGrid, top: Int, matcher: HeaderMatcher) -> HeaderBand {
        var last = top
        while last - top < 2, isSubHeader(grid, row: last + 1, above: last, matcher: matcher) { last += 1 }
        var paths: [Int: [String]] = [:]
        let width = (top...last).map { grid.rows.indices.contains($0) ? grid.rows[$0].count : 0 }.max() ?? 0
        // Group rows without merges (CSV) name their first column only: carry the name right over the
        // blanks that have a sub-header below them.
        var carried: [Int: [Int: String]] = [:]
        for r in top..<last {
            var carry = ""
            for c in 0..<width {
                let t = HeaderBand.cellText(grid, r, c)
                if !t.isEmpty {
                    carry = t
                } else if !carry.isEmpty, !HeaderBand.cellText(grid, last, c).isEmpty {
                    carried[r, default: [:]][c] = carry
                } else {
                    carry = ""
                }
            }
        }
        for c in 0..<width {
            var parts: [String] = []
            for r in top...last {
                var t = HeaderBand.cellText(grid, r, c)
                if t.isEmpty, let k = carried[r]?[c] { t = k }
                if !t.isEmpty, parts.last != t { parts.append(t) }
            }
            if !parts.isEmpty { paths[c] = parts }
        }
        return HeaderBand(rows: top...last, paths: paths)
    }

    /// A header cell's text, one line: "Weight (a)\n(Max 100%)" → "Weight (a) (Max 100%)".
    static func cellText(_ grid: SheetGrid, _ r: Int, _ c: Int) -> String {
        guard case .text(let t) = grid[r, c].value else { return "" }
        return cellText(t)
    }

    /// A cell's text as a header reads it: its lines trimmed and joined by a space.
    static func cellText(_ t: String) -> String {
        if !t.contains(where: \.isNewline) { return t.trimmingSpaces }
        return t.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }.joined(
            separator: " ")
    }

    /// A row is a sub-header of `above` when it holds only short texts, and its texts sit under cells
    /// of `above` that span several columns, or mostly name roles themselves while the row above's
    /// cells over them are merged down or group labels.
    static func isSubHeader(_ grid: SheetGrid, row r: Int, above: Int, matcher: HeaderMatcher) -> Bool {
        guard r < grid.rows.count else { return false }
        var texts: [Int] = []
        for (c, cell) in grid.rows[r].enumerated() where !cell.value.isEmpty && !cell.fromMerge {
            guard case .text(let t) = cell.value, t.count <= 40, QuantityParser.parseValue(t) == nil else {
                return false
            }
            texts.append(c)
        }
        guard !texts.isEmpty else { return false }
        let spans = texts.filter { spansSeveralColumns(grid, row: above, column: $0) }
        if spans.count * 2 >= texts.count { return true }
        // Sub-headers under vertically merged neighbours: the row above is merged down into this one elsewhere.
        let mergedDown = grid.rows[r].indices.filter {
            grid[r, $0].fromMerge && grid[above, $0].value == grid[r, $0].value
        }
        let named = texts.filter { matcher.match(HeaderBand.cellText(grid, r, $0)) != nil }
        if !mergedDown.isEmpty && named.count * 2 >= texts.count { return true }
        // A group row written once per group (CSV): its texts stand over the first of several sub-headers.
        let aboveTexts = grid.rows[above].indices.filter { !HeaderBand.cellText(grid, above, $0).isEmpty }
        let repeated = Set(texts.map { HeaderBand.cellText(grid, r, $0).lowercased() }).count < texts.count
        return aboveTexts.count >= 2 && texts.count > aboveTexts.count && repeated && named.count * 2 >= texts.count
            && aboveTexts.filter { texts.contains($0) }.count >= 2
    }

    /// True when the cell of `row` over column `c` belongs to a merged range wider than one column.
    static func spansSeveralColumns(_ grid: SheetGrid, row: Int, column c: Int) -> Bool {
        grid.mergedRanges.contains { m in
            m.start.row <= row && m.end.row >= row && m.start.column <= c && m.end.column >= c
                && m.end.column > m.start.column
        } && !grid[row, c].value.isEmpty
    }
}
