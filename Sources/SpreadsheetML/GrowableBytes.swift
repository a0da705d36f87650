import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable byte buffer for the reader's hot paths: no uniqueness check or reference counting per
/// append (as an Array has). It grows by `realloc`, which moves a large block by remapping its pages, and
/// a reservation costs only the pages written. Its owner frees it.
struct GrowableBytes {
    private var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private(set) var capacity = 0

    init(capacity: Int = 0) { if capacity > 0 { reserve(capacity) } }

    func free() { Platform.free(base) }

    var isEmpty: Bool { count == 0 }
    /// The bytes, valid until the next append.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    /// Makes the buffer `n` bytes long, their contents undefined, and returns where they start (to be
    /// filled before `bytes` is read).
    mutating func uninitialized(count n: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(max(n, 1))
        count = n
        return base!
    }

    /// Room for `capacity` bytes in all.
    mutating func reserve(_ capacity: Int) {
        guard capacity > self.capacity else { return }
        guard let grown = realloc(base, capacity) else { fatalError("out of memory (\(capacity) bytes)") }
        base = grown.assumingMemoryBound(to: UInt8.self)
        self.capacity = capacity
    }

    @inline(__always) mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let p = b.baseAddress, b.count > 0 else { return }
        if count + b.count > capacity { reserve(max(capacity * 2, count + b.count, 64)) }
        (base! + count).update(from: p, count: b.count)
        count += b.count
    }
}
