import GoalModel
import GoalSheetSupport
import OutputFormats

/// The JSON texts of findings' details, remembered for one document: a run's findings repeat a few thousand
/// details (the same metric shared by three hundred departments, the same missing parent) over tens of thousands
/// of findings, and encoding one through `Codable` costs more than looking it up. Details holding a
/// floating-point number are encoded each time (equal ones may print apart: 0 and -0). Shared by the threads
/// writing the document (a `SharedMemo`); emptied when it holds `capacity` texts.
public final class DetailTextMemo: Sendable {
    private let texts: SharedMemo<FindingDetail, String?>

    public var capacity: Int { texts.capacity }

    public init(capacity: Int = 100_000) { texts = SharedMemo(capacity: max(1, capacity), shards: 1) }

    /// The detail's JSON text (nil when it cannot be encoded), from memory when it was encoded before.
    public func text(of d: FindingDetail) -> String? {
        guard !d.holdsFloatingPoint else { return DetailTextMemo.encode(d) }
        return texts.value(for: d, hash: d.hashValue) { DetailTextMemo.encode(d) }
    }

    /// `{"treeLever":{"implied":{"unit":"jpy","value":18852800},…}}`, keys sorted; nil when it cannot be encoded.
    static func encode(_ d: FindingDetail) -> String? { try? SortedKeysJSONEncoder.encode(d) }
}
