import GoalModel
import Testing

@testable import Normalize

@Suite("What a table's goals share")
struct TableFactsTests {
    static func table(current: String, target: String) -> GoalTable {
        GoalTable(
            headerRow: 2, columns: [.title: 0, .current: 2, .target: 3, .unit: 1], headerNotes: [:],
            headerNames: [0: "目標", 1: "単位", 2: current, 3: target], rows: 3..<10)
    }

    @Test("Field columns (the title's given), value headers in current-target-baseline order, 累計 found")
    func facts() {
        let f = TableFacts(Self.table(current: "累計実績", target: "目標値"), titleColumn: 0, lexicon: .standard)
        #expect(f.fieldColumns == [.title: 0, .unit: 1, .current: 2, .target: 3])
        #expect(f.valueHeaders == ["累計実績", "目標値"])
        #expect(f.cumulativeHeaders)
        let plain = TableFacts(Self.table(current: "実績", target: "目標値"), titleColumn: 0, lexicon: .standard)
        #expect(!plain.cumulativeHeaders)
    }

    @Test("Kept only for the same table: another title column, header row, column or value header is new")
    func sameTable() {
        let t = Self.table(current: "実績", target: "目標値")
        let f = TableFacts(t, titleColumn: 0, lexicon: .standard)
        #expect(f.isFor(t, titleColumn: 0))
        #expect(!f.isFor(t, titleColumn: 1))
        var lower = t
        lower.headerRow = 12
        #expect(!f.isFor(lower, titleColumn: 0))
        var moved = t
        moved.columns[.target] = 4
        #expect(!f.isFor(moved, titleColumn: 0))
        // Cards share their columns and header row but not their headers' words.
        #expect(!f.isFor(Self.table(current: "累計実績", target: "目標値"), titleColumn: 0))
    }
}
