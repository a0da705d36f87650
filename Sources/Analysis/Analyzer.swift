import GoalModel
import Normalize

/// The language of messages: Japanese, English, or each node's own sheet's.
public enum MessageLanguage: String, Sendable, CaseIterable {
    case ja, en
}

/// Settings of an analysis run.
public struct AnalysisOptions: Sendable {
    public var asOf: CalendarDate
    public var fiscal: FiscalCalendar
    /// Status tolerance (share of the period).
    public var tolerance: Double
    /// Relative tolerance of KPI-tree arithmetic and allocation sums.
    public var treeTolerance: Double
    public var lexicon: Lexicon
    /// Forces the language of messages; nil follows each sheet.
    public var language: MessageLanguage?

    public init(asOf: CalendarDate, fiscal: FiscalCalendar = FiscalCalendar(), tolerance: Double = 0.1, treeTolerance: Double = 0.05,
                lexicon: Lexicon = .standard, language: MessageLanguage? = nil) {
        self.asOf = asOf
        self.fiscal = fiscal
        self.tolerance = tolerance
        self.treeTolerance = treeTolerance
        self.lexicon = lexicon
        self.language = language
    }
}

/// Per-department counts (departments.csv).
public struct DepartmentSummary: Sendable, Equatable {
    public var department: String
    public var goals: Int
    public var aligned: Int
    public var orphans: Int
    public var activityMetrics: Int
    public var meanScore: Double?
    public var statusCounts: [GoalStatus: Int]
}

/// Everything an analysis found.
public struct AnalyzedRun: Sendable {
    public var model: GoalModelRun
    public var gaps: [String: GapResult]
    /// Node id → the company objective, KGI or KR it traces to (nil for orphans and company nodes' roots).
    public var alignedTo: [String: String]
    public var findings: [Finding]
    public var company: GapResult
    public var departments: [DepartmentSummary]
    /// Company objectives, KGIs and KRs, in model order: the columns of the coverage map.
    public var companyTargets: [GoalNode]
    /// department → company node id → number of contributing goals.
    public var coverage: [String: [String: Int]]
    public var options: AnalysisOptions

    /// Positions in `findings` of each node's findings.
    public var findingIndex: [String: [Int]] = [:]
    /// Positions in `findings` of the findings located in each input (by file path).
    public var findingFileIndex: [String: [Int]] = [:]
    /// Positions in `model.nodes` of each input's nodes (by file path).
    public var nodeIndex: [String: [Int]] = [:]
    /// Company-level nodes by id.
    public var companyByID: [String: GoalNode] = [:]

    /// Findings about one node, in order.
    public func findings(of id: String) -> [Finding] { (findingIndex[id] ?? []).map { findings[$0] } }

    /// One input's nodes, in model order.
    public func nodes(of file: String) -> [GoalNode] { (nodeIndex[file] ?? []).map { model.nodes[$0] } }
}

/// Gap and alignment analysis over a normalized run.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions) { self.options = options }

    public func analyze(_ input: GoalModelRun) -> AnalyzedRun {
        var model = input
        if model.nodes.contains(where: \.currentFromPeriods) { model.nodes = model.nodes.map { PeriodCurrent.at(options.asOf, $0) } }
        let nodes = model.nodes
        let gapAnalyzer = GapAnalyzer(asOf: options.asOf, fiscal: options.fiscal, tolerance: options.tolerance)
        let gaps = gapAnalyzer.analyze(nodes)
        var ctx = RuleContext(nodes: nodes, gaps: gaps, options: options)
        ctx.computeChains()
        ctx.runAllRules()
        let companyTargets = nodes.filter { $0.level == .company && [.objective, .kgi, .kr].contains($0.kind) }
        var coverage: [String: [String: Int]] = [:]
        for n in nodes where n.level != .company {
            for c in ctx.chain[n.id] ?? [] where ctx.byID[c]?.level == .company {
                coverage[n.department, default: [:]][c, default: 0] += 1
            }
        }
        var result = AnalyzedRun(model: model, gaps: gaps, alignedTo: ctx.alignedTo, findings: model.warnings + ctx.findings,
                                 company: gapAnalyzer.companyRollUp(nodes, gaps: gaps), departments: ctx.departmentSummaries(),
                                 companyTargets: companyTargets, coverage: coverage, options: options)
        for (i, f) in result.findings.enumerated() {
            if let id = f.nodeID { result.findingIndex[id, default: []].append(i) }
            if let file = f.location?.file { result.findingFileIndex[file, default: []].append(i) }
        }
        for (i, n) in nodes.enumerated() {
            result.nodeIndex[n.source.file, default: []].append(i)
            if n.level == .company, result.companyByID[n.id] == nil { result.companyByID[n.id] = n }
        }
        return result
    }
}

