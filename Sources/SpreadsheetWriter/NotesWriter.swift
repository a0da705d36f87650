import GoalSheetSupport
import SpreadsheetML

/// A note (legacy comment) GoalSheet puts on a cell.
public struct CellNote: Sendable, Equatable {
    public var cell: CellReference
    /// Where the note goes when `cell` already has someone else's note (GoalSheet's own column, say).
    public var fallback: CellReference?
    private var content: Content

    /// The text as given, or made by the closure only when the comments part is written (a sheet's hundred
    /// thousand notes are then never all held as text while its cells stream).
    private enum Content: Sendable {
        case text(String)
        case deferred(@Sendable () -> String)
    }

    public init(cell: CellReference, text: String, fallback: CellReference? = nil) {
        self.cell = cell
        self.fallback = fallback
        content = .text(text)
    }

    /// A note whose text `make` writes when its comments part is written.
    public init(cell: CellReference, fallback: CellReference? = nil, text make: @escaping @Sendable () -> String) {
        self.cell = cell
        self.fallback = fallback
        content = .deferred(make)
    }

    /// The note's text (made now when it was deferred).
    public var text: String {
        get {
            switch content {
            case .text(let t): return t
            case .deferred(let make): return make()
            }
        }
        set { content = .text(newValue) }
    }

    public static func == (a: CellNote, b: CellNote) -> Bool {
        a.cell == b.cell && a.fallback == b.fallback && a.text == b.text
    }
}

/// A cell of a sheet written in one pass asks for a style its rows did not declare (`SheetRows.made(count:styles:_:)`):
/// its index was not in the styles part, written before the sheet.
public struct UndeclaredStyleError: Error, CustomStringConvertible, Sendable, Equatable {
    public let sheet: String
    public let cell: String
    public var description: String { "\(sheet)!\(cell): the cell asks for a style its rows did not declare" }
}

/// Excel's limits, as errors named after them.
public enum ExcelLimitError: Error, CustomStringConvertible, Sendable, Equatable {
    case sheetNameTooLong(String)
    case sheetNameInvalid(String)
    case duplicateSheetName(String)
    case stringTooLong(sheet: String, cell: String, length: Int)
    case tooManyRows(sheet: String, rows: Int)
    case tooManyColumns(sheet: String, columns: Int)

    public static let maxStringLength = 32_767
    public static let maxSheetNameLength = 31

    public var description: String {
        switch self {
        case .sheetNameTooLong(let n):
            return "sheet name \"\(n)\" is longer than Excel's \(ExcelLimitError.maxSheetNameLength) characters"
        case .sheetNameInvalid(let n):
            return "sheet name \"\(n)\" is empty, has one of [ ] : * ? / \\ or starts or ends with an apostrophe"
        case .duplicateSheetName(let n): return "sheet name \"\(n)\" is used twice (Excel compares names without case)"
        case .stringTooLong(let s, let c, let l):
            return "\(s)!\(c): a string of \(l) characters is over Excel's \(ExcelLimitError.maxStringLength)"
        case .tooManyRows(let s, let r): return "\(s): \(r) rows are over Excel's \(CellReference.maxRows)"
        case .tooManyColumns(let s, let c): return "\(s): \(c) columns are over Excel's \(CellReference.maxColumns)"
        }
    }

    /// Checks a sheet name against Excel's rules.
    public static func check(sheetName n: String) throws {
        if n.count > maxSheetNameLength { throw ExcelLimitError.sheetNameTooLong(n) }
        if n.isEmpty || n.contains(where: { "[]:*?/\\".contains($0) }) || n.hasPrefix("'") || n.hasSuffix("'") {
            throw ExcelLimitError.sheetNameInvalid(n)
        }
    }

    /// A note's or cell's text cut to Excel's limit.
    public static func clip(_ s: String) -> String {
        // UTF-16 never has more units than UTF-8 has bytes: a short text is not counted.
        guard s.utf8.count > maxStringLength, s.utf16.count > maxStringLength else { return s }
        // Whole characters up to the limit in UTF-16 units (an emoji is two), then the ellipsis (one).
        var units = 0
        let kept = s.prefix { c in
            units += c.utf16.count
            return units <= maxStringLength - 1
        }
        return String(kept) + "…"
    }
}

/// The comments part (ECMA-376 §18.7): GoalSheet's notes replace its earlier ones; everyone else's notes stay byte for
/// byte.
final class CommentsEditor {
    private let doc: XMLSpliceDocument?
    private let mainNamespace: String
    /// Cells holding other authors' notes.
    private(set) var occupied: Set<CellReference> = []
    /// Cells of GoalSheet's earlier notes, removed.
    private(set) var removed: Set<CellReference> = []
    private var authorIndex: Int
    private var newAuthor = false
    /// GoalSheet's notes, made into `<comment>` elements only as the part is written.
    private var added: [(cell: CellReference, notes: [CellNote])] = []

