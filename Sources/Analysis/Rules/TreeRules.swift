import GoalModel

/// KPI trees: formulas that do not add up, unresolved names, the lever that moves the root.
extension RuleContext {
    mutating func treeRules() {
        let tol = options.treeTolerance
        for n in nodes where n.formula != nil {
            if !n.formulaUnresolved.isEmpty {
                add(.treeUnresolved, .error, n, field: .formula,
                    ja: "算出式が存在しない指標を参照しています: \(n.formulaUnresolved.joined(separator: ", "))",
                    en: "the formula names unknown goals: \(n.formulaUnresolved.joined(separator: ", "))")
                continue
            }
            let f = n.formula!.description
            if let t = n.target, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.target }),
               abs(implied - t) > tol * max(abs(t), 1e-9) {
                let gap = implied - t
                add(.treeInconsistent, .error, n, field: .target,
                    ja: "目標 \(v(t, n)) が算出式 \(f) の目標値から求まる \(v(implied, n)) と合いません（差 \(gap > 0 ? "+" : "")\(v(gap, n))、\(ValueText.rounded(implied / t))倍）",
                    en: "target \(v(t, n)) does not match \(v(implied, n)) implied by \(f) over the targets (gap \(gap > 0 ? "+" : "")\(v(gap, n)), \(ValueText.rounded(implied / t))x)",
                    suggestion: solveSuggestion(n, goal: t, pick: { $0.target }))
            }
            if let c = n.current, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.current }),
               abs(implied - c) > tol * max(abs(c), 1e-9) {
                let gap = implied - c
                add(.treeInconsistent, .warning, n, field: .current,
                    ja: "現状 \(v(c, n)) が算出式 \(f) の現状値から求まる \(v(implied, n)) と合いません（差 \(gap > 0 ? "+" : "")\(v(gap, n))）",
                    en: "current \(v(c, n)) does not match \(v(implied, n)) implied by \(f) over the currents (gap \(gap > 0 ? "+" : "")\(v(gap, n)))",
                    suggestion: leverSuggestion(n))
            }
            // Where the tree stands: which child moves the node most, and what would close the gap.
            if let t = n.target, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.current }),
               (n.direction?.lowerIsBetter == true ? implied > t : implied < t) {
                let (ja, en) = leverSuggestion(n)
                add(.treeLever, .info, n, field: .current,
                    ja: "現状値から求まる \(v(implied, n)) は目標 \(v(t, n)) に届きません（達成率 \(ValueText.percent(implied / t))）",
                    en: "the currents imply \(v(implied, n)), short of the target \(v(t, n)) (\(ValueText.percent(implied / t)) attained)",
                    suggestion: (ja, en))
            }
        }
    }

    /// For each child at its target (others as they are now), how far the node moves; and for the
    /// biggest lever, the value of that child alone that reaches the node's target.
    func leverSuggestion(_ n: GoalNode) -> (String, String) {
        guard let f = n.formula, let t = n.target, let now = TreeArithmetic.implied(n, by: byID, pick: { $0.current }) else { return ("", "") }
        var best: (GoalNode, Double)?
        for ref in f.references {
            guard let child = byID[ref], let ct = child.target else { continue }
            guard let moved = TreeArithmetic.implied(n, by: byID, pick: { $0.current },
                                                     override: (ref, TreeArithmetic.arithmeticValue(ct, unit: child.unit))) else { continue }
            let gain = moved - now
            if best == nil || abs(gain) > abs(best!.1) { best = (child, gain) }
        }
        guard let (lever, gain) = best else { return ("", "") }
        let j = ja(n)
        var text = j ? "最も効くのは \(label(lever))（目標値まで戻すと \(gain >= 0 ? "+" : "")\(v(gain, n))）"
                     : "the biggest lever is \(label(lever)) (at its target: \(gain >= 0 ? "+" : "")\(v(gain, n)))"
        if let x = TreeArithmetic.solve(n, for: lever.id, goal: t, by: byID, pick: { $0.current }) {
            text += j ? "。他が現状のまま目標 \(v(t, n)) に届くには \(lever.localID ?? lever.id) が \(ValueText.format(x, lever.unit, per: lever.per, japanese: true)) 必要"
                      : "; with the others as they are, reaching \(v(t, n)) takes \(lever.localID ?? lever.id) at \(ValueText.format(x, lever.unit, per: lever.per, japanese: false))"
        }
        return (text, text)
    }

    func solveSuggestion(_ n: GoalNode, goal: Double, pick: (GoalNode) -> Double?) -> (String, String) {
        guard let f = n.formula else { return ("", "") }
        var ja: [String] = [], en: [String] = []
        for ref in f.references {
            guard let child = byID[ref], let x = TreeArithmetic.solve(n, for: ref, goal: goal, by: byID, pick: pick) else { continue }
            ja.append("\(child.localID ?? child.id) \(child.title)を \(ValueText.format(x, child.unit, per: child.per, japanese: true))")
            en.append("\(child.localID ?? child.id) \(child.title) at \(ValueText.format(x, child.unit, per: child.per, japanese: false))")
        }
        guard !ja.isEmpty else { return ("", "") }
        return ("目標と合わせるには、いずれか一つを: " + ja.joined(separator: "、"), "to match the target, one of: " + en.joined(separator: ", "))
    }
}
