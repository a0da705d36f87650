import Dispatch
import Foundation
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One new sheet deflated on a thread of its own into a file (`DeflatedPart`), waited for when the archive
/// reaches its entry.
final class SheetDeflation: @unchecked Sendable {
    /// The rows a new sheet needs for its work to be shared out: deflated on a thread of its own from this many,
    /// surveyed in chunks of this many.
    static let rowsPerThread = 2_048

    private let done = DispatchSemaphore(value: 0)
    /// Set by the deflating thread before it signals `done`; read only after waiting for it.
    private var result: Result<DeflatedPart, Error>?
    private let path: String
    private var finished = false

    init(_ sheet: StreamedSheet, entry: String, into path: String) {
        self.path = path
        // A thread of its own, not the dispatch pool: the batch's writers may hold every pool thread, and one of
        // them waits for this.
        let thread = Thread { [self] in
            result = Result { try DeflatedPart.deflate(into: path, entry: entry) { write in try sheet.write(write) } }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The deflated sheet, once its thread is done.
    func wait() throws -> DeflatedPart {
        if !finished {
            done.wait()
            finished = true
        }
        return try result!.get()
    }

    /// The deflation of a sheet of at least `rowsPerThread` rows, started, when there is more than one job; nil
    /// (the sheet is deflated where it is added) otherwise. `index` numbers its file beside `archive`.
    static func start(
        _ sheet: StreamedSheet, entry: String, beside archive: String, index: Int, jobs: Int
    ) -> SheetDeflation? {
        guard jobs > 1, sheet.sheet.rows.count >= rowsPerThread else { return nil }
        return SheetDeflation(sheet, entry: entry, into: partPath(beside: archive, index: index))
    }

    /// The file part `index` of the archive being written at `archive` is deflated into: `.NAME.<pid>.tmp` →
    /// `.NAME.<pid>.partN.tmp`, which a later run removes if this one is killed.
    static func partPath(beside archive: String, index: Int) -> String {
        (archive.hasSuffix(".tmp") ? String(archive.dropLast(4)) : archive) + ".part\(index).tmp"
    }

    /// Waits for the thread and removes its file.
    func discard() {
        _ = try? wait()
        unlink(path)
    }
}

extension ZipWriter {
    /// Adds a new sheet: the entry `ahead` deflated on its thread (its file then removed), else deflated here as
    /// its rows are made.
    func add(_ sheet: StreamedSheet, name: String, ahead: SheetDeflation?) throws {
        guard let ahead else {
            try addStreaming(name: name) { write in try sheet.write(write) }
            return
        }
        defer { ahead.discard() }
        try add(name: name, deflated: try ahead.wait())
    }
}
