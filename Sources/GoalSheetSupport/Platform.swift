#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library calls whose names Swift's own functions shadow, named once for Linux (Glibc) and
/// macOS (Darwin): code elsewhere never writes `Glibc.` or `Darwin.`.
public enum Platform {
    /// `write(2)`: the count written, or -1 with `errno`.
    @inline(__always)
    public static func write(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, bytes, count)
        #else
            Darwin.write(fd, bytes, count)
        #endif
    }

    /// `exit(3)`: ends the process with `status`, flushing the C library's streams.
    public static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }

    /// `free(3)` of memory from `malloc` or `realloc`.
    @inline(__always)
    public static func free(_ pointer: UnsafeMutableRawPointer?) {
        #if canImport(Glibc)
            Glibc.free(pointer)
        #else
            Darwin.free(pointer)
        #endif
    }
}