    init(bytes: [UInt8]?, part: String, mainNamespace: String) throws {
        self.mainNamespace = mainNamespace
        guard let b = bytes else { doc = nil; authorIndex = 0; newAuthor = true; return }
        let d = try XMLSpliceDocument(b, part: part)
        doc = d
        let authors = d.first("authors").map { d.children(of: $0, named: "author").map { d.text(of: $0) } } ?? []
        if let i = authors.firstIndex(of: AnnotationMark.noteAuthor) {
            authorIndex = i
        } else {
            authorIndex = authors.count; newAuthor = true
        }
        if let list = d.first("commentList") {
            for c in d.children(of: list, named: "comment") {
                guard let ref = d.attribute("ref", of: c).flatMap(CellReference.init) else { continue }
                if !newAuthor && d.attribute("authorId", of: c).flatMap(Int.init) == authorIndex {
                    removed.insert(ref)
                    d.replace(d.elements[c].outer, with: "")
                } else {
                    occupied.insert(ref)
                }
            }
        }
    }

    /// The prefix of the part's elements with its colon ("x:"), or empty.
    private var p: String { (doc?.root.prefix).map { $0.isEmpty ? "" : $0 + ":" } ?? "" }

    func add(_ cell: CellReference, text: String) {
        add(cell, notes: [CellNote(cell: cell, text: text)])
    }

    /// One comment on `cell` holding `notes`' texts, a blank line between them (made as the part is written).
    func add(_ cell: CellReference, notes: [CellNote]) {
        added.append((cell, notes))
        occupied.insert(cell)
    }

