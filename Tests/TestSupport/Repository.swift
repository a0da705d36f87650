import Foundation

/// Places in the repository the tests read from, found from this file's path.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `samples/`: the NexBridge company sheets and the three departments' legacy sheets.
    public static let samples: String = root.appendingPathComponent("samples").path

    /// One sample's path.
    public static func sample(_ name: String) -> String { samples + "/" + name }
}
