import GoalSheetSupport

/// Buffered byte output to a file descriptor (stdout is 1) or to memory.
///
/// Its per-byte calls are `@inlinable`: the writers of other modules (cat's rows, the JSON writer) call
/// them once per byte, which a cross-module call would slow by a fifth.
public final class ByteSink {
    @usableFromInline static let capacity = 1 << 16
    @usableFromInline let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteSink.capacity)
    @usableFromInline var count = 0
    private let fd: Int32?
    public private(set) var collected: [UInt8] = []

    /// Output to a file descriptor; nil collects into `collected`.
    public init(fd: Int32?) { self.fd = fd }

    deinit { buffer.deallocate() }

    @inlinable public func write(_ s: String) {
        var s = s
        s.withUTF8 { write(bytes: $0) }
    }

    @inlinable @inline(__always) public func byte(_ b: UInt8) {
        if count == ByteSink.capacity { flush() }
        buffer[count] = b
        count += 1
    }

    @inlinable @inline(__always) public func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        if count + bytes.count > ByteSink.capacity {
            flush()
            if bytes.count > ByteSink.capacity { emit(UnsafeRawBufferPointer(bytes)); return }
        }
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Lets `body` write at most `n` bytes (at most 64 KiB) in place and return how many it wrote; false,
    /// with nothing written, when it returns nil.
    @inlinable @inline(__always) public func write(upTo n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int?) -> Bool {
        if count + n > ByteSink.capacity { flush() }
        guard let written = body(buffer + count) else { return false }
        count += written
        return true
    }

    /// What was collected in memory, as text (flushes first; for a sink without a file descriptor).
    public var text: String {
        flush()
        return String(decoding: collected, as: UTF8.self)
    }

    public func flush() {
        emit(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    /// The first write that failed (a full disk, a closed pipe); what followed it was dropped.
    public private(set) var failure: FileIO.Failure?

    /// Output that cannot be written is dropped (stdout to a closed pipe), and the first failure kept.
    @usableFromInline func emit(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0 else { return }
        guard let fd else { collected.append(contentsOf: raw); return }
        guard failure == nil else { return }
        do { try FileIO.write(fd, raw) } catch { failure = error }
    }
}
