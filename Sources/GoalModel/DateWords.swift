extension Lexicon {
    /// The words and marks a date or a period is recognized by, apart from the parsers that read them.
    public enum DateWords {
        /// English month names as their first three letters, January first ("Dec 31, 2025", "December 2025").
        public static let monthAbbreviations = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]

        /// Characters of a date or period's text (2026/3/31, 2026-03, 2026年3月末, 上期).
        public static let dateMarks: Set<Character> = ["/", "-", "年", "月", "日", "末", "度", "期"]
    }
}
