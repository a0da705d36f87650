import CZlib
import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error reading a ZIP container, naming the file and the entry where known.
public struct ZipError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in one stable word.
    public enum Kind: String, Sendable {
        case cannotOpen = "cannot-open"
        case notAZip = "not-a-zip"
        case truncated = "truncated"
        case corrupt = "corrupt"
        case encryptedEntry = "encrypted-entry"
        case unsupportedMethod = "unsupported-method"
        case crcMismatch = "crc-mismatch"
        case sizeMismatch = "size-mismatch"
        case duplicateEntry = "duplicate-entry"
        case entryNotFound = "entry-not-found"
        /// Entries that share their bytes, or inflate beyond the archive's bound: a ZIP bomb.
        case overLimit = "over-limit"
    }
    public let kind: Kind
    public let file: String
    public let entry: String?
    public let detail: String

    public init(_ kind: Kind, file: String, entry: String? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.entry = entry
        self.detail = detail
    }

    public var description: String {
        if let entry { return "\(file): \(entry): \(detail)" }
        return "\(file): \(detail)"
    }
}

extension ZipError: GoalSheetErrorConvertible {
    public func goalSheetError(file: String, part: String?) -> GoalSheetError {
        let kind: GoalSheetError.Kind =
            switch self.kind {
            case .cannotOpen: .cannotOpen
            case .notAZip: .notAZip
            case .truncated: .truncated
            case .corrupt, .unsupportedMethod, .entryNotFound: .corrupt
            case .encryptedEntry: .encryptedWorkbook
            case .crcMismatch: .crcMismatch
            case .sizeMismatch: .sizeMismatch
            case .duplicateEntry: .duplicatePart
            case .overLimit: .overLimit
            }
        return GoalSheetError(kind, file: file, part: entry ?? part, detail)
    }
}

/// One member of a ZIP archive, as its central directory describes it.
public struct ZipEntry: Sendable, Hashable {
    /// The name as stored (decoded as UTF-8, lossy).
    public let rawName: String
    /// The name with `\` turned into `/` and any leading `/` removed.
    public let name: String
    /// 0 = stored, 8 = deflate.
    public let method: UInt16
    public let flags: UInt16
    public let crc32: UInt32
    public let compressedSize: UInt64
    public let uncompressedSize: UInt64
    public let localHeaderOffset: UInt64
    /// MS-DOS time and date, kept so a rewritten archive can carry them unchanged.
    public let dosTime: UInt16
    public let dosDate: UInt16
    public let versionNeeded: UInt16
    public let isDirectory: Bool
    public var isEncrypted: Bool { flags & 1 != 0 }
}

/// A ZIP archive opened for reading (central directory, ZIP64, stored and deflated entries).
///
/// Reads with `pread`, so several entry readers may be open at once and nothing of the file
/// is held in memory but the central directory.
public final class ZipArchive: @unchecked Sendable {
    /// The path the archive was opened from (used in every error).
    public let path: String
    /// Entries in central-directory order.
    public let entries: [ZipEntry]
    /// The file's size in bytes.
    public let fileSize: UInt64
    private let fd: Int32
    private let byName: [String: Int]
    private let byLowercasedName: [String: Int]

