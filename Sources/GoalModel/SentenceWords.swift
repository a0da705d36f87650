extension Lexicon {
    /// The words a goal sentence is read with, apart from the parser that reads it (`GoalTextParser`): the
    /// particles, verbs and glue words around its metric and figures, its deadline phrases and its period words.
    /// Japanese and English; the parser orders and folds its tables from them.
    public enum SentenceWords {
        /// Periods that open a goal sentence (「月間50件」, 「四半期で…」).
        public static let leadingPeriods: [(String, GoalPeriod)] = [
            ("月間", .month), ("月次", .month), ("毎月", .month), ("週間", .week), ("週次", .week), ("毎週", .week),
            ("四半期", .quarter), ("年間", .year), ("年次", .year), ("日次", .day),
        ]

        /// Deadlines relative to the sheet's period that open a sentence (「今期中に」, "this quarter, ").
        public static let relativeDeadlines: [String] = [
            "今四半期中に", "今四半期に", "今期中に", "今期に", "今年度中に", "今年度に", "今月中に", "今週中に", "今年中に",
            "this quarter, ", "this year, ",
        ]

        /// Words that end a deadline phrase after its date (「2026年3月末までに」, 「令和7年度中に」).
        public static let deadlineMarkers: [String] = ["までに", "中に", "迄に", "末に"]

        /// Particles and marks a metric's head ends with before its figures (「顧客満足度を」, 「売上について」).
        public static let headParticles: [String] = [
            "を", "の", "が", "は", "で", "も", "に", "について", "に関して", ":", ",", "、", "。",
        ]

        /// English glue words a metric's head ends with before its figures ("NPS from", "churn to").
        public static let headEnglish: [String] = [
            "from", "to", "by", "at", "of", "under", "below", "above", "over", "within", "at least", "at most",
            "less than", "more than", "fewer than", "to be", "is", "=",
        ]

        /// English verbs and articles that open a goal before its metric ("Increase NPS", "the churn").
        public static let leadingEnglishVerbs: [String] = [
            "increase", "grow", "raise", "boost", "expand", "gain", "acquire", "lift", "reduce", "cut",
            "decrease", "lower", "shorten", "minimize", "shrink", "keep", "maintain", "achieve", "reach",
            "hit", "get", "ship", "launch", "improve", "deliver", "close", "sign", "win", "hold", "bring",
            "double", "halve", "drive", "handle", "our", "the", "a", "an",
        ]

        /// Particles and marks that end a goal sentence (「…に」, 「…まで」).
        public static let tailParticles: [String] = ["に", "を", "まで", "へ", "で", "と", "の", "、", "。", ".", "!", "!"]

        /// Verbs and phrases that end a goal sentence beside the direction verbs (「を目指す」, 「以内」, "this quarter").
        public static let tailVerbs: [String] = [
            "させる", "する", "します", "したい", "を目指す", "目指す", "を達成", "達成", "を維持", "維持", "る", "に抑える",
            "抑える", "に短縮", "引き上げる", "引上げる", "高める", "増やす", "減らす", "下げる", "上げる", "伸ばす", "to", "per", "in", "by",
            "within", "this quarter", "this year", "内", "以内",
        ]

        /// Period words a bracket after a metric holds (「(月次)」, "(monthly)").
        public static let annotationPeriods: [(String, GoalPeriod)] = [
            ("月次", .month), ("月間", .month), ("月", .month), ("monthly", .month), ("週次", .week), ("週", .week),
            ("weekly", .week),
            ("四半期", .quarter), ("quarterly", .quarter), ("年間", .year), ("年次", .year), ("年", .year), ("annual", .year),
            ("yearly", .year),
            ("日次", .day), ("daily", .day),
        ]

        /// Period words anywhere outside the figures that make a goal a rate (月間, 毎月, "per month").
        public static let periodWords: [(String, GoalPeriod)] = [
            ("月間", .month), ("月次", .month), ("毎月", .month), ("per month", .month), ("monthly", .month),
            ("a month", .month),
            ("週間", .week), ("週次", .week), ("毎週", .week), ("weekly", .week), ("per week", .week),
            ("四半期ごと", .quarter), ("四半期あたり", .quarter), ("quarterly", .quarter), ("per quarter", .quarter),
            ("年間", .year), ("年次", .year), ("毎年", .year), ("annual", .year), ("per year", .year), ("yearly", .year),
            ("日次", .day), ("毎日", .day), ("daily", .day), ("per day", .day),
        ]
    }
}
