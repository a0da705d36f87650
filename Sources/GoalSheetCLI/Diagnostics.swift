import GoalModel
import GoalSheetSupport
import OutputFormats

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

    /// One line: `goalsheet: SEVERITY: TEXT`.
    static func print(_ severity: Severity, _ text: String) {
        emit("goalsheet: \(severity.rawValue): \(text)\n")
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

    private static func emit(_ text: String) {
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
}
