import GoalSheetSupport

/// A KPI-tree formula over other nodes ("K1×K2×K3×3", "(N1+N2)*12"), parsed.
public indirect enum FormulaExpression: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    /// A reference to another node, by id or title, as written.
    case reference(String)
    case negate(FormulaExpression)
    case binary(FormulaOperator, FormulaExpression, FormulaExpression)

    /// Every reference, in the order written, without repeats.
    public var references: [String] {
        var out: [String] = []
        func walk(_ e: FormulaExpression) {
            switch e {
            case .number: break
            case .reference(let r): if !out.contains(r) { out.append(r) }
            case .negate(let x): walk(x)
            case .binary(_, let a, let b): walk(a); walk(b)
            }
        }
        walk(self)
        return out
    }

    /// The value with each reference looked up; nil when a reference has no value or a division is by zero.
    public func evaluate(_ value: (String) -> Double?) -> Double? {
        switch self {
        case .number(let v): return v
        case .reference(let r): return value(r)
        case .negate(let x): return x.evaluate(value).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return y == 0 ? nil : x / y
            }
        }
    }

    /// The same formula with references renamed (to run-wide ids once resolved).
    public func mapReferences(_ f: (String) -> String) -> FormulaExpression {
        switch self {
        case .number: return self
        case .reference(let r): return .reference(f(r))
        case .negate(let x): return .negate(x.mapReferences(f))
        case .binary(let op, let a, let b): return .binary(op, a.mapReferences(f), b.mapReferences(f))
        }
    }

    /// Canonical text with ASCII operators and the brackets it needs: `K1*K2*3`, `(A+B)*12`.
    public var description: String { render(parentPrecedence: 0, rightSide: false) }

    private func render(parentPrecedence: Int, rightSide: Bool) -> String {
        switch self {
        case .number(let v): return PlainDecimal.format(v)
        case .reference(let r): return r
        case .negate(let x): return "-" + x.render(parentPrecedence: 3, rightSide: false)
        case .binary(let op, let a, let b):
            let p = op.precedence
            let text =
                a.render(parentPrecedence: p, rightSide: false) + op.symbol
                + b.render(parentPrecedence: p, rightSide: true)
            let needs = p < parentPrecedence || (p == parentPrecedence && rightSide)
            return needs ? "(" + text + ")" : text
        }
    }
}

/// An arithmetic operator of a KPI-tree formula.
public enum FormulaOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    var precedence: Int { self == .add || self == .subtract ? 1 : 2 }
    var symbol: String { rawValue }
}

/// Why a formula could not be read.
public struct FormulaSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Parses KPI-tree formulas: `+ - * /` and `× ÷ ・ x` (between operands), brackets (also full-width),
/// numbers with `,` and `%`, references by id or by name. A leading `name =` or `=` is dropped.
public enum FormulaParser {
    enum Token: Equatable { case number(Double), name(String), op(Character), open, close }

    public static func parse(_ raw: String) throws(FormulaSyntaxError) -> FormulaExpression {
        var text = TextNormalizer.foldWidth(raw)
        if let eq = text.lastIndex(of: "=") { text = String(text[text.index(after: eq)...]) }
        let tokens = try tokenize(text)
        var pos = 0
        let expr = try parseSum(tokens, &pos)
        if pos != tokens.count { throw FormulaSyntaxError(message: "unexpected \(describe(tokens[pos]))") }
        return expr
    }

    static func describe(_ t: Token) -> String {
        switch t {
        case .number(let v): return "number \(PlainDecimal.format(v))"
        case .name(let n): return "'\(n)'"
        case .op(let c): return "'\(c)'"
        case .open: return "'('"
        case .close: return "')'"
        }
    }

