/// The words of the KPI-tree findings: formulas that do not add up, unknown names, the lever.
extension MessageCatalog {
    func treeText(_ d: FindingDetail) -> FindingText? {
        switch d {
        case .treeUnresolved(let names):
            FindingText(
                say("算出式が存在しない指標を参照しています: ", "the formula names unknown goals: ") + names.joined(separator: ", "))
        case .treeTargetMismatch(let t, let implied, let f, let solutions):
            targetMismatch(t, implied: implied, formula: f, suggestion: solve(solutions))
        case .treeCurrentMismatch(let c, let implied, let f, let elapsed, let lever):
            currentMismatch(c, implied: implied, formula: f, elapsed: elapsed, lever: lever)
        case .treeLever(let implied, let t, let lever): short(implied, of: t, lever: lever)
        default: nil
        }
    }

    private func currentMismatch(
        _ c: Amount, implied: Amount, formula f: String, elapsed: Double?, lever: TreeLever?
    ) -> FindingText {
        let gap = signed(Amount(implied.value - c.value, implied.unit))
        let basis =
            elapsed.map {
                say("（期間の経過 \(ValueText.percent($0)) 分）", " (over the \(ValueText.percent($0)) of the period elapsed)")
            } ?? ""
        return FindingText(
            say(
                "現状 \(amount(c)) が算出式 \(f) の現状値から求まる \(amount(implied))\(elapsed == nil ? " " : basis)と合いません（差 \(gap)）",
                "current \(amount(c)) does not match \(amount(implied))\(basis) implied by \(f) over the currents (gap \(gap))"
            ),
            suggestion: lever.map(leverText) ?? "")
    }

    private func short(_ implied: Amount, of t: Amount, lever: TreeLever?) -> FindingText {
        let share = ValueText.percent(implied.value / t.value)
        return FindingText(
            say(
                "現状値から求まる \(amount(implied)) は目標 \(amount(t)) に届きません（達成率 \(share)）",
                "the currents imply \(amount(implied)), short of the target \(amount(t)) (\(share) attained)"),
            suggestion: lever.map(leverText) ?? "")
    }

    private func targetMismatch(_ t: Amount, implied: Amount, formula f: String, suggestion: String) -> FindingText {
        let gap = signed(Amount(implied.value - t.value, implied.unit))
        let times = ValueText.rounded(implied.value / t.value)
        return FindingText(
            say(
                "目標 \(amount(t)) が算出式 \(f) の目標値から求まる \(amount(implied)) と合いません（差 \(gap)、\(times)倍）",
                "target \(amount(t)) does not match \(amount(implied)) implied by \(f) over the targets (gap \(gap), \(times)x)"
            ),
            suggestion: suggestion)
    }

    private func solve(_ solutions: [TreeSolution]) -> String {
        guard !solutions.isEmpty else { return "" }
        let each = solutions.map { s in "\(s.child.label)" + say("を \(amount(s.value))", " at \(amount(s.value))") }
        return say("目標と合わせるには、いずれか一つを: ", "to match the target, one of: ") + list(each)
    }

    /// 「最も効くのは E2 新規顧客獲得数（目標値まで戻すと +120万円）。他が現状のまま目標 … に届くには E2 が 月16.67件 必要」.
    func leverText(_ l: TreeLever) -> String {
        let gain = signed(l.gain, plusAtZero: true)
        var text = say(
            "最も効くのは \(l.child.label)（目標値まで戻すと \(gain)）",
            "the biggest lever is \(l.child.label) (at its target: \(gain))")
        if let x = l.solving {
            text += say(
                "。他が現状のまま目標 \(amount(l.target)) に届くには \(l.child.id) が \(amount(x)) 必要",
                "; with the others as they are, reaching \(amount(l.target)) takes \(l.child.id) at \(amount(x))")
        }
        return text
    }
}
