extension String {
    /// The string without leading and trailing spaces, tabs, line breaks and ideographic spaces.
    public var trimmingSpaces: String {
        // "\r\n" is one Character (one grapheme), equal to neither "\r" nor "\n".
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{3000}"
        }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }

    /// The string without trailing spaces, tabs and line breaks.
    public var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " || s.last == "\t" || s.last == "\n" || s.last == "\r" || s.last == "\r\n" { s.removeLast() }
        return s
    }
}
