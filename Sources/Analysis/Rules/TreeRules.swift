import GoalModel

/// KPI trees: formulas that do not add up, unresolved names, the lever that moves the root.
extension RuleContext {
    mutating func treeRules() {
        for n in nodes where n.formula != nil {
            if !n.formulaUnresolved.isEmpty {
                add(.treeUnresolved(names: n.formulaUnresolved), .error, n, field: .formula)
                continue
            }
            let f = n.formula!.description
            let impliedTarget = TreeArithmetic.implied(n, by: byID, pick: { $0.target })
            let impliedCurrent = TreeArithmetic.implied(n, by: byID, pick: { $0.current })
            if let t = n.target, let implied = impliedTarget, differs(implied, t) {
                add(
                    .treeTargetMismatch(
                        target: amount(t, n), implied: amount(implied, n), formula: f,
                        solutions: solutions(n, goal: t, pick: { $0.target })),
                    .error, n, field: .target)
            }
            // A total to date is compared with its rates over the time elapsed, not over the whole period.
            let toDate = toDateShare(n)
            if let c = n.current, let implied = impliedCurrent.map({ $0 * (toDate ?? 1) }), differs(implied, c) {
                add(
                    .treeCurrentMismatch(
                        current: amount(c, n), implied: amount(implied, n), formula: f, elapsed: toDate, lever: lever(n)
                    ),
                    .warning, n, field: .current)
            }
            // Where the tree stands: which child moves the node most, and what would close the gap.
            if let t = n.target, let implied = impliedCurrent,
                n.direction?.lowerIsBetter == true ? implied > t : implied < t
            {
                add(
                    .treeLever(implied: amount(implied, n), target: amount(t, n), lever: lever(n)), .info, n,
                    field: .current)
            }
        }
    }

    /// The share of its period elapsed, for a node that accumulates over a period built from per-period
    /// rates (年間売上 = 月間件数 × 12 × 単価): its current is a total to date. Nil for other nodes.
    func toDateShare(_ n: GoalNode) -> Double? {
        guard n.nature?.nature == .flow, let f = n.formula else { return nil }
        let months = n.per?.months ?? 12
        guard f.references.contains(where: { ref in byID[ref]?.per.map { $0.months < months } ?? false }),
            let e = gaps[n.id]?.expected
        else { return nil }
        return min(1, max(0, e))
    }

    /// Whether a formula's figure is off the node's own by more than the tree tolerance.
    func differs(_ implied: Double, _ own: Double) -> Bool {
        abs(implied - own) > options.treeTolerance * max(abs(own), 1e-9)
    }

    /// For each child at its target (others as they are now), how far the node moves; for the biggest
    /// lever, the value of that child alone that reaches the node's target.
    func lever(_ n: GoalNode) -> TreeLever? {
        guard let f = n.formula, let t = n.target, let now = TreeArithmetic.implied(n, by: byID, pick: { $0.current })
        else { return nil }
        var best: (GoalNode, Double)?
        for ref in f.references {
            guard let child = byID[ref], let ct = child.target else { continue }
            guard
                let moved = TreeArithmetic.implied(
                    n, by: byID, pick: { $0.current },
                    override: (ref, TreeArithmetic.arithmeticValue(ct, unit: child.unit)))
            else { continue }
            let gain = moved - now
            if best == nil || abs(gain) > abs(best!.1) { best = (child, gain) }
        }
        guard let (child, gain) = best else { return nil }
        let solving = TreeArithmetic.solve(n, for: child.id, goal: t, by: byID, pick: { $0.current })
        return TreeLever(
            child: GoalRef(child), gain: amount(gain, n), target: amount(t, n),
            solving: solving.map { amount($0, child, per: child.per) })
    }

    /// Each child's value that alone makes the formula give `goal`.
    func solutions(_ n: GoalNode, goal: Double, pick: (GoalNode) -> Double?) -> [TreeSolution] {
        (n.formula?.references ?? []).compactMap { ref in
            guard let child = byID[ref], let x = TreeArithmetic.solve(n, for: ref, goal: goal, by: byID, pick: pick)
            else { return nil }
            return TreeSolution(child: GoalRef(child), value: amount(x, child, per: child.per))
        }
    }
}