/// Concept groups for ranking link candidates: a department goal and a company goal that share a group
/// are likely related even when their words differ (利用継続率 → 解約率).
let conceptGroups: [[String]] = [
    ["満足", "nps", "csat", "評価", "satisfaction", "スコア"],
    ["解約", "継続", "離脱", "退会", "churn", "retention", "定着", "オンボーディング", "onboarding"],
    ["対応時間", "応答", "解決", "問い合わせ", "サポート", "support", "response", "ticket", "エスカレーション", "対応"],
    ["売上", "受注", "商談", "契約", "revenue", "sales", "deal", "単価", "顧客獲得", "リード", "lead"],
    ["障害", "停止", "バグ", "品質", "downtime", "incident", "bug", "カバレッジ", "coverage"],
    ["機能", "実装", "リリース", "feature", "要望", "開発"],
]

/// The rules, over one run.
struct RuleContext {
    let nodes: [GoalNode]
    let gaps: [String: GapResult]
    let options: AnalysisOptions
    var byID: [String: GoalNode] = [:]
    var findings: [Finding] = []
    /// Node id → the ids above it (parents, or its objective when it has no parent), nearest first.
    var chain: [String: [String]] = [:]
    var alignedTo: [String: String] = [:]
    var orphans = Set<String>()
    var activity = Set<String>()
    /// Company goals a department goal may link to, and each department's aligned objectives.
    var linkTargets: [GoalNode] = []
    var alignedObjectives: [String: [GoalNode]] = [:]
    /// Node id → the nodes whose parent or group it is.
    var children: [String: [GoalNode]] = [:]
    /// Bigram profiles (metric or title, and title) of the link targets, and the concept groups each names.
    var profiles: [String: (BigramProfile, BigramProfile)] = [:]
    var targetGroups: [String: Set<Int>] = [:]

    init(nodes: [GoalNode], gaps: [String: GapResult], options: AnalysisOptions) {
        self.nodes = nodes
        self.gaps = gaps
        self.options = options
        for n in nodes {
            byID[n.id] = n
            if n.level == .company && n.kind != .ksf { linkTargets.append(n) }
            if let g = n.groupID { children[g, default: []].append(n) }
            if let p = n.parentID, p != n.groupID { children[p, default: []].append(n) }
        }
    }

    var lexicon: Lexicon { options.lexicon }

    func ja(_ n: GoalNode) -> Bool { options.language.map { $0 == .ja } ?? n.isJapanese }

    /// "KR2 解約率（月次）": the id as the sheet writes it, and the title.
    func label(_ n: GoalNode) -> String { (n.localID ?? n.id) + " " + n.title }

    func v(_ x: Double, _ n: GoalNode, per: GoalPeriod? = nil) -> String { ValueText.format(x, n.unit, per: per, japanese: ja(n)) }

    mutating func add(_ rule: RuleID, _ severity: Severity, _ n: GoalNode, field: GoalField = .title, ja jaText: String, en enText: String,
                      suggestion: (String, String)? = nil) {
        let j = ja(n)
        findings.append(Finding(rule: rule, severity: severity, nodeID: n.id, location: n.location(of: field),
                                message: j ? jaText : enText, suggestion: suggestion.map { j ? $0.0 : $0.1 } ?? ""))
    }

