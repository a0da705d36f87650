import Foundation
import GoalModel
import GoalSheetSupport
import OutputFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// goals.csv and goals.json: one row per node, in the columns the planning office imports.
public enum GoalsTable {
    public static let columns = [
        "id", "source", "sheet", "row", "level", "department", "kind", "title", "metric", "unit", "per",
        "direction", "baseline", "current", "target", "start", "due", "owner", "parent_id", "parent_ref",
        "weight", "formula", "category",
    ]

    /// The goals.csv fields of a node, in `columns` order.
    public static func fields(_ n: GoalNode) -> [String] {
        [
            n.id, FileIO.fileName(n.source.file), n.source.sheet, String(n.source.row + 1),
            n.level.rawValue, n.department,
            n.kind.rawValue, n.title, n.metric, n.unit?.rawValue ?? "", n.per?.rawValue ?? "",
            n.direction?.rawValue ?? "",
            n.baseline.map(PlainDecimal.format) ?? "", n.current.map(PlainDecimal.format) ?? "",
            n.target.map(PlainDecimal.format) ?? "",
            n.start?.description ?? "", n.due?.description ?? "", n.owner, n.parentID ?? "", n.parentRef,
            n.weight.map(PlainDecimal.format) ?? "", n.formula?.description ?? "", n.category,
        ]
    }

    public static func csv(_ nodes: [GoalNode], bom: Bool = false, raw: Bool = false) -> String {
        let w = CSVWriter(bom: bom, raw: raw)
        w.row(columns)
        for n in nodes { w.row(fields(n)) }
        return w.text
    }

    /// A node as JSON: the goals.csv fields with typed values, plus as-of, parent match, changes.
    public static func json(_ n: GoalNode) -> JSONValue {
        var fields = JSONFields()
        jsonFields(n, into: &fields)
        return .object(fields.collected)
    }

    /// The fields of `json(n)`, added to `f` (model.json writes them as they are added).
    public static func jsonFields(_ n: GoalNode, into f: inout JSONFields) {
        f.add("id", .string(n.id))
        f.add("local_id", .from(n.localID))
        f.add("source", .string(FileIO.fileName(n.source.file)))
        f.add("sheet", .string(n.source.sheet))
        f.add("row", .number(Double(n.source.row + 1)))
        f.add("level", .string(n.level.rawValue))
        f.add("department", .string(n.department))
        f.add("kind", .string(n.kind.rawValue))
        f.add("title", .string(n.title))
        f.add("metric", .string(n.metric))
        f.add("unit", .from(n.unit?.rawValue))
        f.add("per", .from(n.per?.rawValue))
        f.add("direction", .from(n.direction?.rawValue))
        f.add("baseline", .from(n.baseline))
        f.add("current", .from(n.current))
        f.add("target", .from(n.target))
        f.add("start", .from(n.start?.description))
        f.add("due", .from(n.due?.description))
        f.add("as_of", .from(n.asOf?.description))
        f.add("owner", .string(n.owner))
        f.add("parent_id", .from(n.parentID))
        f.add("parent_ref", .string(n.parentRef))
        f.add("parent_match", .from(n.parentMatch?.rawValue))
        f.add("group_id", .from(n.groupID))
        f.add("weight", .from(n.weight))
        f.add("formula", .from(n.formula?.description))
        f.add("formula_unresolved", .array(n.formulaUnresolved.map { .string($0) }))
        f.add("relative_change_percent", .from(n.relativeChange))
        f.add("absolute_change", .from(n.absoluteChange))
        f.add("category", .string(n.category))
        f.add("target_min", .from(n.targetMin))
        f.add("target_max", .from(n.targetMax))
        f.add("stretch", .from(n.stretch))
        f.add("value_note", .string(n.valueNote))
        f.add("nature", n.nature.map { .string($0.nature.rawValue) } ?? .null)
        f.add("nature_reason", .string(n.nature?.reason ?? ""))
        f.add("extra", .object(n.extra.map { ($0.header, .string($0.value)) }))
        f.add("periods", .array(n.periods.map(json)))
    }

    static func json(_ p: PeriodValue) -> JSONValue {
        .object([
            ("label", .string(p.label)), ("end", .from(p.end?.description)), ("target", .from(p.target)),
            ("actual", .from(p.actual)), ("prior", .from(p.prior)), ("forecast", .from(p.forecast)),
            ("whole_period", .bool(p.isWholePeriod)),
        ])
    }

    public static func json(_ f: Finding) -> JSONValue {
        var fields = JSONFields()
        jsonFields(f, into: &fields)
        return .object(fields.collected)
    }

    /// The fields of `json(f)`, added to `into`; `details` remembers the detail texts of a run's findings.
    public static func jsonFields(_ f: Finding, into o: inout JSONFields, details: DetailTextMemo? = nil) {
        let text = f.text
        o.add("rule", .string(f.rule.rawValue))
        o.add("severity", .string(f.severity.rawValue))
        o.add("node_id", .from(f.nodeID))
        o.add("source", .from(f.location.map { FileIO.fileName($0.file) }))
        o.add("sheet", .from(f.location?.sheet))
        o.add("cell", .from(f.location?.cellName))
        o.add("message", .string(text.message))
        o.add("suggestion", .string(text.suggestion))
        o.add("detail", f.detail.map { detailJSON($0, details) } ?? .null)
    }

    /// A finding's typed detail, `{"treeLever":{"implied":{"unit":"jpy","value":18852800},…}}`: one key, the
    /// detail's case, holding its figures (keys sorted, so that the text is the same on every run).
    static func detailJSON(_ d: FindingDetail, _ memo: DetailTextMemo? = nil) -> JSONValue {
        let text = memo.map { $0.text(of: d) } ?? DetailTextMemo.encode(d)
        return text.map(JSONValue.fragment) ?? .null
    }

    public static func json(_ run: GoalModelRun) -> JSONValue {
        .object([
            ("goals", .array(run.nodes.map(json))),
            ("warnings", .array(run.warnings.map(json))),
            (
                "failures",
                .array(
                    run.failures.map {
                        .object([
                            ("file", .string($0.file)), ("kind", .string($0.error.kind.rawValue)),
                            ("message", .string($0.message)),
                        ])
                    })
            ),
        ])
    }
}

/// Writes a file through a temporary sibling and a rename, so that readers never see half a file; a
/// failure (no permission, a full disk) names the file and the system's reason, and leaves nothing.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { sink in data.withUnsafeBytes { sink.write(bytes: $0.bindMemory(to: UInt8.self)) } }
    }

    /// Streams what `body` writes to the sink into the file (a JSON document is written as it is rendered,
    /// never held whole as text).
    public static func write(to path: String, _ body: (ByteSink) -> Void) throws {
        let tmp = FileIO.temporaryPath(beside: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SafeOutputError.posix(path, "cannot be written") }
        var failure: SafeOutputError?
        let sink = ByteSink(fd: fd)
        body(sink)
        sink.flush()
        if let error = sink.failure { failure = SafeOutputError(.io, path, "cannot be written: \(error.message)") }
        if failure == nil && fsync(fd) != 0 { failure = .posix(path, "cannot be written") }
        close(fd)
        if failure == nil && rename(tmp, path) != 0 { failure = .posix(path, "cannot be put in place") }
        if let failure {
            unlink(tmp)
            throw failure
        }
    }
}
