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
        .object([
            ("id", .string(n.id)), ("local_id", .from(n.localID)),
            ("source", .string(FileIO.fileName(n.source.file))), ("sheet", .string(n.source.sheet)),
            ("row", .number(Double(n.source.row + 1))), ("level", .string(n.level.rawValue)),
            ("department", .string(n.department)),
            ("kind", .string(n.kind.rawValue)), ("title", .string(n.title)), ("metric", .string(n.metric)),
            ("unit", .from(n.unit?.rawValue)), ("per", .from(n.per?.rawValue)),
            ("direction", .from(n.direction?.rawValue)),
            ("baseline", .from(n.baseline)), ("current", .from(n.current)), ("target", .from(n.target)),
            ("start", .from(n.start?.description)), ("due", .from(n.due?.description)),
            ("as_of", .from(n.asOf?.description)),
            ("owner", .string(n.owner)), ("parent_id", .from(n.parentID)), ("parent_ref", .string(n.parentRef)),
            ("parent_match", .from(n.parentMatch?.rawValue)), ("group_id", .from(n.groupID)),
            ("weight", .from(n.weight)),
            ("formula", .from(n.formula?.description)),
            ("formula_unresolved", .array(n.formulaUnresolved.map { .string($0) })),
            ("relative_change_percent", .from(n.relativeChange)), ("absolute_change", .from(n.absoluteChange)),
            ("category", .string(n.category)), ("target_min", .from(n.targetMin)), ("target_max", .from(n.targetMax)),
            ("stretch", .from(n.stretch)), ("value_note", .string(n.valueNote)),
            ("nature", n.nature.map { .string($0.nature.rawValue) } ?? .null),
            ("nature_reason", .string(n.nature?.reason ?? "")),
            ("extra", .object(n.extra.map { ($0.header, .string($0.value)) })),
            (
                "periods",
                .array(
                    n.periods.map { p in
                        .object([
                            ("label", .string(p.label)), ("end", .from(p.end?.description)),
                            ("target", .from(p.target)),
                            ("actual", .from(p.actual)), ("prior", .from(p.prior)), ("forecast", .from(p.forecast)),
                            ("whole_period", .bool(p.isWholePeriod)),
                        ])
                    })
            ),
        ])
    }

    public static func json(_ f: Finding) -> JSONValue {
        let text = f.text
        return .object([
            ("rule", .string(f.rule.rawValue)), ("severity", .string(f.severity.rawValue)),
            ("node_id", .from(f.nodeID)),
            ("source", .from(f.location.map { FileIO.fileName($0.file) })),
            ("sheet", .from(f.location?.sheet)),
            ("cell", .from(f.location?.cellName)), ("message", .string(text.message)),
            ("suggestion", .string(text.suggestion)),
            ("detail", f.detail.map(detailJSON) ?? .null),
        ])
    }

    /// A finding's typed detail, `{"treeLever":{"implied":{"unit":"jpy","value":18852800},…}}`: one key, the
    /// detail's case, holding its figures (keys sorted, so that the text is the same on every run).
    static func detailJSON(_ d: FindingDetail) -> JSONValue {
        guard let text = try? SortedKeysJSONEncoder.encode(d) else { return .null }
        return .fragment(text)
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
