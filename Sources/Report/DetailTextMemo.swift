import GoalModel
import OutputFormats
import Synchronization

/// The JSON texts of findings' details, remembered for one document: a run's findings repeat a few thousand
/// details (the same metric shared by three hundred departments, the same missing parent) over tens of thousands
/// of findings, and encoding one through `Codable` costs more than looking it up. Details holding a
/// floating-point number are encoded each time (equal ones may print apart: 0 and -0). Shared by the threads
/// writing the document; emptied when it holds `capacity` texts.
public final class DetailTextMemo: Sendable {
    public let capacity: Int
    private let texts = Mutex<[FindingDetail: String?]>([:])

    public init(capacity: Int = 100_000) { self.capacity = max(1, capacity) }

    /// The detail's JSON text (nil when it cannot be encoded), from memory when it was encoded before.
    public func text(of d: FindingDetail) -> String? {
        guard !d.holdsFloatingPoint else { return DetailTextMemo.encode(d) }
        if let known = texts.withLock({ $0[d] }) { return known }
        let text = DetailTextMemo.encode(d)
        texts.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[d] = text
        }
        return text
    }

    /// `{"treeLever":{"implied":{"unit":"jpy","value":18852800},…}}`, keys sorted; nil when it cannot be encoded.
    static func encode(_ d: FindingDetail) -> String? { try? SortedKeysJSONEncoder.encode(d) }
}
