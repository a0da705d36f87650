/// The words of the status findings: behind the calendar, overdue, a bound not met.
extension MessageCatalog {
    func statusText(_ d: FindingDetail) -> FindingText? {
        switch d {
        case .boundNotMet(let c, let bound, let atMost):
            FindingText(
                say(
                    "基準を満たしていません（現状 \(amount(c))、基準 \(amount(bound))\(atMost ? "以内" : "以上")）",
                    "the bound is not met (current \(amount(c)), bound \(atMost ? "at most" : "at least") \(amount(bound)))"
                ))
        case .offTrack(let p): FindingText(say("遅れています", "off track") + pace(p))
        case .overdue(let due, let p): FindingText(say("期限 \(due) を過ぎて未達です", "overdue since \(due)") + pace(p))
        case .atRisk(let p): FindingText(say("やや遅れています", "at risk") + pace(p))
        default: nil
        }
    }

    /// 「（進捗率 36%、期間の経過 75.3%）」 / " (progress 36%, time elapsed 75.3%)": only the figures there are
    /// (「（達成率 62.8%）」 where there is no progress), and nothing at all when there are none.
    func pace(_ p: PaceFigures) -> String {
        var parts: [String] = []
        if let x = p.progress {
            parts.append(say("進捗率 ", "progress ") + ValueText.percent(x))
        } else if let a = p.attainment {
            parts.append(say("達成率 ", "attainment ") + ValueText.percent(a))
        }
        // The elapsed share is what progress is judged against; 達成率 alone (no baseline) is judged against 1.
        if p.progress != nil, let e = p.elapsed { parts.append(say("期間の経過 ", "time elapsed ") + ValueText.percent(e)) }
        return parts.isEmpty
            ? "" : say("（" + parts.joined(separator: "、") + "）", " (" + parts.joined(separator: ", ") + ")")
    }
}
