/// Word lists GoalSheet reads goals with: direction verbs, lower-is-better metrics, activity counts,
/// task verbs. Japanese and English; matched on width-folded, lower-cased text.
public struct Lexicon: Sendable {
    /// Verbs that say a metric should go up.
    public var increaseVerbs: [String] { didSet { verbForms = Lexicon.forms(increaseVerbs, decreaseVerbs) } }
    /// Verbs that say a metric should go down.
    public var decreaseVerbs: [String] { didSet { verbForms = Lexicon.forms(increaseVerbs, decreaseVerbs) } }
    /// Both verb lists lower-cased, as text and scalars, computed once (the parsers look them up per cell).
    public private(set) var verbForms: [VerbForm] = []
    /// True while the verbs are the built-in ones (the parsers cache what they derive from them).
    public private(set) var hasStandardVerbs = false

    /// A direction verb in the forms the parsers compare.
    public struct VerbForm: Sendable {
        public let word: String
        public let lowered: String
        public let scalars: [Unicode.Scalar]
        public let increases: Bool
    }

    static func forms(_ up: [String], _ down: [String]) -> [VerbForm] {
        up.map {
            VerbForm(
                word: $0, lowered: $0.lowercased(), scalars: Array($0.lowercased().unicodeScalars), increases: true)
        }
            + down.map {
                VerbForm(
                    word: $0, lowered: $0.lowercased(), scalars: Array($0.lowercased().unicodeScalars), increases: false
                )
            }
    }
    /// Metrics where lower is better (解約率, churn, 対応時間 …).
    public var lowerIsBetter: [String]
    /// Words of metrics that count a department's own output rather than an outcome.
    public var activityWords: [String]
    /// Endings of key results that are tasks, not results (実施する, ローンチする …).
    public var taskEndings: [String]
    /// Metrics that add up across departments (売上, 新規契約 …): their targets should sum to the company's.
    public var additiveMetrics: [String]
    /// The reader's words: totals, examples, placeholders, instructions, task lists, period scenarios.
    public var reading: ReadingWords = .standard
    /// Words that say a figure accumulates over its period (累計, 月間, YTD): it is a flow whatever else it says.
    public var cumulativeWords: [String] = [
        "累計", "累積", "年間", "期間中", "通期", "ytd", "year to date", "cumulative", "total number",
    ]
    /// Words of outcomes (率, 満足, 解約, "retention"): a goal naming one is no activity metric, whatever it counts.
    public var outcomeWords: [String] = [
        "率", "満足", "時間", "日数", "単価", "スコア", "nps", "継続", "解約", "品質", "rate", "time", "satisfaction", "score",
        "retention", "churn", "平均", "average", "ltv",
    ]
    /// Groups of words of one concept, for ranking the company goals an orphan may belong to: a department goal
    /// and a company goal naming one group are likely related even when their words differ (利用継続率 → 解約率).
    public var conceptGroups: [[String]] = [
        ["満足", "nps", "csat", "評価", "satisfaction", "スコア"],
        ["解約", "継続", "離脱", "退会", "churn", "retention", "定着", "オンボーディング", "onboarding"],
        ["対応時間", "応答", "解決", "問い合わせ", "サポート", "support", "response", "ticket", "エスカレーション", "対応"],
        ["売上", "受注", "商談", "契約", "revenue", "sales", "deal", "単価", "顧客獲得", "リード", "lead"],
        ["障害", "停止", "バグ", "品質", "downtime", "incident", "bug", "カバレッジ", "coverage"],
        ["機能", "実装", "リリース", "feature", "要望", "開発"],
    ]
    /// Words that hold a verb of change without meaning one (ダウンロード holds ダウン): masked before verbs are read.
    public var verbLookalikes: [String] = [
        "ダウンロード", "アップロード", "アップデート", "アップグレード", "download", "upload", "update", "upgrade",
    ]
    /// Words in a value column's header that make its figures running totals (現状（累計）, "YTD actual"):
    /// the metric accumulates, whatever its name says, unless its unit is a level's (%, points, ×).
    public var cumulativeHeaderWords: [String] = ["累計", "累積", "ytd", "year to date", "cumulative", "to date"]
    /// Words that make a figure a rate per a shorter period (月間商談数 120件 is 120 a month, every month): a level.
    public var rateWords: [String] = [
        "月間", "月次", "毎月", "週間", "週次", "毎週", "日次", "毎日", "1日あたり", "一日あたり", "per month", "per week", "per day",
        "monthly", "weekly", "daily",
    ]
    /// Metrics that are levels at a point in time (率, 満足度, 平均, 単価, 在籍人数 …).
    public var levelMetrics: [String] = [
        "率", "比率", "割合", "満足度", "nps", "csat", "スコア", "score", "平均", "average", "avg", "単価", "price", "在籍", "人数",
        "headcount", "残高", "balance", "シェア", "share", "rate", "ratio", "時間", "time", "日数", "評価", "rating", "水準",
        "level",
        "mrr", "arr", "在庫", "inventory", "利用者数", "会員数", "ユーザー数", "active users", "dau", "mau",
    ]
    /// Metrics that count or sum what happens during the period (件数, 契約数, 売上, 採用数 …).
    public var flowMetrics: [String] = [
        "件数", "数", "売上", "売上高", "受注", "受注額", "契約", "採用", "獲得", "販売", "出荷", "生産", "問い合わせ", "商談", "リード",
        "粗利", "利益", "収益", "入金", "回収額", "登録", "申込", "応募", "訪問", "開催", "リリース", "実装",
        "revenue", "sales", "bookings", "deals", "hires", "leads", "orders", "signups", "sign-ups", "tickets", "count",
        "number of",
        "new customers", "profit", "shipments",
    ]
    /// Japanese nouns of a count (件数, 人数, 社数): a metric named with one and a whole-number figure is counted in
    /// 件 when no cell states a unit.
    public var countNouns: [String] = ["数", "件数", "人数", "社数", "回数", "個数"]
    /// The config's flow and level words, tried before any other rule.
    public var configuredFlowMetrics: [String] = []
    public var configuredLevelMetrics: [String] = []

