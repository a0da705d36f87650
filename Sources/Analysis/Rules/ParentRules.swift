import GoalModel

/// Parent links: references that match no goal, or only by similar words.
extension RuleContext {
    mutating func parentRules() {
        for n in nodes where !n.parentRef.isEmpty {
            if n.parentID == nil {
                add(.unresolvedParent(reference: n.parentRef), .error, n, field: .parent)
            } else if n.parentMatch == .fuzzy, let p = byID[n.parentID!] {
                add(.fuzzyParent(reference: n.parentRef, parent: GoalRef(p)), .info, n, field: .parent)
            }
        }
    }
}
