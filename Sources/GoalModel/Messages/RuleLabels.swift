/// The rules' names as a reader sees them (「孤立した目標」, "orphan goal"); the stable id stays in the CSVs and notes.
extension MessageCatalog {
    /// The rule's short name in this language.
    public func label(_ rule: RuleID) -> String {
        let (ja, en) = MessageCatalog.labels[rule]!
        return say(ja, en)
    }

    /// Rules by their names, as this language lists them: 「孤立した目標、やや遅れ」; unknown ids are left out.
    public func labels(_ ids: [String]) -> String { list(ids.compactMap(RuleID.init(rawValue:)).map(label)) }

    static let labels: [RuleID: (String, String)] = [
        .activityMetric: ("作業量の指標", "activity metric"),
        .allocationGap: ("部署目標の合計ずれ", "allocation gap"),
        .atRisk: ("やや遅れ", "at risk"),
        .directionConflict: ("方向の矛盾", "direction conflict"),
        .duplicateMetric: ("指標の重複", "duplicate metric"),
        .fuzzyParent: ("上位目標のあいまい一致", "approximate parent"),
        .lowConfidenceRead: ("読み取りの確信度が低い", "low-confidence read"),
        .missingBaseline: ("基準値なし", "no baseline"),
        .missingCurrent: ("現状値なし", "no current value"),
        .missingDue: ("期限なし", "no due date"),
        .missingTarget: ("目標値なし", "no target"),
        .missingUnit: ("単位なし", "no unit"),
        .mixedUnits: ("単位の混在", "mixed units"),
        .noGoals: ("目標なし", "no goals"),
        .objectiveHasMetric: ("Objectiveに数値", "number in an objective"),
        .offTrack: ("遅れ", "off track"),
        .orphanGoal: ("孤立した目標", "orphan goal"),
        .periodExceedsParent: ("期限が上位より後", "due after its parent"),
        .targetEqualsBaseline: ("目標値＝基準値", "target equals baseline"),
        .taskNotResult: ("KRがタスク", "task, not a result"),
        .tooManyKrs: ("KRが多すぎる", "too many key results"),
        .tooManyObjectives: ("Objectiveが多すぎる", "too many objectives"),
        .treeInconsistent: ("KPIツリーの不整合", "KPI tree does not add up"),
        .treeLever: ("KPIツリーのレバー", "KPI tree lever"),
        .treeUnresolved: ("KPIツリーの参照切れ", "unknown name in a KPI tree"),
        .uncoveredObjective: ("貢献のない全社目標", "uncovered company goal"),
        .unreadableDate: ("読めない日付", "unreadable date"),
        .unreadableDirection: ("読めない方向", "unreadable direction"),
        .unreadableFormula: ("読めない算出式", "unreadable formula"),
        .unreadableSheet: ("読めないシート", "unreadable sheet"),
        .unreadableUnit: ("読めない単位", "unreadable unit"),
        .unreadableValue: ("読めない数値", "unreadable value"),
        .unresolvedParent: ("上位目標が見つからない", "unknown parent"),
        .untitledRow: ("目標名のない行", "untitled row"),
        .wrongDirection: ("逆方向の動き", "moving the wrong way"),
    ]
}