    mutating func computeChains() {
        for n in nodes {
            var seen = Set<String>([n.id])
            var out: [String] = []
            var cur = n
            while let next = cur.parentID ?? cur.groupID, !seen.contains(next), let p = byID[next] {
                out.append(next)
                seen.insert(next)
                cur = p
            }
            chain[n.id] = out
            if let c = out.first(where: { byID[$0]?.level == .company }) { alignedTo[n.id] = c }
        }
        // An objective without a parent is aligned through its key results.
        for n in nodes where n.level != .company && alignedTo[n.id] == nil && n.kind.isQualitative {
            if let kid = children[n.id]?.first(where: { alignedTo[$0.id] != nil }) {
                alignedTo[n.id] = alignedTo[kid.id]
            }
        }
        for n in nodes where n.level != .company && n.kind == .objective && alignedTo[n.id] != nil {
            alignedObjectives[n.department, default: []].append(n)
        }
        for c in linkTargets + alignedObjectives.values.joined() {
            profiles[c.id] = (BigramProfile(c.metric.isEmpty ? c.title : c.metric), BigramProfile(c.title))
            targetGroups[c.id] = RuleContext.conceptGroupIndices(c)
        }
    }

    /// The indices of the concept groups (`conceptGroups`) that a goal's title or metric names.
    static func conceptGroupIndices(_ n: GoalNode) -> Set<Int> {
        let lower = TextNormalizer.foldWidth(n.title + " " + n.metric).lowercased()
        return Set(conceptGroups.indices.filter { conceptGroups[$0].contains { lower.contains($0) } })
    }

    mutating func runAllRules() {
        parentRules()
        orphanAndActivity()
        uncovered()
        directionConflicts()
        duplicateMetrics()
        treeRules()
        allocation()
        smart()
        statusRules()
    }

    // MARK: parents

    mutating func parentRules() {
        for n in nodes where !n.parentRef.isEmpty {
            if n.parentID == nil {
                add(.unresolvedParent, .error, n, field: .parent,
                    ja: "上位目標「\(n.parentRef)」が見つかりません", en: "parent '\(n.parentRef)' names no goal")
            } else if n.parentMatch == .fuzzy, let p = byID[n.parentID!] {
                add(.fuzzyParent, .info, n, field: .parent,
                    ja: "上位目標「\(n.parentRef)」を近い名前の \(label(p)) と見なしました", en: "parent '\(n.parentRef)' matched approximately to \(label(p))",
                    suggestion: ("上位の欄にIDで \(p.localID ?? p.id) と書くと確実です", "write the id \(p.localID ?? p.id) in the parent column to be sure"))
            }
        }
    }

    // MARK: orphans and activity metrics

    func isNumeric(_ n: GoalNode) -> Bool { !n.kind.isQualitative }

    func isActivity(_ n: GoalNode) -> Bool {
        guard n.level != .company, isNumeric(n), n.direction?.lowerIsBetter != true else { return false }
        let text = n.metric.isEmpty ? n.title : n.metric
        guard Lexicon.firstMatch(in: text, of: lexicon.activityWords) != nil else { return false }
        let outcome = ["率", "満足", "時間", "日数", "単価", "スコア", "nps", "継続", "解約", "品質", "rate", "time", "satisfaction", "score",
                       "retention", "churn", "平均", "average", "ltv"]
        return Lexicon.firstMatch(in: text, of: outcome) == nil
    }

