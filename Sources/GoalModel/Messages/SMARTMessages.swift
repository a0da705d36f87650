/// The words of the SMART findings: what a goal lacks, and goals that are tasks or too many.
extension MessageCatalog {
    func smartText(_ d: FindingDetail) -> FindingText? {
        switch d {
        case .objectiveHasMetric:
            FindingText(
                say(
                    "Objective に数値が入っています。数値は Key Result に書いてください",
                    "the objective holds a number; numbers belong in its key results"))
        case .tooManyKRs(let n):
            FindingText(say("Key Result が\(n)個あります（5個以内が目安）", "\(n) key results (keep it to 5 or fewer)"))
        case .tooManyObjectives(let n):
            FindingText(say("Objective が\(n)個あります（4個以内が目安）", "\(n) objectives for one team (keep it to 4 or fewer)"))
        case .taskNotResult:
            FindingText(
                say(
                    "Key Result がタスク（やること）になっています。結果として測れる指標にしてください",
                    "the key result is a task; state the result it should produce"))
        case .missingTarget: FindingText(say("目標値がありません", "no target"))
        case .missingBaseline:
            FindingText(
                say(
                    "基準値（開始時点の値）がないため進捗率を計算できません（達成率で判定しています）",
                    "no baseline, so progress cannot be computed (judged by attainment)"))
        case .missingCurrent: FindingText(say("現状値がありません", "no current value"))
        case .missingDue(nil): FindingText(say("期限がありません", "no due date"))
        case .missingDue(let due?):
            FindingText(
                say(
                    "期限がありません（年度末 \(due) までの経過で判定しています）", "no due date (pace measured to the fiscal year's end, \(due))"
                ))
        case .missingUnit: FindingText(say("単位がわかりません", "no unit"))
        case .targetEqualsBaseline(let t):
            FindingText(say("目標値が基準値と同じ（\(amount(t))）です", "target equals baseline (\(amount(t)))"))
        case .periodExceedsParent(let due, let p, let pdue):
            FindingText(
                say(
                    "期限 \(due) が上位目標 \(p.label) の期限 \(pdue) より後です",
                    "due \(due) is after the parent \(p.label)'s due \(pdue)"))
        case .wrongDirection(let c, let b, let progress):
            FindingText(
                say(
                    "現状 \(amount(c)) は基準値 \(amount(b)) から目標と逆の方向に動いています（進捗率 \(ValueText.percent(progress))）",
                    "current \(amount(c)) moved away from the target since the baseline \(amount(b)) (progress \(ValueText.percent(progress)))"
                ))
        default: nil
        }
    }
}
