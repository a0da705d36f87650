import Foundation
import GoalSheetSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("A1 names")
struct CellReferenceTests {
    @Test(arguments: [
        ("A1", 0, 0), ("$B$12", 11, 1), ("aa3", 2, 26), ("XFD1048576", 1_048_575, 16_383),
    ])
    func parses(text: String, row: Int, column: Int) {
        #expect(CellReference(text) == CellReference(row: row, column: column))
    }

    @Test(arguments: [
        (0, 0, "A1"), (9, 25, "Z10"), (99, 26, "AA100"), (1_234, 701, "ZZ1235"), (0, 702, "AAA1"),
        (1_048_575, 16_383, "XFD1048576"), (999_999, 3, "D1000000"),
    ])
    func names(row: Int, column: Int, name: String) {
        #expect(CellReference(row: row, column: column).description == name)
        #expect(CellReference(name) == CellReference(row: row, column: column))
    }

    @Test(arguments: ["XFE1", "A1048577", "A0", "B", "12", "", "A1B"])
    func refusesWhatExcelCannotName(text: String) {
        #expect(CellReference(text) == nil)
    }

    @Test func namesColumnsAndRanges() {
        #expect([0, 25, 26, 701, 702, 16_383].map(CellReference.columnName) == ["A", "Z", "AA", "ZZ", "AAA", "XFD"])
        #expect(CellRange("C3:A1")?.description == "A1:C3")
        #expect(CellRange("B:C").map { [$0.start.row, $0.end.row, $0.end.column] } == [0, 1_048_575, 2])
        #expect(CellRange("2:4").map { [$0.start.row, $0.end.row, $0.end.column] } == [1, 3, 16_383])
        #expect(CellRange("A1:B2")?.contains(CellReference(row: 1, column: 1)) == true)
        #expect(CellRange("A1:B2")?.contains(CellReference(row: 2, column: 0)) == false)
    }
}

@Suite("Confidence as people are shown it")
struct ConfidencePercentTests {
    @Test(arguments: [(0.549, 54), (0.55, 55), (0.57, 57), (0.999, 99), (1.0, 100), (0.0, 0), (1.3, 100), (-0.2, 0)])
    func wholePercentRoundedDown(_ confidence: Double, _ percent: Int) {
        #expect(ConfidencePercent.of(confidence) == percent)
    }
}

@Suite("Plain decimals and trimming")
struct DecimalTextTests {
    @Test(arguments: [
        (7.199999999999999, "7.2"), (1.8e9, "1800000000"), (-0.5, "-0.5"), (0, "0"), (0.1 + 0.2, "0.3"),
        (1e-7, "0.0000001"), (-1234567.25, "-1234567.25"), (Double.nan, ""), (Double.infinity, ""),
    ])
    func formats(value: Double, text: String) {
        #expect(PlainDecimal.format(value) == text)
    }

    @Test func groupsThousandsOfTheIntegerPartOnly() {
        #expect(PlainDecimal.groupThousands("-1234567.5") == "-1,234,567.5")
        #expect(PlainDecimal.groupThousands("999") == "999")
        #expect(PlainDecimal.groupThousands("1000.0001") == "1,000.0001")
    }

    @Test func trimsSpacesOfEveryWidth() {
        #expect("\u{3000} 目標\t\r\n".trimmingSpaces == "目標")
        #expect(" \u{3000} ".trimmingSpaces == "")
        #expect(" a b \t\r\n".trimmingTrailingSpaces == " a b")
        #expect("目標\r\n".trimmingSpaces == "目標")
    }

    /// The bytes past the spaces are those of the trimmed text, for every kind of space.
    @Test(arguments: ["\u{3000} 目標\t\r\n", " \u{3000} ", "", "目標\r\n", "a", "\u{3000}\u{3000}x\u{3000}"])
    func utf8SpacesTrimAsTheStringDoes(text: String) {
        var copy = text
        let bytes = copy.withUTF8 { u in UTF8Spaces.trimmed(u).map { Array(u[$0]) } }
        let trimmed = text.trimmingSpaces
        #expect(bytes == (trimmed.isEmpty ? nil : Array(trimmed.utf8)))
    }
}

/// A lower layer's error, as ZipError and XMLParseError are.
private struct LayerError: GoalSheetErrorConvertible {
    var entry: String
    func goalSheetError(file: String, part: String?) -> GoalSheetError {
        GoalSheetError(.truncated, file: file, part: entry, "ends early")
    }
}

private struct UnknownError: Error, CustomStringConvertible, Sendable {
    var description: String { "something broke" }
}