    /// Company goals (and the department's own aligned goals) ranked by likeness to `n`.
    func candidates(for n: GoalNode) -> [(GoalNode, Double)] {
        let text = n.metric.isEmpty ? n.title : n.metric
        let groups = RuleContext.conceptGroupIndices(n)
        var out: [(GoalNode, Double)] = []
        // Company goals, and the department's own aligned objectives (linking under one aligns the goal).
        let textProfile = BigramProfile(text), titleProfile = BigramProfile(n.title)
        for c in linkTargets + (alignedObjectives[n.department] ?? []) where c.id != n.id {
            let cp = profiles[c.id] ?? (BigramProfile(c.metric.isEmpty ? c.title : c.metric), BigramProfile(c.title))
            var s = max(textProfile.dice(cp.0), titleProfile.dice(cp.1))
            if !groups.isDisjoint(with: targetGroups[c.id] ?? RuleContext.conceptGroupIndices(c)) { s += 0.35 }
            if s >= 0.2 { out.append((c, s)) }
        }
        return out.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.source.row < $1.0.source.row) }.prefix(3).map { $0 }
    }

    mutating func orphanAndActivity() {
        for n in nodes where n.level != .company {
            if alignedTo[n.id] == nil {
                orphans.insert(n.id)
                let cands = candidates(for: n)
                let ja = cands.isEmpty ? "近い全社目標は見つかりません" : "おそらく " + label(cands[0].0)
                    + (cands.count > 1 ? "（ほかの候補: " + cands.dropFirst().map { label($0.0) }.joined(separator: "、") + "）" : "")
                let en = cands.isEmpty ? "no close company goal" : "probably " + label(cands[0].0)
                    + (cands.count > 1 ? " (also: " + cands.dropFirst().map { label($0.0) }.joined(separator: ", ") + ")" : "")
                add(.orphanGoal, .warning, n, ja: "どの全社目標（Objective・KGI・KR）にもつながっていません",
                    en: "traces to no company objective, KGI or KR", suggestion: (ja, en))
            }
            if isActivity(n) {
                activity.insert(n.id)
                let orphan = orphans.contains(n.id)
                add(.activityMetric, orphan ? .warning : .info, n,
                    ja: orphan ? "部署の作業量を数える目標で、成果につながっていません（「\(n.metric.isEmpty ? n.title : n.metric)」）"
                        : "部署の作業量を数える目標です（「\(n.metric.isEmpty ? n.title : n.metric)」）。成果指標と組み合わせてください",
                    en: orphan ? "counts the department's own output and links to no outcome ('\(n.metric.isEmpty ? n.title : n.metric)')"
                        : "counts the department's own output ('\(n.metric.isEmpty ? n.title : n.metric)'); pair it with an outcome",
                    suggestion: ("成果（顧客や売上に起きる変化）で測る目標に書き換えてください", "restate it as an outcome for customers or revenue"))
            }
        }
    }

    mutating func uncovered() {
        var covered = Set<String>()
        for n in nodes where n.level != .company { for c in chain[n.id] ?? [] { covered.insert(c) } }
        for c in nodes where c.level == .company && [.objective, .kgi, .kr].contains(c.kind) && !covered.contains(c.id) {
            add(.uncoveredObjective, .warning, c, ja: "この全社目標に貢献する部署の目標がありません", en: "no department goal contributes to this company goal")
        }
    }

    // MARK: metrics across departments

    func sameMetric(_ a: GoalNode, _ b: GoalNode) -> Bool {
        sameMetric(TextSimilarity.key(a.metric), a.metric, TextSimilarity.key(b.metric), b.metric)
    }

    func sameMetric(_ ka: String, _ a: String, _ kb: String, _ b: String) -> Bool {
        guard ka.count >= 2, kb.count >= 2 else { return false }
        if ka == kb { return true }
        if ka.count >= 3 && kb.hasSuffix(ka) || kb.count >= 3 && ka.hasSuffix(kb) { return true }
        return TextSimilarity.dice(a, b) >= 0.8
    }

    mutating func directionConflicts() {
        let company = nodes.filter { $0.level == .company && isNumeric($0) && $0.direction != nil && !$0.metric.isEmpty }
        let companyKeys = company.map { TextSimilarity.key($0.metric) }
        for n in nodes where n.level != .company && isNumeric(n) {
            guard let d = n.direction, !n.metric.isEmpty else { continue }
            let key = TextSimilarity.key(n.metric)
            for (ci, c) in company.enumerated() where c.direction!.lowerIsBetter != d.lowerIsBetter && sameMetric(key, n.metric, companyKeys[ci], c.metric) {
                add(.directionConflict, .error, n, field: .target,
                    ja: "全社目標 \(label(c)) と同じ指標を逆方向に動かそうとしています（全社: \(c.direction!.rawValue)、部署: \(d.rawValue)）",
                    en: "pulls the same metric as company goal \(label(c)) the other way (company: \(c.direction!.rawValue), department: \(d.rawValue))")
                break
            }
        }
    }

    mutating func duplicateMetrics() {
        var groups: [String: [GoalNode]] = [:]
        var order: [String] = []
        for n in nodes where n.level != .company && isNumeric(n) && !n.metric.isEmpty {
            let k = TextSimilarity.key(n.metric)
            guard k.count >= 2 else { continue }
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(n)
        }
        for k in order {
            let g = groups[k]!
            let depts = Set(g.map(\.department))
            guard depts.count >= 2 else { continue }
            let parents = Set(g.map { $0.parentID ?? "" })
            if parents.count == 1, parents.first != "" { continue }
            // Name up to three owners from other departments (a metric can be in hundreds of sheets).
            var firstOwners: [GoalNode] = []
            for m in g where !firstOwners.contains(where: { $0.department == m.department }) {
                firstOwners.append(m)
                if firstOwners.count == 4 { break }
            }
            for n in g.dropFirst() {
                let named = firstOwners.filter { $0.department != n.department }.prefix(3)
                var others = named.map { "\($0.department) \($0.localID ?? $0.id)" }
                if depts.count - 1 > named.count { others.append(ja(n) ? "ほか\(depts.count - 1 - named.count)部署" : "\(depts.count - 1 - named.count) more departments") }
                add(.duplicateMetric, .warning, n, field: .title,
                    ja: "同じ指標「\(n.metric)」を他部署も持っています（\(others.joined(separator: "、"))）。共通の上位目標がありません",
                    en: "the metric '\(n.metric)' is also owned by \(others.joined(separator: ", ")) with no shared parent")
            }
        }
    }

    // MARK: KPI trees

    mutating func treeRules() {
        let tol = options.treeTolerance
        for n in nodes where n.formula != nil {
            if !n.formulaUnresolved.isEmpty {
                add(.treeUnresolved, .error, n, field: .formula,
                    ja: "算出式が存在しない指標を参照しています: \(n.formulaUnresolved.joined(separator: ", "))",
                    en: "the formula names unknown goals: \(n.formulaUnresolved.joined(separator: ", "))")
                continue
            }
            let f = n.formula!.description
            if let t = n.target, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.target }),
               abs(implied - t) > tol * max(abs(t), 1e-9) {
                let gap = implied - t
                add(.treeInconsistent, .error, n, field: .target,
                    ja: "目標 \(v(t, n)) が算出式 \(f) の目標値から求まる \(v(implied, n)) と合いません（差 \(gap > 0 ? "+" : "")\(v(gap, n))、\(ValueText.rounded(implied / t))倍）",
                    en: "target \(v(t, n)) does not match \(v(implied, n)) implied by \(f) over the targets (gap \(gap > 0 ? "+" : "")\(v(gap, n)), \(ValueText.rounded(implied / t))x)",
                    suggestion: solveSuggestion(n, goal: t, pick: { $0.target }))
            }
            if let c = n.current, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.current }),
               abs(implied - c) > tol * max(abs(c), 1e-9) {
                let gap = implied - c
                add(.treeInconsistent, .warning, n, field: .current,
                    ja: "現状 \(v(c, n)) が算出式 \(f) の現状値から求まる \(v(implied, n)) と合いません（差 \(gap > 0 ? "+" : "")\(v(gap, n))）",
                    en: "current \(v(c, n)) does not match \(v(implied, n)) implied by \(f) over the currents (gap \(gap > 0 ? "+" : "")\(v(gap, n)))",
                    suggestion: leverSuggestion(n))
            }
            // Where the tree stands: which child moves the node most, and what would close the gap.
            if let t = n.target, let implied = TreeArithmetic.implied(n, by: byID, pick: { $0.current }),
               (n.direction?.lowerIsBetter == true ? implied > t : implied < t) {
                let (ja, en) = leverSuggestion(n)
                add(.treeLever, .info, n, field: .current,
                    ja: "現状値から求まる \(v(implied, n)) は目標 \(v(t, n)) に届きません（達成率 \(ValueText.percent(implied / t))）",
                    en: "the currents imply \(v(implied, n)), short of the target \(v(t, n)) (\(ValueText.percent(implied / t)) attained)",
                    suggestion: (ja, en))
            }
        }
    }

    /// For each child at its target (others as they are now), how far the node moves; and for the
    /// biggest lever, the value of that child alone that reaches the node's target.
    func leverSuggestion(_ n: GoalNode) -> (String, String) {
        guard let f = n.formula, let t = n.target, let now = TreeArithmetic.implied(n, by: byID, pick: { $0.current }) else { return ("", "") }
        var best: (GoalNode, Double)?
        for ref in f.references {
            guard let child = byID[ref], let ct = child.target else { continue }
            guard let moved = TreeArithmetic.implied(n, by: byID, pick: { $0.current },
                                                     override: (ref, TreeArithmetic.arithmeticValue(ct, unit: child.unit))) else { continue }
            let gain = moved - now
            if best == nil || abs(gain) > abs(best!.1) { best = (child, gain) }
        }
        guard let (lever, gain) = best else { return ("", "") }
        let j = ja(n)
        var text = j ? "最も効くのは \(label(lever))（目標値まで戻すと \(gain >= 0 ? "+" : "")\(v(gain, n))）"
                     : "the biggest lever is \(label(lever)) (at its target: \(gain >= 0 ? "+" : "")\(v(gain, n)))"
        if let x = TreeArithmetic.solve(n, for: lever.id, goal: t, by: byID, pick: { $0.current }) {
            text += j ? "。他が現状のまま目標 \(v(t, n)) に届くには \(lever.localID ?? lever.id) が \(ValueText.format(x, lever.unit, per: lever.per, japanese: true)) 必要"
                      : "; with the others as they are, reaching \(v(t, n)) takes \(lever.localID ?? lever.id) at \(ValueText.format(x, lever.unit, per: lever.per, japanese: false))"
        }
        return (text, text)
    }

    func solveSuggestion(_ n: GoalNode, goal: Double, pick: (GoalNode) -> Double?) -> (String, String) {
        guard let f = n.formula else { return ("", "") }
        var ja: [String] = [], en: [String] = []
        for ref in f.references {
            guard let child = byID[ref], let x = TreeArithmetic.solve(n, for: ref, goal: goal, by: byID, pick: pick) else { continue }
            ja.append("\(child.localID ?? child.id) \(child.title)を \(ValueText.format(x, child.unit, per: child.per, japanese: true))")
            en.append("\(child.localID ?? child.id) \(child.title) at \(ValueText.format(x, child.unit, per: child.per, japanese: false))")
        }
        guard !ja.isEmpty else { return ("", "") }
        return ("目標と合わせるには、いずれか一つを: " + ja.joined(separator: "、"), "to match the target, one of: " + en.joined(separator: ", "))
    }

    // MARK: allocation

    mutating func allocation() {
        for c in nodes where c.level == .company && isNumeric(c) {
            guard let t = c.target, Lexicon.firstMatch(in: c.metric.isEmpty ? c.title : c.metric, of: lexicon.additiveMetrics) != nil else { continue }
            let parts = nodes.filter { $0.level != .company && $0.parentID == c.id && $0.target != nil && $0.unit == c.unit && $0.direction?.lowerIsBetter != true }
            guard !parts.isEmpty else { continue }
            var sum = 0.0
            for p in parts {
                var x = p.target!
                if let pp = p.per, let cp = c.per { x *= cp.months / pp.months }
                sum += x
            }
            guard abs(sum - t) > options.treeTolerance * abs(t) else { continue }
            let depts = parts.map { "\($0.department) \(v($0.target!, $0, per: $0.per))" }.joined(separator: ja(c) ? "、" : ", ")
            add(.allocationGap, .warning, c, field: .target,
                ja: "部署目標の合計 \(v(sum, c)) が全社目標 \(v(t, c)) に対して\(sum < t ? "不足" : "超過")しています（差 \(v(sum - t, c))。内訳: \(depts)）",
                en: "department targets add up to \(v(sum, c)), \(sum < t ? "short of" : "over") the company target \(v(t, c)) (gap \(v(sum - t, c)); \(depts))")
        }
    }

    // MARK: SMART

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

    // MARK: status

    mutating func statusRules() {
        for n in nodes where isNumeric(n) {
            guard let g = gaps[n.id] else { continue }
            let (ja, en) = RuleContext.paceDetail(g)
            switch g.status {
            case .offTrack where g.progress == nil && g.met == false:
                add(.offTrack, .warning, n, field: .current, ja: "基準を満たしていません（現状 \(v(n.current!, n))、基準 \(v(n.target!, n, per: n.per))\(n.direction == .atMost ? "以内" : "以上")）",
                    en: "the bound is not met (current \(v(n.current!, n)), bound \(n.direction == .atMost ? "at most" : "at least") \(v(n.target!, n, per: n.per)))")
            case .offTrack:
                add(.offTrack, .warning, n, field: .current, ja: "遅れています" + ja, en: "off track" + en)
            case .overdue:
                let (dja, den) = RuleContext.paceDetail(g, elapsed: false)
                add(.offTrack, .warning, n, field: .due, ja: "期限 \(n.due ?? g.inferredDue!) を過ぎて未達です" + dja, en: "overdue since \(n.due ?? g.inferredDue!)" + den)
            case .atRisk:
                add(.atRisk, .info, n, field: .current, ja: "やや遅れています" + ja, en: "at risk" + en)
            default: break
            }
        }
    }

    /// 「（進捗率 36%、期間の経過 75.3%）」 / " (progress 36%, time elapsed 75.3%)": only the figures there are
    /// (「（達成率 62.8%）」 where there is no progress), and nothing at all when there are none.
    static func paceDetail(_ g: GapResult, elapsed: Bool = true) -> (ja: String, en: String) {
        var ja: [String] = [], en: [String] = []
        if let p = g.progress {
            ja.append("進捗率 \(ValueText.percent(p))"); en.append("progress \(ValueText.percent(p))")
        } else if let a = g.attainment {
            ja.append("達成率 \(ValueText.percent(a))"); en.append("attainment \(ValueText.percent(a))")
        }
        // The elapsed share is what progress is judged against; 達成率 alone (no baseline) is judged against 1.
        if elapsed, g.progress != nil, let e = g.expected {
            ja.append("期間の経過 \(ValueText.percent(e))"); en.append("time elapsed \(ValueText.percent(e))")
        }
        return ja.isEmpty ? ("", "") : ("（" + ja.joined(separator: "、") + "）", " (" + en.joined(separator: ", ") + ")")
    }

    func departmentSummaries() -> [DepartmentSummary] {
        var order: [String] = []
        var groups: [String: [GoalNode]] = [:]
        for n in nodes where n.level != .company {
            if groups[n.department] == nil { order.append(n.department) }
            groups[n.department, default: []].append(n)
        }
        return order.map { d in
            let g = groups[d]!
            var counts: [GoalStatus: Int] = [:]
            var scores: [Double] = []
            for n in g where isNumeric(n) {
                let r = gaps[n.id] ?? GapResult()
                counts[r.status, default: 0] += 1
                if let s = r.score { scores.append(s) }
            }
            return DepartmentSummary(department: d, goals: g.count, aligned: g.filter { alignedTo[$0.id] != nil }.count,
                                     orphans: g.filter { orphans.contains($0.id) }.count, activityMetrics: g.filter { activity.contains($0.id) }.count,
                                     meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count), statusCounts: counts)
        }
    }
}

/// A period layout's current value as of the run: the latest period with an actual that had begun by then.
enum PeriodCurrent {
    static func at(_ asOf: CalendarDate, _ node: GoalNode) -> GoalNode {
        guard node.currentFromPeriods, let latest = PeriodValue.latestActual(node.periods, asOf: asOf) else { return node }
        var n = node
        n.current = latest.actual
        n.asOf = latest.end.map { min($0, asOf) } ?? n.asOf
        return n
    }
}
