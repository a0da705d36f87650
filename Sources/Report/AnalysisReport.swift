import Analysis
import Foundation
import GoalModel
import GoalSheetSupport
import OutputFormats

/// The files `goalsheet analyze` writes: summary.csv, findings.csv, departments.csv, alignment.csv, model.json.
public enum AnalysisReport {
    public static let summaryExtraColumns = [
        "progress", "attainment", "score", "expected", "status", "aligned_to", "findings",
    ]

    static func ratio(_ v: Double?) -> String { v.map { PlainDecimal.format(($0 * 10_000).rounded() / 10_000) } ?? "" }

    /// The node's company goal: itself for a company node, what it traces to otherwise.
    public static func alignedTo(_ n: GoalNode, _ run: AnalyzedRun) -> String {
        n.level == .company ? n.id : run.alignedTo[n.id] ?? ""
    }

    public static func summaryCSV(_ run: AnalyzedRun, bom: Bool = false, raw: Bool = false) -> String {
        csv(summaryRows(run), bom: bom, raw: raw)
    }

    static func csv(_ rows: [[String]], bom: Bool, raw: Bool = false) -> String {
        let w = CSVWriter(bom: bom, raw: raw)
        for r in rows { w.row(r) }
        return w.text
    }

    /// A CSV file written as its rows are made (`rows` hands each to the writer): a 100,000-row sheet's summary
    /// and findings are never held as rows or as text.
    static func writeCSV(
        to path: String, bom: Bool, raw: Bool, _ rows: (_ row: ([String]) -> Void) -> Void
    ) throws {
        try AtomicFile.write(to: path) { sink in
            let w = CSVWriter(reportTo: sink, bom: bom, raw: raw)
            rows { w.row($0) }
        }
    }

    /// summary.csv as rows, header first.
    public static func summaryRows(_ run: AnalyzedRun, nodes: [GoalNode]? = nil) -> [[String]] {
        var out: [[String]] = []
        summaryRows(run, nodes: nodes) { out.append($0) }
        return out
    }

    /// summary.csv's rows, header first, one at a time.
    static func summaryRows(_ run: AnalyzedRun, nodes: [GoalNode]? = nil, _ body: ([String]) -> Void) {
        body(GoalsTable.columns + summaryExtraColumns)
        let rules = ruleNames(run.findings)
        for n in nodes ?? run.model.nodes {
            let g = run.gaps[n.id] ?? GapResult()
            body(
                GoalsTable.fields(n) + [
                    ratio(g.progress), ratio(g.attainment), g.score.map(PlainDecimal.format) ?? "", ratio(g.expected),
                    g.status.rawValue, alignedTo(n, run), (rules[n.id] ?? []).joined(separator: ";"),
                ])
        }
    }

    /// Each goal's rule names, distinct, in the order of the findings.
    public static func ruleNames(_ findings: [Finding]) -> [String: [String]] {
        var rules: [String: [String]] = [:]
        /// Adds `rule` to a goal's names, in place (one look-up of the goal per finding).
        func add(_ rule: String, to names: inout [String]) { if !names.contains(rule) { names.append(rule) } }
        for f in findings {
            if let id = f.nodeID { add(f.rule.rawValue, to: &rules[id, default: []]) }
        }
        return rules
    }

    /// A goal as people name it: "KR3 平均対応時間".
    public static func label(_ n: GoalNode) -> String { "\(n.localID ?? n.id) \(n.title)" }

    public static let findingColumns = [
        "rule", "severity", "node_id", "source", "sheet", "cell", "message", "suggestion",
    ]

    /// Findings in a stable order: by input, then sheet, row, severity and rule; with `input`, that input's
    /// findings alone (in the same order: they are picked before sorting, so that annotating each of
    /// a thousand workbooks does not sort the whole run's findings a thousand times).
    public static func sortedFindings(_ run: AnalyzedRun, of input: String? = nil) -> [Finding] {
        sortedFindingIndices(run, of: input).map { run.findings[$0] }
    }

