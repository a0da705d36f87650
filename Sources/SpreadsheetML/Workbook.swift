import GoalSheetSupport
import OPCPackage
import XMLStreaming
import ZIPArchive

/// The styles part, as far as values need it: the number format of each cell format (`cellXfs`).
public struct StyleSheet: Sendable {
    /// Indexed by a cell's `s` attribute.
    public let cellFormats: [NumberFormat]
    /// Custom `<numFmt>` codes by id.
    public let customFormats: [Int: String]
    /// Style indices whose font is struck through (`<font><strike/>`): withdrawn rows.
    public var struckStyles: Set<Int> = []
    /// Style index → `<alignment indent>`: the level of an indented KPI tree.
    public var indents: [Int: Int] = [:]

    public init(cellFormats: [NumberFormat], customFormats: [Int: String] = [:]) {
        self.cellFormats = cellFormats
        self.customFormats = customFormats
    }

    /// True when the style's font is struck through.
    public func isStruck(style index: Int) -> Bool { struckStyles.contains(index) }
    /// The style's indent level (0 when none).
    public func indent(style index: Int) -> Int { indents[index] ?? 0 }

    /// The number format for a style index (General when out of range).
    public func numberFormat(forStyle index: Int) -> NumberFormat {
        index >= 0 && index < cellFormats.count ? cellFormats[index] : .general
    }

    /// §18.8: `<numFmts><numFmt numFmtId formatCode/>` and `<cellXfs><xf numFmtId/>`.
    public static func parse(_ root: XMLNode) -> StyleSheet {
        var custom: [Int: String] = [:]
        for f in root.child(named: "numFmts")?.children(named: "numFmt") ?? [] {
            if let id = f["numFmtId"].flatMap({ Int($0) }), let code = f["formatCode"] { custom[id] = code }
        }
        let xfs = root.child(named: "cellXfs")?.children(named: "xf") ?? []
        var cache: [Int: NumberFormat] = [:]
        let formats = xfs.map { xf -> NumberFormat in
            let id = xf["numFmtId"].flatMap { Int($0) } ?? 0
            if let f = cache[id] { return f }
            let f = NumberFormat(id: id, customCode: custom[id])
            cache[id] = f
            return f
        }
        var sheet = StyleSheet(cellFormats: formats, customFormats: custom)
        // §18.8.22 <fonts><font><strike val?/>: val defaults to true.
        let fonts = root.child(named: "fonts")?.children(named: "font") ?? []
        let struckFonts = Set(
            fonts.indices.filter { i in
                guard let strike = fonts[i].child(named: "strike") else { return false }
                return strike["val"].map { $0 == "1" || $0 == "true" } ?? true
            })
        for (i, xf) in xfs.enumerated() {
            if let f = xf["fontId"].flatMap({ Int($0) }), struckFonts.contains(f) { sheet.struckStyles.insert(i) }
            if let n = xf.child(named: "alignment")?["indent"].flatMap({ Int($0) }), n > 0 { sheet.indents[i] = n }
        }
        return sheet
    }
}

/// What a `<sheet>` of the workbook is.
public enum SheetKind: String, Sendable {
    case worksheet = "WorkSheet"
    case chartsheet = "ChartSheet"
    case dialogsheet = "DialogSheet"
    case macrosheet = "MacroSheet"
}

/// Whether a sheet shows (`state` of `<sheet>`).
public enum SheetVisibility: String, Sendable {
    case visible = "Visible"
    case hidden = "Hidden"
    case veryHidden = "VeryHidden"
}

/// One `<sheet>` of `workbook.xml`, with its part resolved through the workbook's relationships.
public struct SheetInfo: Sendable, Equatable {
    public let name: String
    public let sheetId: Int?
    public let index: Int
    public let visibility: SheetVisibility
    public let kind: SheetKind
    /// The part name, or nil when the relationship is missing or broken (see `problem`).
    public let part: String?
    public let relationshipId: String?
    /// Why the sheet cannot be read, if it cannot.
    public let problem: String?
}

