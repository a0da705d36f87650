internal import CSystem
import Foundation
import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why GoalSheet would not write where it was asked to: it never deletes or overwrites what it did not write.
public struct SafeOutputError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The path is a directory, FIFO, device or socket, not a regular file.
        case notARegularFile = "not-a-regular-file"
        /// The output folder holds files GoalSheet did not write.
        case foreignFiles = "foreign-files"
        /// Reading, writing or renaming failed (a full disk, no permission).
        case io
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, _ path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    static func posix(_ path: String, _ what: String) -> SafeOutputError {
        SafeOutputError(.io, path, "\(what): \(String(cString: strerror(errno)))")
    }
}

/// A run that could not be written: nothing of it was kept, and the target is as it was.
public struct RunNotWritten: Error, CustomStringConvertible, Sendable, Equatable {
    public var target: String
    /// What failed, naming the file (in the target) and the system's reason.
    public var reason: String
    public var description: String { "\(reason); nothing of this run was kept, and \(target) is as it was" }
}

/// Small POSIX helpers the safe writers share.
enum FileFacts {
    /// `lstat`: nil when nothing is at `path`.
    static func lstatOf(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    /// A path's folder ("" for a bare name) and last component, by its last slash. (Foundation's
    /// `deletingLastPathComponent` traps on one-character names such as "o" on this toolchain.)
    static func split(_ path: String) -> (dir: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    static func isRegular(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFREG }
    static func isDirectory(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }

    /// The first name of `base`, `stem.1.ext` … that nothing occupies (a file, a folder, a dangling link).
    static func freeName(_ path: String, suffix: String) -> String {
        if lstatOf(path + suffix) == nil { return path + suffix }
        var n = 1
        while lstatOf("\(path).\(n)\(suffix)") != nil { n += 1 }
        return "\(path).\(n)\(suffix)"
    }

    /// True when the process `pid` is gone (its temporaries are stale).
    static func isDead(_ pid: Int32) -> Bool { pid > 0 && kill(pid, 0) != 0 && errno == ESRCH }

    /// Copies `source` to a new file `destination` (created exclusively, never replacing anything) with
    /// `mode`, syncing it; on any failure the partial copy is removed.
    static func copyExclusively(_ source: String, to destination: String, mode: mode_t) throws {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw SafeOutputError.posix(source, "cannot open") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard output >= 0 else { throw SafeOutputError.posix(destination, "cannot create") }
        var ok = false
        defer {
            close(output)
            if !ok { unlink(destination) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: UInt64 = 0
        while true {
            let n: Int
            do { n = try buffer.withUnsafeMutableBytes { b in try FileIO.read(input, into: b, at: offset) } } catch let
                error as FileIO.Failure
            {
                throw SafeOutputError(.io, source, "cannot read: \(error.message)")
            }
            if n == 0 { break }
            do {
                try buffer.withUnsafeBytes { b in try FileIO.write(output, UnsafeRawBufferPointer(rebasing: b[..<n])) }
            } catch let error as FileIO.Failure {
                throw SafeOutputError(.io, destination, "cannot write: \(error.message)")
            }
            offset += UInt64(n)
            if n < buffer.count { break }
        }
        guard fsync(output) == 0 else { throw SafeOutputError.posix(destination, "cannot sync") }
        ok = true
    }
}

/// `annotate --in-place`: replaces a workbook by its annotated copy without losing anything. The backup
/// goes to the first free name of `FILE.bak`, `FILE.1.bak` … (nothing is overwritten or removed), is
/// complete or absent, and keeps the file's mode; the new file keeps the original's mode and owner; a
/// symbolic link is written through (the link stays, its target is replaced).
public enum InPlaceReplacement {
    public struct Result: Sendable, Equatable {
        /// The file that was replaced (the link's target for a link).
        public var replaced: String
        public var backup: String
    }

    /// Replaces `file` by what `write` produces at the temporary path it is given.
    public static func replace(_ file: String, write: (String) throws -> Void) throws -> Result {
        guard let linkFacts = FileFacts.lstatOf(file) else { throw SafeOutputError.posix(file, "cannot read") }
        var target = file
        if (linkFacts.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(file, nil) else {
                throw SafeOutputError.posix(file, "cannot resolve the link")
            }
            target = String(cString: resolved)
            free(resolved)
        }
        guard let facts = FileFacts.lstatOf(target), FileFacts.isRegular(facts) else {
            throw SafeOutputError(.notARegularFile, target, "not a regular file; nothing was written")
        }
        let mode = facts.st_mode & 0o7777
        WorkbookTemporary.removeStale(of: target)
        let backup = FileFacts.freeName(target, suffix: ".bak")
        try FileFacts.copyExclusively(target, to: backup, mode: mode)
        let staged = FileIO.temporaryPath(beside: target)
        do {
            try write(staged)
            // The new file takes the original's mode and, where allowed, its owner.
            guard chmod(staged, mode) == 0 else { throw SafeOutputError.posix(staged, "cannot set the mode") }
            _ = chown(staged, facts.st_uid, facts.st_gid)
            // On disk before it replaces the original, and the replacement on disk after.
            guard FileIO.sync(staged) else { throw SafeOutputError.posix(staged, "cannot be written to disk") }
            guard rename(staged, target) == 0 else { throw SafeOutputError.posix(target, "cannot replace") }
            FileIO.syncFolder(of: target)
        } catch {
            unlink(staged)
            // The original is untouched: the backup GoalSheet just made is not needed.
            unlink(backup)
            throw error
        }
        return Result(replaced: target, backup: backup)
    }
}

/// Temporary files beside an output (`.NAME.<pid>.tmp`), and the cleaning of those a killed run left.
public enum WorkbookTemporary {
    /// Removes the temporaries of `output` (`.NAME.<pid>.tmp`, files or folders, and the patcher's
    /// `.NAME.<pid>.partN.tmp`) whose process is gone: what a killed run left. Returns what it removed.
    @discardableResult
    public static func removeStale(of output: String) -> [String] {
        let (dir, name) = FileFacts.split(output)
        let prefix = "." + name + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            var pidText = name.dropFirst(prefix.count).dropLast(4)
            if pidText.hasSuffix(".old") { pidText = pidText.dropLast(4) }  // an earlier run moved aside
            // A part the patcher deflated on another thread (`.NAME.<pid>.part1.tmp`).
            if let dot = pidText.lastIndex(of: "."), pidText[pidText.index(after: dot)...].hasPrefix("part") {
                pidText = pidText[..<dot]
            }
            guard let pid = Int32(pidText), FileFacts.isDead(pid) else { continue }
            let path = (dir as NSString).appendingPathComponent(name)
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }
}

/// One run's output folder as a unit: the run is written into a hidden folder beside `OUT` and swapped in
/// at the end, so `OUT` holds one complete run and nothing else, or is left as it was. The earlier run is
/// kept as `OUT.previous` (replacing an older one GoalSheet made) or removed. A folder holding files
/// GoalSheet did not write is never replaced.
public struct RunFolder: Sendable {
    /// What to do with the earlier run in `OUT`.
    public enum Previous: String, Sendable, CaseIterable {
        case keep, remove
    }

    /// The file that marks a folder as a GoalSheet run.
    public static let marker = ".goalsheet-run"
    /// What a run wrote before runs were marked: such a folder is an earlier run too.
    public static let outputNames: Set<String> = [
        "summary.csv", "findings.csv", "departments.csv", "alignment.csv", "model.json",
        "summary.xlsx", "annotated", "goals.csv", "goals.json", "manifest.json", marker,
    ]

    public let target: String
    /// Where the run is written until `commit`.
    public let staging: String

    /// Prepares the staging folder (removing stale ones of killed runs) and refuses up front a target that
    /// holds someone else's files.
    public init(target: String) throws {
        let clean = target.hasSuffix("/") && target.count > 1 ? String(target.dropLast()) : target
        self.target = clean
        try RunFolder.checkReplaceable(clean)
        let parent = FileFacts.split(clean).dir
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        WorkbookTemporary.removeStale(of: clean)
        staging = FileIO.temporaryPath(beside: clean)
        try? FileManager.default.removeItem(atPath: staging)
        guard mkdir(staging, 0o755) == 0 else {
            throw SafeOutputError.posix(clean, "the run's folder cannot be made beside it")
        }
        let marker = open(staging + "/" + RunFolder.marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard marker >= 0 else { throw SafeOutputError.posix(clean, "the run's folder cannot be written") }
        close(marker)
    }

    /// A path inside the run being written.
    public func path(_ name: String) -> String { (staging as NSString).appendingPathComponent(name) }

    /// Swaps the finished run in: the earlier run moves to `OUT.previous` (or is removed), then the new one
    /// takes its name.
    public func commit(previous: Previous = .keep) throws {
        try RunFolder.checkReplaceable(target)
        // Every file of the run is on disk before the run takes the folder's name (one flush of the file system,
        // not one per file): a power loss then leaves the earlier run or the whole new one.
        guard goalsheet_sync_filesystem(staging) == 0 else {
            throw SafeOutputError.posix(target, "the run cannot be written to disk; the earlier run is left")
        }
        defer { FileIO.syncFolder(of: target) }
        let kept = target + ".previous"
        if FileFacts.lstatOf(target) != nil, previous == .keep, FileFacts.lstatOf(kept) != nil {
            guard RunFolder.isRun(kept) else {
                throw SafeOutputError(
                    .foreignFiles, kept, "holds files GoalSheet did not write; the new run is left in \(staging)")
            }
            try FileManager.default.removeItem(atPath: kept)
        }
        guard FileFacts.lstatOf(target) != nil else {
            guard rename(staging, target) == 0 else {
                throw SafeOutputError.posix(target, "cannot move the run into place")
            }
            return
        }
        // One step: DIR is the earlier run until it is the new one (a kill in between leaves no mix).
        if goalsheet_exchange_paths(staging, target) == 0 {
            if previous == .keep {
                guard rename(staging, kept) == 0 else {
                    throw SafeOutputError.posix(kept, "cannot keep the earlier run")
                }
            } else {
                // A kill here leaves a temporary folder the next run removes.
                try? FileManager.default.removeItem(atPath: staging)
            }
            return
        }
        // A file system that cannot exchange: the earlier run moves aside whole, then the new one in.
        let aside = previous == .keep ? kept : String(staging.dropLast(4)) + ".old.tmp"
        guard rename(target, aside) == 0 else {
            throw SafeOutputError.posix(target, "cannot move the earlier run aside")
        }
        guard rename(staging, target) == 0 else {
            throw SafeOutputError.posix(target, "cannot move the run into place")
        }
        if previous == .remove { try? FileManager.default.removeItem(atPath: aside) }
    }

    /// Removes the unfinished run (the target stays as it was).
    public func discard() { try? FileManager.default.removeItem(atPath: staging) }

    /// Removes the unfinished run and says why it failed, naming the files as the run would have named
    /// them (in the target, not in the staging folder).
    public func discard(after error: Error) -> RunNotWritten {
        discard()
        return RunNotWritten(target: target, reason: "\(error)".replacingOccurrences(of: staging, with: target))
    }

    /// A folder is an earlier run when it is marked, or holds only what runs write.
    public static func isRun(_ dir: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return false }
        return names.contains(marker)
            || names.allSatisfy { outputNames.contains($0) || $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
    }

    static func checkReplaceable(_ target: String) throws {
        guard let st = FileFacts.lstatOf(target) else { return }
        guard FileFacts.isDirectory(st) else {
            throw SafeOutputError(.notARegularFile, target, "exists and is not a folder; nothing was written")
        }
        guard isRun(target) else {
            throw SafeOutputError(
                .foreignFiles, target, "holds files GoalSheet did not write; give an empty or new folder with --out")
        }
    }
}

extension SafeOutputError: GoalSheetErrorConvertible {
    /// At the path it names.
    public func goalSheetError(file _: String, part _: String?) -> GoalSheetError {
        let converted: GoalSheetError.Kind =
            switch kind {
            case .notARegularFile, .foreignFiles: .unsafeOutput
            case .io: .cannotWrite
            }
        return GoalSheetError(converted, file: path, message)
    }
}

extension RunNotWritten: GoalSheetErrorConvertible {
    /// At the run's folder.
    public func goalSheetError(file _: String, part _: String?) -> GoalSheetError {
        GoalSheetError(.cannotWrite, file: target, "\(reason); nothing of this run was kept, and it is as it was")
    }
}