    /// Opens the archive at `path` and reads its central directory.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ZipError(.cannotOpen, file: path, String(cString: strerror(errno)))
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw ZipError(.cannotOpen, file: path, String(cString: strerror(errno)))
        }
        self.fd = fd
        self.fileSize = UInt64(st.st_size)
        do {
            let entries = try ZipArchive.readCentralDirectory(fd: fd, size: UInt64(st.st_size), path: path)
            var byName: [String: Int] = [:]
            var byLower: [String: Int] = [:]
            for (i, e) in entries.enumerated() {
                if byName[e.name] != nil {
                    throw ZipError(
                        .duplicateEntry, file: path, entry: e.name, "the archive holds two entries with this name")
                }
                byName[e.name] = i
                let lower = e.name.lowercased()
                if byLower[lower] != nil {
                    throw ZipError(
                        .duplicateEntry, file: path, entry: e.name,
                        "the archive holds two entries whose names differ only in case (part names are case-insensitive)"
                    )
                }
                byLower[lower] = i
            }
            try ZipBounds.check(entries, fileSize: UInt64(st.st_size), path: path)
            self.entries = entries
            self.byName = byName
            self.byLowercasedName = byLower
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    /// The entry with this name (exact first, then ASCII case-insensitive, as OPC part names are).
    public func entry(named name: String) -> ZipEntry? {
        var n = name
        if n.hasPrefix("/") { n.removeFirst() }
        if let i = byName[n] { return entries[i] }
        if let i = byLowercasedName[n.lowercased()] { return entries[i] }
        return nil
    }

    /// Reads and inflates a whole entry into memory (for small parts only).
    public func contents(of entry: ZipEntry, limit: Int = 256 << 20) throws -> [UInt8] {
        let reader = try ZipEntryReader(archive: self, entry: entry)
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limit))))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit {
                throw ZipError(
                    .sizeMismatch, file: path, entry: entry.name,
                    "entry is larger than the \(limit >> 20) MiB allowed for it")
            }
        }
        return out
    }

    /// Opens a streaming reader for an entry.
    public func reader(for entry: ZipEntry) throws -> ZipEntryReader {
        try ZipEntryReader(archive: self, entry: entry)
    }

    /// The offset of an entry's data, after its local header.
    func dataOffset(of entry: ZipEntry) throws -> UInt64 {
        var header = [UInt8](repeating: 0, count: 30)
        let n = try readFully(&header, at: entry.localHeaderOffset)
        guard n == 30, le32(header, 0) == 0x0403_4b50 else {
            throw ZipError(
                .corrupt, file: path, entry: entry.name,
                "local file header not found at offset \(entry.localHeaderOffset)")
        }
        let nameLen = UInt64(le16(header, 26))
        let extraLen = UInt64(le16(header, 28))
        let start = entry.localHeaderOffset + 30 + nameLen + extraLen
        guard start + entry.compressedSize <= fileSize else {
            throw ZipError(.truncated, file: path, entry: entry.name, "entry data runs past the end of the file")
        }
        return start
    }

    /// Calls `body` with the entry's compressed bytes, in chunks, exactly as stored (no inflate).
    public func copyRaw(
        _ entry: ZipEntry, chunkSize: Int = 256 << 10, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var offset = try dataOffset(of: entry)
        var remaining = entry.compressedSize
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while remaining > 0 {
            let want = Int(min(UInt64(chunkSize), remaining))
            let got = try buffer.withUnsafeMutableBytes { raw in
                try pread(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<want]), at: offset)
            }
            guard got == want else {
                throw ZipError(.truncated, file: path, entry: entry.name, "file ends inside the entry's data")
            }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            offset += UInt64(got)
            remaining -= UInt64(got)
        }
    }

    /// `pread` until the buffer is full or the file ends; returns the count read.
    func pread(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        try ZipArchive.preadFully(fd: fd, into: buffer, at: offset, path: path)
    }

    static func preadFully(
        fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, path: String
    ) throws -> Int {
        do {
            return try FileIO.read(fd, into: buffer, at: offset)
        } catch {
            throw ZipError(.cannotOpen, file: path, error.message)
        }
    }

    private func readFully(_ bytes: inout [UInt8], at offset: UInt64) throws -> Int {
        try bytes.withUnsafeMutableBytes { try pread(into: $0, at: offset) }
    }

    // MARK: - Central directory (APPNOTE 4.3.12 – 4.3.16)

    private static func readCentralDirectory(fd: Int32, size: UInt64, path: String) throws -> [ZipEntry] {
        func read(_ count: Int, at offset: UInt64) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            let done = try out.withUnsafeMutableBytes { try preadFully(fd: fd, into: $0, at: offset, path: path) }
            if done < count { out.removeLast(count - done) }
            return out
        }
        guard size >= 22 else {
            throw ZipError(
                .notAZip, file: path,
                "not a ZIP archive (\(size) bytes, too short for an end-of-central-directory record)")
        }
        // End of central directory record: search the last 64 KiB + 22 bytes backwards.
        let tailLen = Int(min(size, 65_557))
        let tailStart = size - UInt64(tailLen)
        let tail = try read(tailLen, at: tailStart)
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4b, tail[i + 2] == 0x05, tail[i + 3] == 0x06 {
                // The comment length must reach exactly to the end of the file (tolerate trailing junk? no).
                let commentLen = Int(le16(tail, i + 20))
                if i + 22 + commentLen <= tail.count { eocd = i; break }
            }
            i -= 1
        }
        guard eocd >= 0 else {
            throw ZipError(.notAZip, file: path, "not a ZIP archive (no end-of-central-directory record)")
        }
        var entryCount = UInt64(le16(tail, eocd + 10))
        var cdSize = UInt64(le32(tail, eocd + 12))
        var cdOffset = UInt64(le32(tail, eocd + 16))
        let eocdOffset = tailStart + UInt64(eocd)

        // ZIP64 end of central directory locator, 20 bytes before the EOCD.
        if entryCount == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF, eocdOffset >= 20 {
            let loc = try read(20, at: eocdOffset - 20)
            if loc.count == 20, le32(loc, 0) == 0x0706_4b50 {
                let z64Offset = le64(loc, 8)
                let rec = try read(56, at: z64Offset)
                guard rec.count == 56, le32(rec, 0) == 0x0606_4b50 else {
                    throw ZipError(
                        .corrupt, file: path, "ZIP64 end-of-central-directory record not found at offset \(z64Offset)")
                }
                entryCount = le64(rec, 32)
                cdSize = le64(rec, 40)
                cdOffset = le64(rec, 48)
            }
        }
        guard cdOffset <= size, cdSize <= size - cdOffset else {
            throw ZipError(
                .truncated, file: path,
                "central directory (offset \(cdOffset), \(cdSize) bytes) lies past the end of the file (\(size) bytes)")
        }
        guard cdSize <= 256 << 20 else {
            throw ZipError(.corrupt, file: path, "central directory of \(cdSize) bytes is implausibly large")
        }
        let cd = try read(Int(cdSize), at: cdOffset)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(min(entryCount, 65_536)))
        var p = 0
        var index = 0
        while p + 46 <= cd.count, le32(cd, p) == 0x0201_4b50 {
            let versionNeeded = le16(cd, p + 6)
            let flags = le16(cd, p + 8)
            let method = le16(cd, p + 10)
            let time = le16(cd, p + 12)
            let date = le16(cd, p + 14)
            let crc = le32(cd, p + 16)
            var csize = UInt64(le32(cd, p + 20))
            var usize = UInt64(le32(cd, p + 24))
            let nameLen = Int(le16(cd, p + 28))
            let extraLen = Int(le16(cd, p + 30))
            let commentLen = Int(le16(cd, p + 32))
            var offset = UInt64(le32(cd, p + 42))
            guard p + 46 + nameLen + extraLen + commentLen <= cd.count else {
                throw ZipError(.corrupt, file: path, "central directory entry \(index) runs past the directory's end")
            }
            let nameBytes = cd[(p + 46)..<(p + 46 + nameLen)]
            // ZIP64 extended information extra field (0x0001): only the fields that are 0xFFFFFFFF.
            var e = p + 46 + nameLen
            let extraEnd = e + extraLen
            while e + 4 <= extraEnd {
                let id = le16(cd, e)
                let len = Int(le16(cd, e + 2))
                guard e + 4 + len <= extraEnd else { break }
                if id == 0x0001 {
                    var q = e + 4
                    if usize == 0xFFFF_FFFF, q + 8 <= e + 4 + len { usize = le64(cd, q); q += 8 }
                    if csize == 0xFFFF_FFFF, q + 8 <= e + 4 + len { csize = le64(cd, q); q += 8 }
                    if offset == 0xFFFF_FFFF, q + 8 <= e + 4 + len { offset = le64(cd, q); q += 8 }
                }
                e += 4 + len
            }
            let rawName = String(decoding: nameBytes, as: UTF8.self)
            var name = rawName.replacingBackslashes()
            while name.hasPrefix("/") { name.removeFirst() }
            guard offset < size else {
                throw ZipError(
                    .corrupt, file: path, entry: name, "local header offset \(offset) lies past the end of the file")
            }
            entries.append(
                ZipEntry(
                    rawName: rawName, name: name, method: method, flags: flags, crc32: crc,
                    compressedSize: csize, uncompressedSize: usize, localHeaderOffset: offset,
                    dosTime: time, dosDate: date, versionNeeded: versionNeeded,
                    isDirectory: name.hasSuffix("/")))
            p += 46 + nameLen + extraLen + commentLen
            index += 1
        }
        if entries.isEmpty {
            throw ZipError(.notAZip, file: path, "the ZIP archive holds no entries")
        }
        if UInt64(entries.count) != entryCount && entryCount != 0xFFFF {
            throw ZipError(
                .corrupt, file: path,
                "central directory lists \(entries.count) entries where the end record says \(entryCount)")
        }
        return entries
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        guard utf8.contains(0x5C) else { return self }
        return String(decoding: utf8.map { $0 == 0x5C ? 0x2F : $0 }, as: UTF8.self)
    }
}

