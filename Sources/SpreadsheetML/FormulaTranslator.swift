import GoalSheetSupport

/// Moves a formula's relative references, as Excel does when it fills a shared formula
/// (`<f t="shared" si>`) from its master cell to the other cells of the range.
public enum FormulaTranslator {
    /// Shifts relative references (`A1`, `A$1`, `$A1`, `A:A`, `1:1`) by `rows` and `columns`;
    /// absolute parts (`$`), string literals and quoted sheet names stay as they are.
    public static func shift(_ formula: String, rows: Int, columns: Int) -> String {
        if rows == 0 && columns == 0 { return formula }
        let b = Array(formula.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 8)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x22 || c == 0x27 {  // "…" literal or '…' sheet name, doubled quote escapes
                let q = c
                out.append(c)
                i += 1
                while i < b.count {
                    out.append(b[i])
                    if b[i] == q {
                        if i + 1 < b.count && b[i + 1] == q { out.append(q); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                continue
            }
            if c == 0x5B {  // [ … ] structured references and external book indices: copy
                while i < b.count && b[i] != 0x5D { out.append(b[i]); i += 1 }
                if i < b.count { out.append(b[i]); i += 1 }
                continue
            }
            let prev: UInt8 = i > 0 ? b[i - 1] : 0x20
            if isNameChar(prev) && prev != 0x24 {
                out.append(c); i += 1; continue
            }
            if let (text, len) = reference(b, i, rows: rows, columns: columns) {
                out.append(contentsOf: text.utf8)
                i += len
                continue
            }
            // Copy a whole identifier or number so that we never start matching in its middle.
            if isNameChar(c) && c != 0x24 {
                while i < b.count && isNameChar(b[i]) && b[i] != 0x24 { out.append(b[i]); i += 1 }
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isNameChar(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E
            || c == 0x24 || c >= 0x80
    }

    /// A cell reference (`$A$1`), a column (`$A`) or a row (`$1`) part starting at `i`, followed by
    /// something that is not part of a name or a function call.
    private static func reference(_ b: [UInt8], _ start: Int, rows: Int, columns: Int) -> (String, Int)? {
        var i = start
        var colAbs = false
        if i < b.count && b[i] == 0x24 { colAbs = true; i += 1 }
        var col = 0
        var letters = 0
        while i < b.count, letters < 4 {
            var c = b[i]
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            guard c >= 0x41 && c <= 0x5A else { break }
            col = col * 26 + Int(c - 0x40)
            letters += 1
            i += 1
        }
        var rowAbs = false
        var row = 0
        var digits = 0
        var j = i
        if j < b.count && b[j] == 0x24 { rowAbs = true; j += 1 }
        while j < b.count, b[j] >= 0x30, b[j] <= 0x39, digits < 8 {
            row = row * 10 + Int(b[j] - 0x30)
            digits += 1
            j += 1
        }
        let next: UInt8 = j < b.count ? b[j] : 0x20
        if letters > 0 && letters <= 3 && digits > 0 {
            guard !isNameChar(next) && next != 0x28 && next != 0x21 else { return nil }  // not NAME1(, not Sheet1!
            let c = colAbs ? "$" + CellReference.columnName(col - 1) : columnText(col - 1 + columns)
            let r = rowAbs ? "$" + String(row) : rowText(row + rows)
            // A reference moved off the sheet is #REF! as a whole.
            return (c == "#REF!" || r == "#REF!" ? "#REF!" : c + r, j - start)
        }
        // Whole columns (A:C) and whole rows (1:3): only when a ':' pairs them.
        if letters > 0 && letters <= 3 && digits == 0 && !rowAbs {
            let after = i < b.count ? b[i] : 0x20
            let before: UInt8 = start > 0 ? b[start - 1] : 0x20
            guard after == 0x3A || before == 0x3A, !isNameChar(after), after != 0x28 else { return nil }
            return (colAbs ? "$" + CellReference.columnName(col - 1) : columnText(col - 1 + columns), i - start)
        }
        if letters == 0 && digits > 0 {
            // `$1` reads as a column-absolute marker above; for a whole row it is the row's.
            let absolute = colAbs || rowAbs
            let before: UInt8 = start > 0 ? b[start - 1] : 0x20
            guard next == 0x3A || before == 0x3A, !isNameChar(next) else { return nil }
            return (absolute ? "$" + String(row) : rowText(row + rows), j - start)
        }
        return nil
    }

    private static func columnText(_ c: Int) -> String {
        c < 0 || c >= CellReference.maxColumns ? "#REF!" : CellReference.columnName(c)
    }
    private static func rowText(_ r: Int) -> String {
        r < 1 || r > CellReference.maxRows ? "#REF!" : String(r)
    }
}
