/// The words a reader sees for the model's codes: kinds, levels, units and severities (目的, 全社, 件, 警告);
/// the codes themselves (`objective`, `count`, `warning`) stay in the CSVs and JSON.
extension MessageCatalog {
    /// 目的 / Objective, KR, KGI, KSF, KPI.
    public func label(_ kind: GoalKind) -> String {
        switch kind {
        case .objective: say("目的", "Objective")
        case .kr: "KR"
        case .kgi: "KGI"
        case .ksf: "KSF"
        case .kpi: "KPI"
        }
    }

    /// 全社 / Company, 部署 / Department, チーム / Team.
    public func label(_ level: GoalLevel) -> String {
        switch level {
        case .company: say("全社", "Company")
        case .department: say("部署", "Department")
        case .team: say("チーム", "Team")
        }
    }

    /// A unit as a sheet writes it: 件, 時間, %, 点, 円 / count, h, %, points, ¥.
    public func label(_ unit: GoalUnit) -> String {
        let (ja, en) = MessageCatalog.unitLabels[unit]!
        return say(ja, en)
    }

    /// エラー, 警告, 情報 / Error, Warning, Info.
    public func label(_ severity: Severity) -> String {
        switch severity {
        case .error: say("エラー", "Error")
        case .warning: say("警告", "Warning")
        case .info: say("情報", "Info")
        }
    }

    static let unitLabels: [GoalUnit: (String, String)] = [
        .percent: ("%", "%"), .count: ("件", "count"), .jpy: ("円", "¥"), .usd: ("ドル", "$"), .eur: ("ユーロ", "€"),
        .hours: ("時間", "hours"), .days: ("日", "days"), .minutes: ("分", "minutes"), .score: ("点", "points"),
        .ratio: ("倍", "×"), .kg: ("kg", "kg"), .tons: ("トン", "t"),
    ]
}
