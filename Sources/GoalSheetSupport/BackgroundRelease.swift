import Dispatch

/// Frees a large value on a background queue instead of the calling thread.
///
/// A 100,000-goal run is millions of small objects, and freeing them took the last half second of `annotate`
/// on the main thread after its output was complete. Handed here, they are freed while the caller goes on;
/// a process that exits meanwhile has its memory reclaimed at once. Values are freed one at a time, in the order
/// given.
public enum BackgroundRelease {
    private static let queue = DispatchQueue(label: "goalsheet.background-release", qos: .utility)

    /// Frees `value` on the background queue; the caller hands over its last reference (pass `consume x`).
    public static func release<T>(_ value: consuming T) {
        let parcel = Parcel(value)
        queue.async { parcel.empty() }
    }

    /// Waits until everything handed over so far has been freed (for tests and memory-bound callers).
    public static func drain() { queue.sync {} }
}

/// The one reference to a value on its way to the background queue; only that queue empties it.
private final class Parcel<T>: @unchecked Sendable {
    private var value: T?

    init(_ value: consuming T) { self.value = value }

    func empty() { value = nil }
}
