import CZlib

/// Streams one entry's uncompressed bytes: stored entries are copied, deflated ones inflated
/// (raw deflate, windowBits −15) chunk by chunk; the CRC-32 and size are checked at the end.
public final class ZipEntryReader {
    public let entry: ZipEntry
    private let archive: ZipArchive
    private var inputOffset: UInt64
    private var inputRemaining: UInt64
    private var input: UnsafeMutableRawBufferPointer
    // z_stream lives on the heap: zlib keeps a pointer to it, and Swift may move a struct.
    private let stream: UnsafeMutablePointer<z_stream>
    private var streamInitialized = false
    private var finished = false
    private var produced: UInt64 = 0
    private var crc: UInt = 0
    private static let inputChunk = 128 << 10

    init(archive: ZipArchive, entry: ZipEntry) throws {
        self.archive = archive
        self.entry = entry
        if entry.isEncrypted {
            throw ZipError(.encryptedEntry, file: archive.path, entry: entry.name, "entry is encrypted")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw ZipError(
                .unsupportedMethod, file: archive.path, entry: entry.name,
                "compression method \(entry.method) is not supported (only stored and deflate)")
        }
        self.inputOffset = try archive.dataOffset(of: entry)
        self.inputRemaining = entry.compressedSize
        self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: ZipEntryReader.inputChunk, alignment: 16)
        self.stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        if entry.method == 8 {
            let rc = gs_inflateInit2(stream, -15)
            guard rc == Z_OK else {
                input.deallocate()
                stream.deallocate()
                throw ZipError(.corrupt, file: archive.path, entry: entry.name, "inflateInit2 failed (\(rc))")
            }
            streamInitialized = true
        }
    }

    deinit {
        if streamInitialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Total uncompressed bytes delivered so far.
    public var bytesProduced: UInt64 { produced }

    /// Fills `buffer` with the next uncompressed bytes; returns 0 at the end of the entry.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        let n: Int
        if entry.method == 0 {
            let want = Int(min(UInt64(buffer.count), inputRemaining))
            n = try archive.pread(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: inputOffset)
            guard n == want else { throw truncated() }
            inputOffset += UInt64(n)
            inputRemaining -= UInt64(n)
            if inputRemaining == 0 { finished = true }
        } else {
            n = try inflateSome(into: buffer)
        }
        if n > 0 {
            crc = CZlib.crc32(crc, buffer.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
            produced += UInt64(n)
            if produced > entry.uncompressedSize {
                throw ZipError(
                    .sizeMismatch, file: archive.path, entry: entry.name,
                    "entry inflates to more than its declared \(entry.uncompressedSize) bytes")
            }
        }
        if finished { try verify() }
        return n
    }

    private func inflateSome(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        while stream.pointee.avail_out > 0 {
            // With all input read, inflate may still hold output the last buffer had no room for: it is asked
            // for it, and only when it can make no progress is the entry truncated.
            if stream.pointee.avail_in == 0 && inputRemaining > 0 {
                let want = Int(min(UInt64(input.count), inputRemaining))
                let got = try archive.pread(
                    into: UnsafeMutableRawBufferPointer(rebasing: input[0..<want]), at: inputOffset)
                guard got == want else { throw truncated() }
                inputOffset += UInt64(got)
                inputRemaining -= UInt64(got)
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(got)
            }
            let rc = inflate(stream, Z_NO_FLUSH)
            if rc == Z_STREAM_END {
                finished = true
                break
            }
            if rc == Z_BUF_ERROR && stream.pointee.avail_in == 0 {
                if inputRemaining == 0 { throw truncated() }
                continue
            }
            guard rc == Z_OK else {
                let msg = stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw ZipError(.corrupt, file: archive.path, entry: entry.name, "invalid deflate data: \(msg)")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }

    private func verify() throws {
        if produced != entry.uncompressedSize {
            throw ZipError(
                .sizeMismatch, file: archive.path, entry: entry.name,
                "entry inflates to \(produced) bytes where \(entry.uncompressedSize) were declared")
        }
        if UInt32(truncatingIfNeeded: crc) != entry.crc32 {
            throw ZipError(
                .crcMismatch, file: archive.path, entry: entry.name,
                "CRC-32 mismatch: stored \(hex(entry.crc32)), computed \(hex(UInt32(truncatingIfNeeded: crc)))")
        }
    }

    private func truncated() -> ZipError {
        ZipError(
            .truncated, file: archive.path, entry: entry.name,
            "compressed data ends before the entry does (truncated file?)")
    }
}

func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}

/// CRC-32 (the ZIP polynomial) of a byte buffer, via zlib.
public func zipCRC32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return seed }
    return UInt32(
        truncatingIfNeeded: CZlib.crc32(UInt(seed), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
}