    private func comment(_ note: (cell: CellReference, notes: [CellNote])) -> String {
        var out: [UInt8] = []
        appendComment(note, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The `<comment>` element (§18.7.3) of `note`, appended as bytes: a sheet may have a hundred thousand.
    private func appendComment(_ note: (cell: CellReference, notes: [CellNote]), to out: inout [UInt8]) {
        let text = note.notes.count == 1 ? note.notes[0].text : note.notes.map(\.text).joined(separator: "\n\n")
        let p = self.p.utf8
        out.append(UInt8(ascii: "<"))
        out += p
        out += "comment ref=\"".utf8
        out += note.cell.description.utf8
        out += "\" authorId=\"".utf8
        out += String(authorIndex).utf8
        out += "\"><".utf8
        out += p
        out += "text><".utf8
        out += p
        out += "t xml:space=\"preserve\">".utf8
        XMLText.appendEscaped(ExcelLimitError.clip(text), attribute: false, to: &out)
        out += "</".utf8
        out += p
        out += "t></".utf8
        out += p
        out += "text></".utf8
        out += p
        out += "comment>".utf8
    }

    var isEmpty: Bool { doc == nil && added.isEmpty }

    /// The comments GoalSheet adds.
    var addedCount: Int { added.count }

    /// Whether the part is new (the sheet had no notes): then it can be written as its comments are made.
    var isNewPart: Bool { doc == nil }

    private var author: String { "<\(p)author>\(AnnotationMark.noteAuthor)</\(p)author>" }

    /// A new comments part, in chunks as its `<comment>` elements are made: a sheet's hundred thousand notes are
    /// never held as one text.
    func write(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = PartChunks()
        try out.append(
            xmlDeclaration + "<comments xmlns=\"\(mainNamespace)\"><authors>\(author)</authors><commentList>", emit)
        for note in added { try out.append(emit) { appendComment(note, to: &$0) } }
        try out.append("</commentList></comments>", emit)
        try out.finish(emit)
    }

    func result() -> [UInt8] {
        guard let d = doc else { return PartChunks.collect(write) }
        let added = self.added.map(comment)
        if newAuthor {
            if let a = d.first("authors") {
                d.append(author, into: a)
            } else {
                d.insert("<\(p)authors>\(author)</\(p)authors>", at: d.root.start.upperBound)
            }
        }
        if let list = d.first("commentList") {
            d.append(added.joined(), into: list)
        } else {
            d.append("<\(p)commentList>\(added.joined())</\(p)commentList>", into: 0)
        }
        return d.result()
    }
}

/// The VML drawing that shows notes (legacy comments): one hidden text-box shape per note.
final class VMLNotesEditor {
    private let doc: XMLSpliceDocument?
    private let idBlock: Int
    private var nextShape: Int
    /// The notes' shapes by id and cell, made into `<v:shape>` elements only as the part is written.
    private var added: [(id: Int, cell: CellReference)] = []
    private var hasNoteType = false

    /// `bytes`: an existing drawing to merge into; `idBlock`: the `o:idmap` block of a new drawing.
    init(bytes: [UInt8]?, part: String, idBlock: Int, removing: Set<CellReference>) throws {
        self.idBlock = idBlock
        guard let b = bytes else { doc = nil; nextShape = idBlock * 1024 + 1; return }
        let d = try XMLSpliceDocument(b, part: part)
        doc = d
        var maxID = 0
        for i in d.all("shape") {
            // GoalSheet's earlier note shapes: a Note at a cell whose GoalSheet comment was removed.
            if let data = d.children(of: i, named: "ClientData").first, d.attribute("ObjectType", of: data) == "Note",
                let r = d.children(of: data, named: "Row").first.flatMap({ Int(d.text(of: $0).trimmingTrailingSpaces) }
                ),
                let c = d.children(of: data, named: "Column").first.flatMap({
                    Int(d.text(of: $0).trimmingTrailingSpaces)
                }),
                removing.contains(CellReference(row: r, column: c))
            {
                d.replace(d.elements[i].outer, with: "")
                continue
            }
            if let id = d.attribute("id", of: i), id.hasPrefix("_x0000_s"), let n = Int(id.dropFirst(8)) {
                maxID = max(maxID, n)
            }
            if let o = d.attribute("spid", of: i, anyPrefix: true), o.hasPrefix("_x0000_s"), let n = Int(o.dropFirst(8))
            {
                maxID = max(maxID, n)
            }
        }
        hasNoteType = d.all("shapetype").contains { d.attribute("id", of: $0) == "_x0000_t202" }
        nextShape = max(maxID + 1, 1025)
    }

    static let namespaces = [
        ("v", "urn:schemas-microsoft-com:vml"), ("o", "urn:schemas-microsoft-com:office:office"),
        ("x", "urn:schemas-microsoft-com:office:excel"),
    ]

    static let noteShapeType = """
        <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\
        <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
        """

    func add(_ cell: CellReference) {
        added.append((nextShape, cell))
        nextShape += 1
    }

    /// The note shapes GoalSheet adds.
    var addedCount: Int { added.count }

    private static func shape(_ id: Int, _ cell: CellReference) -> String {
        var out: [UInt8] = []
        appendShape(id, cell, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The hidden text box (`<v:shape>`) of the note on `cell`, anchored beside it, appended as bytes.
    private static func appendShape(_ id: Int, _ cell: CellReference, to out: inout [UInt8]) {
        // The markup is 600 bytes and each of its seven integers at most 20.
        MarkupStore.append(to: &out, capacity: 800) { m in
            m.raw("<v:shape id=\"_x0000_s")
            m.decimal(id)
            m.raw(
                "\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:0;margin-top:0;width:216pt;height:80pt;z-index:"
            )
            m.decimal(id)
            m.raw(
                """
                ;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>\
                <v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>\
                <v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>\
                <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>
                """)
            // Two columns right of the cell and a row above it, four columns wide and five rows high.
            m.decimal(cell.column + 1)
            m.raw(", 15, ")
            m.decimal(max(0, cell.row - 1))
            m.raw(", 10, ")
            m.decimal(cell.column + 4)
            m.raw(", 15, ")
            m.decimal(cell.row + 4)
            m.raw(", 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>")
            m.decimal(cell.row)
            m.raw("</x:Row><x:Column>")
            m.decimal(cell.column)
            m.raw("</x:Column></x:ClientData></v:shape>")
        }
    }

    /// Whether the drawing is new (the sheet had none): then it can be written as its shapes are made.
    var isNewPart: Bool { doc == nil }

    /// A new drawing, in chunks as its shapes are made.
    func write(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = PartChunks()
        try out.append(
            """
            <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\
            <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="\(idBlock)"/></o:shapelayout>
            """ + VMLNotesEditor.noteShapeType, emit)
        for (id, cell) in added { try out.append(emit) { VMLNotesEditor.appendShape(id, cell, to: &$0) } }
        try out.append("</xml>", emit)
        try out.finish(emit)
    }

    func result() -> [UInt8] {
        guard let d = doc else { return PartChunks.collect(write) }
        let added = self.added.map { VMLNotesEditor.shape($0.id, $0.cell) }
        // Our shapes use the v:, o: and x: prefixes; where the drawing's root does not declare them, each shape does.
        let rootTag = String(decoding: d.slice(d.root.start), as: UTF8.self)
        let declared = VMLNotesEditor.namespaces.allSatisfy { rootTag.contains("xmlns:\($0.0)=\"\($0.1)\"") }
        var markup = (hasNoteType ? "" : VMLNotesEditor.noteShapeType) + added.joined()
        if !declared {
            let decl = VMLNotesEditor.namespaces.map { " xmlns:\($0.0)=\"\($0.1)\"" }.joined()
            markup = markup.replacingOccurrences(of: "<v:shapetype ", with: "<v:shapetype\(decl) ")
                .replacingOccurrences(of: "<v:shape ", with: "<v:shape\(decl) ")
        }
        d.append(markup, into: 0)
        return d.result()
    }
}
