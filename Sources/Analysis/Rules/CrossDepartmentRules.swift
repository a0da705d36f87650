import GoalModel

/// Across departments: contradicting directions and duplicated metrics.
extension RuleContext {
    func sameMetric(_ a: GoalNode, _ b: GoalNode) -> Bool {
        sameMetric(TextSimilarity.key(a.metric), a.metric, TextSimilarity.key(b.metric), b.metric)
    }

    func sameMetric(_ ka: String, _ a: String, _ kb: String, _ b: String) -> Bool {
        guard ka.count >= 2, kb.count >= 2 else { return false }
        if ka == kb { return true }
        if ka.count >= 3 && kb.hasSuffix(ka) || kb.count >= 3 && ka.hasSuffix(kb) { return true }
        return TextSimilarity.dice(a, b) >= 0.8
    }

    mutating func directionConflicts() {
        let company = nodes.filter {
            $0.level == .company && isNumeric($0) && $0.direction != nil && !$0.metric.isEmpty
        }
        let companyKeys = company.map { TextSimilarity.key($0.metric) }
        let goals = nodes.filter { $0.level != .company && isNumeric($0) && $0.direction != nil && !$0.metric.isEmpty }
        // The first company goal each goal pulls the other way, for every goal at once.
        let conflicts = perGoal(goals) { ctx, n -> Int? in
            let d = n.direction!
            let key = TextSimilarity.key(n.metric)
            return company.indices.first { ci in
                company[ci].direction!.lowerIsBetter != d.lowerIsBetter
                    && ctx.sameMetric(key, n.metric, companyKeys[ci], company[ci].metric)
            }
        }
        for (n, ci) in zip(goals, conflicts) {
            guard let ci else { continue }
            let c = company[ci]
            add(
                .directionConflict(company: GoalRef(c), companyDirection: c.direction!, direction: n.direction!),
                .error,
                n, field: .target)
        }
    }

    mutating func duplicateMetrics() {
        var groups: [String: [GoalNode]] = [:]
        var order: [String] = []
        for n in nodes where n.level != .company && isNumeric(n) && !n.metric.isEmpty {
            let k = TextSimilarity.key(n.metric)
            guard k.count >= 2 else { continue }
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(n)
        }
        for k in order {
            let g = groups[k]!
            let depts = Set(g.map(\.department))
            guard depts.count >= 2 else { continue }
            let parents = Set(g.map { $0.parentID ?? "" })
            if parents.count == 1, parents.first != "" { continue }
            // Name up to three owners from other departments (a metric can be in hundreds of sheets).
            var firstOwners: [GoalNode] = []
            for m in g where !firstOwners.contains(where: { $0.department == m.department }) {
                firstOwners.append(m)
                if firstOwners.count == 4 { break }
            }
            for n in g.dropFirst() {
                let named = firstOwners.filter { $0.department != n.department }.prefix(3)
                let others = named.map { DepartmentGoal(department: $0.department, id: $0.localID ?? $0.id) }
                add(
                    .duplicateMetric(metric: n.metric, others: others, moreDepartments: depts.count - 1 - named.count),
                    .warning, n, field: .title)
            }
        }
    }
}
