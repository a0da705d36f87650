/// An A1-style cell reference (0-based row and column inside).
public struct CellReference: Sendable, Hashable, CustomStringConvertible, Comparable {
    // Computed and inlinable: the reader's per-cell `parse` sees them as constants from another module
    // (a stored `static let` is reached there through a lazy-initialization check on every call).
    @inlinable public static var maxRows: Int { 1_048_576 }
    @inlinable public static var maxColumns: Int { 16_384 }

    public var row: Int
    public var column: Int

    @inlinable public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `B12`, `$B$12`; nil when either part is missing or out of Excel's range.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.removeAll { $0 == 0x24 }  // $
        let parsed = bytes.withUnsafeBufferPointer { CellReference.parse($0) }
        guard let r = parsed.row, let c = parsed.column else { return nil }
        self.init(row: r, column: c)
    }

    /// Parses the letters and digits of a reference; either part may be missing (nil).
    /// Values beyond Excel's limits come back as nil too.
    @inlinable
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> (row: Int?, column: Int?) {
        var i = 0
        var col = 0
        var letters = 0
        while i < b.count {
            var c = b[i]
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            guard c >= 0x41 && c <= 0x5A else { break }
            col = col * 26 + Int(c - 0x40)
            letters += 1
            i += 1
            if letters > 3 { return (nil, nil) }
        }
        var row = 0
        var digits = 0
        while i < b.count {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return (nil, nil) }
            row = row * 10 + Int(c - 0x30)
            digits += 1
            i += 1
            if digits > 7 { return (nil, nil) }
        }
        let column: Int? = letters > 0 && col <= maxColumns ? col - 1 : nil
        let rowIndex: Int? = digits > 0 && row >= 1 && row <= maxRows ? row - 1 : nil
        return (rowIndex, column)
    }

    /// The 0-based index of column letters alone (`B` → 1, `aa` → 26); nil for anything else.
    public static func columnIndex(_ letters: String) -> Int? {
        var bytes = Array(letters.utf8)
        guard !bytes.isEmpty else { return nil }
        let parsed = bytes.withUnsafeMutableBufferPointer { CellReference.parse(UnsafeBufferPointer($0)) }
        return parsed.row == nil && bytes.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
            ? parsed.column : nil
    }

    /// `0` → `A`, `25` → `Z`, `26` → `AA`.
    public static func columnName(_ index: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buf in
            String(
                decoding: UnsafeBufferPointer(
                    start: buf.baseAddress, count: storeColumnName(index, into: buf.baseAddress!)), as: UTF8.self)
        }
    }

    /// Stores a 0-based column's letters (`columnName`) at `p`, which has room for them (3 within Excel's grid,
    /// 14 for any `Int`), and returns how many there are.
    public static func storeColumnName(_ index: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        var n = index + 1
        while n > 0 {
            p[count] = UInt8(0x41 + (n - 1) % 26)
            n = (n - 1) / 26
            count += 1
        }
        var letters = UnsafeMutableBufferPointer(start: p, count: count)
        letters.reverse()
        return count
    }

    public var description: String {
        guard row >= 0, column >= 0 else { return CellReference.columnName(column) + String(row + 1) }
        // Within Excel's grid, at most 3 letters and 7 digits: a small string, made without a heap allocation.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var count = CellReference.storeColumnName(column, into: buf.baseAddress!)
            let digits = count
            var r = row + 1
            repeat {
                buf[count] = UInt8(0x30 + r % 10)
                r /= 10
                count += 1
            } while r > 0
            buf[digits..<count].reverse()
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<count]), as: UTF8.self)
        }
    }

    public static func < (a: CellReference, b: CellReference) -> Bool {
        (a.row, a.column) < (b.row, b.column)
    }
}

/// A rectangular range such as `A1:C3` (a single cell is a 1×1 range).
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var start: CellReference
    public var end: CellReference

    public init(start: CellReference, end: CellReference) {
        self.start = CellReference(row: min(start.row, end.row), column: min(start.column, end.column))
        self.end = CellReference(row: max(start.row, end.row), column: max(start.column, end.column))
    }

    /// Parses `A1:C3`, `B2`, whole columns `A:C` and whole rows `2:4`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map {
            Array($0.utf8.filter { $0 != 0x24 })
        }
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let ends = parts.map { p in p.withUnsafeBufferPointer { CellReference.parse($0) } }
        let a = ends[0]
        let b = ends.count == 2 ? ends[1] : ends[0]
        switch (a.row, a.column, b.row, b.column) {
        case let (r1?, c1?, r2?, c2?):
            self.init(start: CellReference(row: r1, column: c1), end: CellReference(row: r2, column: c2))
        case let (nil, c1?, nil, c2?) where parts.count == 2:
            self.init(
                start: CellReference(row: 0, column: c1), end: CellReference(row: CellReference.maxRows - 1, column: c2)
            )
        case let (r1?, nil, r2?, nil) where parts.count == 2:
            self.init(
                start: CellReference(row: r1, column: 0),
                end: CellReference(row: r2, column: CellReference.maxColumns - 1))
        default:
            return nil
        }
    }

    public func contains(_ r: CellReference) -> Bool {
        r.row >= start.row && r.row <= end.row && r.column >= start.column && r.column <= end.column
    }

    public var description: String { start == end ? start.description : "\(start):\(end)" }
}
