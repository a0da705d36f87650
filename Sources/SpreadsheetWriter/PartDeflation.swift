import Dispatch
import Foundation
import ZIPArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One new part (a large sheet, a sheet's hundred thousand notes) deflated on a thread of its own into a file
/// (`DeflatedPart`), waited for when the archive reaches its entry.
final class PartDeflation: @unchecked Sendable {
    /// The rows (or notes) a new part needs for its work to be shared out: deflated on a thread of its own from
    /// this many; a sheet's rows surveyed in chunks of this many.
    static let rowsPerThread = 2_048

    /// What writes the part's bytes: handed to the thread, never used by its maker again.
    struct Body: @unchecked Sendable {
        let write: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
        /// Writes the bytes after the part's head instead, and returns the head (a sheet written in one pass).
        var rowsThenHead: ((_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> [UInt8])?
    }

    private let done = DispatchSemaphore(value: 0)
    /// Set by the deflating thread before it signals `done`; read only after waiting for it.
    private var result: Result<DeflatedPart, Error>?
    private let path: String
    private var finished = false

    init(_ body: Body, entry: String, into path: String) {
        self.path = path
        // A thread of its own, not the dispatch pool: the batch's writers may hold every pool thread, and one of
        // them waits for this.
        let thread = Thread { [self] in
            result = Result {
                guard let rowsThenHead = body.rowsThenHead else {
                    return try DeflatedPart.deflate(into: path, entry: entry, body: body.write)
                }
                return try DeflatedPart.deflate(into: path, entry: entry, headLast: rowsThenHead)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The deflated part, once its thread is done.
    func wait() throws -> DeflatedPart {
        if !finished {
            done.wait()
            finished = true
        }
        return try result!.get()
    }

    /// The deflation of a part of at least `rowsPerThread` rows (or notes), started, when there is more than one
    /// job; nil (the part is deflated where it is added) otherwise. `index` numbers its file beside `archive`.
    static func start(
        _ body: Body, rows: Int, entry: String, beside archive: String, index: Int, jobs: Int
    ) -> PartDeflation? {
        guard jobs > 1, rows >= rowsPerThread else { return nil }
        return PartDeflation(body, entry: entry, into: partPath(beside: archive, index: index))
    }

    /// A new sheet's deflation, started as `start` decides.
    static func start(
        _ sheet: StreamedSheet, entry: String, beside archive: String, index: Int, jobs: Int
    ) -> PartDeflation? {
        start(sheet.deflation.body, rows: sheet.deflation.rows, entry: entry, beside: archive, index: index, jobs: jobs)
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

extension StreamedSheet {
    /// What deflating the sheet on a thread of its own writes, and its rows.
    var deflation: (body: PartDeflation.Body, rows: Int) {
        let body = PartDeflation.Body(
            write: { write in try self.write(write) },
            rowsThenHead: survey == nil ? { write in try self.writeRowsThenHead(write) } : nil)
        return (body, sheet.rows.count)
    }
}

extension ZipWriter {
    /// Adds a new part: the entry `ahead` deflated on its thread (its file then removed), else deflated here as
    /// `body` writes it.
    func add(
        name: String, ahead: PartDeflation?, body: (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        guard let ahead else {
            try addStreaming(name: name, body: body)
            return
        }
        defer { ahead.discard() }
        try add(name: name, deflated: try ahead.wait())
    }

    /// Adds a new sheet, deflated ahead or here. A sheet written in one pass is deflated here as it is ahead, its
    /// head after its rows (into a part file then copied), so that the archive is the same bytes at any job count.
    func add(_ sheet: StreamedSheet, name: String, ahead: PartDeflation?) throws {
        guard ahead == nil, sheet.survey == nil else {
            try add(name: name, ahead: ahead) { write in try sheet.write(write) }
            return
        }
        let file = PartDeflation.partPath(beside: path, index: 0)
        defer { unlink(file) }
        try add(
            name: name, deflated: try DeflatedPart.deflate(into: file, entry: name, headLast: sheet.writeRowsThenHead))
    }
}
