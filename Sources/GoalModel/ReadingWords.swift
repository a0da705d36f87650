/// Word lists the sheet reader classifies rows and layouts with: totals, examples, placeholders,
/// instructions, signature lines, task lists and the scenario words of period layouts. Japanese and
/// English; matched on width-folded, lower-cased text. Extensible from the config.
public struct ReadingWords: Sendable, Equatable {
    /// Labels of rows that add up other rows (合計, 小計, Total).
    public var totalWords: [String] { didSet { indexWords() } }
    /// Labels of sample rows a template ships with (記入例, Example).
    public var exampleWords: [String] { didSet { indexWords() } }
    /// `totalWords` and `exampleWords` as sets, kept in step with them by `indexWords`: a row's labels are looked
    /// up, not compared with every word.
    private var totalSet: Set<String> = []
    private var exampleSet: Set<String> = []
    private var longestExample = 0
    /// The characters the example words start and end with: a label starting with none is no example. Nil when a
    /// word is empty.
    private var exampleEnds: WordEnds?
    /// Fragments of template text that stands for a goal not yet written (〇〇を△△する, Enter KPI here).
    public var placeholderFragments: [String]
    /// Starts of notes and instructions (※, 注:, Note:).
    public var instructionPrefixes: [String] { didSet { indexWords() } }
    /// The characters the instruction prefixes start and end with, kept by `indexWords`; nil when one is empty.
    private var instructionEnds: WordEnds?
    /// Words of signature and approval lines (承認, 署名, Approved by).
    public var signatureWords: [String] { didSet { indexWords() } }
    /// The characters the signature words start and end with, kept by `indexWords`: a label that touches none is
    /// no signature. Nil when a word is empty (which matches more).
    private var signatureEnds: WordEnds?
    /// Header words of task and to-do columns: a table whose title column is one of these is a task list.
    public var taskHeaders: [String]
    /// Header words of people lists (e-mail, first name): a table of these is a people list.
    public var peopleHeaders: [String]
    /// Words of a file name that `goalsheet init` takes for the company's sheet (全社OKR.xlsx, company_kgi.xlsx).
    public var companyFileWords: [String] = ["全社", "会社", "経営", "company", "corporate", "kgi"]
    /// Where a sentence holding two goals splits (「不良率を30%低減し、納期遵守率98%を達成する」, "… and …").
    public var clauseBreaks: [String] = ["し、", "し,", "、", "，", ";", "；", " and ", ", and ", "かつ", "および"]
    /// Header words of columns that list indicators (KPI, 指標, Indicator): their rows are KPIs even without numbers.
    public var metricHeaders: [String] = ["kpi", "指標", "indicator", "measure", "metric", "評価項目", "成果指標"]
    /// Header words of a whole period's column beside its parts (通期 beside Q1…Q4, "Full Year" beside months).
    public var fullPeriodWords: [String] = [
        "通期", "年間", "年度計", "年計", "full year", "fullyear", "fy", "total", "合計", "annual", "year",
    ]
    /// Half-year words and which half they name.
    public var halfWords: [(word: String, half: Int)] = [
        ("上期", 1), ("上半期", 1), ("下期", 2), ("下半期", 2), ("h1", 1), ("h2", 2),
        ("1h", 1), ("2h", 2),
    ]
    /// Words of a comparison with the last period before a ratio or change (「前年比110%」, 「前期比+30%」, "YoY +10%").
    public var comparisonMarkers: [String] = [
        "前年同期比", "対前年比", "前年度比", "前年比", "前期比", "昨対比", "昨対", "yoy", "vs ly", "vs. ly",
    ]
    /// Targets that are a multiple of the baseline (「半減」 → 0.5) or zero (「ゼロ」 → 0).
    public var relativeWords: [(word: String, factor: Double)] = [
        ("半減", 0.5), ("半分", 0.5), ("倍増", 2), ("halve", 0.5), ("half", 0.5),
        ("double", 2), ("triple", 3), ("ゼロ", 0), ("zero", 0), ("撲滅", 0), ("ゼロ件", 0),
    ]
    /// Words a direction column holds, matched whole on the match key, and the direction each names.
    public var directionWords: [(word: String, direction: GoalDirection)] =
        [
            "↑", "上", "増", "増加", "up", "increase", "higher", "高い方が良い", "大きい方が良い", "プラス", "+", "向上", "upward",
        ].map { ($0, .increase) }
        + ["↓", "下", "減", "減少", "down", "decrease", "lower", "低い方が良い", "小さい方が良い", "マイナス", "削減", "downward"].map {
            ($0, .decrease)
        }
        + ["以上", "atleast", "≥", ">=", "minimum", "min", "下限"].map { ($0, .atLeast) }
        + ["以下", "以内", "未満", "atmost", "≤", "<=", "maximum", "max", "上限"].map { ($0, .atMost) }
    /// Words a period column holds, matched whole on the match key, and the period each names.
    public var periodWords: [(word: String, period: GoalPeriod)] =
        ["月", "月次", "月間", "毎月", "month", "monthly", "/月", "mo"].map { ($0, .month) }
        + ["四半期", "quarter", "quarterly", "q", "/四半期"].map { ($0, .quarter) }
        + ["年", "年間", "年次", "年度", "year", "yearly", "annual", "/年"].map { ($0, .year) }
        + ["週", "週次", "週間", "week", "weekly", "/週"].map { ($0, .week) }
        + ["日", "日次", "day", "daily", "/日"].map { ($0, .day) }
    /// Endings of a department's name in a sheet or file name (営業部, 開発チーム, "Sales Team").
    public var departmentSuffixes: [String] = [
        "部門", "部", "課", "室", "チーム", "グループ", "事業部", "本部", "Team", "Dept", "Department",
    ]
    /// Endings a department's name is cut after when more follows (営業部目標 → 営業部).
    public var departmentCuts: [String] = ["部", "課", "室", "チーム"]
    /// Sheet names that name no department (Sheet1, 目標, KPI): the file's name does instead.
    public var genericSheetNames: [String] = ["sheet", "シート", "目標", "kpi", "okr", "goals", "data", "一覧", "table"]
    /// Unit cells that name a unit without a number to read it from (スコア, 比率), lower-cased.
    public var unitNames: [(word: String, unit: GoalUnit)] =
        ["スコア", "score", "点数", "nps", "pt(スコア)"].map { ($0, .score) } + ["比率", "ratio", "倍率"].map { ($0, .ratio) }
    /// Letters an outline number may start with (KR1-1, O2, KGI1), lower-cased; "" is plain numbering (1.1).
    public var outlinePrefixes: Set<String> = ["", "kr", "o", "obj", "kgi", "kpi", "ksf", "kfs", "csf", "no", "t", "g"]
    /// Characters of a form's blanks to fill in (「Ngày …./ …../20..」, 「____年__月」): a text mostly of these is a
    /// placeholder.
    public var fillCharacters: Set<Character> = ["…", ".", "_", "＿", "/", "／", "‥", "-", "ー", "〇", "○", "□"] {
        didSet { indexWords() }
    }
    /// The scalars the fill characters start with, kept by `indexWords`: a text holding none has no blanks. A
    /// dozen values, compared in turn (quicker than hashing each scalar of the text).
    private var fillScalars: [UInt32] = []
    /// Scenario words of period layouts, as the last word of a row label or a header: what the row holds.
    public var scenarios: [(word: String, scenario: Scenario)] {
        didSet { scenariosLongestFirst = Self.longestFirst(scenarios) }
    }
    /// `scenarios`, longest word first (so that "actuals" is tried before "act"), words of one length in their
    /// order; kept in step with it.
    public private(set) var scenariosLongestFirst: [(word: String, scenario: Scenario)]

