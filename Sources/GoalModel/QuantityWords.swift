extension Lexicon {
    /// The words a figure is read with, apart from the parser that reads it (`QuantityParser`): units, comparators,
    /// periods, ranks, durations, the filler a value cell's figure may stand among and the marks of "no value".
    /// Japanese and English, matched on width-folded text; the parser orders its tables longest first.
    public enum QuantityWords {
        /// The words a value cell's quantity may stand among ("約30%", "100件(見込)").
        public static let filler = [
            "約", "およそ", "程度", "前後", "ほど", "見込", "(見込)", "(予定)", "予定", "目標", "approx.", "approx", "about", "~", "程",
            "以上", "以下", "平均", "avg", "average",
        ]

        /// Match keys of cells that mean "no value" (a set: looked up, not compared with each).
        public static let blankMarkers: Set<String> = [
            "ー", "―", "—", "未定", "未設定", "なし", "無し", "n/a", "na", "tbd", "none", "null", "‐", "－", "未", "?", "？", "-",
        ]

        /// Words before a number that make it a rank, not a quantity ("トップ3", "No. 1").
        public static let ranks = ["トップ", "上位", "top", "Top", "第", "No", "no", "ベスト"]

        /// Words after a number that make it a duration, not a goal value.
        public static let durations = [
            "ヶ月", "か月", "カ月", "ヵ月", "ケ月", "箇月", "年間", "年", "週間", "months", "month", "years", "year",
        ]

        /// Words before a number that say it is approximate or an average.
        public static let approximations = [
            "平均で", "平均", "average", "avg.", "avg", "約", "およそ", "about", "approx.", "approximately", "~", "星", "★",
        ]

        /// Unit words after a number: (word, unit, factor). A nil unit keeps the unit from a currency sign ("$3k").
        public static let units: [(String, GoalUnit?, Double)] = [
            ("パーセント", .percent, 1), ("%", .percent, 1), ("ポイント", .percent, 1), ("points", .percent, 1),
            ("pts", .percent, 1), ("pt", .percent, 1),
            ("割", .percent, 10),
            ("円", .jpy, 1), ("yen", .jpy, 1), ("JPY", .jpy, 1), ("ドル", .usd, 1), ("USD", .usd, 1), ("dollars", .usd, 1),
            ("ユーロ", .eur, 1), ("EUR", .eur, 1), ("euros", .eur, 1),
            ("営業日", .days, 1), ("日間", .days, 1), ("日", .days, 1), ("days", .days, 1), ("day", .days, 1),
            ("時間", .hours, 1), ("hours", .hours, 1), ("hour", .hours, 1), ("hrs", .hours, 1), ("hr", .hours, 1),
            ("h", .hours, 1),
            ("分間", .minutes, 1), ("分", .minutes, 1), ("minutes", .minutes, 1), ("minute", .minutes, 1),
            ("mins", .minutes, 1), ("min", .minutes, 1),
            ("秒", .minutes, 1.0 / 60), ("seconds", .minutes, 1.0 / 60), ("sec", .minutes, 1.0 / 60),
            ("倍", .ratio, 1), ("x", .ratio, 1), ("X", .ratio, 1),
            ("点満点", .score, 1), ("点", .count, 1),
            ("キログラム", .kg, 1), ("kg", .kg, 1), ("トン", .tons, 1), ("tons", .tons, 1), ("ton", .tons, 1),
            ("MTs", .tons, 1), ("MT", .tons, 1),
            ("t", .tons, 1),
        ]

        /// Counters after a number, each a count ("件", "社", "users").
        public static let counters = [
            "店舗", "件", "社", "名", "人", "個", "回", "本", "台", "枚", "冊", "通", "席", "口", "アカウント", "ユーザー",
            "customers", "customer", "tickets", "ticket", "users", "user", "features", "feature", "deals", "deal",
            "leads", "lead", "calls", "call", "visits", "visit", "people", "accounts", "account", "items", "item",
            "bugs", "bug", "releases", "release", "meetings", "meeting", "contracts", "contract", "signups", "hires",
        ]

        /// Multipliers after a number's digits in English ("3k", "1.2bn").
        public static let englishMultipliers: [(String, Double)] = [
            ("bn", 1e9), ("mn", 1e6), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("B", 1e9),
        ]

        /// Comparators before a number ("at least 30", "最低5件", "≥ 90%").
        public static let prefixComparators: [(String, GoalDirection)] = [
            ("at least", .atLeast), ("no less than", .atLeast), ("more than", .atLeast), ("over", .atLeast),
            ("above", .atLeast),
            ("minimum", .atLeast), ("min.", .atLeast), ("最低", .atLeast), ("≥", .atLeast), (">=", .atLeast),
            (">", .atLeast),
            ("≧", .atLeast),
            ("at most", .atMost), ("no more than", .atMost), ("less than", .atMost), ("fewer than", .atMost),
            ("under", .atMost),
            ("below", .atMost), ("within", .atMost), ("maximum", .atMost), ("max.", .atMost), ("max", .atMost),
            ("最大", .atMost),
            ("≤", .atMost), ("<=", .atMost), ("<", .atMost), ("≦", .atMost),
        ]

        /// Comparators after a number ("30件以上", "5% or less").
        public static let suffixComparators: [(String, GoalDirection)] = [
            ("以上", .atLeast), ("超", .atLeast), ("or more", .atLeast), ("or higher", .atLeast), ("or above", .atLeast),
            ("and above", .atLeast),
            ("以下", .atMost), ("未満", .atMost), ("以内", .atMost), ("or less", .atMost), ("or fewer", .atMost),
            ("or lower", .atMost),
            ("or below", .atMost), ("and below", .atMost), ("max", .atMost), ("at most", .atMost),
        ]

        /// Periods before a number ("月間50件", "monthly 3").
        public static let periodPrefixes: [(String, GoalPeriod)] = [
            ("月あたり", .month), ("月間", .month), ("月次", .month), ("毎月", .month), ("月平均", .month), ("月", .month),
            ("週あたり", .week), ("週間", .week), ("週次", .week), ("毎週", .week), ("週", .week),
            ("四半期あたり", .quarter), ("四半期", .quarter), ("四半期で", .quarter),
            ("年あたり", .year), ("年間", .year), ("年次", .year), ("毎年", .year), ("年", .year),
            ("1日あたり", .day), ("1日", .day), ("日次", .day), ("毎日", .day), ("日", .day),
            ("monthly", .month), ("weekly", .week), ("quarterly", .quarter), ("annual", .year), ("yearly", .year),
            ("daily", .day),
        ]

        /// Per-period words after a number ("/月", "per month").
        public static let periodSuffixes: [(String, GoalPeriod)] = [
            ("/月", .month), ("/月間", .month), ("/month", .month), ("/mo", .month), ("per month", .month),
            ("a month", .month), ("monthly", .month),
            ("/週", .week), ("/week", .week), ("/wk", .week), ("per week", .week), ("a week", .week), ("weekly", .week),
            ("/四半期", .quarter), ("/quarter", .quarter), ("/Q", .quarter), ("per quarter", .quarter),
            ("a quarter", .quarter), ("quarterly", .quarter),
            ("/年", .year), ("/year", .year), ("/yr", .year), ("per year", .year), ("a year", .year),
            ("annually", .year),
            ("per annum", .year),
            ("/日", .day), ("/day", .day), ("per day", .day), ("a day", .day), ("daily", .day),
        ]

        /// Separators between a band's two ends: 「〜」, "~", "–", "-" (not "to", which reads as from → to).
        public static let rangeSeparators: Set<String> = ["〜", "~", "～", "–", "—", "-"]

        /// Marks before a tolerance around zero (「±5%以内」, "+/- 2 days").
        public static let toleranceMarks = ["±", "+/-", "+-"]
    }
}
