import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs independent pieces of work on up to `jobs` threads and returns their results in index order, so that
/// what a batch computes never depends on how many threads computed it or which finished first.
public enum ParallelWork {
    /// Items per piece of work when per-row or per-goal work is shared out: fewer are not worth a thread.
    public static let defaultChunk = 2_048

    /// The processors this process may use: the default of `--jobs`.
    public static var processorCount: Int { max(1, System.activeProcessorCount) }

    /// `body(0) … body(count − 1)`, each index run exactly once, on `min(jobs, count)` threads taking the next
    /// index as they finish (files differ in size); results in index order.
    public static func map<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
        map(count: count, jobs: jobs, order: nil, body)
    }

    /// `map(count:jobs:_:)` with the indices taken in `order` (a permutation of `0..<count`, the longest work
    /// first, so that no thread starts it last while the others wait); results still in index order.
    public static func map<T: Sendable>(
        count: Int, jobs: Int, order: [Int]?, _ body: @Sendable (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        precondition(order.map { $0.count == count } ?? true, "an order of every index")
        let width = min(max(1, jobs), count)
        guard width > 1 else { return (0..<count).map(body) }
        let slots = ResultSlots<T>(count: count)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: width) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < count else { return }
                let i = order?[k] ?? k
                slots.store(body(i), at: i)
            }
        }
        return slots.results()
    }

    /// The indices of `sizes`, largest first (equal sizes in index order): an `order` for `map`.
    public static func largestFirst(_ sizes: [UInt64]) -> [Int] {
        sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
    }

    /// `body` over `0..<count` in order, in chunks of at least `chunk` indices spread over up to `jobs`
    /// threads: the rows of one large sheet on every core. Fewer than two chunks' worth runs on the calling
    /// thread. The result is the same as `(0..<count).map(body)` for any `jobs`.
    public static func mapChunked<T: Sendable>(
        count: Int, jobs: Int, chunk: Int, _ body: @Sendable (Int) -> T
    ) -> [T] {
        let size = max(1, chunk)
        let chunks = (count + size - 1) / size
        guard jobs > 1, chunks > 1 else { return (0..<count).map(body) }
        let parts = map(count: chunks, jobs: jobs) { k in (k * size..<min(count, (k + 1) * size)).map(body) }
        var out: [T] = []
        out.reserveCapacity(count)
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// `(first(), second())`, the two run at the same time when `jobs` is more than one.
    ///
    /// Work that either closure shares out itself (`map`, `mapChunked`) then gets one thread: Dispatch gives a
    /// `concurrentPerform` inside another only the outer one's share. Pair work that runs on one thread anyway.
    public static func pair<A: Sendable, B: Sendable>(
        jobs: Int, _ first: @Sendable () -> A, _ second: @Sendable () -> B
    ) -> (A, B) {
        guard jobs > 1 else { return (first(), second()) }
        let results = map(count: 2, jobs: 2) { i in i == 0 ? PairResult<A, B>.first(first()) : .second(second()) }
        guard case .first(let a) = results[0], case .second(let b) = results[1] else {
            preconditionFailure("ParallelWork.map returns its results in index order")
        }
        return (a, b)
    }
}

/// One of the two results of `ParallelWork.pair`.
private enum PairResult<A: Sendable, B: Sendable>: Sendable {
    case first(A)
    case second(B)
}

/// One slot per index, each written by exactly one thread before `results()` is read (after the threads joined).
private final class ResultSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func store(_ value: T, at index: Int) { storage[index] = value }

    func results() -> [T] { (0..<count).map { storage[$0]! } }
}

/// How many processors are online.
enum System {
    static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