    private static func longestFirst(_ s: [(word: String, scenario: Scenario)]) -> [(word: String, scenario: Scenario)]
    {
        s.enumerated().sorted { ($0.element.word.count, $1.offset) > ($1.element.word.count, $0.offset) }.map(\.element)
    }

    /// What a row or column of a period layout holds.
    public enum Scenario: String, Sendable, Equatable {
        case prior, actual, target, forecast
    }

    public init(
        totalWords: [String], exampleWords: [String], placeholderFragments: [String], instructionPrefixes: [String],
        signatureWords: [String], taskHeaders: [String], peopleHeaders: [String],
        scenarios: [(word: String, scenario: Scenario)]
    ) {
        self.totalWords = totalWords
        self.exampleWords = exampleWords
        self.placeholderFragments = placeholderFragments
        self.instructionPrefixes = instructionPrefixes
        self.signatureWords = signatureWords
        self.taskHeaders = taskHeaders
        self.peopleHeaders = peopleHeaders
        self.scenarios = scenarios
        self.scenariosLongestFirst = Self.longestFirst(scenarios)
        indexWords()
    }

    /// The sets `isTotal` and `isExample` look labels up in, from the word lists.
    private mutating func indexWords() {
        totalSet = Set(totalWords)
        exampleSet = Set(exampleWords)
        longestExample = exampleWords.map(\.count).max() ?? 0
        exampleEnds = WordEnds(exampleWords)
        signatureEnds = WordEnds(signatureWords)
        instructionEnds = WordEnds(instructionPrefixes)
        fillScalars = Set(fillCharacters.compactMap { $0.unicodeScalars.first?.value }).sorted()
    }