@Suite("GoalSheetError: one error, converted once")
struct GoalSheetErrorTests {
    @Test func describesEveryPositionOnce() {
        let e = GoalSheetError(
            .badCell, file: "plan.xlsx", part: "xl/worksheets/sheet1.xml", sheet: "目標", cell: "C7", line: 3, column: 9,
            "not a number")
        #expect(
            e.description == "plan.xlsx: xl/worksheets/sheet1.xml: sheet '目標': cell C7: line 3, column 9: not a number")
        #expect(e.withinSheet == "xl/worksheets/sheet1.xml: cell C7: line 3, column 9: not a number")
        #expect(GoalSheetError(.csv, file: "a.csv", line: 0, "empty").description == "a.csv: empty")
    }

    @Test func convertsATypedErrorOnItsFieldsAndKeepsItAsTheCause() {
        let e = GoalSheetError.wrap(LayerError(entry: "xl/workbook.xml"), file: "plan.xlsx", part: "ignored")
        #expect(e.kind == .truncated)
        #expect(e.description == "plan.xlsx: xl/workbook.xml: ends early")
        #expect((e.cause as? LayerError)?.entry == "xl/workbook.xml")
    }

    @Test func anUnknownErrorIsUnexpectedNotACorruptFile() {
        let e = GoalSheetError.wrap(UnknownError(), file: "plan.xlsx")
        #expect(e.kind == .unexpected)
        #expect(e.kind.rawValue == "unexpected")
        #expect(e.description == "plan.xlsx: something broke")
        #expect(e.cause is UnknownError)
    }

    @Test func aGoalSheetErrorPassesThroughUnchangedAndEqualityIgnoresTheCause() {
        let original = GoalSheetError(.encoding, file: "a.csv", line: 4, column: 2, "not UTF-8")
        #expect(GoalSheetError.wrap(original, file: "other.csv") == original)
        var withCause = original
        withCause.cause = UnknownError()
        #expect(withCause == original)
        #expect(GoalSheetError(.encoding, file: "a.csv", line: 5, column: 2, "not UTF-8") != original)
    }
}

@Suite("Platform calls")
struct PlatformTests {
    @Test func writesThroughTheCLibrary() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        try Array("目標\n".utf8).withUnsafeBytes { try FileIO.write(fds[1], $0) }
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = read(fds[0], &buffer, 16)
        #expect(Array(buffer[0..<max(0, n)]) == Array("目標\n".utf8))
    }
}

@Suite("Parallel work")
struct ParallelWorkTests {
    @Test(arguments: [1, 2, 4, 16])
    func resultsComeInIndexOrderWhateverTheJobs(jobs: Int) {
        // Later indices finish first: a thread that takes a small index works longest.
        let results = ParallelWork.map(count: 40, jobs: jobs) { i -> Int in
            var x = 0
            for k in 0..<((40 - i) * 2_000) { x &+= k }
            return i * 10 + (x == -1 ? 1 : 0)
        }
        #expect(results == (0..<40).map { $0 * 10 })
    }

    @Test func everyIndexRunsOnce() {
        let seen = ParallelWork.map(count: 1_000, jobs: 3) { $0 }
        #expect(Set(seen).count == 1_000)
        #expect(ParallelWork.map(count: 0, jobs: 3) { $0 } == [])
    }

    @Test(arguments: [1, 2, 4])
    func anOrderChangesWhenNotWhereResultsGo(jobs: Int) {
        let order = [3, 0, 4, 1, 2]
        #expect(ParallelWork.map(count: 5, jobs: jobs, order: order) { $0 * 7 } == [0, 7, 14, 21, 28])
        #expect(ParallelWork.map(count: 0, jobs: jobs, order: []) { $0 } == [])
    }

    @Test func largestFirstSortsBySizeThenIndex() {
        #expect(ParallelWork.largestFirst([10, 300, 10, 0, 300, 7]) == [1, 4, 0, 2, 5, 3])
        #expect(ParallelWork.largestFirst([]) == [])
    }

    @Test(arguments: [(0, 1), (1, 4), (9, 10), (10, 10), (11, 10), (1_001, 64)])
    func chunksKeepIndexOrder(count: Int, chunk: Int) {
        for jobs in [1, 2, 5] {
            #expect(
                ParallelWork.mapChunked(count: count, jobs: jobs, chunk: chunk) { $0 * 3 } == (0..<count).map { $0 * 3 }
            )
        }
    }

    @Test(arguments: [1, 2])
    func aPairGivesBothResultsInTheirPlaces(jobs: Int) {
        let (text, number) = ParallelWork.pair(jobs: jobs) {
            String(repeating: "目", count: 3)
        } _: {
            (1...100).reduce(0, +)
        }
        #expect(text == "目目目")
        #expect(number == 5_050)
    }

    @Test func globsMatchNames() {
        #expect(Glob.matches("営業部*.xlsx", "営業部_2025.xlsx"))
        #expect(Glob.matches("dept_??.csv", "dept_07.csv"))
        #expect(!Glob.matches("dept_??.csv", "dept_7.csv"))
        #expect(!Glob.matches("*.xlsx", "a.xlsm"))
    }
}

@Suite("Text memo")
struct TextMemoTests {
    final class Counter: @unchecked Sendable { var calls = 0 }

