import GoalModel
import GoalSheetSupport
import Synchronization

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

    public init(
        asOf: CalendarDate, fiscal: FiscalCalendar = FiscalCalendar(), tolerance: Double = 0.1,
        treeTolerance: Double = 0.05,
        lexicon: Lexicon = .standard, language: MessageLanguage? = nil
    ) {
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
    /// The findings; changing them drops the index of each goal's findings, made again when next asked for.
    public var findings: [Finding] { didSet { findingsByGoal = FindingsByGoal() } }
    public var company: GapResult
    public var departments: [DepartmentSummary]
    /// Company objectives, KGIs and KRs, in model order: the columns of the coverage map.
    public var companyTargets: [GoalNode]
    /// department → company node id → number of contributing goals.
    public var coverage: [String: [String: Int]]
    public var options: AnalysisOptions

    /// Positions in `findings` of each node's findings, made the first time they are asked for (model.json
    /// does; an annotated workbook does not).
    public var findingIndex: [String: [Int]] { findingsByGoal.index(of: findings) }
    fileprivate var findingsByGoal = FindingsByGoal()
    /// Positions in `findings` of the findings located in each input (by file path).
    public var findingFileIndex: [String: [Int]] = [:]
    /// Positions in `model.nodes` of each input's nodes (by file path).
    public var nodeIndex: [String: [Int]] = [:]
    /// Company-level nodes by id.
    public var companyByID: [String: GoalNode] = [:]

    /// Findings a run may keep the words of (`keepFindingTexts`): at about 300 bytes each, 30 MB at most.
    public static let keptTextLimit = 100_000

    /// Makes each finding's catalog words once, on `jobs` threads, and keeps them, for a run whose outputs each
    /// read them (model.json, findings.csv, the summaries, every workbook's notes). A run of more than `limit`
    /// findings (a 100,000-row sheet has 400,000) keeps none: its words are made each time they are read.
    public mutating func keepFindingTexts(jobs: Int, limit: Int = AnalyzedRun.keptTextLimit) {
        guard findings.count <= limit else { return }
        let all = findings
        findings = ParallelWork.mapChunked(count: all.count, jobs: jobs, chunk: ParallelWork.defaultChunk) {
            all[$0].withTextKept()
        }
    }

    /// Findings about one node, in order.
    public func findings(of id: String) -> [Finding] { (findingIndex[id] ?? []).map { findings[$0] } }

    /// One input's nodes, in model order.
    public func nodes(of file: String) -> [GoalNode] { (nodeIndex[file] ?? []).map { model.nodes[$0] } }
}

/// Gap and alignment analysis over a normalized run.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions
    /// Threads the per-goal work of a large run (gaps, orphans' likely parents, direction checks) is shared out
    /// over; the result is the same for any number.
    public var jobs = 1

    public init(options: AnalysisOptions, jobs: Int = 1) {
        self.options = options
        self.jobs = jobs
    }

    public func analyze(_ input: GoalModelRun) -> AnalyzedRun {
        var model = input
        if model.nodes.contains(where: \.currentFromPeriods) {
            model.nodes = model.nodes.map { PeriodCurrent.at(options.asOf, $0) }
        }
        let nodes = model.nodes
        var gapAnalyzer = GapAnalyzer(asOf: options.asOf, fiscal: options.fiscal, tolerance: options.tolerance)
        gapAnalyzer.jobs = jobs
        // The gaps and the chains up to the company are independent: each is worked out beside the other.
        let (gaps, chained) = ParallelWork.pair(jobs: jobs) { [gapAnalyzer] in
            gapAnalyzer.analyze(nodes)
        } _: { [options, jobs] in
            var c = RuleContext(nodes: nodes, options: options)
            c.jobs = jobs
            c.computeChains()
            return c
        }
        var ctx = chained
        ctx.gaps = gaps
        ctx.runAllRules()
        let companyTargets = nodes.filter { $0.level == .company && [.objective, .kgi, .kr].contains($0.kind) }
        let findings = model.warnings + ctx.findings
        let tallies = ctx.tallies()
        // The run's summaries and its look-up tables by file are independent: they are made at the same time.
        let (summaries, places) = ParallelWork.pair(jobs: jobs) { [ctx, gapAnalyzer] in
            (
                coverage: ctx.coverage(tallies), departments: ctx.departmentSummaries(tallies),
                company: gapAnalyzer.companyRollUp(nodes, gaps: gaps)
            )
        } _: {
            RunIndexes.Places(findings: findings, nodes: nodes)
        }
        var result = AnalyzedRun(
            model: model, gaps: gaps, alignedTo: ctx.alignedTo, findings: findings, company: summaries.company,
            departments: summaries.departments, companyTargets: companyTargets, coverage: summaries.coverage,
            options: options)
        result.findingFileIndex = places.findingFileIndex
        result.nodeIndex = places.nodeIndex
        result.companyByID = places.companyByID
        // The context's tables (a large run's chains, children and look-ups by id) are freed on another thread
        // while the outputs start; the copy handed over holds no nodes (the result holds them).
        var spent = ctx
        spent.nodes = []
        BackgroundRelease.release(spent)
        return result
    }
}

