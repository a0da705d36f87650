import Foundation
import OutputFormats
import SpreadsheetML
import Synchronization

/// A batch's progress on stderr: a bar redrawn in place on a terminal (files done of the total, the current
/// file, elapsed and remaining time), one plain line per file otherwise, nothing with `--quiet`. Safe to call
/// from the threads reading files.
final class ProgressReporter: Sendable {
    enum Style: Sendable { case bar, lines, silent }

    let style: Style
    private let state: Mutex<State>
    private let output: @Sendable (String) -> Void

    private struct State {
        var phase = ""
        var total = 0
        var done = 0
        var started = ContinuousClock.now
        var lastDrawn: ContinuousClock.Instant?
    }

    /// `output` receives each piece of text (stderr by default).
    init(style: Style, output: @escaping @Sendable (String) -> Void = ProgressReporter.standardError) {
        self.style = style
        self.output = output
        state = Mutex(State())
    }

    /// The bar on a terminal, lines elsewhere, nothing when asked for none.
    convenience init(_ progress: BatchSettings.Progress) {
        switch progress {
        case .none: self.init(style: .silent)
        case .automatic: self.init(style: isatty(2) == 1 ? .bar : .lines)
        }
    }

    /// A new phase of `total` items ("reading", "writing").
    func begin(_ phase: String, total: Int) {
        state.withLock { s in
            s = State(phase: phase, total: total)
        }
    }

    /// One item done: `item` names it, `detail` says what came of it.
    func done(_ item: String, detail: String) {
        guard style != .silent else { return }
        let text: String? = state.withLock { s in
            s.done += 1
            let now = ContinuousClock.now
            switch style {
            case .silent: return nil
            case .lines:
                return "goalsheet: \(s.phase) \(s.done)/\(s.total): \(item): \(detail)\n"
            case .bar:
                // At most ten redraws a second, and always the last.
                if let last = s.lastDrawn, now - last < .milliseconds(100), s.done < s.total { return nil }
                s.lastDrawn = now
                return "\r\u{1B}[K" + ProgressReporter.bar(s, item: item, now: now)
            }
        }
        if let text { output(text) }
    }

    /// The phase is over: the bar's line is cleared (the summary follows).
    func end() {
        if style == .bar { output("\r\u{1B}[K") }
    }

    /// `reading  412/1000 [#########···········]  3.2 s, 4.5 s left  営業部.xlsx`, cut to 79 columns.
    /// The bar's text for `done` of `total` items, `elapsed` seconds in.
    static func bar(phase: String, done: Int, total: Int, elapsed: Double, item: String) -> String {
        let width = 20
        let filled = total == 0 ? width : width * done / total
        let left = done == 0 ? 0 : elapsed / Double(done) * Double(total - done)
        let head =
            "\(phase) \(done)/\(total) [" + String(repeating: "#", count: filled)
            + String(repeating: "·", count: width - filled) + "] "
            + String(format: "%.1f s, %.1f s left  ", elapsed, left)
        var name = (item as NSString).lastPathComponent
        guard CellDisplay.displayWidth(head + name) > 79 else { return head + name }
        // Too long: its end (the extension and what tells files apart) after an ellipsis.
        while CellDisplay.displayWidth(head + "…" + name) > 79 && !name.isEmpty { name.removeFirst() }
        return head + "…" + name
    }

    private static func bar(_ s: State, item: String, now: ContinuousClock.Instant) -> String {
        bar(phase: s.phase, done: s.done, total: s.total, elapsed: (now - s.started).seconds, item: item)
    }

    @Sendable static func standardError(_ text: String) {
        let err = ByteSink(fd: 2)
        err.write(text)
        err.flush()
    }
}

extension Duration {
    /// The duration in seconds, as a progress bar and `--verbose` give it.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
