/// The rows of a sheet GoalSheet writes, held in memory or made one at a time as they are needed, so that a
/// summary of half a million findings is written without ever being whole in memory. Concatenate parts with `+`.
public struct SheetRows: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    private enum Segment: Sendable {
        case held([[CellWrite]])
        case made(count: Int, styles: [StyleRequest]?, make: @Sendable (Int) -> [CellWrite])

        var count: Int {
            switch self {
            case .held(let rows): return rows.count
            case .made(let count, _, _): return count
            }
        }
    }

    private var segments: [Segment] = []
    /// The first row of each segment.
    private var starts: [Int] = []
    public private(set) var count = 0

    /// Rows held in memory.
    public init(_ rows: [[CellWrite]]) { append(.held(rows)) }

    public init(arrayLiteral rows: [CellWrite]...) { self.init(rows) }

    /// `count` rows, row `i` made by `make(i)` each time it is read. With the `styles` its cells may ask for, a
    /// long sheet of them is written in one pass over its rows (`declaredStyles`); a cell asking for another
    /// style is then an error.
    public static func made(
        count: Int, styles: [StyleRequest]? = nil, _ make: @escaping @Sendable (Int) -> [CellWrite]
    ) -> SheetRows {
        var rows = SheetRows([])
        rows.append(.made(count: count, styles: styles, make: make))
        return rows
    }

    /// Every style the rows may ask for, found without making a row: the held rows' as they first appear, each
    /// made segment's as it declares them, in row order; nil when a made segment declares none.
    public var declaredStyles: [StyleRequest]? {
        var styles = OrderedStyles()
        for s in segments {
            switch s {
            case .held(let rows): for row in rows { for c in row { styles.add(c.style) } }
            case .made(_, let declared?, _): for d in declared { styles.add(d) }
            case .made(_, nil, _): return nil
            }
        }
        return styles.list
    }

    private mutating func append(_ segment: Segment) {
        guard segment.count > 0 else { return }
        starts.append(count)
        segments.append(segment)
        count += segment.count
    }

    public static func + (a: SheetRows, b: SheetRows) -> SheetRows {
        var joined = a
        for s in b.segments { joined.append(s) }
        return joined
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> [CellWrite] {
        precondition(i >= 0 && i < count, "row \(i) of \(count)")
        // The last segment starting at or before i.
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        switch segments[lo] {
        case .held(let rows): return rows[i - starts[lo]]
        case .made(_, _, let make): return make(i - starts[lo])
        }
    }
}
