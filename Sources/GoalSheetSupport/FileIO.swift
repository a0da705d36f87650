#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-buffer reads and writes on a file descriptor, retried when a signal interrupts them.
public enum FileIO {
    /// A failed system call: its `errno`.
    public struct Failure: Error, Sendable {
        public let code: Int32
        public var message: String { String(cString: strerror(code)) }
    }

    /// `pread` until the buffer is full or the file ends; returns the count read.
    public static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64
    ) throws(Failure) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// `write` until every byte is written.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var done = 0
        while done < bytes.count {
            let n = Platform.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if n == 0 { throw Failure(code: EIO) }
            done += n
        }
    }

    /// The temporary sibling a file is written through before it is renamed into place:
    /// `DIR/.NAME.<pid>.tmp` (the pid lets a later run find what a killed one left).
    public static func temporaryPath(beside output: String) -> String {
        guard let slash = output.lastIndex(of: "/") else { return ".\(output).\(getpid()).tmp" }
        let dir = output[..<slash]
        return (dir.isEmpty ? "/" : dir) + "/.\(output[output.index(after: slash)...]).\(getpid()).tmp"
    }
}

extension FileIO {
    /// Writes a file's or a folder's data to disk (fsync); false when it cannot be opened or synced.
    @discardableResult
    public static func sync(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }

    /// Writes the entries of the folder holding `path` to disk, so that a rename into it survives a power loss
    /// (best effort: the file is already in place when it is asked).
    public static func syncFolder(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { sync("."); return }
        let dir = path[..<slash]
        sync(dir.isEmpty ? "/" : String(dir))
    }

    /// The last component of a path ("営業部/目標.xlsx" → "目標.xlsx"), as `NSString.lastPathComponent` gives it for
    /// a file's path, without bridging through Foundation (it is asked for every goal and finding of a run).
    public static func fileName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.utf8.count > 1, trimmed.utf8.last == 0x2F { trimmed = trimmed.dropLast() }
        guard trimmed.utf8.count > 1, let slash = trimmed.utf8.lastIndex(of: 0x2F) else { return String(trimmed) }
        return String(trimmed[trimmed.utf8.index(after: slash)...])
    }
}

extension FileIO {
    /// A regular file's size in bytes (`stat`), or nil when it cannot be looked at.
    public static func size(of path: String) -> UInt64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return UInt64(st.st_size)
    }
}