    public static func == (a: ReadingWords, b: ReadingWords) -> Bool {
        a.totalWords == b.totalWords && a.exampleWords == b.exampleWords
            && a.placeholderFragments == b.placeholderFragments
            && a.instructionPrefixes == b.instructionPrefixes && a.signatureWords == b.signatureWords
            && a.taskHeaders == b.taskHeaders
            && a.peopleHeaders == b.peopleHeaders && a.scenarios.map(\.word) == b.scenarios.map(\.word)
            && a.fullPeriodWords == b.fullPeriodWords && a.halfWords.map(\.word) == b.halfWords.map(\.word)
            && a.outlinePrefixes == b.outlinePrefixes && a.fillCharacters == b.fillCharacters
            && a.comparisonMarkers == b.comparisonMarkers && a.relativeWords.map(\.word) == b.relativeWords.map(\.word)
            && a.directionWords.map(\.word) == b.directionWords.map(\.word)
            && a.periodWords.map(\.word) == b.periodWords.map(\.word)
            && a.departmentSuffixes == b.departmentSuffixes && a.departmentCuts == b.departmentCuts
            && a.genericSheetNames == b.genericSheetNames && a.unitNames.map(\.word) == b.unitNames.map(\.word)
            && a.kindWords == b.kindWords
    }

    /// The direction a direction column's match key names (「↑」, 「以上」, "decrease"), if it is one of the words.
    public func direction(named key: String) -> GoalDirection? { directionWords.first { $0.word == key }?.direction }

    /// The period a period column's match key names (「月次」, "quarterly"), if it is one of the words.
    public func period(named key: String) -> GoalPeriod? { periodWords.first { $0.word == key }?.period }

    /// The built-in lists.
    public static let standard = ReadingWords(
        totalWords: [
            "合計", "小計", "総計", "計", "累計合計", "全体合計", "total", "subtotal", "sub total", "sub-total", "grand total", "sum",
            "totals",
        ],
        exampleWords: ["記入例", "入力例", "例", "例)", "例:", "サンプル", "example", "e.g.", "eg", "sample"],
        placeholderFragments: [
            "〇〇", "○○", "△△", "××", "□□", "xxx", "enter kpi", "enter goal", "enter target", "enter your", "type here",
            "入力してください", "記入してください", "を入力", "ここに", "[kpi]", "<kpi>", "tbd", "未定",
        ],
        instructionPrefixes: [
            "※", "注:", "注)", "注意", "(注)", "*", "note:", "notes:", "instruction", "instructions", "how to", "記入方法",
            "記入上の注意", "definition of",
        ],
        signatureWords: [
            "承認", "署名", "捺印", "印", "確認者", "承認者", "作成者", "上長確認", "サイン", "signature", "signed",
            "approved by", "approval", "reviewed by", "employee signature", "manager signature", "review", "reviewer",
            "確認",
            "日付",
        ],
        taskHeaders: [
            "task", "tasks", "taskname", "task name", "タスク", "タスク名", "todo", "to do", "to-do", "やること", "action item",
            "action items", "アクション",
        ],
        peopleHeaders: [
            "email", "e-mail", "mail", "メール", "メールアドレス", "firstname", "first name", "lastname", "last name", "氏名",
            "社員番号", "employee id", "language",
        ],
        scenarios: [
            ("py", .prior), ("prior year", .prior), ("last year", .prior), ("previous year", .prior), ("前年", .prior),
            ("前年実績", .prior), ("前期", .prior), ("前期実績", .prior), ("ly", .prior),
            ("act", .actual), ("actual", .actual), ("actuals", .actual), ("実績", .actual), ("実績値", .actual),
            ("result", .actual),
            ("plan", .target), ("target", .target), ("budget", .target), ("goal", .target), ("計画", .target),
            ("目標", .target),
            ("予算", .target), ("目標値", .target), ("計画値", .target),
            ("fcst", .forecast), ("forecast", .forecast), ("見込", .forecast), ("見込み", .forecast), ("予測", .forecast),
        ]
    )

