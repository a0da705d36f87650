import GoalModel
import SpreadsheetML

/// What a sheet says around its goal tables: the period of its title block (「2025年度下期」, "2024
/// Goals/KPIs Setting") and form fields (氏名 / 部署 / 期間 above the table), which give the goals
/// their owner, department and due date when the rows do not.
public struct SheetContext: Sendable, Equatable {
    /// The period the title block names, and the text it was read from.
    public var period: DateSpan?
    public var periodText = ""
    public var owner: String?
    public var department: String?

    public init() {}

    /// Reads the rows above `top` (at most 20) of the sheet, then the sheet's and file's names for a period.
    static func read(
        _ grid: SheetGrid, above top: Int, names: [String], matcher: HeaderMatcher, fiscal: FiscalCalendar
    ) -> SheetContext {
        var ctx = SheetContext()
        for r in max(0, top - 20)..<max(0, top) where r < grid.rows.count {
            for c in grid.rows[r].indices where !grid[r, c].fromMerge {
                guard case .text(let raw) = grid[r, c].value else { continue }
                let t = raw.trimmingSpaces
                if let field = formField(t, matcher: matcher) {
                    if let v = value(grid, r, after: c) {
                        switch field {
                        case .owner: ctx.owner = ctx.owner ?? v
                        case .department: ctx.department = ctx.department ?? v
                        case .period, .due:
                            if ctx.period == nil, let span = DateParser.parse(v, fiscal: fiscal) {
                                ctx.period = span; ctx.periodText = v
                            }
                        default: break
                        }
                    }
                    continue
                }
                if ctx.period == nil, t.count <= 80, let span = period(in: t, fiscal: fiscal) {
                    ctx.period = span; ctx.periodText = t
                }
            }
        }
        for n in names where ctx.period == nil {
            if let span = period(in: n, fiscal: fiscal) { ctx.period = span; ctx.periodText = n }
        }
        return ctx
    }

    /// A form label: 「氏名：」, "Department:", 「期間」 followed by its value.
    static func formField(_ t: String, matcher: HeaderMatcher) -> ColumnRole? {
        let folded = TextNormalizer.foldWidth(t).trimmingSpaces
        guard folded.hasSuffix(":"), folded.count <= 24 else { return nil }
        let label = String(folded.dropLast()).trimmingSpaces
        let k = ReadingWords.key(label)
        if ["氏名", "名前", "full name", "employee name", "name", "担当者", "owner", "社員名"].contains(k) { return .owner }
        guard let m = matcher.score(label), m.strength >= 1 else { return nil }
        return [.owner, .department, .period, .due].contains(m.role) ? m.role : nil
    }

    /// The first non-empty cell right of a label on its row.
    static func value(_ grid: SheetGrid, _ r: Int, after c: Int) -> String? {
        guard r < grid.rows.count else { return nil }
        for cc in (c + 1)..<min(grid.rows[r].count, c + 6) where !grid[r, cc].value.isEmpty && !grid[r, cc].fromMerge {
            let v = grid.text(r, cc)
            return v.hasSuffix(":") ? nil : v
        }
        return nil
    }

    /// The first period a title names: 「2025年度下期」, "FY2026", 「2025年度」, or a year alone ("2024 Goals" → 2024).
    static func period(in text: String, fiscal: FiscalCalendar) -> DateSpan? {
        let folded = TextNormalizer.foldWidth(text)
        let tokens = folded.split { " \t\n/_-–—()（）「」[]【】:：,、".contains($0) }.map(String.init)
        for t in tokens where t.contains("年度") || t.uppercased().hasPrefix("FY") || t.contains("期") {
            if let span = DateParser.parse(t, fiscal: fiscal) { return span }
        }
        for t in tokens {
            let digits = t.prefix { $0.isNumber }
            guard digits.count == 4, let y = Int(digits), (1990...2100).contains(y) else { continue }
            let rest = t.dropFirst(4)
            guard rest.isEmpty || rest.hasPrefix("年") else { continue }
            return SheetContext.calendarYear(y)
        }
        return nil
    }

    static func calendarYear(_ y: Int) -> DateSpan? {
        guard let s = CalendarDate(year: y, month: 1, day: 1), let e = CalendarDate(year: y, month: 12, day: 31) else {
            return nil
        }
        return DateSpan(start: s, end: e)
    }
}

/// A row of a goal table that was not read as a goal.
public struct SkippedRow: Sendable, Equatable {
    /// 0-based row.
    public var row: Int
    public var reason: SkipReason
}
