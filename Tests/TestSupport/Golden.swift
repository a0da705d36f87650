import Foundation

/// Golden files: expected outputs kept beside the tests. `GOALSHEET_RECORD_GOLDEN=1 swift test` rewrites
/// them from what the code gives now (review the diff, then commit); otherwise they are compared.
public enum Golden {
    /// Whether this run records golden files instead of comparing them.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["GOALSHEET_RECORD_GOLDEN"] == "1" }

    /// The golden file's text, after recording `actual` into it when recording. Compare the result with
    /// `actual`: equal when recording, the committed expectation otherwise.
    public static func expected(_ actual: String, file: String) throws -> String {
        if isRecording { try actual.write(toFile: file, atomically: true, encoding: .utf8) }
        return try String(contentsOfFile: file, encoding: .utf8)
    }
}
