import Foundation
import GoalSheetSupport
import Ingest
import SpreadsheetML
import Synchronization
import TestSupport
import Testing

/// A cursor of `count` one-cell rows that fails after `failAfter` rows, if given.
private final class CountingCursor: RowCursor {
    struct Broken: Error, Equatable { let after: Int }
    let count: Int
    let failAfter: Int?
    /// Rows handed out so far (read by the test while the read-ahead's thread may still be reading).
    let handedOut = Mutex(0)
    var given: Int { handedOut.withLock { $0 } }

    init(count: Int, failAfter: Int? = nil) {
        self.count = count
        self.failAfter = failAfter
    }

    func next() throws -> Row? {
        let i = given
        if let f = failAfter, i == f { throw Broken(after: f) }
        guard i < count else { return nil }
        handedOut.withLock { $0 += 1 }
        return Row(index: i, cells: [Cell(row: i, column: 0, value: .number(Double(i)))])
    }

    var mergedRanges: [CellRange] { given == count ? [CellRange("A1:B2")!] : [] }
}

@Suite("Rows read ahead on a thread of their own")
struct RowReadAheadTests {
    @Test(arguments: [0, 1, 511, 512, 513, 5_000])
    func theRowsComeInOrderThenTheMergedRanges(count: Int) throws {
        let ahead = RowReadAhead(CountingCursor(count: count), batch: 512, depth: 2)
        var indices: [Int] = []
        while let row = try ahead.next() { indices.append(row.index) }
        #expect(indices == Array(0..<count))
        #expect(try ahead.next() == nil)
        #expect(ahead.mergedRanges == [CellRange("A1:B2")!])
    }

    @Test func theCursorsErrorComesAfterTheRowsBeforeIt() throws {
        let ahead = RowReadAhead(CountingCursor(count: 5_000, failAfter: 1_300), batch: 512, depth: 2)
        var read = 0
        #expect(throws: CountingCursor.Broken(after: 1_300)) {
            while try ahead.next() != nil { read += 1 }
        }
        #expect(read == 1_300)
    }

    @Test func aReaderThatStopsEarlyStopsTheThread() throws {
        let cursor = CountingCursor(count: 1_000_000)
        do {
            let ahead = RowReadAhead(cursor, batch: 100, depth: 2)
            #expect(try ahead.next()?.index == 0)
        }
        // At most the batches it may hold, the one it was reading and the one taken: far from a million.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(cursor.given <= 500)
    }

    @Test func aSheetGridReadAheadIsTheSameGrid() throws {
        let doc = try SpreadsheetDocument(path: Repository.sample("cs_kpi_fy2025.xlsx"))
        for sheet in doc.sheets where sheet.kind == .worksheet {
            let rows = try doc.rows(of: sheet)
            var plain: [Row] = []
            while let r = try rows.next() { plain.append(r) }
            let ahead = RowReadAhead(try doc.rows(of: sheet), batch: 3, depth: 2)
            var read: [Row] = []
            while let r = try ahead.next() { read.append(r) }
            #expect(read == plain && !read.isEmpty)
            #expect(ahead.mergedRanges == rows.mergedRanges)
        }
    }
}
