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
