/// A part's bytes handed on in chunks of about 64 KiB as the part is made, so that a large part is never held whole.
struct PartChunks {
    typealias Emit = (UnsafeRawBufferPointer) throws -> Void
    static let size = 1 << 16
    private var out: [UInt8] = []

    init() { out.reserveCapacity(2 * PartChunks.size) }

    mutating func append(_ text: String, _ emit: Emit) throws {
        try append(emit) { $0.append(contentsOf: text.utf8) }
    }

    /// Lets `build` add bytes (a row of cells), then hands on a chunk once 64 KiB are pending.
    mutating func append(_ emit: Emit, _ build: (inout [UInt8]) -> Void) throws {
        build(&out)
        if out.count >= PartChunks.size {
            try out.withUnsafeBytes(emit)
            out.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish(_ emit: Emit) throws {
        if !out.isEmpty { try out.withUnsafeBytes(emit) }
        out.removeAll()
    }

    /// What `write` emits, whole.
    static func collect(_ write: (Emit) throws -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        try? write { bytes.append(contentsOf: $0) }
        return bytes
    }
}
