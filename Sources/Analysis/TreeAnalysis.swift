import Foundation
import GoalModel

/// KPI-tree arithmetic: a node's formula over its children, in comparable units.
public enum TreeArithmetic {
    /// A node's value as the tree multiplies it: percentages as fractions (20% → 0.2), others as they are.
    public static func arithmeticValue(_ v: Double, unit: GoalUnit?) -> Double { unit == .percent ? v / 100 : v }

    /// The value a formula gives from its children's values (`pick` chooses target or current), converted
    /// to the node's unit and, when the formula carries no constants of its own, to the node's period
    /// (a monthly child under a quarterly node is × 3). Nil when a child has no value.
    public static func implied(
        _ node: GoalNode, by id: [String: GoalNode], pick: (GoalNode) -> Double?,
        override: (String, Double)? = nil
    ) -> Double? {
        guard let f = node.formula else { return nil }
        guard
            let raw = f.evaluate({ ref -> Double? in
                if let o = override, o.0 == ref { return o.1 }
                guard let child = id[ref], let v = pick(child) else { return nil }
                return arithmeticValue(v, unit: child.unit)
            })
        else { return nil }
        var value = raw * periodFactor(node, by: id)
        if node.unit == .percent { value *= 100 }
        return value
    }

    /// × 3 from months to a quarter and so on, only when the formula has no constants (an explicit
    /// "× 3" already converts).
    static func periodFactor(_ node: GoalNode, by id: [String: GoalNode]) -> Double {
        guard let f = node.formula, !hasConstant(f), let p = node.per else { return 1 }
        let childPers = f.references.compactMap { id[$0]?.per }
        guard let cp = childPers.first, childPers.allSatisfy({ $0 == cp }), cp != p else { return 1 }
        return p.months / cp.months
    }

    static func hasConstant(_ f: FormulaExpression) -> Bool {
        switch f {
        case .number: return true
        case .reference: return false
        case .negate(let x): return hasConstant(x)
        case .binary(_, let a, let b): return hasConstant(a) || hasConstant(b)
        }
    }

    /// The value of child `ref` that makes the formula give `goal` (others as they are), by the secant
    /// method from the child's current value; nil when it does not converge.
    public static func solve(
        _ node: GoalNode, for ref: String, goal: Double, by id: [String: GoalNode],
        pick: (GoalNode) -> Double?
    ) -> Double? {
        guard let child = id[ref], let start = pick(child) else { return nil }
        let x0v = arithmeticValue(start, unit: child.unit)
        func g(_ x: Double) -> Double? { implied(node, by: id, pick: pick, override: (ref, x)).map { $0 - goal } }
        var x0 = x0v, x1 = x0v == 0 ? 1 : x0v * 1.1
        guard var f0 = g(x0), var f1 = g(x1) else { return nil }
        for _ in 0..<50 {
            if abs(f1) <= 1e-9 * max(1, abs(goal)) { break }
            let d = f1 - f0
            if d == 0 { return nil }
            let x2 = x1 - f1 * (x1 - x0) / d
            x0 = x1; f0 = f1
            x1 = x2
            guard let nf = g(x1) else { return nil }
            f1 = nf
        }
        guard abs(f1) <= 1e-6 * max(1, abs(goal)) else { return nil }
        return significant(child.unit == .percent ? x1 * 100 : x1)
    }

    /// The secant's answer to 9 significant digits, as far as it converges (150, not 149.99999999999997).
    static func significant(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        let scale = pow(10, 8 - floor(log10(abs(x))))
        return (x * scale).rounded() / scale
    }
}
