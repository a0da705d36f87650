import Analysis
import Crypto
import Foundation
import GoalModel
import GoalSheetSupport
import OutputFormats

/// A file's size and SHA-256, read in 1 MiB blocks (`pread` into one buffer: Foundation's `FileHandle` reads a
/// block in 4 KiB calls).
public struct FileDigest: Sendable, Equatable {
    public var size: UInt64
    /// Lower-case hex.
    public var sha256: String

    /// Reads `path` through; nil when it cannot be opened or read.
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        var size: UInt64 = 0
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { block.deallocate() }
        while true {
            guard let n = try? FileIO.read(fd, into: block, at: size) else { return nil }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[..<n]))
            size += UInt64(n)
        }
        self.size = size
        sha256 = Hex.lowercased(hasher.finalize())
    }

    /// The digests of `paths` on `jobs` threads, the largest files first; nil for a file that cannot be read.
    static func of(_ paths: [String], jobs: Int) -> [FileDigest?] {
        let order = ParallelWork.largestFirst(paths.map { FileIO.size(of: $0) ?? 0 })
        return ParallelWork.map(count: paths.count, jobs: jobs, order: order) { FileDigest(path: paths[$0]) }
    }
}

/// `manifest.json`: what a run read and wrote, with the settings that decide its results, so that a planning
/// office can tell later which files (by content) gave which outputs. It holds no clock time or job count: the
/// same inputs and settings give the same manifest.
public struct RunManifest: Sendable {
    /// One input: where it is, what it held, and what came of it.
    public struct Input: Sendable {
        public var path: String
        public var isCompany: Bool
        public var digest: FileDigest?
        public var sheets: [String]
        public var goals: Int
        public var warnings: Int
        public var errors: Int
        public var failure: GoalSheetError?
    }

    /// One output file, by its path inside the run's folder.
    public struct Output: Sendable {
        public var path: String
        public var digest: FileDigest
    }

    public var version: String
    /// The settings, as names and values (the run file's keys).
    public var settings: [(String, JSONValue)]
    public var inputs: [Input]
    public var outputs: [Output] = []

    /// The inputs of `run` in its order (every given input, read or not), each with its digest.
    public init(
        version: String, settings: [(String, JSONValue)], given: [GoalInput], run: AnalyzedRun,
        failures: [InputFailure], jobs: Int
    ) {
        self.version = version
        self.settings = settings
        let ordered = given.filter(\.isCompany) + given.filter { !$0.isCompany }
        let digests = FileDigest.of(ordered.map(\.path), jobs: jobs)
        func count(_ severity: Severity, in file: String) -> Int {
            (run.findingFileIndex[file] ?? []).filter { run.findings[$0].severity == severity }.count
        }
        var failed: [String: GoalSheetError] = [:]
        for f in failures where failed[f.file] == nil { failed[f.file] = f.error }
        inputs = zip(ordered, digests).map { input, digest in
            Input(
                path: input.path, isCompany: input.isCompany, digest: digest,
                sheets: run.model.goalSheets[input.path] ?? [], goals: run.nodeIndex[input.path]?.count ?? 0,
                warnings: count(.warning, in: input.path), errors: count(.error, in: input.path),
                failure: failed[input.path])
        }
    }

    /// Records every regular file under `dir` (but the manifest itself and the run's marker), sorted by path.
    public mutating func addOutputs(in dir: String, jobs: Int) {
        let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [])
            .filter { name in
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir) && !isDir.boolValue
                    && name != RunManifest.fileName && name != RunFolder.marker
            }
            .sorted()
        let digests = FileDigest.of(names.map { dir + "/" + $0 }, jobs: jobs)
        outputs = zip(names, digests).compactMap { name, digest in digest.map { Output(path: name, digest: $0) } }
    }

    /// The manifest's file name in the run's folder.
    public static let fileName = "manifest.json"

    /// Failed inputs.
    public var failedInputs: Int { inputs.filter { $0.failure != nil }.count }

    public var json: JSONValue {
        .object([
            ("goalsheet", .string(version)),
            ("status", .string(failedInputs == 0 ? "complete" : "complete, some inputs failed")),
            ("settings", .object(settings)),
            ("inputs", .array(inputs.map(\.json))),
            ("outputs", .array(outputs.map(\.json))),
        ])
    }
}

extension RunManifest.Input {
    var json: JSONValue {
        .object([
            ("path", .string(path)),
            ("role", .string(isCompany ? "company" : "department")),
            ("size", digest.map { .number(Double($0.size)) } ?? .null),
            ("sha256", .from(digest?.sha256)),
            ("sheets", .array(sheets.map { .string($0) })),
            ("goals", .number(Double(goals))),
            ("warnings", .number(Double(warnings))),
            ("errors", .number(Double(errors))),
            (
                "failure",
                failure.map { .object([("kind", .string($0.kind.rawValue)), ("message", .string($0.description))]) }
                    ?? .null
            ),
        ])
    }
}

extension RunManifest.Output {
    var json: JSONValue {
        .object([
            ("path", .string(path)), ("size", .number(Double(digest.size))), ("sha256", .string(digest.sha256)),
        ])
    }
}
