import Foundation
import GoalSheetSupport
import SpreadsheetML

/// Reads a cursor's rows on a thread of its own, a few batches ahead of its reader, so that parsing a large
/// sheet's XML runs on a second core while the reader builds its grid.
///
/// Rows come in order, in batches of `batch`; the cursor's error comes after the rows before it, as from the
/// cursor itself. Memory: `depth` batches. The cursor is the thread's alone until its rows end: its merged
/// ranges are read after that. Dropping the read-ahead stops the thread after the batch it is reading.
public final class RowReadAhead: RowCursor {
    private let shared: Shared
    private var current: [Row] = []
    private var index = 0

    /// Starts reading `cursor` on a thread of its own.
    public init(_ cursor: RowCursor, batch: Int = 512, depth: Int = 4) {
        shared = Shared(cursor: cursor, batch: max(1, batch), depth: max(1, depth))
        let thread = Thread { [shared] in shared.produce() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit { shared.cancel() }

    public func next() throws -> Row? {
        while index >= current.count {
            guard let batch = try shared.take() else { return nil }
            current = batch
            index = 0
        }
        index += 1
        return current[index - 1]
    }

    /// The cursor's merged ranges, once every row has been read.
    public var mergedRanges: [CellRange] { shared.mergedRanges }

    /// The batches between the reading thread and the reader, under one condition.
    private final class Shared: @unchecked Sendable {
        private let cursor: RowCursor
        private let batch: Int
        private let depth: Int
        private let condition = NSCondition()
        // Guarded by `condition`.
        private var ready: [[Row]] = []
        private var ended = false
        private var cancelled = false
        private var failure: Error?
        private var merged: [CellRange] = []

        init(cursor: RowCursor, batch: Int, depth: Int) {
            self.cursor = cursor
            self.batch = batch
            self.depth = depth
        }

        /// The reading thread's loop.
        func produce() {
            var failure: Error?
            while true {
                condition.lock()
                while ready.count >= depth && !cancelled { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { break }
                var rows: [Row] = []
                rows.reserveCapacity(batch)
                do {
                    while rows.count < batch, let row = try cursor.next() { rows.append(row) }
                } catch {
                    failure = error
                }
                let last = failure != nil || rows.count < batch
                condition.lock()
                if !rows.isEmpty { ready.append(rows) }
                if last {
                    self.failure = failure
                    merged = failure == nil ? cursor.mergedRanges : []
                    ended = true
                }
                condition.broadcast()
                condition.unlock()
                if last { return }
            }
            condition.lock()
            ended = true
            condition.broadcast()
            condition.unlock()
        }

        /// The next batch, waiting for it; nil at the end; the cursor's error after its rows.
        func take() throws -> [Row]? {
            condition.lock()
            defer { condition.unlock() }
            while ready.isEmpty && !ended { condition.wait() }
            if !ready.isEmpty {
                condition.broadcast()
                return ready.removeFirst()
            }
            if let failure { throw failure }
            return nil
        }

        var mergedRanges: [CellRange] {
            condition.lock()
            defer { condition.unlock() }
            return merged
        }

        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
