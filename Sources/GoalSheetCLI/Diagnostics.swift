import GoalModel
import GoalSheetSupport
import Logging
import OutputFormats
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one printer of GoalSheet's diagnostics on stderr, for every command: `goalsheet: error: …`,
/// `goalsheet: warning: …`, `goalsheet: note: …`. An error names its file once (its description does),
/// and a batch's failures end with one line counting them.
enum Diagnostics {
    enum Severity: String { case error, warning, note }

    /// `--verbose`: debug messages too.
    static let verbose = Atomic<Bool>(false)

    /// GoalSheet's logger (swift-log), printing through `StandardErrorLogHandler`.
    static var logger: Logger {
        var logger = Logger(label: "goalsheet") { _ in StandardErrorLogHandler() }
        logger.logLevel = verbose.load(ordering: .relaxed) ? .debug : .notice
        return logger
    }

    /// One line: `goalsheet: SEVERITY: TEXT`.
    static func print(_ severity: Severity, _ text: String) {
        switch severity {
        case .error: logger.error("\(text)")
        case .warning: logger.warning("\(text)")
        case .note: logger.notice("\(text)")
        }
    }

    /// A message for `--verbose` only: `goalsheet: debug: TEXT (key=value, …)`.
    static func debug(_ text: @autoclosure () -> String, _ metadata: Logger.Metadata = [:]) {
        logger.debug("\(text())", metadata: metadata)
    }

    /// A note about the inputs (what was skipped and why).
    static func note(_ text: String) { print(.note, text) }

    /// An error, converted once to GoalSheet's public error; `file` is where it happened when the error
    /// does not name its own.
    static func error(_ error: any Error, file: String = "") {
        switch error {
        case let e as GoalSheetError: print(.error, e.description)
        case let e as any GoalSheetErrorConvertible: print(.error, GoalSheetError.wrap(e, file: file).description)
        default: print(.error, file.isEmpty ? "\(error)" : GoalSheetError.wrap(error, file: file).description)
        }
    }

    /// A batch's failures, one line each, then the count and the files.
    static func failures(_ failures: [InputFailure]) {
        guard !failures.isEmpty else { return }
        var text = ""
        for f in failures { text += "goalsheet: error: \(f.message)\n" }
        text +=
            "goalsheet: \(failures.count) input(s) could not be read: \(failures.map(\.file).joined(separator: ", "))\n"
        emit(text)
    }

    /// A usage error as ArgumentParser words it, its first line in GoalSheet's form.
    static func usage(_ message: String) {
        let text = message.hasPrefix("Error: ") ? "goalsheet: error: " + message.dropFirst("Error: ".count) : message
        emit(text + "\n")
    }

    static func emit(_ text: String) {
        let err = ByteSink(fd: 2)
        err.write(text)
        err.flush()
    }
}

/// A JSON document on stdout, written as it is rendered (model.json is tens of MB for a large run).
enum StandardOutput {
    static func write(_ json: JSONValue) {
        fflush(nil)  // what print() buffered goes first
        let out = ByteSink(fd: 1)
        json.write(to: out, indent: true)
        out.byte(0x0A)
        out.flush()
    }

    /// Bytes made before, on stdout after what print() buffered.
    static func bytes(_ bytes: [UInt8]) {
        fflush(nil)
        let out = ByteSink(fd: 1)
        bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
        out.flush()
    }

    /// Lines on stdout as `produce` makes them, through one buffer (none is held with the others).
    static func lines(_ produce: ((String) -> Void) -> Void) {
        fflush(nil)
        let out = ByteSink(fd: 1)
        produce { line in
            out.write(line)
            out.byte(0x0A)
        }
        out.flush()
    }
}

/// Writes swift-log's messages as GoalSheet's diagnostics: `goalsheet: error|warning|note|debug: MESSAGE`, with any
/// metadata after it in parentheses, sorted by key.
struct StandardErrorLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        Diagnostics.emit(Self.line(event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    /// `goalsheet: note: TEXT (key=value, …)`: the level as GoalSheet names it, the metadata sorted by key.
    static func line(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) -> String {
        let severity: String
        switch level {
        case .critical, .error: severity = "error"
        case .warning: severity = "warning"
        case .notice, .info: severity = "note"
        case .debug, .trace: severity = "debug"
        }
        let tail =
            metadata.isEmpty
            ? ""
            : " (" + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        return "goalsheet: \(severity): \(message)\(tail)\n"
    }
}
