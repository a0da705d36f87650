import GoalModel

/// Parent links: references that match no goal, or only by similar words.
extension RuleContext {
    mutating func parentRules() {
        for n in nodes where !n.parentRef.isEmpty {
            if n.parentID == nil {
                add(.unresolvedParent, .error, n, field: .parent,
                    ja: "上位目標「\(n.parentRef)」が見つかりません", en: "parent '\(n.parentRef)' names no goal")
            } else if n.parentMatch == .fuzzy, let p = byID[n.parentID!] {
                add(.fuzzyParent, .info, n, field: .parent,
                    ja: "上位目標「\(n.parentRef)」を近い名前の \(label(p)) と見なしました", en: "parent '\(n.parentRef)' matched approximately to \(label(p))",
                    suggestion: ("上位の欄にIDで \(p.localID ?? p.id) と書くと確実です", "write the id \(p.localID ?? p.id) in the parent column to be sure"))
            }
        }
    }
}
