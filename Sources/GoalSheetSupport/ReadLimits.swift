import Synchronization

/// The bounds on what one input file may make GoalSheet read; past any of them the file is refused as
/// over-limit before memory or time run out.
///
/// The defaults are far beyond any real goal sheet (Excel itself stops a cell at 32,767 characters and a
/// sheet at 1,048,576 rows); a run may change them (the config's `limits:`) before it reads anything.
public struct ReadLimits: Sendable, Equatable {
    /// All entries of one archive together, inflated (8 GiB; the 100,000-row benchmark workbook is under 100 MiB).
    public var maxTotalInflated: UInt64 = 8 << 30
    /// One entry's inflated size over its compressed size, for entries over 64 MiB inflated (1,000).
    public var maxRatio: UInt64 = 1_000
    /// One cell's text (`<v>`, `<f>`, an inline or shared string, a CSV field) in UTF-8 bytes as stored,
    /// escapes included (1 MiB: 32,767 characters are at most 96 KiB of UTF-8, 224 KiB as `_xHHHH_` escapes).
    public var maxCellBytes: Int = 1 << 20
    /// One row's cell texts together (64 MiB).
    public var maxRowBytes: Int = 64 << 20
    /// `<sheet>`s in one workbook (1,000; a real goal workbook has a few dozen).
    public var maxSheets: Int = 1_000
    /// One CSV file (256 MiB).
    public var maxCSVBytes: UInt64 = 256 << 20

    public init() {}

    /// The defaults.
    public static let standard = ReadLimits()

    private static let active = Mutex(ReadLimits.standard)

    /// The limits every reader applies, read when a file is opened; set once, before a run reads.
    public static var current: ReadLimits {
        get { active.withLock { $0 } }
        set { active.withLock { $0 = newValue } }
    }

    /// Bytes as people read a size: `256 MiB`, `1 GiB`, `512 KiB`, `100 bytes`.
    public static func sizeText<T: BinaryInteger>(_ n: T) -> String {
        let v = UInt64(clamping: n)
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where v >= 1 << shift {
            let whole = v >> UInt64(shift)
            let tenth = ((v - (whole << UInt64(shift))) * 10) >> UInt64(shift)
            return tenth == 0 ? "\(whole) \(unit)" : "\(whole).\(tenth) \(unit)"
        }
        return "\(v) bytes"
    }
}