/// A `<definedName>`: a named range or formula, global or local to a sheet.
public struct DefinedName: Sendable, Equatable {
    public let name: String
    public let value: String
    /// 0-based sheet index for a sheet-local name.
    public let localSheet: Int?
    public let hidden: Bool

    public init(name: String, value: String, localSheet: Int?, hidden: Bool) {
        self.name = name
        self.value = value
        self.localSheet = localSheet
        self.hidden = hidden
    }
}

/// An XLSX/XLSM workbook: sheets, date system, defined names, shared strings and styles.
public final class Workbook: @unchecked Sendable {
    public let path: String
    public let package: OPCPackage
    /// The workbook part (`xl/workbook.xml` usually; found through `_rels/.rels`).
    public let workbookPart: String
    public let sheets: [SheetInfo]
    /// `<workbookPr date1904="1"/>`.
    public let is1904: Bool
    public let definedNames: [DefinedName]
    public let sharedStrings: SharedStringTable
    public let styles: StyleSheet
    /// Whether the shared strings and styles were read (see `init(path:sharedStringMemoryLimit:readsCells:)`).
    public let readsCells: Bool

    /// Opens a workbook and reads its workbook, shared strings and styles parts.
    ///
    /// A shared string part larger than `sharedStringMemoryLimit` keeps its text in a temporary file
    /// (see `SharedStringTable`).
    ///
    /// Without `readsCells`, only the package, the workbook part and its sheets are read: the shared strings and
    /// styles are left empty, for a caller that copies or splices parts and never reads a sheet's cells (the
    /// patcher); `rows(of:)` is then an error.
    public init(
        path: String, sharedStringMemoryLimit: UInt64 = SharedStringTable.memoryLimit, readsCells: Bool = true
    ) throws {
        self.path = path
        self.readsCells = readsCells
        let package = try OPCPackage(path: path)
        self.package = package
        let found = Workbook.findWorkbookPart(package)
        // An .xlsb is a package too: _rels/.rels names a BIFF12 workbook part (…sheet.binary.macroEnabled.main).
        let binary =
            found.map {
                $0.lowercased().hasSuffix(".bin")
                    || package.contentTypes.contentType(of: $0)?.hasPrefix("application/vnd.ms-excel.sheet.binary")
                        == true
            }
            ?? package.hasPart("xl/workbook.bin")
        if binary {
            throw GoalSheetError(
                .xlsb, file: path, part: found ?? "xl/workbook.bin",
                "this is a binary workbook (.xlsb, its workbook part is BIFF12), which is not supported; save it as .xlsx"
            )
        }
        guard let wbPart = found else {
            throw GoalSheetError(
                .notAWorkbook, file: path, part: "_rels/.rels",
                "no officeDocument relationship to a workbook part; not a spreadsheet")
        }
        guard package.hasPart(wbPart) else {
            throw GoalSheetError(
                .missingPart, file: path, part: wbPart, "the workbook part named by _rels/.rels is missing")
        }
        workbookPart = wbPart
        let root = try package.tree(of: wbPart)
        guard root.name == "workbook" else {
            throw GoalSheetError(
                .notAWorkbook, file: path, part: wbPart, "root element is <\(root.name)>, not <workbook>")
        }
        let rels = try package.relationships(of: wbPart)
        let relsPart = OPCPackage.relationshipsPartName(for: wbPart)
        if rels.isEmpty && !package.hasPart(relsPart) {
            throw GoalSheetError(
                .missingPart, file: path, part: relsPart,
                "the workbook has no relationships part, so its sheets cannot be found")
        }
        var relById: [String: Relationship] = [:]
        for r in rels { relById[r.id] = r }

        let pr = root.child(named: "workbookPr")
        let d1904 = pr?["date1904"]?.lowercased()
        is1904 = d1904 == "1" || d1904 == "true"

        var infos: [SheetInfo] = []
        let sheetElements = root.child(named: "sheets")?.children(named: "sheet") ?? []
        let maxSheets = ReadLimits.current.maxSheets
        guard sheetElements.count <= maxSheets else {
            throw GoalSheetError(
                .overLimit, file: path, part: wbPart,
                "lists \(sheetElements.count) sheets (more than \(maxSheets), limits.max_sheets); not read")
        }
        var owners: [String: String] = [:]
        for (i, s) in sheetElements.enumerated() {
            let name = s["name"] ?? "Sheet\(i + 1)"
            let state: SheetVisibility
            switch s["state"] {
            case "hidden": state = .hidden
            case "veryHidden": state = .veryHidden
            default: state = .visible  // includes the out-of-schema "show" some writers emit
            }
            let rid = s.attribute("id", inNamespaceEndingWith: "relationships")
            var kind = SheetKind.worksheet
            var part: String?
            var problem: String?
            if let rid, !rid.isEmpty {
                if let rel = relById[rid] {
                    if rel.hasType("chartsheet") {
                        kind = .chartsheet
                    } else if rel.hasType("dialogsheet") {
                        kind = .dialogsheet
                    } else if rel.hasType("xlMacrosheet") || rel.hasType("xlIntlMacrosheet") {
                        kind = .macrosheet
                    }
                    if let t = rel.targetPart, package.hasPart(t) {
                        // Each sheet has a part of its own; a second sheet on the same part is not read twice.
                        if let first = owners[t] {
                            problem = "shares its part \(t) with sheet '\(first)'"
                        } else {
                            part = t
                            owners[t] = name
                        }
                    } else {
                        problem = "the sheet's part \(rel.targetPart ?? rel.target) is missing from the package"
                    }
                } else {
                    problem = "relationship \(rid) is not in \(relsPart)"
                }
            } else {
                problem = "<sheet> has no r:id, so its part cannot be found"
            }
            infos.append(
                SheetInfo(
                    name: name, sheetId: s["sheetId"].flatMap { Int($0) }, index: i, visibility: state,
                    kind: kind, part: part, relationshipId: rid, problem: problem))
        }
        sheets = infos

        definedNames = (root.child(named: "definedNames")?.children(named: "definedName") ?? []).map {
            DefinedName(
                name: $0["name"] ?? "", value: $0.text, localSheet: $0["localSheetId"].flatMap { Int($0) },
                hidden: $0["hidden"] == "1" || $0["hidden"] == "true")
        }

        guard readsCells else {
            sharedStrings = SharedStringTable(strings: [])
            styles = StyleSheet(cellFormats: [])
            return
        }
        if let sstPart = rels.first(where: { $0.hasType("sharedStrings") })?.targetPart, package.hasPart(sstPart) {
            sharedStrings = try SharedStringTable.read(
                package: package, part: sstPart, memoryLimit: sharedStringMemoryLimit)
        } else {
            sharedStrings = SharedStringTable(strings: [])
        }
        if let stylesPart = rels.first(where: { $0.hasType("styles") })?.targetPart, package.hasPart(stylesPart) {
            styles = StyleSheet.parse(try package.tree(of: stylesPart))
        } else {
            styles = StyleSheet(cellFormats: [])
        }
    }

    /// The sheet with this name (exact, then case-insensitive as Excel compares names).
    public func sheet(named name: String) -> SheetInfo? {
        sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// A streaming reader of the sheet's rows.
    public func rows(of sheet: SheetInfo, limits: ReadLimits = .current) throws -> WorksheetReader {
        if let problem = sheet.problem {
            throw GoalSheetError(.missingPart, file: path, part: sheet.part, sheet: sheet.name, problem)
        }
        precondition(readsCells, "a workbook opened without readsCells has no shared strings to read cells with")
        return try WorksheetReader(workbook: self, sheet: sheet, limits: limits)
    }

    private static func findWorkbookPart(_ package: OPCPackage) -> String? {
        if let t = package.packageTarget(ofType: "officeDocument") { return t }
        // Tolerate a missing `_rels/.rels`: the content types still name the workbook part.
        return package.parts { ct in
            ct.hasSuffix(".sheet.main+xml") || ct.hasSuffix(".main+xml") && ct.contains("spreadsheetml")
                || ct.contains("ms-excel.sheet.macroEnabled.main") || ct.contains("ms-excel.template")
        }.first
    }
}
