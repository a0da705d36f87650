import GoalModel

/// Alignment: orphan goals, activity metrics posing as outcomes, company goals no one covers.
extension RuleContext {
    func isNumeric(_ n: GoalNode) -> Bool { !n.kind.isQualitative }

    func isActivity(_ n: GoalNode) -> Bool {
        guard n.level != .company, isNumeric(n), n.direction?.lowerIsBetter != true else { return false }
        let text = n.metric.isEmpty ? n.title : n.metric
        guard Lexicon.firstMatch(in: text, of: lexicon.activityWords) != nil else { return false }
        return Lexicon.firstMatch(in: text, of: lexicon.outcomeWords) == nil
    }

    /// Company goals (and the department's own aligned goals) ranked by likeness to `n`.
    func candidates(for n: GoalNode) -> [(GoalNode, Double)] {
        let text = n.metric.isEmpty ? n.title : n.metric
        let groups = conceptGroupIndices(n)
        var out: [(GoalNode, Double)] = []
        // Company goals, and the department's own aligned objectives (linking under one aligns the goal).
        let textProfile = BigramProfile(text), titleProfile = BigramProfile(n.title)
        for list in [targets, alignedTargets[n.department] ?? []] {
            for c in list where c.node.id != n.id {
                var s = max(textProfile.dice(c.text), titleProfile.dice(c.title))
                if !groups.isDisjoint(with: c.groups) { s += 0.35 }
                if s >= 0.2 { out.append((c.node, s)) }
            }
        }
        return out.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.source.row < $1.0.source.row) }.prefix(3).map { $0 }
    }

    mutating func orphanAndActivity() {
        let goals = nodes.filter { $0.level != .company }
        // Each orphan's likely parents and each goal's activity words, worked out for every goal at once.
        let looks = perGoal(goals) { ctx, n in
            (
                likely: ctx.alignedTo[n.id] == nil ? ctx.candidates(for: n).map { GoalRef($0.0) } : nil,
                activity: ctx.isActivity(n)
            )
        }
        for (n, look) in zip(goals, looks) {
            if let likely = look.likely {
                orphans.insert(n.id)
                add(.orphanGoal(candidates: likely), .warning, n)
            }
            if look.activity {
                activity.insert(n.id)
                add(
                    .activityMetric(metric: n.metric.isEmpty ? n.title : n.metric, orphan: orphans.contains(n.id)),
                    orphans.contains(n.id) ? .warning : .info, n)
            }
        }
    }

    mutating func uncovered() {
        var covered = Set<String>()
        for n in nodes where n.level != .company { for c in chain[n.id] ?? [] { covered.insert(c) } }
        for c in nodes where c.level == .company && [.objective, .kgi, .kr].contains(c.kind) && !covered.contains(c.id)
        {
            add(.uncoveredObjective, .warning, c)
        }
    }
}
