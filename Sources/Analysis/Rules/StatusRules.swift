import GoalModel

/// Status against the calendar: off track, overdue, at risk.
extension RuleContext {
    mutating func statusRules() {
        for n in nodes where isNumeric(n) {
            guard let g = gaps[n.id] else { continue }
            switch g.status {
            case .offTrack where g.progress == nil && g.met == false:
                add(
                    .boundNotMet(
                        current: amount(n.current!, n), bound: amount(n.target!, n, per: n.per),
                        atMost: n.direction == .atMost),
                    .warning, n, field: .current)
            case .offTrack:
                add(.offTrack(pace: RuleContext.pace(g)), .warning, n, field: .current)
            case .overdue:
                add(
                    .overdue(due: n.due ?? g.inferredDue!, pace: RuleContext.pace(g, elapsed: false)), .warning, n,
                    field: .due)
            case .atRisk:
                add(.atRisk(pace: RuleContext.pace(g)), .info, n, field: .current)
            default: break
            }
        }
    }

    /// The figures a status message prints: progress (else 達成率) and, unless overdue, the elapsed share.
    static func pace(_ g: GapResult, elapsed: Bool = true) -> PaceFigures {
        PaceFigures(progress: g.progress, attainment: g.attainment, elapsed: elapsed ? g.expected : nil)
    }
}
