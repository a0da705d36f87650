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
        // Each target is read in place (`list[i]`): a copy per comparison would retain its node, profiles and groups.
        for list in [targets, alignedTargets[n.department] ?? []] {
            for i in list.indices where list[i].node.id != n.id {
                var s = max(textProfile.dice(list[i].text), titleProfile.dice(list[i].title))
                if !groups.isDisjoint(with: list[i].groups) { s += 0.35 }
                if s >= 0.2 { out.append((list[i].node, s)) }
            }
        }
        return out.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.source.row < $1.0.source.row) }.prefix(3).map { $0 }
    }

    mutating func orphanAndActivity() {
        let goals = nodes.filter { $0.level != .company }
        // Each goal's findings (an orphan's likely parents, its activity words) made for every goal at once; the
        // sets and the findings then in the goals' order.
        let looks = perGoal(goals) { ctx, n -> (orphan: Finding?, activity: Finding?) in
            let orphan = ctx.alignedTo[n.id] == nil
            let isActivity = ctx.isActivity(n)
            return (
                orphan
                    ? ctx.finding(.orphanGoal(candidates: ctx.candidates(for: n).map { GoalRef($0.0) }), .warning, n)
                    : nil,
                isActivity
                    ? ctx.finding(
                        .activityMetric(metric: n.metric.isEmpty ? n.title : n.metric, orphan: orphan),
                        orphan ? .warning : .info, n) : nil
            )
        }
        // Flags by the goal's place, not sets of ids: ids are unique, and `tallies` walks the same goals in order.
        goalFlags = looks.map { GoalFlags(orphan: $0.orphan != nil, activity: $0.activity != nil) }
        for look in looks {
            if let f = look.orphan { findings.append(f) }
            if let f = look.activity { findings.append(f) }
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
