#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inflates an entry on a thread of its own, a few chunks ahead of its reader, so that zlib's share of a
/// large part (inflate and CRC-32, a sixth of reading a sheet) runs on a second core while the reader parses.
///
/// Chunks come in order, each valid until the next call to `next()`; an error of the entry (corrupt
/// data, CRC or size mismatch) comes after the chunks before it, as from `ZipEntryReader` itself.
/// Memory: `depth` chunks. Dropping the reader stops the thread and waits for it.
public final class ZipReadAhead {
    private let shared: ReadAheadState
    private var thread: pthread_t

    /// Starts inflating `reader`'s entry into `depth` buffers of `chunkSize` bytes; nil when no thread can
    /// be started (the caller then reads the entry itself).
    public init?(reader: ZipEntryReader, chunkSize: Int = 256 << 10, depth: Int = 3) {
        let shared = ReadAheadState(reader: reader, chunkSize: chunkSize, depth: max(depth, 2))
        self.shared = shared
        var thread = pthread_t()
        let context = Unmanaged.passRetained(shared).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<ReadAheadState>.fromOpaque(context!).takeRetainedValue().produce()
                return nil
            }, context)
        guard rc == 0 else {
            Unmanaged<ReadAheadState>.fromOpaque(context).release()
            return nil
        }
        self.thread = thread
    }

    deinit {
        shared.cancel()
        pthread_join(thread, nil)
    }

    /// The next chunk of uncompressed bytes, or nil at the end of the entry.
    public func next() throws -> UnsafeRawBufferPointer? { try shared.consume() }
}

/// The ring of chunks between the inflating thread and the reader, under one mutex.
private final class ReadAheadState: @unchecked Sendable {
    private let reader: ZipEntryReader
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var counts: [Int]
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Chunks filled, handed to the reader, and given back by it; produced − released ≤ depth.
    private var produced = 0
    private var consumed = 0
    private var released = 0
    private var ended = false
    private var cancelled = false
    private var failure: Error?

    init(reader: ZipEntryReader, chunkSize: Int, depth: Int) {
        self.reader = reader
        buffers = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16) }
        counts = Array(repeating: 0, count: depth)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        for b in buffers { b.deallocate() }
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// The inflating thread's loop.
    func produce() {
        let depth = buffers.count
        while true {
            pthread_mutex_lock(mutex)
            while produced - released >= depth && !cancelled { pthread_cond_wait(changed, mutex) }
            if cancelled { pthread_mutex_unlock(mutex); return }
            let slot = produced % depth
            pthread_mutex_unlock(mutex)

            var n = 0
            var error: Error?
            do { n = try reader.read(into: buffers[slot]) } catch let e { error = e }

            pthread_mutex_lock(mutex)
            if let error {
                failure = error
                ended = true
            } else if n == 0 {
                ended = true
            } else {
                counts[slot] = n
                produced += 1
            }
            let done = ended
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if done { return }
        }
    }

    /// Gives back the reader's previous chunk and waits for the next.
    func consume() throws -> UnsafeRawBufferPointer? {
        pthread_mutex_lock(mutex)
        if released < consumed {
            released = consumed
            pthread_cond_broadcast(changed)
        }
        while consumed == produced && !ended { pthread_cond_wait(changed, mutex) }
        if consumed < produced {
            let slot = consumed % buffers.count
            consumed += 1
            let chunk = UnsafeRawBufferPointer(rebasing: buffers[slot][0..<counts[slot]])
            pthread_mutex_unlock(mutex)
            return chunk
        }
        let error = failure
        pthread_mutex_unlock(mutex)
        if let error { throw error }
        return nil
    }

    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}
