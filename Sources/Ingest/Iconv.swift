#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Strict decoding through the C library's iconv (Foundation on Linux has no EUC-JP).
/// Returns nil when iconv lacks the encoding or the bytes are not valid in it.
func iconvDecode(_ bytes: [UInt8], from encoding: String) -> String? {
    let cd = iconv_open("UTF-8", encoding)
    if cd == iconv_t(bitPattern: -1) { return nil }
    defer { iconv_close(cd) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 3 + 16)
    var remaining = 0
    let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
            var inLeft = inBuf.count
            var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
            var outLeft = outBuf.count
            let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            if rc == -1 || inLeft != 0 { return false }
            remaining = outLeft
            return true
        }
    }
    guard ok else { return nil }
    output.removeLast(remaining)
    return String(decoding: output.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