    static func tokenize(_ text: String) throws(FormulaSyntaxError) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        func isOperatorChar(_ c: Character) -> Bool { "+-*/×÷・−".contains(c) }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\u{3000}" { i += 1; continue }
            if c == "(" { tokens.append(.open); i += 1; continue }
            if c == ")" { tokens.append(.close); i += 1; continue }
            if isOperatorChar(c) {
                let op: Character
                switch c {
                case "×", "・": op = "*"
                case "÷": op = "/"
                case "−": op = "-"
                default: op = c
                }
                tokens.append(.op(op)); i += 1; continue
            }
            // "x" or "X" between operands is a multiplication sign ("K1 x K2"), when spaced.
            if (c == "x" || c == "X"), i > 0, i + 1 < chars.count, chars[i - 1] == " ", chars[i + 1] == " " {
                tokens.append(.op("*")); i += 1; continue
            }
            if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                var digits = ""
                while j < chars.count, chars[j].isASCII && (chars[j].isNumber || chars[j] == "." || chars[j] == ",") {
                    if chars[j] != "," { digits.append(chars[j]) }
                    j += 1
                }
                // A number glued to letters is a name ("12ヶ月" is not, "3" is).
                if j < chars.count, !isOperatorChar(chars[j]), chars[j] != ")", chars[j] != " ", chars[j] != "%" {
                    // fall through to a name
                } else {
                    guard var v = Double(digits) else { throw FormulaSyntaxError(message: "bad number '\(digits)'") }
                    if j < chars.count, chars[j] == "%" { v /= 100; j += 1 }
                    tokens.append(.number(v))
                    i = j
                    continue
                }
            }
            // A name runs to the next operator or bracket; inner spaces are kept, outer trimmed.
            var j = i
            var name = ""
            while j < chars.count, !isOperatorChar(chars[j]), chars[j] != "(", chars[j] != ")" {
                if (chars[j] == "x" || chars[j] == "X"), chars[j - 1] == " ", j + 1 < chars.count, chars[j + 1] == " " {
                    break
                }
                name.append(chars[j])
                j += 1
            }
            let trimmed = name.trimmingSpaces
            if trimmed.isEmpty { throw FormulaSyntaxError(message: "unexpected '\(c)'") }
            tokens.append(.name(trimmed))
            i = j
        }
        return tokens
    }

    static func parseSum(_ t: [Token], _ pos: inout Int) throws(FormulaSyntaxError) -> FormulaExpression {
        var lhs = try parseProduct(t, &pos)
        while pos < t.count, case .op(let c) = t[pos], c == "+" || c == "-" {
            pos += 1
            let rhs = try parseProduct(t, &pos)
            lhs = .binary(c == "+" ? .add : .subtract, lhs, rhs)
        }
        return lhs
    }

    static func parseProduct(_ t: [Token], _ pos: inout Int) throws(FormulaSyntaxError) -> FormulaExpression {
        var lhs = try parseUnary(t, &pos)
        while pos < t.count, case .op(let c) = t[pos], c == "*" || c == "/" {
            pos += 1
            let rhs = try parseUnary(t, &pos)
            lhs = .binary(c == "*" ? .multiply : .divide, lhs, rhs)
        }
        return lhs
    }

    static func parseUnary(_ t: [Token], _ pos: inout Int) throws(FormulaSyntaxError) -> FormulaExpression {
        guard pos < t.count else { throw FormulaSyntaxError(message: "formula ends early") }
        switch t[pos] {
        case .op("-"):
            pos += 1
            return .negate(try parseUnary(t, &pos))
        case .op("+"):
            pos += 1
            return try parseUnary(t, &pos)
        case .number(let v):
            pos += 1
            return .number(v)
        case .name(let n):
            pos += 1
            return .reference(n)
        case .open:
            pos += 1
            let inner = try parseSum(t, &pos)
            guard pos < t.count, t[pos] == .close else { throw FormulaSyntaxError(message: "missing ')'") }
            pos += 1
            return inner
        default:
            throw FormulaSyntaxError(message: "unexpected \(describe(t[pos]))")
        }
    }
}
