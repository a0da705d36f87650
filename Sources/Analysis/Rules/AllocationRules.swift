import GoalModel

/// Allocation: departments' targets of an additive metric against the company's.
extension RuleContext {
    mutating func allocation() {
        for c in nodes where c.level == .company && isNumeric(c) {
            guard let t = c.target,
                Lexicon.firstMatch(in: c.metric.isEmpty ? c.title : c.metric, of: lexicon.additiveMetrics) != nil
            else { continue }
            let parts = nodes.filter {
                $0.level != .company && $0.parentID == c.id && $0.target != nil && $0.unit == c.unit
                    && $0.direction?.lowerIsBetter != true
            }
            guard !parts.isEmpty else { continue }
            var sum = 0.0
            for p in parts {
                var x = p.target!
                if let pp = p.per, let cp = c.per { x *= cp.months / pp.months }
                sum += x
            }
            guard abs(sum - t) > options.treeTolerance * abs(t) else { continue }
            let shares = parts.map {
                DepartmentShare(department: $0.department, target: amount($0.target!, $0, per: $0.per))
            }
            add(.allocationGap(sum: amount(sum, c), target: amount(t, c), parts: shares), .warning, c, field: .target)
        }
    }
}