    /// The positions in `run.findings` of `sortedFindings`.
    public static func sortedFindingIndices(_ run: AnalyzedRun, of input: String? = nil) -> [Int] {
        let picked = input.map { run.findingFileIndex[$0] ?? [] } ?? Array(run.findings.indices)
        // One input's findings share their file; the whole run's go by input first.
        let fileOrder =
            input != nil ? [:] : Dictionary(uniqueKeysWithValues: run.model.inputs.enumerated().map { ($1.path, $0) })
        // Each finding's key is made once, not at every comparison: the file's rank was a string hash per compare.
        struct Key {
            var file: Int, sheet: String, row: Int, severity: Severity, index: Int
        }
        let keys = picked.map { i -> Key in
            let f = run.findings[i], l = f.location
            return Key(
                file: fileOrder[l?.file ?? ""] ?? Int.max, sheet: l?.sheet ?? "", row: l?.row ?? -1,
                severity: f.severity, index: i)
        }
        return keys.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.sheet != b.sheet { return a.sheet < b.sheet }
            if a.row != b.row { return a.row < b.row }
            if a.severity != b.severity { return a.severity < b.severity }
            return a.index < b.index
        }.map(\.index)
    }

    public static func findingsCSV(_ run: AnalyzedRun, bom: Bool = false, raw: Bool = false) -> String {
        csv(findingRows(sortedFindings(run)), bom: bom, raw: raw)
    }

    /// findings.csv as rows, header first.
    public static func findingRows(_ findings: [Finding]) -> [[String]] {
        var out: [[String]] = []
        findingRows(findings) { out.append($0) }
        return out
    }

    /// findings.csv's rows, header first, one at a time.
    static func findingRows(_ findings: [Finding], _ body: ([String]) -> Void) {
        body(findingColumns)
        for f in findings { body(findingRow(f)) }
    }

    /// A finding's row of findings.csv.
    static func findingRow(_ f: Finding) -> [String] {
        let text = f.text
        return [
            f.rule.rawValue, f.severity.rawValue, f.nodeID ?? "",
            f.location.map { FileIO.fileName($0.file) } ?? "",
            f.location?.sheet ?? "", f.location?.cellName ?? "", text.message, text.suggestion,
        ]
    }

    public static func departmentsCSV(_ run: AnalyzedRun, bom: Bool = false, raw: Bool = false) -> String {
        csv(departmentRows(run), bom: bom, raw: raw)
    }

    /// departments.csv as rows, header first.
    public static func departmentRows(_ run: AnalyzedRun) -> [[String]] {
        [
            ["department", "goals", "aligned", "orphans", "activity_metrics", "mean_score"]
                + GoalStatus.allCases.map(\.rawValue)
        ]
            + run.departments.map { d in
                [
                    d.department, String(d.goals), String(d.aligned), String(d.orphans), String(d.activityMetrics),
                    d.meanScore.map { PlainDecimal.format(($0 * 100).rounded() / 100) } ?? "",
                ]
                    + GoalStatus.allCases.map { String(d.statusCounts[$0] ?? 0) }
            }
    }

    /// Departments × company objectives/KGIs/KRs: how many goals of each department contribute.
    public static func alignmentCSV(_ run: AnalyzedRun, bom: Bool = false, raw: Bool = false) -> String {
        csv(alignmentRows(run), bom: bom, raw: raw)
    }

    public static func alignmentRows(_ run: AnalyzedRun) -> [[String]] {
        [["department"] + run.companyTargets.map(label)]
            + run.departments.map { d in
                [d.department] + run.companyTargets.map { String(run.coverage[d.department]?[$0.id] ?? 0) }
            }
    }

    static func gapJSON(_ g: GapResult) -> JSONValue {
        var fields = JSONFields()
        gapFields(g, into: &fields)
        return .object(fields.collected)
    }

    /// The fields of a goal's gap: its figures, status, dates and roll-up of its children.
    static func gapFields(_ g: GapResult, into f: inout JSONFields) {
        f.add("progress", .from(g.progress))
        f.add("attainment", .from(g.attainment))
        f.add("met", g.met.map { .bool($0) } ?? .null)
        f.add("score", .from(g.score))
        f.add("expected", .from(g.expected))
        f.add("status", .string(g.status.rawValue))
        f.add("period_start", .from(g.start?.description))
        f.add("inferred_due", .from(g.inferredDue?.description))
        f.add("nature", g.nature.map { .string($0.rawValue) } ?? .null)
        guard let r = g.rollUp else { return f.add("children", .null) }
        f.add("children") { c in
            c.add("progress", .from(r.progress))
            c.add("attainment", .from(r.attainment))
            c.add("score", .from(r.score))
            c.add("status", .string(r.status.rawValue))
            c.add("of", .array(r.of.map { .string($0) }))
        }
    }

    /// model.json: the run's goals with their gaps, its findings, departments and failures. Goals and findings are
    /// made one at a time as the document is written.
    public static func modelJSON(_ run: AnalyzedRun, jobs: Int = 1) -> JSONValue {
        let order = sortedFindingIndices(run)
        let details = DetailTextMemo()
        return .object([
            ("as_of", .string(run.options.asOf.description)),
            ("fiscal_year_start", .number(Double(run.options.fiscal.startMonth))),
            ("company", gapJSON(run.company)),
            (
                "goals",
                .elements(
                    JSONElements(count: run.model.nodes.count, jobs: jobs) { i, f in
                        let n = run.model.nodes[i]
                        GoalsTable.jsonFields(n, into: &f)
                        f.add("gap") { gapFields(run.gaps[n.id] ?? GapResult(), into: &$0) }
                        f.add("aligned_to", .string(alignedTo(n, run)))
                        f.add("findings", .array(run.findings(of: n.id).map { .string($0.rule.rawValue) }))
                    })
            ),
            (
                "findings",
                .elements(
                    JSONElements(count: order.count, jobs: jobs) {
                        GoalsTable.jsonFields(run.findings[order[$0]], into: &$1, details: details)
                    })
            ),
            (
                "departments",
                .array(
                    run.departments.map { d in
                        .object([
                            ("department", .string(d.department)), ("goals", .number(Double(d.goals))),
                            ("aligned", .number(Double(d.aligned))),
                            ("orphans", .number(Double(d.orphans))),
                            ("activity_metrics", .number(Double(d.activityMetrics))),
                            ("mean_score", .from(d.meanScore)),
                            (
                                "status",
                                .object(
                                    GoalStatus.allCases.map { ($0.rawValue, .number(Double(d.statusCounts[$0] ?? 0))) })
                            ),
                        ])
                    })
            ),
            (
                "failures",
                .array(
                    run.model.failures.map {
                        .object([
                            ("file", .string($0.file)), ("kind", .string($0.error.kind.rawValue)),
                            ("message", .string($0.message)),
                        ])
                    })
            ),
        ])
    }

    /// Writes the five files into `dir` (each through a temporary file and a rename).
    public static func write(_ run: AnalyzedRun, to dir: String, bom: Bool, raw: Bool = false) throws {
        try writeCSV(run, to: dir, bom: bom, raw: raw)
        try writeModelJSON(run, to: dir)
    }

    /// summary.csv, findings.csv, departments.csv and alignment.csv into `dir`.
    public static func writeCSV(_ run: AnalyzedRun, to dir: String, bom: Bool, raw: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        try writeCSV(to: path("summary.csv"), bom: bom, raw: raw) { row in summaryRows(run, row) }
        try writeCSV(to: path("findings.csv"), bom: bom, raw: raw) { row in findingRows(sortedFindings(run), row) }
        try AtomicFile.write(departmentsCSV(run, bom: bom, raw: raw), to: path("departments.csv"))
        try AtomicFile.write(alignmentCSV(run, bom: bom, raw: raw), to: path("alignment.csv"))
    }

    /// model.json into `dir`, streamed as it is rendered.
    public static func writeModelJSON(_ run: AnalyzedRun, to dir: String, jobs: Int = 1) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let model = modelJSON(run, jobs: jobs)
        try AtomicFile.write(to: (dir as NSString).appendingPathComponent("model.json")) { sink in
            model.write(to: sink, indent: true)
            sink.byte(0x0A)
        }
    }
}
