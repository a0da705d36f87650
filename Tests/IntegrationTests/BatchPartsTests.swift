import Foundation
import Logging
import SpreadsheetML
import Synchronization
import TestSupport
import Testing

@testable import GoalSheetCLI

/// The pieces of a batch: path patterns, progress, diagnostics through swift-log.
@Suite("batch parts")
struct BatchPartsTests {
    @Test func patternsExpandInAnyComponentSorted() throws {
        let dir = try Scratch.directory("pattern")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for path in ["営業部/目標.xlsx", "営業部/目標_old.xlsx", "開発部/目標.xlsx", "開発部/memo.txt", ".hidden/目標.xlsx"] {
            let full = dir + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: full, contents: Data()))
        }
        #expect(PathPattern.expand(dir + "/*/目標.xlsx") == [dir + "/営業部/目標.xlsx", dir + "/開発部/目標.xlsx"])
        #expect(PathPattern.expand(dir + "/営業部/目標*") == [dir + "/営業部/目標.xlsx", dir + "/営業部/目標_old.xlsx"])
        #expect(PathPattern.expand(dir + "/.*/*.xlsx") == [dir + "/.hidden/目標.xlsx"])
        #expect(PathPattern.expand(dir + "/総務部/*.xlsx") == [])
        // As department paths: the memo is no goal file; a pattern matching nothing is a note, not an error.
        let inputs = try InputList.collect(company: [], paths: [dir + "/開発部/*", dir + "/none/*.xlsx"])
        #expect(inputs.map(\.path) == [dir + "/開発部/目標.xlsx"])
    }

    final class Captured: Sendable {
        let text = Mutex("")
        func append(_ s: String) { text.withLock { $0 += s } }
    }

    @Test func plainLinesNameEachFileAndItsResult() {
        let captured = Captured()
        let progress = ProgressReporter(style: .lines) { captured.append($0) }
        progress.begin("reading", total: 2)
        progress.done("a/営業部.xlsx", detail: "50 goals")
        progress.done("a/broken.xlsx", detail: "could not be read")
        progress.end()
        #expect(
            captured.text.withLock { $0 }
                == "goalsheet: reading 1/2: a/営業部.xlsx: 50 goals\ngoalsheet: reading 2/2: a/broken.xlsx: could not be read\n"
        )
        let silent = Captured()
        let quiet = ProgressReporter(style: .silent) { silent.append($0) }
        quiet.begin("reading", total: 1)
        quiet.done("a.xlsx", detail: "1 goal")
        #expect(silent.text.withLock { $0 } == "")
    }

    @Test func theBarShowsCountsTimesAndTheFileWithin79Columns() {
        #expect(
            ProgressReporter.bar(phase: "reading", done: 250, total: 1000, elapsed: 1.5, item: "dir/営業部.xlsx")
                == "reading 250/1000 [#####···············] 1.5 s, 4.5 s left  営業部.xlsx")
        let long = ProgressReporter.bar(
            phase: "writing", done: 1, total: 3, elapsed: 0, item: String(repeating: "長", count: 60) + ".xlsx")
        // The end of a name too long for 79 columns, after an ellipsis (wide, as 長 is): 54 + 2 + 9 × 2 + 5 = 79.
        #expect(
            long == "writing 1/3 [######··············] 0.0 s, 0.0 s left  …" + String(repeating: "長", count: 9)
                + ".xlsx")
        #expect(CellDisplay.displayWidth(long) == 79)
    }

    @Test func swiftLogMessagesPrintAsGoalSheetDiagnostics() {
        #expect(
            StandardErrorLogHandler.line(.warning, "a.xlsx: 2 notes", [:]) == "goalsheet: warning: a.xlsx: 2 notes\n")
        #expect(StandardErrorLogHandler.line(.notice, "skipped x", [:]) == "goalsheet: note: skipped x\n")
        #expect(
            StandardErrorLogHandler.line(.debug, "run finished", ["read": "1.000 s", "jobs": "2"])
                == "goalsheet: debug: run finished (jobs=2, read=1.000 s)\n")
        Diagnostics.verbose.store(false, ordering: .relaxed)
        #expect(Diagnostics.logger.logLevel == .notice)
        Diagnostics.verbose.store(true, ordering: .relaxed)
        #expect(Diagnostics.logger.logLevel == .debug)
        Diagnostics.verbose.store(false, ordering: .relaxed)
    }
}
