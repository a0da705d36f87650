import Foundation

/// A chunk of a new sheet's rows as XML: the `<row>` elements back to back, and where each ends.
struct RenderedRows: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// What rendering them surveyed, when it did (`NewSheet.surveyedRowsXML`), and the limit they broke.
    var survey: NewSheet.PartialSurvey?
    var failure: (any Error)?
}

/// A long sheet's rows made and turned into XML a chunk at a time on a helper thread as well as on the writing
/// one, at most `window` chunks ahead, and taken in order: the writer renders a chunk itself when the helper has
/// not claimed it yet, so neither waits for the other while there is work. What is written is the same bytes as
/// one thread writes.
final class RowXMLPipeline: @unchecked Sendable {
    private let render: @Sendable (Int) -> RenderedRows
    private let count: Int
    private let window: Int
    private let condition = NSCondition()
    /// Guarded by `condition`: chunks rendered and not yet taken, the next chunk to claim, the chunks taken.
    private var ready: [Int: RenderedRows] = [:]
    private var claimed = 0
    private var taken = 0

    /// Starts the helper thread over `count` chunks, `render` making each.
    init(chunks count: Int, window: Int = 2, render: @escaping @Sendable (Int) -> RenderedRows) {
        self.render = render
        self.count = count
        self.window = max(1, window)
        // A thread of its own, not the dispatch pool: the writer may itself be on one of the batch's pool threads.
        let helper = Thread { [self] in helpOut() }
        helper.stackSize = 8 << 20
        helper.start()
    }

    private func helpOut() {
        condition.lock()
        defer { condition.unlock() }
        while claimed < count {
            if claimed >= taken + window {
                condition.wait()
                continue
            }
            let k = claimed
            claimed += 1
            condition.unlock()
            let rows = render(k)
            condition.lock()
            ready[k] = rows
            condition.broadcast()
        }
    }

    /// Chunk `k`, the one after the last taken: rendered here when the helper has not claimed it.
    func take(_ k: Int) -> RenderedRows {
        condition.lock()
        defer {
            taken = k + 1
            condition.broadcast()
            condition.unlock()
        }
        if claimed == k {
            claimed += 1
            condition.unlock()
            let rows = render(k)
            condition.lock()
            return rows
        }
        while ready[k] == nil { condition.wait() }
        return ready.removeValue(forKey: k)!
    }

    /// Stops the helper claiming more (the writer failed): it ends after the chunk it is rendering.
    func cancel() {
        condition.lock()
        claimed = count
        condition.broadcast()
        condition.unlock()
    }
}
