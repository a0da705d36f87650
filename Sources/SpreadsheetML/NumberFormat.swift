/// A number format (`<numFmt numFmtId formatCode>` or a built-in id) and what kind of value it shows.
public struct NumberFormat: Sendable, Hashable {
    /// What a format makes of a number.
    public enum Kind: String, Sendable {
        case general
        case number
        case percent
        case dateTime
        /// Elapsed time: `[h]:mm:ss`, `[mm]:ss` …
        case duration
        case text
    }

    public let id: Int
    public let code: String
    public let kind: Kind
    /// Decimals of the first section, for display.
    public let decimals: Int
    /// `,` between thousands (`#,##0`).
    public let groupsThousands: Bool
    /// Scientific or fraction notation, which display falls back to General for.
    public let isScientificOrFraction: Bool

    /// A format by id: `code` is the workbook's own `<numFmt>` for that id, or nil for a built-in one.
    public init(id: Int, customCode: String?) {
        self.id = id
        self.code = customCode ?? NumberFormat.builtinCode(id) ?? "General"
        self.kind = customCode.map { NumberFormat.classify(code: $0) } ?? NumberFormat.classifyBuiltin(id)
        self.decimals = NumberFormat.countDecimals(code)
        let first = code.split(separator: ";", maxSplits: 1).first.map(String.init) ?? code
        self.groupsThousands = first.contains(",")
        self.isScientificOrFraction = first.contains("E+") || first.contains("E-") || first.contains("?")
    }

    public static let general = NumberFormat(id: 0, customCode: nil)

    /// Calls `body` with each token character of the first section: quoted text and the character
    /// after `\`, `_` or `*` are literals and skipped; `;` ends the section. `body` returns false to stop.
    static func forEachToken(_ code: String, _ body: (Character) -> Bool) {
        var quoted = false
        var escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            if quoted { if ch == "\"" { quoted = false }; continue }
            switch ch {
            case "\\", "_", "*": escaped = true
            case "\"": quoted = true
            case ";": return
            default: if !body(ch) { return }
            }
        }
    }

    /// Number of decimals in the first section (`0.0%` → 1).
    static func countDecimals(_ code: String) -> Int {
        var count = 0
        var afterPoint = false
        forEachToken(code) { ch in
            switch ch {
            case ".": afterPoint = true
            case "0", "#", "?": if afterPoint { count += 1 }
            default: if afterPoint && ch != "," && count > 0 { return false }
            }
            return true
        }
        return count
    }

    /// ECMA-376 Part 1, §18.8.30: the built-in formats (en-US), with the CJK date ids.
    public static func builtinCode(_ id: Int) -> String? {
        switch id {
        case 0: return "General"
        case 1: return "0"
        case 2: return "0.00"
        case 3: return "#,##0"
        case 4: return "#,##0.00"
        case 9: return "0%"
        case 10: return "0.00%"
        case 11: return "0.00E+00"
        case 12: return "# ?/?"
        case 13: return "# ??/??"
        case 14: return "mm-dd-yy"
        case 15: return "d-mmm-yy"
        case 16: return "d-mmm"
        case 17: return "mmm-yy"
        case 18: return "h:mm AM/PM"
        case 19: return "h:mm:ss AM/PM"
        case 20: return "h:mm"
        case 21: return "h:mm:ss"
        case 22: return "m/d/yy h:mm"
        // East Asian built-ins (ja-JP): dates and times in Japanese notation.
        case 27, 36, 50: return "[$-411]ge.m.d"
        case 28, 29, 51, 54: return "[$-411]ggge\"年\"m\"月\"d\"日\""
        case 30, 52: return "m/d/yy"
        case 31, 53: return "yyyy\"年\"m\"月\"d\"日\""
        case 32, 55: return "h\"時\"mm\"分\""
        case 33, 56: return "h\"時\"mm\"分\"ss\"秒\""
        case 34, 57: return "yyyy\"年\"m\"月\""
        case 35, 58: return "m\"月\"d\"日\""
        case 37: return "#,##0 ;(#,##0)"
        case 38: return "#,##0 ;[Red](#,##0)"
        case 39: return "#,##0.00;(#,##0.00)"
        case 40: return "#,##0.00;[Red](#,##0.00)"
        case 45: return "mm:ss"
        case 46: return "[h]:mm:ss"
        case 47: return "mmss.0"
        case 48: return "##0.0E+0"
        case 49: return "@"
        default: return nil
        }
    }

    static func classifyBuiltin(_ id: Int) -> Kind {
        switch id {
        case 0: return .general
        case 14...22, 27...36, 45, 47, 50...58: return .dateTime
        case 46: return .duration
        case 9, 10: return .percent
        case 49: return .text
        default: return .number
        }
    }

    static func classify(code: String) -> Kind {
        switch dateKind(of: code) {
        case .dateTime: return .dateTime
        case .duration: return .duration
        case .none: break
        }
        if code == "@" { return .text }
        if code.isEmpty || code.caseInsensitiveCompare("General") { return .general }
        if firstSectionHasPercent(code) { return .percent }
        return .number
    }

    enum DateKind { case dateTime, duration, none }

    /// Whether a custom format shows a date/time or an elapsed time. Only the first section counts;
    /// quoted text, `\x`, `_x` and `*x` are literals; `[h]`, `[mm]`, `[ss]` make an elapsed time;
    /// other bracketed parts (`[Red]`, `[$-411]`, `[>=100]`) are not tokens.
    static func dateKind(of code: String) -> DateKind {
        var escaped = false
        var quoted = false
        var brackets = 0
        var prev: Character = " "
        var elapsed = false
        var sawA = false
        for ch in code {
            if escaped { escaped = false; prev = ch; continue }
            if quoted {
                if ch == "\"" { quoted = false }
                prev = ch
                continue
            }
            switch ch {
            case "_", "\\", "*":
                escaped = true
            case "\"":
                quoted = true
            case ";":
                return .none
            case "[":
                brackets += 1
            case "]":
                if brackets == 1 && elapsed { return .duration }
                brackets = max(0, brackets - 1)
            default:
                if brackets == 0 {
                    if sawA, "pmPM/".contains(ch) { return .dateTime }
                    if ch == "a" || ch == "A" {
                        sawA = true
                    } else if !sawA, "dmhysDMHYS".contains(ch) {
                        return .dateTime
                    }
                } else {
                    let lower = Character(ch.lowercased())
                    if elapsed && Character(prev.lowercased()) == lower {
                        // [hh], [mm]: still elapsed
                    } else {
                        elapsed = prev == "[" && "hms".contains(lower)
                    }
                }
            }
            prev = ch
        }
        return .none
    }

    static func firstSectionHasPercent(_ code: String) -> Bool {
        var found = false
        forEachToken(code) { ch in
            found = ch == "%"
            return !found
        }
        return found
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
