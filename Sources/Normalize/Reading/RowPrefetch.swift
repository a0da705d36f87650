import GoalModel
import GoalSheetSupport

/// What a goal row of a table without an objective column holds (`SheetReader.plainRow`).
enum PlainRow: Sendable {
    /// No title; `numeric` when the row has values all the same (worth a warning).
    case untitled(column: Int, numeric: Bool)
    /// A remark row (※…).
    case remark
    /// The goals written in the title cell, one or several.
    case goals(column: Int, parts: [String])
}

/// A large table's rows read ahead on several threads: each row's class, what its title cell holds, and the
/// node of each goal it makes with the warnings making it gave. A node depends only on its row, its title and the
/// table, so the sheet's reading, which stays in row order (objectives, sections and parents carry from row to
/// row), takes the nodes as it comes to them and gets what it would have made itself.
struct RowPrefetch: Sendable {
    /// A node made ahead, and what it was made from.
    struct Made: Sendable {
        let title: String
        let column: Int
        let kind: GoalKind?
        let node: GoalNode
        let warnings: [Finding]
    }

    /// One row read ahead.
    struct Row: Sendable {
        var rowClass: RowClass
        var plain: PlainRow?
        var made: [Made] = []
    }

    let firstRow: Int
    var rows: [Row]

    func rowClass(_ r: Int) -> RowClass? { rows.indices.contains(r - firstRow) ? rows[r - firstRow].rowClass : nil }

    func plainRow(_ r: Int) -> PlainRow? { rows.indices.contains(r - firstRow) ? rows[r - firstRow].plain : nil }

    /// The node made ahead for this row, title, column and kind, handed over once.
    mutating func take(row r: Int, title: String, column: Int, kind: GoalKind?) -> Made? {
        let i = r - firstRow
        guard rows.indices.contains(i),
            let k = rows[i].made.firstIndex(where: {
                $0.column == column && $0.kind == kind && $0.title.utf8.elementsEqual(title.utf8)
            })
        else { return nil }
        return rows[i].made.remove(at: k)
    }
}

extension SheetReader {
    /// The table's rows read ahead as `normalizer.parallelism` shares them out; nil for a table not worth sharing out.
    func readAhead(
        _ table: GoalTable, classifier: RowClassifier, staircase: StaircaseLevels, isJapanese: Bool
    ) -> RowPrefetch? {
        let rows = table.rows.clamped(to: 0..<grid.rows.count)
        let chunk = normalizer.parallelism.chunk
        guard normalizer.parallelism.shares(rows.count) else { return nil }
        let base: SheetReader = {
            var b = self
            b.warnings = []
            b.prefetch = nil
            return b
        }()
        let first = rows.lowerBound
        let chunks = ParallelWork.map(count: (rows.count + chunk - 1) / chunk, jobs: normalizer.parallelism.jobs) { k in
            var reader = base
            let part = (first + k * chunk)..<min(rows.upperBound, first + (k + 1) * chunk)
            return part.map { r in
                reader.readAhead(
                    row: r, table: table, classifier: classifier, staircase: staircase, isJapanese: isJapanese)
            }
        }
        return RowPrefetch(firstRow: first, rows: Array(chunks.joined()))
    }

    /// One row read ahead: its class and, for a goal row, the nodes the sequential reading will ask for.
    private mutating func readAhead(
        row r: Int, table: GoalTable, classifier: RowClassifier, staircase: StaircaseLevels, isJapanese: Bool
    ) -> RowPrefetch.Row {
        var row = RowPrefetch.Row(rowClass: classifier.classify(r))
        guard row.rowClass == .goal else { return row }
        if table.columns[.objective] != nil {
            // Objectives depend on the rows above them; a row's key result does not.
            if let kc = table.columns[.keyResult], case let title = grid.text(r, kc), !title.isEmpty {
                row.made.append(made(row: r, title: title, column: kc, table: table, isJapanese: isJapanese, kind: .kr))
            }
            return row
        }
        row.plain = plainRow(r, table: table, staircase: staircase)
        if case .goals(let column, let parts) = row.plain {
            for part in parts {
                row.made.append(
                    made(row: r, title: part, column: column, table: table, isJapanese: isJapanese, kind: nil))
            }
        }
        return row
    }

    private mutating func made(
        row r: Int, title: String, column: Int, table: GoalTable, isJapanese: Bool, kind: GoalKind?
    ) -> RowPrefetch.Made {
        let before = warnings.count
        let node = buildNode(
            row: r, title: title, titleColumn: column, table: table, isJapanese: isJapanese, kind: kind)
        let given = Array(warnings[before...])
        warnings.removeSubrange(before...)
        return RowPrefetch.Made(title: title, column: column, kind: kind, node: node, warnings: given)
    }
}
