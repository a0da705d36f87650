import GoalModel

/// Splits a sentence that states two goals into one sentence per goal: 「不良率を30%低減し、納期遵守率98%を達成する」
/// → 「不良率を30%低減し」, 「納期遵守率98%を達成する」. A part must name its own metric and number.
enum GoalSentenceSplitter {
    static func split(_ text: String, words: ReadingWords) -> [String] {
        let flat = text.split(whereSeparator: \.isNewline).map(String.init).joined(separator: " ")
        guard flat.count <= 200 else { return [text] }
        var parts = [flat]
        for brk in words.clauseBreaks {
            var next: [String] = []
            for p in parts {
                let pieces = p.components(separatedBy: brk)
                guard pieces.count > 1 else { next.append(p); continue }
                // Keep the break's verb ending with the clause before it (「低減し」).
                let kept = brk.hasPrefix("し") ? "し" : ""
                let rebuilt = pieces.enumerated().map { i, s in i < pieces.count - 1 ? s + kept : s }.map {
                    $0.trimmingSpaces
                }
                if rebuilt.allSatisfy(isGoalClause) { next += rebuilt } else { next.append(p) }
            }
            parts = next
        }
        return parts.count > 1 ? parts : [text]
    }

    /// A clause with a number and at least two letters of a metric before it.
    static func isGoalClause(_ s: String) -> Bool {
        guard let q = QuantityParser.scan(s).first else { return false }
        let before = s.prefix(q.range.lowerBound)
        return before.filter(\.isLetter).count >= 2
    }
}
