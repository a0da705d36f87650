/// The words of the alignment findings: parents, orphans, activity metrics, coverage, departments that clash.
extension MessageCatalog {
    func alignmentText(_ d: FindingDetail) -> FindingText? {
        switch d {
        case .unresolvedParent(let ref): FindingText(say("上位目標「\(ref)」が見つかりません", "parent '\(ref)' names no goal"))
        case .fuzzyParent(let ref, let p):
            FindingText(
                say("上位目標「\(ref)」を近い名前の \(p.label) と見なしました", "parent '\(ref)' matched approximately to \(p.label)"),
                suggestion: say("上位の欄にIDで \(p.id) と書くと確実です", "write the id \(p.id) in the parent column to be sure"))
        case .orphanGoal(let candidates):
            FindingText(
                say("どの全社目標（Objective・KGI・KR）にもつながっていません", "traces to no company objective, KGI or KR"),
                suggestion: likelyParents(candidates))
        case .activityMetric(let metric, let orphan): activity(metric, orphan: orphan)
        case .uncoveredObjective:
            FindingText(say("この全社目標に貢献する部署の目標がありません", "no department goal contributes to this company goal"))
        case .directionConflict(let c, let cd, let dd):
            FindingText(
                say(
                    "全社目標 \(c.label) と同じ指標を逆方向に動かそうとしています（全社: \(cd.rawValue)、部署: \(dd.rawValue)）",
                    "pulls the same metric as company goal \(c.label) the other way (company: \(cd.rawValue), department: \(dd.rawValue))"
                ))
        case .duplicateMetric(let metric, let others, let more):
            duplicate(
                metric,
                owners: others.map { "\($0.department) \($0.id)" }
                    + (more > 0 ? [say("ほか\(more)部署", "\(more) more departments")] : []))
        case .allocationGap(let sum, let target, let parts):
            allocation(sum: sum, target: target, parts: shares(parts))
        default: nil
        }
    }

    private func likelyParents(_ candidates: [GoalRef]) -> String {
        guard let first = candidates.first else { return say("近い全社目標は見つかりません", "no close company goal") }
        let rest = candidates.dropFirst().map(\.label)
        return say("おそらく ", "probably ") + first.label
            + (rest.isEmpty ? "" : say("（ほかの候補: \(list(rest))）", " (also: \(list(rest)))"))
    }

    private func activity(_ metric: String, orphan: Bool) -> FindingText {
        let message =
            orphan
            ? say(
                "部署の作業量を数える目標で、成果につながっていません（「\(metric)」）",
                "counts the department's own output and links to no outcome ('\(metric)')")
            : say(
                "部署の作業量を数える目標です（「\(metric)」）。成果指標と組み合わせてください",
                "counts the department's own output ('\(metric)'); pair it with an outcome")
        return FindingText(
            message,
            suggestion: say("成果（顧客や売上に起きる変化）で測る目標に書き換えてください", "restate it as an outcome for customers or revenue"))
    }

    private func duplicate(_ metric: String, owners: [String]) -> FindingText {
        FindingText(
            say(
                "同じ指標「\(metric)」を他部署も持っています（\(list(owners))）。共通の上位目標がありません",
                "the metric '\(metric)' is also owned by \(list(owners)) with no shared parent"))
    }

    /// The first parts of an allocation by name and the count of the rest, so that a company goal split over
    /// hundreds of departments still reads as one sentence.
    private func shares(_ parts: [DepartmentShare]) -> String {
        let named = parts.prefix(MessageCatalog.namedAllocationParts).map { "\($0.department) \(amount($0.target))" }
        let more = parts.count - named.count
        return list(named + (more > 0 ? [say("ほか\(more)件", "\(more) more")] : []))
    }

    /// How many of an allocation's parts its message names.
    static let namedAllocationParts = 5

    private func allocation(sum: Amount, target: Amount, parts: String) -> FindingText {
        let gap = amount(Amount(sum.value - target.value, sum.unit))
        let short = sum.value < target.value
        return FindingText(
            say(
                "部署目標の合計 \(amount(sum)) が全社目標 \(amount(target)) に対して\(short ? "不足" : "超過")しています（差 \(gap)。内訳: \(parts)）",
                "department targets add up to \(amount(sum)), \(short ? "short of" : "over") the company target \(amount(target)) (gap \(gap); \(parts))"
            ))
    }
}
