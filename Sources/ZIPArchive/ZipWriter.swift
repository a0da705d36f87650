import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a ZIP archive: new entries (stored or deflated) and entries copied raw from another archive.
///
/// Writes to `path` directly; callers that must not leave a half-written file behind write to a
/// temporary path and rename it.
public final class ZipWriter {
    private struct Central {
        var name: [UInt8]
        var method: UInt16
        var flags: UInt16
        var time: UInt16
        var date: UInt16
        var crc: UInt32
        var csize: UInt64
        var usize: UInt64
        var offset: UInt64
        var versionNeeded: UInt16
    }
    /// The deflate level of the entries GoalSheet writes: zlib's fastest. On the parts it writes (worksheets,
    /// notes drawings) level 1 deflates 3–4× faster than level 6 for files about 40% larger (a 50-goal
    /// department's annotated workbook stays a few tens of KB); entries copied from the input keep theirs.
    public static let defaultLevel: Int32 = 1

    public let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var offset: UInt64 = 0
    private var central: [Central] = []
    private var names = Set<String>()
    private var closed = false

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw ZipError(.cannotOpen, file: path, String(cString: strerror(errno)))
        }
        self.path = path
        self.file = f
    }

    deinit { if !closed { fclose(file) } }

    /// Adds an entry with these bytes, deflated at `level` (0 = stored).
    public func add(
        name: String, data: [UInt8], level: Int32 = ZipWriter.defaultLevel, dosTime: UInt16 = 0, dosDate: UInt16 = 0x21
    ) throws {
        let crc = data.withUnsafeBytes { zipCRC32($0) }
        let payload: [UInt8]
        let method: UInt16
        if level == 0 {
            payload = data
            method = 0
        } else {
            payload = try deflateRaw(data, level: level, file: path, entry: name)
            method = 8
        }
        try writeEntry(
            name: name, method: method, flags: 0x0800, time: dosTime, date: dosDate, crc: crc,
            usize: UInt64(data.count), versionNeeded: 20
        ) { w in try w(payload) }
    }

    /// Adds a UTF-8 text entry.
    public func add(name: String, text: String, level: Int32 = ZipWriter.defaultLevel) throws {
        try add(name: name, data: Array(text.utf8), level: level)
    }

    /// Copies an entry from `source` byte for byte: no inflate, no deflate, same CRC, time and method.
    public func copyRaw(_ entry: ZipEntry, from source: ZipArchive, as name: String? = nil) throws {
        try writeEntry(
            name: name ?? entry.rawName, method: entry.method, flags: entry.flags & ~0x0008,
            time: entry.dosTime, date: entry.dosDate, crc: entry.crc32,
            usize: entry.uncompressedSize, versionNeeded: max(entry.versionNeeded, 20),
            csize: entry.compressedSize
        ) { w in
            try source.copyRaw(entry) { chunk in try w(Array(chunk)) }
        }
    }

    /// Adds a deflated entry whose bytes `body` produces in chunks: deflated and checksummed as they come,
    /// so an edited sheet is never held whole in memory. The local header is patched afterwards.
    public func addStreaming(
        name: String, level: Int32 = ZipWriter.defaultLevel,
        body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let nameBytes = try claim(name)
        let headerOffset = offset
        // CRC and sizes are zero until the data is written, then patched in place.
        try write(
            localHeader(
                nameBytes, versionNeeded: 20, flags: 0x0800, method: 8, time: 0, date: 0x21, crc: 0, csize: 0, usize: 0)
        )
        let (crc, csize, usize) = try DeflatedPart.stream(file, path: path, entry: name, level: level, body: body)
        offset += csize
        guard csize < 0xFFFF_FFFF, usize < 0xFFFF_FFFF, headerOffset < 0xFFFF_FFFF else {
            throw ZipError(.sizeMismatch, file: path, entry: name, "entries over 4 GiB (ZIP64) are not written")
        }
        var fields: [UInt8] = []
        put32(&fields, crc)
        put32(&fields, UInt32(csize))
        put32(&fields, UInt32(usize))
        let end = offset
        guard fseeko(file, off_t(headerOffset + 14), SEEK_SET) == 0,
            fields.withUnsafeBytes({ fwrite($0.baseAddress, 1, 12, file) }) == 12,
            fseeko(file, off_t(end), SEEK_SET) == 0
        else {
            throw ZipError(
                .cannotOpen, file: path, entry: name,
                "cannot patch the local header: \(String(cString: strerror(errno)))")
        }
        central.append(
            Central(
                name: nameBytes, method: 8, flags: 0x0800, time: 0, date: 0x21, crc: crc,
                csize: csize, usize: usize, offset: headerOffset, versionNeeded: 20))
    }

    /// Adds an entry deflated ahead (`DeflatedPart.deflate`), its compressed bytes (its head's, then its file's)
    /// copied as they are: the archive is the same as if `addStreaming` had deflated them here.
    public func add(name: String, deflated part: DeflatedPart) throws {
        guard let source = fopen(part.path, "rb") else {
            throw ZipError(.cannotOpen, file: part.path, entry: name, String(cString: strerror(errno)))
        }
        defer { fclose(source) }
        var copied = UInt64(part.head.count)
        try writeEntry(
            name: name, method: 8, flags: 0x0800, time: 0, date: 0x21, crc: part.crc32, usize: part.uncompressedSize,
            versionNeeded: 20, csize: part.compressedSize
        ) { w in
            if !part.head.isEmpty { try w(part.head) }  // an empty chunk would write the header twice
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, source) }
                guard n > 0 else { break }
                copied += UInt64(n)
                try w(n == buffer.count ? buffer : Array(buffer[..<n]))
            }
        }
        guard copied == part.compressedSize else {
            throw ZipError(
                .sizeMismatch, file: part.path, entry: name,
                "holds \(copied) bytes where \(part.compressedSize) were deflated")
        }
    }

    private func writeEntry(
        name: String, method: UInt16, flags: UInt16, time: UInt16, date: UInt16, crc: UInt32,
        usize: UInt64, versionNeeded: UInt16, csize: UInt64? = nil,
        body: ((([UInt8]) throws -> Void)) throws -> Void
    ) throws {
        let nameBytes = try claim(name)
        let headerOffset = offset
        var header = localHeader(
            nameBytes, versionNeeded: versionNeeded, flags: flags, method: method, time: time, date: date,
            crc: crc, csize: UInt32(truncatingIfNeeded: csize ?? 0), usize: UInt32(truncatingIfNeeded: usize))
        let sizePos = 18
        // Compressed size is known up front for raw copies; otherwise patch it after writing.
        var written: UInt64 = 0
        var pending: [[UInt8]] = []
        try body { chunk in
            if csize == nil {
                pending.append(chunk)
            } else {
                if written == 0 { try self.write(header) }
                try self.write(chunk)
            }
            written += UInt64(chunk.count)
        }
        if csize == nil {
            let c = UInt32(truncatingIfNeeded: written)
            header[sizePos] = UInt8(c & 0xFF)
            header[sizePos + 1] = UInt8(c >> 8 & 0xFF)
            header[sizePos + 2] = UInt8(c >> 16 & 0xFF)
            header[sizePos + 3] = UInt8(c >> 24 & 0xFF)
            try write(header)
            for p in pending { try write(p) }
        } else if written == 0 {
            try write(header)
        }
        guard written < 0xFFFF_FFFF, usize < 0xFFFF_FFFF, headerOffset < 0xFFFF_FFFF else {
            throw ZipError(.sizeMismatch, file: path, entry: name, "entries over 4 GiB (ZIP64) are not written")
        }
        central.append(
            Central(
                name: nameBytes, method: method, flags: flags, time: time, date: date, crc: crc,
                csize: written, usize: usize, offset: headerOffset, versionNeeded: versionNeeded))
    }

    /// Reserves an entry name (each may be written once) and returns its bytes.
    private func claim(_ name: String) throws -> [UInt8] {
        guard names.insert(name).inserted else {
            throw ZipError(.duplicateEntry, file: path, entry: name, "an entry with this name was already written")
        }
        return Array(name.utf8)
    }

    /// A local file header (APPNOTE 4.3.7), no extra field.
    private func localHeader(
        _ name: [UInt8], versionNeeded: UInt16, flags: UInt16, method: UInt16, time: UInt16, date: UInt16,
        crc: UInt32, csize: UInt32, usize: UInt32
    ) -> [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(30 + name.count)
        put32(&header, 0x0403_4b50)
        put16(&header, versionNeeded)
        put16(&header, flags)
        put16(&header, method)
        put16(&header, time)
        put16(&header, date)
        put32(&header, crc)
        put32(&header, csize)
        put32(&header, usize)
        put16(&header, UInt16(name.count))
        put16(&header, 0)
        header.append(contentsOf: name)
        return header
    }

    /// Writes the central directory and closes the file; with `syncing`, the file is on disk first (fsync).
    public func finish(syncing: Bool = false) throws {
        let cdStart = offset
        var cd: [UInt8] = []
        for c in central {
            put32(&cd, 0x0201_4b50)
            put16(&cd, 0x031E)  // made by: UNIX, spec 3.0
            put16(&cd, c.versionNeeded)
            put16(&cd, c.flags)
            put16(&cd, c.method)
            put16(&cd, c.time)
            put16(&cd, c.date)
            put32(&cd, c.crc)
            put32(&cd, UInt32(c.csize))
            put32(&cd, UInt32(c.usize))
            put16(&cd, UInt16(c.name.count))
            put16(&cd, 0)
            put16(&cd, 0)
            put16(&cd, 0)
            put16(&cd, 0)
            put32(&cd, 0o100644 << 16)
            put32(&cd, UInt32(c.offset))
            cd.append(contentsOf: c.name)
        }
        try write(cd)
        let count = UInt64(central.count)
        let needs64 = count >= 0xFFFF || UInt64(cd.count) >= 0xFFFF_FFFF || cdStart >= 0xFFFF_FFFF
        var end: [UInt8] = []
        if needs64 {
            // More entries than the end record counts (65,535): the ZIP64 end record and its locator (APPNOTE
            // 4.3.14–15).
            let record = offset
            put32(&end, 0x0606_4b50)
            put64(&end, 44)
            put16(&end, 45)
            put16(&end, 45)
            put32(&end, 0)
            put32(&end, 0)
            put64(&end, count)
            put64(&end, count)
            put64(&end, UInt64(cd.count))
            put64(&end, cdStart)
            put32(&end, 0x0706_4b50)
            put32(&end, 0)
            put64(&end, record)
            put32(&end, 1)
        }
        put32(&end, 0x0605_4b50)
        put16(&end, 0)
        put16(&end, 0)
        put16(&end, UInt16(min(count, 0xFFFF)))
        put16(&end, UInt16(min(count, 0xFFFF)))
        put32(&end, UInt32(min(UInt64(cd.count), 0xFFFF_FFFF)))
        put32(&end, UInt32(min(cdStart, 0xFFFF_FFFF)))
        put16(&end, 0)
        try write(end)
        if syncing && (fflush(file) != 0 || fsync(fileno(file)) != 0) {
            throw ZipError(.cannotOpen, file: path, "cannot be written to disk: \(String(cString: strerror(errno)))")
        }
        closed = true
        if fclose(file) != 0 {
            throw ZipError(.cannotOpen, file: path, "close failed: \(String(cString: strerror(errno)))")
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard n == bytes.count else {
            throw ZipError(.cannotOpen, file: path, "cannot be written: \(String(cString: strerror(errno)))")
        }
        offset += UInt64(n)
    }
}

