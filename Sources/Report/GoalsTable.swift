import Foundation
import GoalModel
import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// RFC 4180 CSV text: fields quoted when they hold a comma, quote or line break; CRLF line ends. A field
/// that a spreadsheet would run as a formula (starting with = + - @, a TAB or a CR, and not a number) gets a
/// leading `'` (OWASP's rule against CSV injection) unless `raw` is set, for machines.
public struct CSVWriter {
    public private(set) var text = ""
    public let raw: Bool

    public init(bom: Bool = false, raw: Bool = false) {
        self.raw = raw
        if bom { text = "\u{FEFF}" }
    }

    /// `=HYPERLINK(…)` → `'=HYPERLINK(…)`; "-5" and "+3.5" stay numbers.
    public static func neutralized(_ f: String) -> String {
        guard let c = f.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(c), Double(f) == nil else { return f }
        return "'" + f
    }

    public mutating func row(_ fields: [String]) {
        var first = true
        for field in fields {
            let f = raw ? field : CSVWriter.neutralized(field)
            if !first { text += "," }
            first = false
            if f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                text += "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                text += f
            }
        }
        text += "\r\n"
    }
}

/// A minimal JSON writer that keeps keys in the order given (goals.json reads like goals.csv).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// JSON text written as it is (a value encoded by `JSONEncoder`).
    case fragment(String)

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    public static func from(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func from(_ d: Double?) -> JSONValue { d.map { .number($0) } ?? .null }

    /// Compact or indented (two spaces) text.
    public func render(indent: Bool = false) -> String {
        var out = ""
        write(&out, indent: indent ? 0 : nil)
        return out
    }

    func write(_ out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let v):
            let text = PlainDecimal.format(v)
            out += text.isEmpty ? "null" : text
        case .string(let s): JSONValue.escape(s, into: &out)
        case .fragment(let text): out += text
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent.map { $0 + 1 })
                v.write(&out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&out, indent)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(&out, indent.map { $0 + 1 })
                JSONValue.escape(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(&out, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&out, indent)
            out += "}"
        }
    }

    /// The line break and indentation (two spaces a level) before a value; nothing when compact.
    static func newline(_ out: inout String, _ level: Int?) {
        guard let level else { return }
        out += level < indents.count ? indents[level] : "\n" + String(repeating: "  ", count: level)
    }

    static let indents: [String] = (0..<16).map { "\n" + String(repeating: "  ", count: $0) }

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

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
            n.id, (n.source.file as NSString).lastPathComponent, n.source.sheet, String(n.source.row + 1),
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
        var w = CSVWriter(bom: bom, raw: raw)
        w.row(columns)
        for n in nodes { w.row(fields(n)) }
        return w.text
    }

    /// A node as JSON: the goals.csv fields with typed values, plus as-of, parent match, changes.
    public static func json(_ n: GoalNode) -> JSONValue {
        .object([
            ("id", .string(n.id)), ("local_id", .from(n.localID)),
            ("source", .string((n.source.file as NSString).lastPathComponent)), ("sheet", .string(n.source.sheet)),
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
        .object([
            ("rule", .string(f.rule.rawValue)), ("severity", .string(f.severity.rawValue)),
            ("node_id", .from(f.nodeID)),
            ("source", .from(f.location.map { ($0.file as NSString).lastPathComponent })),
            ("sheet", .from(f.location?.sheet)),
            ("cell", .from(f.location?.cellName)), ("message", .string(f.message)),
            ("suggestion", .string(f.suggestion)),
            ("detail", f.detail.map(detailJSON) ?? .null),
        ])
    }

    /// A finding's typed detail, `{"treeLever":{"implied":{"unit":"jpy","value":18852800},…}}`: one key, the
    /// detail's case, holding its figures (keys sorted, so that the text is the same on every run).
    static func detailJSON(_ d: FindingDetail) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(d), let text = String(data: data, encoding: .utf8) else { return .null }
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
        let tmp = WorkbookTemporary.path(beside: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SafeOutputError.posix(path, "cannot be written") }
        var failure: SafeOutputError?
        do { try data.withUnsafeBytes { raw in try FileIO.write(fd, raw) } } catch let error as FileIO.Failure {
            failure = SafeOutputError(.io, path, "cannot be written: \(error.message)")
        } catch {
            failure = SafeOutputError(.io, path, "cannot be written: \(error)")
        }
        if failure == nil && fsync(fd) != 0 { failure = .posix(path, "cannot be written") }
        close(fd)
        if failure == nil && rename(tmp, path) != 0 { failure = .posix(path, "cannot be put in place") }
        if let failure {
            unlink(tmp)
            throw failure
        }
    }
}
