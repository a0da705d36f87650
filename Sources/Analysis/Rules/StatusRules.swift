import GoalModel

/// Status against the calendar: off track, overdue, at risk.
extension RuleContext {
    mutating func statusRules() {
        for n in nodes where isNumeric(n) {
            guard let g = gaps[n.id] else { continue }
            let (ja, en) = RuleContext.paceDetail(g)
            switch g.status {
            case .offTrack where g.progress == nil && g.met == false:
                add(.offTrack, .warning, n, field: .current, ja: "基準を満たしていません（現状 \(v(n.current!, n))、基準 \(v(n.target!, n, per: n.per))\(n.direction == .atMost ? "以内" : "以上")）",
                    en: "the bound is not met (current \(v(n.current!, n)), bound \(n.direction == .atMost ? "at most" : "at least") \(v(n.target!, n, per: n.per)))")
            case .offTrack:
                add(.offTrack, .warning, n, field: .current, ja: "遅れています" + ja, en: "off track" + en)
            case .overdue:
                let (dja, den) = RuleContext.paceDetail(g, elapsed: false)
                add(.offTrack, .warning, n, field: .due, ja: "期限 \(n.due ?? g.inferredDue!) を過ぎて未達です" + dja, en: "overdue since \(n.due ?? g.inferredDue!)" + den)
            case .atRisk:
                add(.atRisk, .info, n, field: .current, ja: "やや遅れています" + ja, en: "at risk" + en)
            default: break
            }
        }
    }

    /// 「（進捗率 36%、期間の経過 75.3%）」 / " (progress 36%, time elapsed 75.3%)": only the figures there are
    /// (「（達成率 62.8%）」 where there is no progress), and nothing at all when there are none.
    static func paceDetail(_ g: GapResult, elapsed: Bool = true) -> (ja: String, en: String) {
        var ja: [String] = [], en: [String] = []
        if let p = g.progress {
            ja.append("進捗率 \(ValueText.percent(p))"); en.append("progress \(ValueText.percent(p))")
        } else if let a = g.attainment {
            ja.append("達成率 \(ValueText.percent(a))"); en.append("attainment \(ValueText.percent(a))")
        }
        // The elapsed share is what progress is judged against; 達成率 alone (no baseline) is judged against 1.
        if elapsed, g.progress != nil, let e = g.expected {
            ja.append("期間の経過 \(ValueText.percent(e))"); en.append("time elapsed \(ValueText.percent(e))")
        }
        return ja.isEmpty ? ("", "") : ("（" + ja.joined(separator: "、") + "）", " (" + en.joined(separator: ", ") + ")")
    }
}