/// The positions of each goal's findings, made once, on the first call, by whichever thread asks first.
final class FindingsByGoal: Sendable {
    private let made = Mutex<[String: [Int]]?>(nil)

    func index(of findings: [Finding]) -> [String: [Int]] {
        made.withLock { index in
            if let index { return index }
            let built = RunIndexes.findingsByNode(findings)
            index = built
            return built
        }
    }
}

/// An analyzed run's look-up tables: findings by goal and by file, goals by file, company goals by id.
enum RunIndexes {
    /// Positions of each goal's findings, by its id.
    static func findingsByNode(_ findings: [Finding]) -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        for (i, f) in findings.enumerated() {
            if let id = f.nodeID { index[id, default: []].append(i) }
        }
        return index
    }

    /// Findings and goals by file, company goals by id.
    struct Places: Sendable {
        var findingFileIndex: [String: [Int]] = [:]
        var nodeIndex: [String: [Int]] = [:]
        var companyByID: [String: GoalNode] = [:]

        init(findings: [Finding], nodes: [GoalNode]) {
            // A file's findings mostly come together: they join its list a run at a time.
            var same: (file: String, findings: [Int])?
            func flush() { if let s = same { findingFileIndex[s.file, default: []] += s.findings } }
            for (i, f) in findings.enumerated() {
                guard let file = f.location?.file else { continue }
                if same?.file == file {
                    same!.findings.append(i)
                } else {
                    flush()
                    same = (file, [i])
                }
            }
            flush()
            for (i, n) in nodes.enumerated() {
                nodeIndex[n.source.file, default: []].append(i)
                if n.level == .company, companyByID[n.id] == nil { companyByID[n.id] = n }
            }
        }
    }
}

/// The rules, over one run.
struct RuleContext: Sendable {
    /// The run's nodes (emptied in the copy `Analyzer.analyze` frees on another thread).
    var nodes: [GoalNode]
    /// Each goal's gap, set once the chains are made (the rules after them read it).
    var gaps: [String: GapResult] = [:]
    let options: AnalysisOptions
    var byID: [String: GoalNode] = [:]
    var findings: [Finding] = []
    /// Node id → the ids above it (parents, or its objective when it has no parent), nearest first; absent for none.
    var chain: [String: [String]] = [:]
    var alignedTo: [String: String] = [:]
    /// Each department goal's flags (the nodes not of the company, in model order), set by `orphanAndActivity`.
    var goalFlags: [GoalFlags] = []
    /// Node id → the nodes whose parent or group it is.
    var children: [String: [GoalNode]] = [:]
    /// The company goals a department goal may link to, with what a goal is compared with, and each department's
    /// aligned objectives likewise.
    var targets: [LinkTarget] = []
    var alignedTargets: [String: [LinkTarget]] = [:]
    /// The lexicon's concept groups as scalars, for a search Foundation's `range(of:)` made a tenth of a large run.
    let conceptScalars: [[[Unicode.Scalar]]]
    /// Threads a rule's per-goal work is shared out over (`perGoal`).
    var jobs = 1

    init(nodes: [GoalNode], options: AnalysisOptions) {
        self.nodes = nodes
        self.options = options
        conceptScalars = options.lexicon.conceptGroups.map { $0.map { Array($0.unicodeScalars) } }
        byID.reserveCapacity(nodes.count)
        for n in nodes {
            byID[n.id] = n
            if let g = n.groupID { children[g, default: []].append(n) }
            if let p = n.parentID, p != n.groupID { children[p, default: []].append(n) }
        }
    }

