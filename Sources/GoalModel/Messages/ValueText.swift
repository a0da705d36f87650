import GoalSheetSupport

/// Numbers with their units for messages: 8%, 12時間, 1億円, 3,000万円 (Japanese) or ¥30,000,000 (English).
public enum ValueText {
    public static func format(_ v: Double, _ unit: GoalUnit?, per: GoalPeriod? = nil, japanese: Bool) -> String {
        let perText =
            per.map {
                japanese ? ["day": "日", "week": "週", "month": "月", "quarter": "四半期", "year": "年"][$0.rawValue]! : ""
            } ?? ""
        let perSuffix = per.map { japanese ? "" : "/" + $0.rawValue } ?? ""
        let body: String
        switch unit {
        case .percent: body = rounded(v) + "%"
        case .jpy: body = japanese ? yen(v) : currency("¥", v)
        case .usd: body = currency("$", v)
        case .eur: body = currency("€", v)
        case .hours: body = rounded(v) + (japanese ? "時間" : " h")
        case .days: body = rounded(v) + (japanese ? "日" : " days")
        case .minutes: body = rounded(v) + (japanese ? "分" : " min")
        case .count: body = grouped(v) + (japanese ? "件" : "")
        case .score: body = rounded(v)
        case .ratio: body = rounded(v) + (japanese ? "倍" : "x")
        case .kg: body = grouped(v) + " kg"
        case .tons: body = grouped(v) + (japanese ? "トン" : " t")
        case nil: body = grouped(v)
        }
        return japanese ? perText + body : body + perSuffix
    }

    /// ¥30,000,000 and -¥10,000,000: the sign before the symbol.
    static func currency(_ symbol: String, _ v: Double) -> String { (v < 0 ? "-" : "") + symbol + grouped(abs(v)) }

    /// 1億円, 12億円, 3,000万円, 1億2,000万円, 950円.
    static func yen(_ v: Double) -> String {
        let sign = v < 0 ? "-" : ""
        let a = abs(v)
        if a >= 1e8 {
            let oku = (a / 1e8).rounded(.down)
            let man = ((a - oku * 1e8) / 1e4).rounded()
            return sign + grouped(oku) + "億" + (man >= 1 ? grouped(man) + "万" : "") + "円"
        }
        if a >= 1e4 { return sign + grouped((a / 1e4 * 100).rounded() / 100) + "万円" }
        return sign + grouped(a) + "円"
    }

    static func rounded(_ v: Double) -> String { PlainDecimal.format((v * 100).rounded() / 100) }

    static func grouped(_ v: Double) -> String { PlainDecimal.groupThousands(rounded(v)) }

    /// 0.16 → "16%".
    public static func percent(_ share: Double) -> String { PlainDecimal.format((share * 1000).rounded() / 10) + "%" }
}
