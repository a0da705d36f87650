import Foundation

/// Temporary folders for tests: each one fresh and unique to its process, removed by the test that made it.
public enum Scratch {
    /// A new empty folder named after `name`.
    public static func directory(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "goalsheet-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Two optional figures equal within 1e-9, or both absent.
public func isClose(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= 1e-9
    default: return false
    }
}
