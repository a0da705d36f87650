import Foundation
import Normalize
import Report
import TestSupport
import Testing

@Suite("Golden files")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        .path

    /// Every field of every node of the samples, against the reviewed snapshot
    /// (`GOALSHEET_RECORD_GOLDEN=1 swift test --filter GoldenTests` records it anew).
    @Test func samplesGoalsCSV() throws {
        let actual = GoalsTable.csv(Normalizer().run(Repository.nexBridgeInputs).nodes)
        let expected = try Golden.expected(actual, file: GoldenTests.folder + "/samples.goals.csv")
        #expect(actual == expected, "GOALSHEET_RECORD_GOLDEN=1 records it; review the diff")
    }
}