    @Test func computesEachTextOnceUntilFull() {
        let memo = TextMemo<Int?>(capacity: 2, shards: 1)
        let counter = Counter()
        func length(_ s: String) -> Int? {
            counter.calls += 1
            return s.isEmpty ? nil : s.count
        }
        #expect(memo.value(for: "件数", length) == 2)
        #expect(memo.value(for: "件数", length) == 2)
        #expect(memo.value(for: "", length) == nil)
        #expect(memo.value(for: "", length) == nil)  // a remembered nil is not computed again
        #expect(counter.calls == 2)
        // A third text empties the full memo first: the first two are computed again.
        #expect(memo.value(for: "abc", length) == 3)
        #expect(memo.value(for: "件数", length) == 2)
        #expect(counter.calls == 4)
    }

    @Test func theContextIsLentToTheComputationAndTheValueKeptByText() {
        let memo = TextMemo<String>(capacity: 10, shards: 1)
        let counter = Counter()
        func tagged(_ s: String, _ suffix: String) -> String {
            counter.calls += 1
            return s + suffix
        }
        #expect(memo.value(for: "売上", with: "!", tagged) == "売上!")
        // Remembered by the text alone: the context is the caller's promise that it does not change the value.
        #expect(memo.value(for: "売上", with: "?", tagged) == "売上!")
        #expect(memo.value(for: "利益", with: "?", tagged) == "利益?")
        #expect(counter.calls == 2)
    }

    @Test func twoSpellingsOfOneTextAreEachComputedForThemselves() {
        let memo = TextMemo<Int>(capacity: 10, shards: 1)
        let counter = Counter()
        func scalars(_ s: String) -> Int {
            counter.calls += 1
            return s.unicodeScalars.count
        }
        // 「が」 composed (U+304C) and decomposed (か + U+3099): equal as Strings, different bytes.
        #expect(memo.value(for: "が", scalars) == 1)
        #expect(memo.value(for: "か\u{3099}", scalars) == 2)
        #expect(memo.value(for: "が", scalars) == 1 && memo.value(for: "か\u{3099}", scalars) == 2)
        #expect(counter.calls == 2)
    }

    @Test func shardedOverThreadsItGivesEachTextsValueAndRemembersEveryOne() {
        let memo = TextMemo<Int>(capacity: 10_000, shards: 16)
        let texts = (0..<500).map { "目標\($0)" }
        let counts = ParallelWork.map(count: 4, jobs: 4) { _ in
            let counter = Counter()
            let values = texts.map { t in
                memo.value(for: t) {
                    counter.calls += 1; return $0.count
                }
            }
            return (values, counter.calls)
        }
        #expect(counts.allSatisfy { $0.0 == texts.map(\.count) })
        let again = Counter()
        for t in texts {
            _ = memo.value(for: t) {
                again.calls += 1; return $0.count
            }
        }
        #expect(again.calls == 0)
    }
}

@Suite("File names")
struct FileNameTests {
    @Test(arguments: ["営業部/目標.xlsx", "/tmp/a/b.csv", "b.csv", "dir/", "/", "", "a//b", "./x.xlsx", "/営業部/"])
    func asNSStringGivesThem(path: String) {
        #expect(FileIO.fileName(path) == (path as NSString).lastPathComponent)
    }
}

@Suite("Syncing to disk")
struct FileSyncTests {
    /// A file and a folder are synced by path; a path that is not there says so (the caller then does not rename).
    @Test func filesAndFoldersAreSyncedAndAMissingPathIsRefused() throws {
        let dir = NSTemporaryDirectory() + "goalsheet-sync-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/目標.xlsx"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("PK".utf8)))
        #expect(FileIO.sync(file))
        #expect(FileIO.sync(dir))
        #expect(!FileIO.sync(dir + "/missing.xlsx"))
        FileIO.syncFolder(of: file)
        FileIO.syncFolder(of: "relative.xlsx")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("PK".utf8))
    }
}

@Suite("Background release")
struct BackgroundReleaseTests {
    /// Records the thread its last reference was dropped on.
    final class Tracked: @unchecked Sendable {
        let freedOn: UnsafeMutablePointer<pthread_t?>
        init(_ freedOn: UnsafeMutablePointer<pthread_t?>) { self.freedOn = freedOn }
        deinit { freedOn.pointee = pthread_self() }
    }

    @Test func valuesAreFreedOffTheCallingThread() {
        let first = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
        let second = UnsafeMutablePointer<pthread_t?>.allocate(capacity: 1)
        first.initialize(to: nil)
        second.initialize(to: nil)
        defer { first.deallocate(); second.deallocate() }
        let a = Tracked(first), b = [Tracked(second)]
        BackgroundRelease.release(consume a)
        BackgroundRelease.release(consume b)
        BackgroundRelease.drain()
        let caller = pthread_self()
        #expect(first.pointee.map { pthread_equal($0, caller) == 0 } == true)
        #expect(second.pointee.map { pthread_equal($0, caller) == 0 } == true)
    }
}