    var lexicon: Lexicon { options.lexicon }

    /// The language of a node's messages: the run's, else its sheet's.
    func language(_ n: GoalNode) -> MessageLanguage { options.language ?? (n.isJapanese ? .ja : .en) }

    /// A figure in a node's unit, and with the period where a message names it.
    func amount(_ x: Double, _ n: GoalNode, per: GoalPeriod? = nil) -> Amount { Amount(x, n.unit, per: per) }

    mutating func add(_ detail: FindingDetail, _ severity: Severity, _ n: GoalNode, field: GoalField = .title) {
        findings.append(finding(detail, severity, n, field: field))
    }

    /// The finding `add` adds, made apart from it (on a rule's threads).
    func finding(_ detail: FindingDetail, _ severity: Severity, _ n: GoalNode, field: GoalField = .title) -> Finding {
        Finding(detail, severity, nodeID: n.id, location: n.location(of: field), language: language(n))
    }

    mutating func computeChains() {
        // Each goal's walk up on the jobs' threads (a chain is a few ids: its own array is the cycle check).
        let walks = perGoal(nodes) { ctx, n -> (chain: [String], company: String?) in
            var out: [String] = []
            var cur = n
            while let next = cur.parentID ?? cur.groupID, next != n.id, !out.contains(next), let p = ctx.byID[next] {
                out.append(next)
                cur = p
            }
            return (out, out.first { ctx.byID[$0]?.level == .company })
        }
        // Only goals with something above them are kept (every reader takes a missing chain for an empty one).
        for (n, walk) in zip(nodes, walks) {
            if !walk.chain.isEmpty {
                chain[n.id] = walk.chain
            } else if chain[n.id] != nil {
                chain[n.id] = nil  // a repeated id stands for its last node
            }
            if let c = walk.company { alignedTo[n.id] = c }
        }
        // An objective without a parent is aligned through its key results.
        for n in nodes where n.level != .company && alignedTo[n.id] == nil && n.kind.isQualitative {
            if let kid = children[n.id]?.first(where: { alignedTo[$0.id] != nil }) {
                alignedTo[n.id] = alignedTo[kid.id]
            }
        }
        targets = nodes.filter { $0.level == .company && $0.kind != .ksf }.map(linkTarget)
        for n in nodes where n.level != .company && n.kind == .objective && alignedTo[n.id] != nil {
            alignedTargets[n.department, default: []].append(linkTarget(n))
        }
    }

    /// A goal another may link to, as `candidates(for:)` compares with it: its bigram profiles (metric or title,
    /// and title) and the concept groups it names, made once.
    struct LinkTarget: Sendable {
        let node: GoalNode
        let text: BigramProfile
        let title: BigramProfile
        let groups: Set<Int>
    }

    func linkTarget(_ c: GoalNode) -> LinkTarget {
        LinkTarget(
            node: c, text: BigramProfile(c.metric.isEmpty ? c.title : c.metric), title: BigramProfile(c.title),
            groups: conceptGroupIndices(c))
    }

    /// The indices of the lexicon's concept groups that a goal's title or metric names.
    func conceptGroupIndices(_ n: GoalNode) -> Set<Int> {
        let text = ScalarText(TextNormalizer.foldWidth(n.title + " " + n.metric))
        return Set(
            conceptScalars.indices.filter { conceptScalars[$0].contains { text.lastRange(ofScalars: $0) != nil } })
    }

    /// `body` for each of `goals`, in order, shared out over `jobs` threads 1,024 goals at a time: the pure part
    /// of a rule that looks at every goal, before it adds its findings in the goals' order.
    func perGoal<T: Sendable>(_ goals: [GoalNode], _ body: @Sendable (RuleContext, GoalNode) -> T) -> [T] {
        let ctx = self
        return ParallelWork.mapChunked(count: goals.count, jobs: jobs, chunk: 1_024) { body(ctx, goals[$0]) }
    }

    /// A rule that only adds findings, reading what the chains and `orphanAndActivity` set.
    struct FindingRule: Sendable {
        /// Whether it shares out its own goals over the jobs (then it runs after the others, on them all).
        var sharesOutItsGoals = false
        let run: @Sendable (inout RuleContext) -> Void
    }

