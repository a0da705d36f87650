import Analysis
import GoalModel
import Normalize
import TestSupport
import Testing

@testable import GoalSheetCLI

@Suite("The terminal table held beside the outputs")
struct TerminalTableTests {
    let run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: "2025-12-31")!)).analyze(
        Normalizer().run(Repository.nexBridgeInputs))

    /// The table's lines as the line-by-line path prints them.
    func lines() -> [String] {
        var lines: [String] = []
        AnalysisTerminal.render(run, color: false, out: "out", outputs: [.csv, .annotated]) { lines.append($0) }
        return lines
    }

    @Test("Held, the table is the lines printed one by one, each ended by a newline")
    func heldIsTheLines() {
        let held = TerminalTable.held {
            AnalysisTerminal.render(run, color: false, out: "out", outputs: [.csv, .annotated], line: $0)
        }
        let lines = lines()
        #expect(lines.first == "Company (as of 2025-12-31)")
        #expect(lines.count > 20)
        #expect(held == Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(held.last == 0x0A && held.filter { $0 == 0x0A }.count == lines.count)
    }

    @Test("Only a run of at most the limit's findings is held")
    func limit() {
        #expect(run.findings.count > 10)
        #expect(TerminalTable.isHeld(run))
        #expect(TerminalTable.isHeld(run, limit: run.findings.count))
        #expect(!TerminalTable.isHeld(run, limit: run.findings.count - 1))
        #expect(TerminalTable.heldLimit == AnalyzedRun.keptTextLimit)
    }
}
