import GoalModel
import SpreadsheetML

/// Goal cards: blocks of label/value rows (目標: … / 指標: … / 現状: … / 目標値: … / 期限: …), repeated.
/// Each card is read like one table row, by the same field readers.
struct GoalCards: Sendable {
    /// One card: field → the value cell.
    struct Card: Sendable {
        var cells: [(role: ColumnRole, row: Int, column: Int, label: String)]
        var top: Int { cells.map(\.row).min() ?? 0 }
    }

    var cards: [Card]
    var top: Int { cards.first?.top ?? 0 }

    var asTable: GoalTable {
        let first = cards.first?.cells ?? []
        var t = GoalTable(
            headerRow: top, columns: [:], headerNotes: [:], headerNames: [:],
            rows: top..<((cards.last?.cells.map(\.row).max() ?? top) + 1))
        t.headerTop = top
        t.assignments = first.map {
            ColumnAssignment(
                column: $0.column, role: $0.role, confidence: 0.85, header: $0.label,
                evidence: "card label 「\($0.label)」")
        }
        return t
    }

    /// Reads each card into a goal through a one-row grid whose columns are the card's fields.
    func read(into reader: inout SheetReader) {
        for card in cards {
            guard
                let titleCell = card.cells.first(where: { [.title, .keyResult, .objective, .metric].contains($0.role) })
            else { continue }
            var row: [SheetGrid.GridCell] = []
            var columns: [ColumnRole: Int] = [:]
            var names: [Int: String] = [:]
            for (i, cell) in card.cells.enumerated() {
                row.append(reader.grid[cell.row, cell.column])
                columns[cell.role] = i
                names[i] = cell.label
            }
            var one = SheetGrid(rows: [row], is1904: reader.grid.is1904)
            one.hiddenRows = []
            let table = GoalTable(headerRow: -1, columns: columns, headerNotes: [:], headerNames: names, rows: 0..<1)
            var sub = SheetReader(
                input: reader.input, sheet: reader.sheet, grid: one, normalizer: reader.normalizer,
                override: reader.override)
            sub.context = reader.context
            sub.read(table)
            for var n in sub.nodes {
                n.source = reader.location(titleCell.row, nil)
                n.columns = n.columns.mapValues { i in
                    card.cells.indices.contains(i) ? card.cells[i].column : titleCell.column
                }
                reader.nodes.append(n)
            }
            for var w in sub.warnings {
                if var loc = w.location {
                    let i = loc.column ?? 0
                    loc.row = card.cells.indices.contains(i) ? card.cells[i].row : titleCell.row
                    loc.column = card.cells.indices.contains(i) ? card.cells[i].column : titleCell.column
                    w.location = loc
                }
                reader.warnings.append(w)
            }
        }
    }
}

/// Finds goal cards: label cells (「目標：」, "Target:") with a value to their right, a title label among them.
struct GoalCardFinder {
    let grid: SheetGrid
    let matcher: HeaderMatcher

    func label(_ r: Int, _ c: Int) -> (ColumnRole, String)? {
        guard case .text(let raw) = grid[r, c].value, !grid[r, c].fromMerge else { return nil }
        let t = TextNormalizer.foldWidth(raw).trimmingSpaces
        let body = t.hasSuffix(":") ? String(t.dropLast()).trimmingSpaces : t
        guard !body.isEmpty, body.count <= 20, let m = matcher.score(body), m.strength >= 1 || t.hasSuffix(":") else {
            return nil
        }
        return (m.role, body)
    }

    func find() -> [GoalCards] {
        var cards: [GoalCards.Card] = []
        var current: [(role: ColumnRole, row: Int, column: Int, label: String)] = []
        func close() {
            if current.contains(where: { [.title, .keyResult, .objective].contains($0.role) }),
                current.contains(where: { [.target, .current, .baseline, .due].contains($0.role) })
            {
                cards.append(GoalCards.Card(cells: current))
            }
            current = []
        }
        var blanks = 0
        for r in grid.rows.indices {
            var found: (ColumnRole, String, Int)?
            for c in grid.rows[r].indices.prefix(6) {
                if let (role, text) = label(r, c),
                    let v = (c + 1..<min(grid.rows[r].count, c + 4)).first(where: {
                        !grid[r, $0].value.isEmpty && !grid[r, $0].fromMerge
                    })
                {
                    found = (role, text, v)
                    break
                }
            }
            guard let (foundRole, text, v) = found else {
                if grid.rows[r].allSatisfy({ $0.value.isEmpty }) { blanks += 1; if blanks >= 1 { close() } }
                continue
            }
            blanks = 0
            var role = foundRole
            let titleRoles: [ColumnRole] = [.title, .objective, .keyResult]
            let hasValues = current.contains { ![.title, .objective, .keyResult, .metric].contains($0.role) }
            // A title label after the card's values starts the next card; a second one before them names the metric
            // (指標).
            if titleRoles.contains(role), current.contains(where: { titleRoles.contains($0.role) }) {
                if hasValues { close() } else if !current.contains(where: { $0.role == .metric }) { role = .metric }
            }
            if !current.contains(where: { $0.role == role }) { current.append((role, r, v, text)) }
        }
        close()
        return cards.isEmpty ? [] : [GoalCards(cards: cards)]
    }
}
