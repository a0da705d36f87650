extension String {
    /// Whether the text has at most `limit` characters, told by its UTF-8 bytes or its scalars when they are few
    /// enough (a character has at least one of each) before its characters are counted.
    public func hasAtMost(characters limit: Int) -> Bool {
        utf8.count <= limit || unicodeScalars.count <= limit || count <= limit
    }
}