    /// The scenario a label's last word (or the whole label) names: "No of Staff PY" → prior.
    public func scenario(endingLabel label: String) -> (scenario: Scenario, stem: String)? {
        let t = TextNormalizer.foldWidth(label).trimmingSpaces
        let lower = t.lowercased()
        for (word, sc) in scenariosLongestFirst {
            if lower == word { return (sc, "") }
            guard lower.hasSuffix(word) else { continue }
            let cut = lower.index(lower.endIndex, offsetBy: -word.count)
            let before = lower[..<cut]
            // A word of its own: "Staff PY", "売上_実績", "売上（実績）", never "Display".
            guard let last = before.last,
                last == " " || last == "_" || last == "-" || last == "/" || last == "(" || !last.isASCII
            else { continue }
            let stem = String(t[..<t.index(t.startIndex, offsetBy: before.count)]).trimming(chars: " _-/(")
            if !stem.isEmpty { return (sc, stem) }
        }
        return nil
    }

    /// The scenario a header names exactly ("Actual", "実績", "Plan").
    public func scenario(header: String) -> Scenario? {
        let k = TextNormalizer.foldWidth(header).trimmingSpaces.lowercased()
        return scenarios.first { $0.word == k }?.scenario
    }

    /// How a type column (種別, Type) names a goal's kind: its match key starts with one of `prefixes`, holds one
    /// of `fragments` or is one of `whole`; the first kind that matches.
    public struct KindWords: Sendable, Equatable {
        public var kind: GoalKind
        public var prefixes: [String]
        public var fragments: [String]
        public var whole: [String]

        public init(_ kind: GoalKind, prefixes: [String], fragments: [String] = [], whole: [String] = []) {
            self.kind = kind
            self.prefixes = prefixes
            self.fragments = fragments
            self.whole = whole
        }
    }

    /// The kinds a type column names (KGI, 重要成功要因, KR, 目的 …), in the order they are tried.
    public var kindWords: [KindWords] = [
        KindWords(.kgi, prefixes: ["kgi"], fragments: ["最終目標"]),
        KindWords(.ksf, prefixes: ["ksf", "kfs", "csf"], fragments: ["重要成功要因"]),
        KindWords(.kpi, prefixes: ["kpi"], fragments: ["中間指標", "重要業績"]),
        KindWords(.kr, prefixes: ["kr", "keyresult"], fragments: ["主要な成果", "主要成果"], whole: ["成果指標"]),
        KindWords(.objective, prefixes: ["objective", "目的"], whole: ["o", "obj", "目標(o)"]),
    ]

    /// The kind a type cell's match key names, by `kindWords`.
    public func kind(typeKey k: String) -> GoalKind? {
        var scalars: ScalarText?  // made only when a kind has fragments to look for
        for w in kindWords {
            if w.whole.contains(k) || w.prefixes.contains(where: { k.hasPrefix($0) }) { return w.kind }
            if !w.fragments.isEmpty {
                if scalars == nil { scalars = ScalarText(k) }
                if w.fragments.contains(where: { scalars!.contains($0) }) { return w.kind }
            }
        }
        return nil
    }

    /// Words of metrics that are rates (a percentage when no unit is written).
    public var rateWords: [String] = ["率", "割合", "比率", "rate", "percent of", "percentage of", "share of"]

    /// True when the metric names a rate: 不良率, "Win rate", "Percent of leases …".
    public func isRate(_ metric: String) -> Bool {
        let k = ScalarText(TextNormalizer.foldWidth(metric))
        return rateWords.contains { k.contains($0) }
    }