/// An entry's bytes deflated ahead into a file of their own, on any thread, and added to an archive later by
/// `ZipWriter.add(name:deflated:)`: a large part made while the archive's other entries are written.
public struct DeflatedPart: Sendable {
    /// The file holding the raw deflate stream (the caller removes it), or its end when there is a `head`.
    public let path: String
    /// The stream's first blocks, ended at a byte boundary (a sync flush), when they were deflated last.
    public let head: [UInt8]
    public let crc32: UInt32
    public let compressedSize: UInt64
    public let uncompressedSize: UInt64

    /// Deflates what `body` writes into a new file at `path`; `entry` names the entry in errors.
    public static func deflate(
        into path: String, entry: String, level: Int32 = ZipWriter.defaultLevel,
        body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> DeflatedPart {
        guard let file = fopen(path, "wb") else {
            throw ZipError(.cannotOpen, file: path, entry: entry, String(cString: strerror(errno)))
        }
        let result = Result { try stream(file, path: path, entry: entry, level: level, body: body) }
        let closed = fclose(file) == 0
        let (crc, csize, usize) = try result.get()
        guard closed else {
            throw ZipError(.cannotOpen, file: path, entry: entry, "close failed: \(String(cString: strerror(errno)))")
        }
        return DeflatedPart(path: path, head: [], crc32: crc, compressedSize: csize, uncompressedSize: usize)
    }

    /// A part whose first bytes depend on all the rest (a sheet's used range and column widths before its rows),
    /// made in one pass: what `body` writes is deflated into a new file at `path` as it comes, then the head it
    /// returns into memory on a deflater of its own, to stand before it in the entry. Raw deflate streams join
    /// when all but the last end on a byte boundary without a final block, and a stream only ever refers back
    /// into itself; the CRC-32s combine.
    public static func deflate(
        into path: String, entry: String, level: Int32 = ZipWriter.defaultLevel,
        headLast body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> [UInt8]
    ) throws -> DeflatedPart {
        var text: [UInt8] = []
        let rest = try withoutActuallyEscaping(body) { body in
            try deflate(into: path, entry: entry, level: level) { text = try body($0) }
        }
        let deflater = try StreamingDeflater(level: level, file: path, entry: entry)
        var bytes: [UInt8] = []
        try text.withUnsafeBytes { t in
            try deflater.deflate(t, flush: Z_SYNC_FLUSH) { bytes.append(contentsOf: $0) }
        }
        let crc = text.withUnsafeBytes { zipCRC32($0) }
        return DeflatedPart(
            path: path, head: bytes,
            crc32: UInt32(truncatingIfNeeded: crc32_combine(UInt(crc), UInt(rest.crc32), off_t(rest.uncompressedSize))),
            compressedSize: UInt64(bytes.count) + rest.compressedSize,
            uncompressedSize: UInt64(text.count) + rest.uncompressedSize)
    }

    /// What `body` writes, checksummed and deflated into `file` as it comes: its CRC-32 and both sizes.
    static func stream(
        _ file: UnsafeMutablePointer<FILE>, path: String, entry: String, level: Int32,
        body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> (crc: UInt32, compressed: UInt64, uncompressed: UInt64) {
        let deflater = try StreamingDeflater(level: level, file: path, entry: entry)
        var crc: UInt32 = 0
        var usize: UInt64 = 0
        var csize: UInt64 = 0
        let emit: (UnsafeRawBufferPointer) throws -> Void = { out in
            let n = fwrite(out.baseAddress, 1, out.count, file)
            guard n == out.count else {
                throw ZipError(
                    .cannotOpen, file: path, entry: entry, "cannot be written: \(String(cString: strerror(errno)))")
            }
            csize += UInt64(n)
        }
        try body { chunk in
            guard chunk.count > 0 else { return }
            crc = zipCRC32(chunk, seed: crc)
            usize += UInt64(chunk.count)
            try deflater.deflate(chunk, flush: Z_NO_FLUSH, emit)
        }
        try deflater.deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, emit)
        return (crc, csize, usize)
    }
}

/// Raw deflate of a stream of chunks, on a heap-allocated `z_stream`.
final class StreamingDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var out = [UInt8](repeating: 0, count: 128 << 10)
    /// The archive and entry being written, named in its errors.
    private let file: String
    private let entry: String

