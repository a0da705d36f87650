import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// A row's outline number: 「1.」, "1.1", "1-2", "KR1-1", "O2", 「①」 (from the id column or the title's start).
struct OutlineNumber: Equatable {
    /// The letters before the digits (KR, O, KGI), upper-cased; empty for plain numbering.
    var prefix: String
    var path: [Int]
    /// A circled number (①…⑳): one level below the plainly numbered row above it.
    var circled = false

    static func parse(_ text: String, isIDCell: Bool, words: ReadingWords = .standard) -> OutlineNumber? {
        // Read by index, as far as the number goes: a title is not made into an array of its characters.
        let c = TextNormalizer.foldWidth(text).trimmingSpaces
        guard let first = c.first else { return nil }
        if let u = first.unicodeScalars.first, (0x2460...0x2473).contains(u.value) {
            return OutlineNumber(prefix: "", path: [Int(u.value) - 0x2460 + 1], circled: true)
        }
        var i = c.startIndex
        var letters = 0
        while i < c.endIndex, c[i].isASCII, c[i].isLetter {
            letters += 1
            i = c.index(after: i)
        }
        guard letters <= 3, words.outlinePrefixes.contains(String(c[..<i]).lowercased()) else { return nil }
        let prefix = String(c[..<i]).uppercased()
        var path: [Int] = []
        var digits = ""
        while i < c.endIndex {
            if let a = c[i].asciiValue, a >= 48, a <= 57 {
                digits.append(c[i])
                i = c.index(after: i)
                continue
            }
            guard !digits.isEmpty, c[i] == "." || c[i] == "-", let n = Int(digits) else { break }
            path.append(n)
            digits = ""
            i = c.index(after: i)
        }
        if let n = Int(digits) { path.append(n) }
        guard !path.isEmpty, path.count <= 4, path.allSatisfy({ $0 < 1000 }) else { return nil }
        // A title's number ends at a space or a label mark: 「1.1 売上」, "KR2: …", not 「100社」 or "3.5%".
        if !isIDCell, i < c.endIndex, !" :：)）.．、".contains(c[i]) { return nil }
        return OutlineNumber(prefix: prefix, path: path)
    }
}

/// Parents from a table's outline, for goals that name none: numbering (1 → 1.1 → 1.1.1, O1 → KR1-1,
/// ① under the numbered row above it), else indentation (the title cell's indent or leading spaces, or the
/// level column a staircase tree writes its title in).
enum OutlineParents {
    struct Entry {
        var number: OutlineNumber?
        var level: Int
    }

    static func link(_ reader: inout SheetReader, from start: Int, table: GoalTable) {
        let range = start..<reader.nodes.count
        guard range.count >= 2 else { return }
        let levelColumns = table.categoryColumns + [table.columns[.title]].compactMap { $0 }
        let words = reader.lexicon.reading
        // The copy of the nodes the threads read is gone before a node changes (else each is copied whole).
        let entries: [Entry] = {
            let (nodes, grid, parallelism) = (reader.nodes, reader.grid, reader.normalizer.parallelism)
            return ParallelWork.mapChunked(count: range.count, jobs: parallelism.jobs, chunk: parallelism.chunk) {
                entry(nodes[range.lowerBound + $0], grid: grid, levelColumns: levelColumns, words: words)
            }
        }()
        let parents = Parents(entries)
        for (k, i) in range.enumerated() {
            let n = reader.nodes[i]
            // A parent written on the row stands; one inferred from the layout (a KR under the objective above)
            // gives way to the outline's nearer one (① under 2.1, not under 2).
            guard n.parentRef.isEmpty || n.parentMatch == .layout else { continue }
            guard let p = parents.parent[k] else { continue }
            let parent = reader.nodes[range.lowerBound + p]
            reader.nodes[i].parentRef = parent.localID ?? parent.title
            reader.nodes[i].parentMatch = .outline
        }
    }

    static func entry(_ n: GoalNode, grid: SheetGrid, levelColumns: [Int], words: ReadingWords) -> Entry {
        let r = n.source.row
        let number =
            n.localID.flatMap { OutlineNumber.parse($0, isIDCell: true, words: words) }
            ?? OutlineNumber.parse(n.title, isIDCell: false, words: words)
        let c = n.columns[.title] ?? 0
        let raw: String = { if case .text(let t) = grid[r, c].value { return t } else { return "" } }()
        let spaces = raw.prefix { $0 == " " || $0 == "\u{3000}" }.reduce(0) { $0 + ($1 == " " ? 1 : 2) } / 2
        let column = levelColumns.firstIndex(of: c) ?? 0
        return Entry(number: number, level: column * 100 + grid[r, c].indent + spaces)
    }

    /// Each row's parent in one pass down the rows: the nearest row above whose number is this one's without
    /// its last part (or, for ①, the nearest plainly numbered row); else, when the table is indented, the
    /// nearest row above at a lower level. (A scan up from every row made a 100,000-row table numbered without
    /// its parents' rows quadratic.)
    struct Parents {
        var parent: [Int?] = []

        init(_ entries: [Entry]) {
            let levelsDiffer = Set(entries.map(\.level)).count > 1
            var lastPlain: Int?
            var lastByPath: [[Int]: Int] = [:]
            // The rows above at strictly rising levels, nearest last: the nearest at a lower level is on top.
            var rising: [Int] = []
            for (k, e) in entries.enumerated() {
                while let top = rising.last, entries[top].level >= e.level { rising.removeLast() }
                var found: Int?
                if let number = e.number {
                    if number.circled {
                        found = lastPlain
                    } else if number.path.count >= 2 {
                        found = lastByPath[Array(number.path.dropLast())]
                    }
                }
                parent.append(found ?? (levelsDiffer ? rising.last : nil))
                rising.append(k)
                if let number = e.number, !number.circled {
                    lastPlain = k
                    lastByPath[number.path] = k
                }
            }
        }
    }
}