    /// True when a title column's header names indicators rather than goals.
    public func isMetricHeader(_ header: String) -> Bool {
        let k = ScalarText(TextNormalizer.foldWidth(header))
        return metricHeaders.contains { k.contains($0) }
    }

    /// True when the text is a total label: 合計, "Total", "小計（営業部）".
    public func isTotal(_ text: String) -> Bool { isTotal(key: ReadingWords.key(text)) }

    /// `isTotal` on a text already in `key` form.
    /// A total word alone, before "(" or ":" (「合計(円)」), or after a space (「部門 合計」).
    public func isTotal(key k: String) -> Bool {
        if totalSet.contains(k) { return true }
        // A total word inside the text stands before a "(" or ":" or after a space: a text without one has none.
        guard k.utf8.contains(where: { $0 == 0x28 || $0 == 0x3A || $0 == 0x20 }) else { return false }
        var i = k.startIndex
        while i < k.endIndex {
            let c = k[i]
            let next = k.index(after: i)
            if c == "(" || c == ":", totalSet.contains(String(k[..<i])) { return true }
            if c == " ", totalSet.contains(String(k[next...])) { return true }
            i = next
        }
        return false
    }

    /// True when the text marks an example row: 記入例, 例）, "Example:".
    public func isExample(_ text: String) -> Bool { isExample(key: ReadingWords.key(text)) }

    /// `isExample` on a text already in `key` form.
    /// An example word alone, or starting the text before a break (「例)」「記入例：」, or anything after a Japanese word).
    public func isExample(key k: String) -> Bool {
        if exampleSet.contains(k) { return true }
        if let ends = exampleEnds, !ends.mayStart(k) { return false }
        var end = k.startIndex
        for _ in 0..<longestExample {
            guard end < k.endIndex else { return false }
            end = k.index(after: end)
            guard end < k.endIndex else { return false }
            let w = k[..<end]
            if exampleSet.contains(String(w)), ":：)）】] 　.-".contains(k[end]) || !(w.last?.isASCII ?? true) {
                return true
            }
        }
        return false
    }

    /// True when the text is a template placeholder.
    public func isPlaceholder(_ text: String) -> Bool {
        let k = ScalarText(TextNormalizer.foldWidth(text))
        return placeholderFragments.contains { k.contains($0) }
    }

    /// True when at least 40% of the text's characters are blanks to fill in (a form line, not a goal).
    public func isFillIn(_ text: String) -> Bool {
        guard text.unicodeScalars.contains(where: { fillScalars.contains($0.value) }) else { return false }
        var characters = 0
        var blanks = 0
        for c in text where !c.isWhitespace {
            characters += 1
            if fillCharacters.contains(c) { blanks += 1 }
        }
        return characters >= 4 && blanks * 5 >= characters * 2
    }

    /// True when the text is a note or an instruction.
    public func isInstruction(_ text: String) -> Bool { isInstruction(key: ReadingWords.key(text)) }

    /// `isInstruction` on a text already in `key` form.
    public func isInstruction(key k: String) -> Bool {
        if let ends = instructionEnds, !ends.mayStart(k) { return false }
        return instructionPrefixes.contains { k.hasPrefix($0) }
    }

    /// True when the text is a signature or approval label.
    public func isSignature(_ text: String) -> Bool { isSignature(key: ReadingWords.key(text)) }

    /// `isSignature` on a text already in `key` form.
    public func isSignature(key: String) -> Bool {
        let k = key.trimming(chars: ":：")
        // Each test below needs the label to start or end as a word does.
        if let ends = signatureEnds, !ends.mayTouch(k) { return false }
        let length = k.count
        return signatureWords.contains { w in
            // The word, the word and a space first, or the word last in a short label (「部長承認」).
            if k == w { return true }
            if k.hasPrefix(w), k.dropFirst(w.count).first == " " { return true }
            return length <= w.count + 4 && k.hasSuffix(w)
        }
    }

    /// The form words are compared in: width-folded, trimmed, lower-cased.
    public static func key(_ text: String) -> String { TextNormalizer.foldWidth(text).trimmingSpaces.lowercased() }
}

extension String {
    /// The string without the given characters at either end, then without spaces.
    public func trimming(chars set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s).trimmingSpaces
    }
}
