import Synchronization

/// Results of a pure function of a text, remembered for the threads reading files: the same few texts ("100%",
/// "件", "担当", owners' names) come back in every row and every file. It holds at most `capacity` texts and is
/// emptied when full, so a stream of unique texts costs memory no longer than it takes to fill it.
public final class TextMemo<Value: Sendable>: Sendable {
    public let capacity: Int
    private let table = Mutex<[String: Value]>([:])

    public init(capacity: Int = 50_000) { self.capacity = capacity }

    /// `compute(text)`, from memory when it was computed before.
    public func value(for text: String, _ compute: (String) -> Value) -> Value {
        if let known = table.withLock({ $0[text] }) { return known }
        let v = compute(text)
        table.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[text] = v
        }
        return v
    }
}
