import GoalSheetSupport

/// The words of the reader's findings: cells, rows and sheets that could not be read as goals.
extension MessageCatalog {
    func readingText(_ d: FindingDetail) -> FindingText? {
        switch d {
        case .untitledRow(let row):
            FindingText(say("目標名が空欄の行に数値があります（行\(row)）", "row \(row) has numbers but no goal title"))
        case .unreadableUnit(let u): FindingText(say("単位「\(u)」を解釈できません", "unit '\(u)' is not understood"))
        case .mixedUnits(let units):
            FindingText(
                say("単位が混在しています: ", "values in different units: ") + units.map(\.rawValue).joined(separator: ", "))
        case .unreadableNumber(let t, let column):
            FindingText(say("「\(t)」を数値として読めません（\(column)）", "cannot read '\(t)' as a number (\(column))"))
        case .notANumber(let t): FindingText(say("「\(t)」は数値ではありません", "'\(t)' is not a number"))
        case .unreadableDirection(let t): FindingText(say("方向「\(t)」を解釈できません", "direction '\(t)' is not understood"))
        case .unreadableWeight(let t): FindingText(say("ウェイト「\(t)」を数値として読めません", "cannot read weight '\(t)'"))
        case .unreadableFormula(let f, let reason):
            FindingText(say("算出式「\(f)」を解釈できません: ", "cannot read formula '\(f)': ") + reason)
        case .unreadableDate(let t): FindingText(say("「\(t)」を日付として読めません", "cannot read '\(t)' as a date"))
        case .notADate(let t): FindingText(say("「\(t)」は日付ではありません", "'\(t)' is not a date"))
        case .unreadableSheet(let reason): FindingText(reason)
        case .noGoals(let sheets):
            FindingText(say("このファイルから目標を読み取れませんでした", "no goals read from this file") + noGoalReasons(sheets))
        case .lowConfidenceRead(let range, let confidence, let doubts):
            lowConfidence(range: range, percent: ConfidencePercent.of(confidence), doubts: doubts)
        default: nil
        }
    }

    /// 「（シート「計画」: 見出し行が見つかりません）」, " (sheet 'Plan': no header row found)", or that no sheet has cells.
    private func noGoalReasons(_ sheets: [SheetReason]) -> String {
        guard !sheets.isEmpty else { return say("（セルのあるシートがありません）", " (no sheet has cells)") }
        let each = sheets.map { say("シート「\($0.sheet)」", "sheet '\($0.sheet)'") + ($0.why.isEmpty ? "" : ": " + $0.why) }
        return say("（" + each.joined(separator: "、") + "）", " (" + each.joined(separator: "; ") + ")")
    }

    private func lowConfidence(range: String, percent: Int, doubts: [String]) -> FindingText {
        let doubt = doubts.joined(separator: "; ")
        return FindingText(
            say(
                "\(range) の読み取りに自信がありません（確信度 \(percent)%）: \(doubt)。goalsheet inspect で確認し、--config-out の設定で直せます",
                "\(range) was read with low confidence (\(percent)%): \(doubt); check it with goalsheet inspect and fix it with --config-out"
            ))
    }
}
