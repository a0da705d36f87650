import GoalModel

/// SMART: missing targets, baselines, currents, dues and units; tasks posing as results; too many goals.
extension RuleContext {
    mutating func smart() {
        var objectivesPerDept: [String: [GoalNode]] = [:]
        for n in nodes {
            if n.kind == .objective {
                objectivesPerDept[
                    (n.level == .company ? "company:" : "") + n.department + "|" + n.source.file, default: []
                ].append(n)
                objectiveRules(n)
            }
            guard isNumeric(n) else { continue }
            measurableRules(n)
            figureRules(n)
        }
        for (_, objs) in objectivesPerDept where objs.count > 4 {
            add(.tooManyObjectives(count: objs.count), .warning, objs[4])
        }
    }

    /// An objective holding numbers, or with more key results than a team follows.
    mutating func objectiveRules(_ n: GoalNode) {
        if !QuantityParser.scan(n.title).isEmpty { add(.objectiveHasMetric, .warning, n) }
        let krs = (children[n.id] ?? []).filter { $0.kind == .kr && $0.source.file == n.source.file }
        if krs.count > 5 { add(.tooManyKRs(count: krs.count), .warning, n) }
    }

    /// Whether a key result's title ends like a task (「…を実施」, "Launch …").
    func isTask(_ n: GoalNode) -> Bool {
        guard let ending = Lexicon.firstMatch(in: TextNormalizer.foldWidth(n.title), of: lexicon.taskEndings) else {
            return false
        }
        let t = n.title.trimmingSpaces.lowercased(), e = ending.lowercased()
        return t.hasSuffix(e) || t.hasSuffix(e + "する") || t.hasPrefix(e + " ")
    }

    /// What a measurable goal lacks: a target, a baseline (levels), a current, a due date, a unit.
    mutating func measurableRules(_ n: GoalNode) {
        let hasTarget = n.target != nil || n.relativeChange != nil || n.absoluteChange != nil
        if n.kind == .kr, !hasTarget, isTask(n) {
            add(.taskNotResult, .warning, n)
        } else if !hasTarget {
            add(.missingTarget, .warning, n, field: .target)
        }
        if hasTarget && n.baseline == nil && gaps[n.id]?.nature != .flow {
            add(.missingBaseline, .info, n, field: .baseline)
        }
        if hasTarget && n.current == nil { add(.missingCurrent, .warning, n, field: .current) }
        if n.due == nil && !(chain[n.id] ?? []).contains(where: { byID[$0]?.due != nil }) {
            add(.missingDue(inferred: gaps[n.id]?.inferredDue), .info, n, field: .due)
        }
        if hasTarget && n.unit == nil { add(.missingUnit, .info, n, field: .unit) }
    }

    /// Figures that contradict themselves: a target at the baseline, a due after the parent's, the wrong way.
    mutating func figureRules(_ n: GoalNode) {
        if let b = n.baseline, let t = n.target, b == t {
            add(.targetEqualsBaseline(target: amount(t, n)), .warning, n, field: .target)
        }
        if let due = n.due, let pid = n.parentID, let p = byID[pid], let pdue = p.due, due > pdue {
            add(.periodExceedsParent(due: due, parent: GoalRef(p), parentDue: pdue), .warning, n, field: .due)
        }
        if let p = gaps[n.id]?.progress, p < 0, gaps[n.id]?.nature == .level, let b = n.baseline, let c = n.current {
            add(
                .wrongDirection(current: amount(c, n), baseline: amount(b, n), progress: p), .warning, n,
                field: .current)
        }
    }
}
