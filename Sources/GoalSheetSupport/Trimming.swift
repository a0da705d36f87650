extension String {
    /// The string without leading and trailing spaces, tabs, line breaks and ideographic spaces.
    public var trimmingSpaces: String {
        // Most texts have nothing to trim: their end scalars say so without comparing Characters.
        let scalars = unicodeScalars
        guard let head = scalars.first, let tail = scalars.last else { return "" }
        if !Self.isSpaceScalar(head) && !Self.isSpaceScalar(tail) { return self }
        // "\r\n" is one Character (one grapheme), equal to neither "\r" nor "\n".
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{3000}"
        }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }

    /// A scalar that starts (and ends) every space Character `trimmingSpaces` removes.
    static func isSpaceScalar(_ u: Unicode.Scalar) -> Bool {
        u == " " || u == "\t" || u == "\n" || u == "\r" || u == "\u{3000}"
    }

    /// The string without trailing spaces, tabs and line breaks.
    public var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " || s.last == "\t" || s.last == "\n" || s.last == "\r" || s.last == "\r\n" { s.removeLast() }
        return s
    }
}

/// The spaces `String.trimmingSpaces` removes, told from UTF-8 bytes (for hot paths that must not make Characters).
public enum UTF8Spaces {
    /// The bytes of `u` past its leading and trailing spaces (ASCII blanks and U+3000); nil when only spaces.
    public static func trimmed(_ u: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        // U+3000 is E3 80 80.
        func isWideSpace(at k: Int) -> Bool { u[k] == 0xE3 && u[k + 1] == 0x80 && u[k + 2] == 0x80 }
        var i = 0, j = u.count
        while i < j {
            if isBlank(u[i]) {
                i += 1
            } else if j - i >= 3 && isWideSpace(at: i) {
                i += 3
            } else {
                break
            }
        }
        guard i < j else { return nil }
        while j > i {
            if isBlank(u[j - 1]) {
                j -= 1
            } else if j - i >= 3 && isWideSpace(at: j - 3) {
                j -= 3
            } else {
                break
            }
        }
        return i..<j
    }
}
