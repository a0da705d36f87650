import GoalModel
import Normalize

/// SMART: missing targets, baselines, currents, dues and units; tasks posing as results; too many goals.
extension RuleContext {
    mutating func smart() {
        var objectivesPerDept: [String: [GoalNode]] = [:]
        for n in nodes {
            if n.kind == .objective {
                objectivesPerDept[(n.level == .company ? "company:" : "") + n.department + "|" + n.source.file, default: []].append(n)
                if !QuantityParser.scan(n.title).isEmpty {
                    add(.objectiveHasMetric, .warning, n, ja: "Objective に数値が入っています。数値は Key Result に書いてください",
                        en: "the objective holds a number; numbers belong in its key results")
                }
                let krs = (children[n.id] ?? []).filter { $0.kind == .kr && $0.source.file == n.source.file }
                if krs.count > 5 {
                    add(.tooManyKrs, .warning, n, ja: "Key Result が\(krs.count)個あります（5個以内が目安）", en: "\(krs.count) key results (keep it to 5 or fewer)")
                }
            }
            guard isNumeric(n) else { continue }
            let hasTarget = n.target != nil || n.relativeChange != nil || n.absoluteChange != nil
            if n.kind == .kr, !hasTarget, Lexicon.firstMatch(in: TextNormalizer.foldWidth(n.title), of: lexicon.taskEndings).map({ ending in
                let t = n.title.trimmingSpaces.lowercased()
                return t.hasSuffix(ending.lowercased()) || t.hasSuffix(ending.lowercased() + "する") || t.lowercased().hasPrefix(ending.lowercased() + " ")
            }) == true {
                add(.taskNotResult, .warning, n, ja: "Key Result がタスク（やること）になっています。結果として測れる指標にしてください",
                    en: "the key result is a task; state the result it should produce")
            } else if !hasTarget {
                add(.missingTarget, .warning, n, field: .target, ja: "目標値がありません", en: "no target")
            }
            if hasTarget && n.baseline == nil && gaps[n.id]?.nature != .flow {
                add(.missingBaseline, .info, n, field: .baseline, ja: "基準値（開始時点の値）がないため進捗率を計算できません（達成率で判定しています）",
                    en: "no baseline, so progress cannot be computed (judged by attainment)")
            }
            if hasTarget && n.current == nil {
                add(.missingCurrent, .warning, n, field: .current, ja: "現状値がありません", en: "no current value")
            }
            if n.due == nil && !(chain[n.id] ?? []).contains(where: { byID[$0]?.due != nil }) {
                if let due = gaps[n.id]?.inferredDue {
                    add(.missingDue, .info, n, field: .due, ja: "期限がありません（年度末 \(due) までの経過で判定しています）",
                        en: "no due date (pace measured to the fiscal year's end, \(due))")
                } else {
                    add(.missingDue, .info, n, field: .due, ja: "期限がありません", en: "no due date")
                }
            }
            if hasTarget && n.unit == nil {
                add(.missingUnit, .info, n, field: .unit, ja: "単位がわかりません", en: "no unit")
            }
            if let b = n.baseline, let t = n.target, b == t {
                add(.targetEqualsBaseline, .warning, n, field: .target, ja: "目標値が基準値と同じ（\(v(t, n))）です", en: "target equals baseline (\(v(t, n)))")
            }
            if let due = n.due, let pid = n.parentID, let p = byID[pid], let pdue = p.due, due > pdue {
                add(.periodExceedsParent, .warning, n, field: .due, ja: "期限 \(due) が上位目標 \(label(p)) の期限 \(pdue) より後です",
                    en: "due \(due) is after the parent \(label(p))'s due \(pdue)")
            }
            if let p = gaps[n.id]?.progress, p < 0, gaps[n.id]?.nature == .level, let b = n.baseline, let c = n.current {
                add(.wrongDirection, .warning, n, field: .current,
                    ja: "現状 \(v(c, n)) は基準値 \(v(b, n)) から目標と逆の方向に動いています（進捗率 \(ValueText.percent(p))）",
                    en: "current \(v(c, n)) moved away from the target since the baseline \(v(b, n)) (progress \(ValueText.percent(p)))")
            }
        }
        for (_, objs) in objectivesPerDept where objs.count > 4 {
            add(.tooManyObjectives, .warning, objs[4], ja: "Objective が\(objs.count)個あります（4個以内が目安）",
                en: "\(objs.count) objectives for one team (keep it to 4 or fewer)")
        }
    }
}