    init(level: Int32, file: String, entry: String) throws {
        self.file = file
        self.entry = entry
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard gs_deflateInit2(stream, level, -15) == Z_OK else {
            stream.deallocate()
            throw ZipError(.corrupt, file: file, entry: entry, "deflateInit2 failed")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Deflates `input`, then `flush`es: `Z_NO_FLUSH`, `Z_SYNC_FLUSH` (to a byte boundary) or `Z_FINISH`.
    func deflate(_ input: UnsafeRawBufferPointer, flush: Int32, _ emit: (UnsafeRawBufferPointer) throws -> Void) throws
    {
        let finish = flush == Z_FINISH
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let capacity = out.count
        while true {
            let (rc, produced): (Int32, Int) = out.withUnsafeMutableBytes { o in
                stream.pointee.next_out = o.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(capacity)
                let rc = CZlib.deflate(stream, flush)
                return (rc, capacity - Int(stream.pointee.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw ZipError(.corrupt, file: file, entry: entry, "deflate failed (\(rc))")
            }
            if produced > 0 { try out.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            if finish {
                if rc == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && produced < capacity {
                return
            }
        }
    }
}

/// Raw deflate (no zlib header), as ZIP entries store it.
/// `file` and `entry` name the archive and entry in its errors.
public func deflateRaw(
    _ data: [UInt8], level: Int32 = ZipWriter.defaultLevel, file: String, entry: String
) throws -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deinitialize(count: 1); stream.deallocate() }
    guard gs_deflateInit2(stream, level, -15) == Z_OK else {
        throw ZipError(.corrupt, file: file, entry: entry, "deflateInit2 failed")
    }
    defer { deflateEnd(stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(data.count))) + 16)
    let produced: Int = data.withUnsafeBytes { inBuf in
        out.withUnsafeMutableBytes { outBuf in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: inBuf.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(inBuf.count)
            stream.pointee.next_out = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(outBuf.count)
            _ = deflate(stream, Z_FINISH)
            return outBuf.count - Int(stream.pointee.avail_out)
        }
    }
    out.removeLast(out.count - produced)
    return out
}

@inline(__always) func put16(_ b: inout [UInt8], _ v: UInt16) {
    b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8))
}
@inline(__always) func put32(_ b: inout [UInt8], _ v: UInt32) {
    b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8 & 0xFF)); b.append(UInt8(v >> 16 & 0xFF)); b.append(UInt8(v >> 24))
}
@inline(__always) func put64(_ b: inout [UInt8], _ v: UInt64) {
    put32(&b, UInt32(v & 0xFFFF_FFFF)); put32(&b, UInt32(v >> 32))
}
