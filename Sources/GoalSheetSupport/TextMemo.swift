import Synchronization

/// Results of a pure function, remembered for the threads that share them. It holds at most `capacity` results
/// and each of its tables is emptied when it holds its share, so a stream of unique keys costs memory no longer
/// than it takes to fill it.
///
/// The keys are spread over shards by their hash, made once outside any lock, so that the threads seldom wait
/// for each other and a lock is held only for one lookup.
public final class SharedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let capacity: Int
    @usableFromInline let shards: [Shard]

    /// One table of the memo and its lock.
    @usableFromInline final class Shard: Sendable {
        @usableFromInline let table = Mutex<[Key: Value]>([:])
        @usableFromInline init() {}
    }

    /// `capacity` results in all, over `shards` tables.
    public init(capacity: Int, shards: Int) {
        self.capacity = capacity
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// `compute()` for `key`, whose hash is `hash`, from memory when it was computed before (inlinable:
    /// specialized for each key and value type).
    @inlinable public func value(for key: Key, hash: Int, _ compute: () -> Value) -> Value {
        let shard = shards[Int(UInt(bitPattern: hash) % UInt(shards.count))]
        if let known = shard.table.withLock({ $0[key] }) { return known }
        let v = compute()
        let limit = max(1, capacity / shards.count)
        shard.table.withLock { t in
            if t.count >= limit { t.removeAll(keepingCapacity: true) }
            t[key] = v
        }
        return v
    }
}

/// Results of a pure function of a text, remembered for the threads reading files: the same few texts ("100%",
/// "件", "担当", owners' names) come back in every row and every file (a `SharedMemo` keyed by the text).
public final class TextMemo<Value: Sendable>: Sendable {
    @usableFromInline let memo: SharedMemo<Key, Value>

    public var capacity: Int { memo.capacity }

    /// A text with its hash, so that a shard's table does not hash it again under its lock. Texts are keyed by
    /// their UTF-8 bytes: String's own hash and equality normalize non-ASCII text first, which costs more than a
    /// lookup saves (and two spellings of one text are then two keys, each computed once).
    @usableFromInline struct Key: Hashable, Sendable {
        @usableFromInline let text: String
        @usableFromInline let hash: Int

        @inlinable init(_ text: String) {
            var text = text
            hash = text.withUTF8 { bytes in
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
                return hasher.finalize()
            }
            self.text = text
        }

        @inlinable func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        @inlinable static func == (a: Key, b: Key) -> Bool {
            a.hash == b.hash && a.text.utf8.elementsEqual(b.text.utf8)
        }
    }

    /// `capacity` texts in all, over `shards` tables (each emptied when it holds its share).
    public init(capacity: Int = 50_000, shards: Int = 16) {
        memo = SharedMemo(capacity: capacity, shards: shards)
    }

    /// `compute(text)`, from memory when it was computed before (inlinable: specialized for each value type).
    @inlinable public func value(for text: String, _ compute: (String) -> Value) -> Value {
        value(for: text, with: ()) { t, _ in compute(t) }
    }

    /// `compute(text, context)`, from memory when it was computed before. The context is lent to `compute`, not
    /// captured: a closure capturing a struct of many lists (the reading words) would copy it on every call.
    @inlinable public func value<Context>(
        for text: String, with context: Context, _ compute: (String, Context) -> Value
    ) -> Value {
        let key = Key(text)
        return memo.value(for: key, hash: key.hash) { compute(text, context) }
    }
}