    public init(
        increaseVerbs: [String], decreaseVerbs: [String], lowerIsBetter: [String], activityWords: [String],
        taskEndings: [String], additiveMetrics: [String]
    ) {
        self.increaseVerbs = increaseVerbs
        self.decreaseVerbs = decreaseVerbs
        self.lowerIsBetter = lowerIsBetter
        self.activityWords = activityWords
        self.taskEndings = taskEndings
        self.additiveMetrics = additiveMetrics
        self.verbForms = Lexicon.forms(increaseVerbs, decreaseVerbs)
    }

    /// The built-in lists.
    public static let standard: Lexicon = {
        var l = Lexicon.builtIn
        l.hasStandardVerbs = true
        return l
    }()

    static let builtIn = Lexicon(
        increaseVerbs: [
            "向上", "増加", "増やす", "増大", "高める", "引き上げ", "引上げ", "獲得", "拡大", "伸ばす", "上げる", "アップ", "改善率を上げ",
            "倍増", "成長", "増", "伸長", "強化",
            "increase", "grow", "raise", "boost", "expand", "gain", "acquire", "lift", "double", "improve nps",
            "maximize", "maximise",
        ],
        decreaseVerbs: [
            "削減", "短縮", "減らす", "抑える", "抑制", "低減", "減少", "下げる", "引き下げ", "引下げ", "圧縮", "ダウン", "半減", "減",
            "reduce", "cut", "decrease", "lower", "shorten", "minimize", "minimise", "shrink", "lessen", "bring down",
            "halve",
        ],
        lowerIsBetter: [
            "解約率", "チャーン", "churn", "離脱率", "退会率", "離職率", "attrition", "対応時間", "応答時間", "解決時間", "待ち時間", "処理時間",
            "リードタイム", "lead time", "response time", "resolution time", "cycle time", "停止時間", "ダウンタイム", "downtime",
            "障害", "incident", "バグ", "bug", "不具合", "欠陥", "defect", "クレーム", "complaint", "コスト", "cost", "費用", "cac",
            "獲得単価", "cpa", "返品率", "返品", "エラー率", "error rate", "残業", "overtime", "在庫日数", "滞留", "遅延", "latency",
            "mttr", "未回収", "離反", "エスカレーション", "escalation", "レビュー時間", "review time", "工数",
        ],
        activityWords: [
            "実装", "対応件数", "対応", "訪問", "架電", "電話", "コール", "実施回数", "実施", "開催", "送信", "配信", "投稿", "作成", "面談",
            "新規契約", "契約数", "契約", "提案", "商談数", "アポ", "リリース数", "リリース", "記事", "問い合わせ対応", "処理件数", "件数",
            "calls", "visits", "meetings", "emails", "posts", "tickets handled", "tickets closed", "features shipped",
            "features", "shipped",
            "demos", "outreach", "new contracts", "deals closed", "articles",
        ],
        taskEndings: [
            "実施する", "ローンチする", "開始する", "リリースする", "導入する", "構築する", "作成する", "策定する", "実装する", "整備する",
            "開催する", "立ち上げる", "完了する", "実施", "ローンチ", "開始", "導入", "構築", "策定", "整備", "開催", "立ち上げ", "実装",
            "launch", "ship", "implement", "start", "roll out", "introduce", "build", "create", "hold", "run",
            "complete", "kick off",
        ],
        additiveMetrics: [
            "売上", "売上高", "revenue", "sales", "新規契約", "契約数", "受注", "受注額", "粗利", "利益", "mrr", "arr",
            "新規顧客", "獲得数", "リード", "leads", "商談数", "pipeline", "bookings",
        ]
    )

    /// Merges extra words (from a config file) into these lists.
    public func adding(
        lowerIsBetter extraLower: [String] = [], activityWords extraActivity: [String] = [],
        additiveMetrics extraAdditive: [String] = [], flowMetrics extraFlow: [String] = [],
        levelMetrics extraLevel: [String] = [], outcomeWords extraOutcome: [String] = []
    ) -> Lexicon {
        var l = self
        l.outcomeWords += extraOutcome
        l.lowerIsBetter += extraLower
        l.activityWords += extraActivity
        l.additiveMetrics += extraAdditive
        l.configuredFlowMetrics += extraFlow
        l.configuredLevelMetrics += extraLevel
        return l
    }

    /// The first word of `words` found in `text` (width-folded, lower-cased), longest words first.
    public static func firstMatch(in text: String, of words: [String]) -> String? {
        let t = ScalarText(TextNormalizer.foldWidth(text))
        var best: String?
        for w in words where t.contains(w) {
            if best == nil || w.count > best!.count { best = w }
        }
        return best
    }

    /// True when the metric's name says lower is better.
    public func isLowerBetter(_ metric: String) -> Bool { Lexicon.firstMatch(in: metric, of: lowerIsBetter) != nil }
}
