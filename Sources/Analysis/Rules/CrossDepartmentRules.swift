import GoalModel

/// Across departments: contradicting directions and duplicated metrics.
extension RuleContext {
    mutating func directionConflicts() {
        let company = nodes.filter {
            $0.level == .company && isNumeric($0) && $0.direction != nil && !$0.metric.isEmpty
        }
        let companyMetrics = company.map { MetricKey($0.metric) }
        let goals = nodes.filter { $0.level != .company && isNumeric($0) && $0.direction != nil && !$0.metric.isEmpty }
        // The first company goal each goal pulls the other way, for every goal at once.
        let conflicts = perGoal(goals) { _, n -> Int? in
            let d = n.direction!
            let metric = MetricKey(n.metric)
            return company.indices.first { ci in
                company[ci].direction!.lowerIsBetter != d.lowerIsBetter && metric.isSame(as: companyMetrics[ci])
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

/// A metric's name as the cross-department rules compare it, made once per goal rather than once per pair: its
/// comparison key, the key's length in characters and its bigram profile.
struct MetricKey {
    let key: String
    let length: Int
    let profile: BigramProfile

    init(_ metric: String) {
        profile = BigramProfile(metric)
        key = profile.key
        length = key.count
    }

    /// The same metric: equal keys of two characters or more, one key ending the other (three or more), or
    /// names whose bigrams overlap by Dice's coefficient 0.8 or more.
    func isSame(as other: MetricKey) -> Bool {
        guard length >= 2, other.length >= 2 else { return false }
        if key == other.key { return true }
        if length >= 3 && other.key.hasSuffix(key) || other.length >= 3 && key.hasSuffix(other.key) { return true }
        return profile.dice(other.profile) >= 0.8
    }
}