/// A KPI tree drawn as a staircase: each level's title in its own column (KGI in A, KSF in B, KPI in C),
/// one per row. Such a row's title is the one level cell it fills; elsewhere the coarser columns are the
/// finest title's category.
struct StaircaseLevels {
    /// Coarse to fine: the category columns, then the title column.
    let levels: [Int]
    let isStaircase: Bool

    init(grid: SheetGrid, table: GoalTable) {
        guard let tc = table.columns[.title], !table.categoryColumns.isEmpty else {
            levels = []
            isStaircase = false
            return
        }
        let levels = table.categoryColumns + [tc]
        self.levels = levels
        let values = [ColumnRole.baseline, .current, .target].compactMap { table.columns[$0] }
        // A staircase has coarser-level rows with numbers of their own, and no row fills two levels itself.
        var coarseWithValues = 0
        var twoLevels = 0
        for r in table.rows where r < grid.rows.count {
            let own = StaircaseLevels.ownLevels(grid, r, levels)
            if own.count > 1 { twoLevels += 1 }
            if own.count == 1, own[0] != tc, values.contains(where: { !grid[r, $0].value.isEmpty }) {
                coarseWithValues += 1
            }
        }
        isStaircase = coarseWithValues >= 1 && twoLevels == 0
    }

    static func ownLevels(_ grid: SheetGrid, _ r: Int, _ levels: [Int]) -> [Int] {
        levels.filter { c in
            !grid[r, c].fromMerge
                && {
                    if case .text(let t) = grid[r, c].value { return !t.trimmingSpaces.isEmpty } else { return false }
                }()
        }
    }

    /// The row's title cell: the title column's, or in a staircase the one level cell the row fills.
    func title(_ grid: SheetGrid, _ r: Int, titleColumn: Int) -> (column: Int, text: String) {
        let text = grid.text(r, titleColumn)
        guard text.isEmpty, isStaircase else { return (titleColumn, text) }
        let own = StaircaseLevels.ownLevels(grid, r, levels)
        guard own.count == 1 else { return (titleColumn, text) }
        return (own[0], grid.text(r, own[0]))
    }
}

/// A KPI tree's numbers written as formulas (target 年間売上 `=D3*D6*D7`): each goal whose target (or
/// current) cell multiplies, adds or sums the same column's cells of other goals of the table gets that
/// formula over those goals, so the tree's arithmetic is checked and its children linked.
enum CellFormulaTree {
    static func link(_ reader: inout SheetReader, from start: Int, table: GoalTable) {
        let range = start..<reader.nodes.count
        guard !reader.grid.formulas.isEmpty, range.count >= 2 else { return }
        var byRow: [Int: Int] = [:]
        for i in range where byRow[reader.nodes[i].source.row] == nil { byRow[reader.nodes[i].source.row] = i }
        for i in range where reader.nodes[i].formula == nil {
            for role in [ColumnRole.target, .current] {
                guard let c = table.columns[role] else { continue }
                let cell = CellReference(row: reader.nodes[i].source.row, column: c)
                guard let f = reader.grid.formulas[cell],
                    let e = expression(f, column: c, rows: byRow, nodes: reader.nodes)
                else { continue }
                reader.nodes[i].formula = e
                break
            }
        }
    }

    /// The formula over the goals its cells belong to, or nil when any reference is not a goal of this column.
    static func expression(_ formula: String, column: Int, rows: [Int: Int], nodes: [GoalNode]) -> FormulaExpression? {
        guard let text = expandSums(formula.filter { $0 != "$" }), let parsed = try? FormulaParser.parse(text),
            !parsed.references.isEmpty
        else {
            return nil
        }
        var ok = true
        let mapped = parsed.mapReferences { ref in
            guard let cell = CellReference(ref), cell.column == column, let i = rows[cell.row] else {
                ok = false; return ref
            }
            return nodes[i].localID ?? nodes[i].title
        }
        return ok ? mapped : nil
    }

    /// `SUM(D4:D6)` → `(D4+D5+D6)`, `SUM(D4,D6)` → `(D4+D6)`; nil for any other function.
    static func expandSums(_ f: String) -> String? {
        var out = ""
        var rest = Substring(f.uppercased())
        while let open = rest.firstIndex(of: "(") {
            let before = rest[..<open]
            let name = before.reversed().prefix { $0.isLetter }
            let head = before.dropLast(name.count)
            guard let close = rest[open...].firstIndex(of: ")") else { return nil }
            if name.isEmpty {
                out += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            guard String(name.reversed()) == "SUM" else { return nil }
            var cells: [String] = []
            for arg in rest[rest.index(after: open)..<close].split(separator: ",") {
                let ends = arg.split(separator: ":").compactMap { CellReference(String($0)) }
                if ends.count == 2, ends[0].column == ends[1].column, ends[0].row <= ends[1].row,
                    ends[1].row - ends[0].row < 100
                {
                    cells += (ends[0].row...ends[1].row).map {
                        CellReference(row: $0, column: ends[0].column).description
                    }
                } else if ends.count == 1, !arg.contains(":") {
                    cells.append(ends[0].description)
                } else {
                    return nil
                }
            }
            out += head + "(" + cells.joined(separator: "+") + ")"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