@inline(__always) func le16<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt16
where C.Element == UInt8, C.Index == Int {
    let s = b.startIndex + i
    return UInt16(b[s]) | UInt16(b[s + 1]) << 8
}
@inline(__always) func le32<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt32
where C.Element == UInt8, C.Index == Int {
    let s = b.startIndex + i
    return UInt32(b[s]) | UInt32(b[s + 1]) << 8 | UInt32(b[s + 2]) << 16 | UInt32(b[s + 3]) << 24
}
@inline(__always) func le64<C: RandomAccessCollection>(_ b: C, _ i: Int) -> UInt64
where C.Element == UInt8, C.Index == Int {
    UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
}

/// What an archive may claim before it is read: entries never share bytes (a real workbook's never do; a
/// ZIP bomb's point a thousand names at one stream), and the declared inflated sizes stay within
/// `ReadLimits`. The inflater holds each entry to its declared size.
enum ZipBounds {
    static func check(_ entries: [ZipEntry], fileSize: UInt64, path: String, limits: ReadLimits = .current) throws {
        var total: UInt64 = 0
        for e in entries {
            total &+= e.uncompressedSize
            if total > limits.maxTotalInflated || total < e.uncompressedSize {
                throw ZipError(
                    .overLimit, file: path, entry: e.name,
                    "the entries would inflate to more than \(ReadLimits.sizeText(limits.maxTotalInflated)) in all (limits.max_inflated_mib); not read"
                )
            }
            if e.uncompressedSize > 64 << 20, e.uncompressedSize / max(1, e.compressedSize) > limits.maxRatio {
                throw ZipError(
                    .overLimit, file: path, entry: e.name,
                    "inflates \(e.uncompressedSize / max(1, e.compressedSize))-fold (over \(limits.maxRatio), limits.max_ratio); not read"
                )
            }
        }
        // Each entry's local header and data end before the next entry starts.
        let ordered = entries.enumerated().filter { $0.element.compressedSize > 0 || !$0.element.isDirectory }
            .sorted { ($0.element.localHeaderOffset, $0.offset) < ($1.element.localHeaderOffset, $1.offset) }.map(
                \.element)
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            let end = a.localHeaderOffset + 30 + UInt64(a.rawName.utf8.count) + a.compressedSize
            if b.localHeaderOffset < end {
                throw ZipError(
                    .overLimit, file: path, entry: b.name,
                    "shares its bytes with entry \(a.name) (overlapping entries, a ZIP bomb); not read")
            }
        }
    }
}