    /// The rules after `orphanAndActivity`, in the order their findings are added.
    static let findingRules: [FindingRule] = [
        FindingRule { $0.uncovered() }, FindingRule(sharesOutItsGoals: true) { $0.directionConflicts() },
        FindingRule { $0.duplicateMetrics() }, FindingRule { $0.treeRules() }, FindingRule { $0.allocation() },
        FindingRule { $0.smart() }, FindingRule { $0.statusRules() },
    ]

    /// Every rule: the parents' and the alignment's first, then the finding rules each on a copy of the context,
    /// at the same time as each other; the findings are the same, in the same order, for any `jobs`.
    mutating func runAllRules() {
        parentRules()
        orphanAndActivity()
        var blank = self
        blank.findings = []
        let ctx = blank
        @Sendable func findings(of rule: FindingRule, jobs: Int) -> [Finding] {
            var c = ctx
            c.jobs = jobs
            rule.run(&c)
            return c.findings
        }
        let rules = RuleContext.findingRules
        let together = ParallelWork.map(count: rules.count, jobs: jobs) { k in
            rules[k].sharesOutItsGoals ? nil : findings(of: rules[k], jobs: 1)
        }
        for (k, found) in together.enumerated() { self.findings += found ?? findings(of: rules[k], jobs: jobs) }
    }

    /// What the coverage map and the department summaries count of one department goal.
    struct GoalTally: Sendable {
        let department: String
        let aligned: Bool
        let orphan: Bool
        let activity: Bool
        /// Its status and score when it is numeric (nil: not counted).
        let gap: GapResult?
        /// The company goals above it, nearest first.
        let companyAbove: [String]
    }

    /// Whether a department goal is an orphan, and whether its metric is an activity.
    struct GoalFlags: Sendable {
        let orphan: Bool
        let activity: Bool
    }

    /// Each department goal's tally, in model order, looked up on the jobs' threads.
    func tallies() -> [GoalTally] {
        let goals = nodes.filter { $0.level != .company }
        let ctx = self
        return ParallelWork.mapChunked(count: goals.count, jobs: jobs, chunk: 1_024) { i in
            let n = goals[i], flags = ctx.goalFlags[i]
            return GoalTally(
                department: n.department, aligned: ctx.alignedTo[n.id] != nil, orphan: flags.orphan,
                activity: flags.activity, gap: ctx.isNumeric(n) ? ctx.gaps[n.id] ?? GapResult() : nil,
                companyAbove: (ctx.chain[n.id] ?? []).filter { ctx.byID[$0]?.level == .company })
        }
    }

    /// Department → company goal id → how many of the department's goals trace to it.
    func coverage(_ tallies: [GoalTally]) -> [String: [String: Int]] {
        var coverage: [String: [String: Int]] = [:]
        for t in tallies {
            for c in t.companyAbove { coverage[t.department, default: [:]][c, default: 0] += 1 }
        }
        return coverage
    }

    /// Each department's counts, departments in the order their first goal comes.
    func departmentSummaries(_ tallies: [GoalTally]) -> [DepartmentSummary] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (i, t) in tallies.enumerated() {
            if groups[t.department] == nil { order.append(t.department) }
            groups[t.department, default: []].append(i)
        }
        return order.map { d in
            let g = groups[d]!
            var counts: [GoalStatus: Int] = [:]
            var scores: [Double] = []
            var (aligned, orphaned, activities) = (0, 0, 0)
            for t in g.lazy.map({ tallies[$0] }) {
                if t.aligned { aligned += 1 }
                if t.orphan { orphaned += 1 }
                if t.activity { activities += 1 }
                guard let r = t.gap else { continue }
                counts[r.status, default: 0] += 1
                if let s = r.score { scores.append(s) }
            }
            return DepartmentSummary(
                department: d, goals: g.count, aligned: aligned, orphans: orphaned, activityMetrics: activities,
                meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count), statusCounts: counts)
        }
    }
}

/// A period layout's current value as of the run: the latest period with an actual that had begun by then.
enum PeriodCurrent {
    static func at(_ asOf: CalendarDate, _ node: GoalNode) -> GoalNode {
        guard node.currentFromPeriods, let latest = PeriodValue.latestActual(node.periods, asOf: asOf) else {
            return node
        }
        var n = node
        n.current = latest.actual
        n.asOf = latest.end.map { min($0, asOf) } ?? n.asOf
        return n
    }
}
