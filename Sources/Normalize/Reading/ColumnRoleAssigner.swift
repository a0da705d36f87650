import GoalModel
import GoalSheetSupport
import SpreadsheetML

/// A column's field, with how sure the reader is and why.
public struct ColumnAssignment: Sendable, Equatable {
    public var column: Int
    public var role: ColumnRole
    /// 0…1: the header's evidence and the content's, combined.
    public var confidence: Double
    /// The header path ("数値目標/目標値"), the synonym matched and the content profile, for `inspect`.
    public var header: String
    public var evidence: String
}

/// Assigns fields to all columns of a table at once: each field at most once, scored by header
/// synonyms, the content profile and position (ExtracTable's column consistency, Pytheas' "values in a
/// real column look alike").
struct ColumnRoleAssigner {
    let band: HeaderBand
    let profiles: [Int: ColumnProfile]
    let matcher: HeaderMatcher
    let words: ReadingWords

    struct Candidate {
        var column: Int
        var role: ColumnRole
        var score: Double
        var evidence: String
    }

    /// The weight of the header against the content.
    static let headerWeight = 0.6

    func assign() -> [ColumnAssignment] {
        var candidates: [Candidate] = []
        for c in band.paths.keys.sorted() { candidates += self.candidates(column: c) }
        // A title from content alone only where no header names one.
        let titleRoles: Set<ColumnRole> = [.title, .objective, .keyResult, .metric]
        if candidates.contains(where: {
            titleRoles.contains($0.role) && $0.score >= 0.5 && $0.evidence.hasPrefix("header")
        }) {
            candidates.removeAll { $0.role == .title && $0.evidence.hasPrefix("content") }
        }
        // Best first; between equals, the leftmost (the title is usually the first text column).
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.column < $1.column }
        var taken: [ColumnRole: Int] = [:]
        var used = Set<Int>()
        var out: [ColumnAssignment] = []
        // Each field once; a title may have several coarser levels (Area / Strategic Objective).
        for cand in candidates
        where cand.score >= 0.3 && (taken[cand.role] == nil || cand.role == .category) && !used.contains(cand.column) {
            taken[cand.role] = cand.column
            used.insert(cand.column)
            out.append(
                ColumnAssignment(
                    column: cand.column, role: cand.role, confidence: min(1, cand.score),
                    header: band.name(cand.column),
                    evidence: cand.evidence))
        }
        let titleLike = Set(
            candidates.filter { [.title, .objective].contains($0.role) && $0.score >= 0.5 }.map(\.column))
        return HierarchyResolver(profiles: profiles, band: band).resolve(
            out.sorted { $0.column < $1.column }, titleLike: titleLike)
    }

    /// Every role the column could hold, with its score.
    func candidates(column c: Int) -> [Candidate] {
        let profile = profiles[c] ?? ColumnProfile()
        var out: [Candidate] = []
        var headerRoles: [(ColumnRole, Double, String)] = []
        if let m = matcher.score(band.finest(c)) { headerRoles.append((m.role, m.strength, "「\(m.synonym)」")) }
        if let g = band.group(c), let m = matcher.score(band.name(c)), !headerRoles.contains(where: { $0.0 == m.role })
        {
            headerRoles.append((m.role, m.strength * 0.8, "「\(m.synonym)」 in \(g)"))
        }
        if let g = band.group(c), let m = matcher.score(g), !headerRoles.contains(where: { $0.0 == m.role }) {
            headerRoles.append((m.role, m.strength * 0.5, "group 「\(g)」"))
        }
        // A scenario word as the header ("Plan", "Act", "PY") names a value column too.
        if let sc = words.scenario(header: band.finest(c)) {
            let role: ColumnRole =
                sc == .prior ? .baseline : sc == .actual ? .current : sc == .target ? .target : .current
            if !headerRoles.contains(where: { $0.0 == role }) {
                headerRoles.append((role, sc == .forecast ? 0.5 : 0.9, "scenario 「\(band.finest(c))」"))
            }
        }
        for (role, strength, why) in headerRoles {
            let fit = ContentFit.fit(role, profile)
            if profile.filled > 0, fit < 0.2 {
                // The content contradicts the header: 「目標」 over numbers is the target, "Start" over numbers the baseline.
                if let alt = ContentFit.alternative(for: role, profile) {
                    let f = ContentFit.fit(alt, profile)
                    out.append(
                        Candidate(
                            column: c, role: alt, score: strength * 0.7 * ColumnRoleAssigner.headerWeight + f * 0.4,
                            evidence:
                                "header \(why) says \(role.rawValue), content \(profile.summary) says \(alt.rawValue)"))
                }
                out.append(
                    Candidate(
                        column: c, role: role, score: strength * ColumnRoleAssigner.headerWeight * 0.3,
                        evidence: "header \(why); content \(profile.summary) does not fit"))
                continue
            }
            let f = profile.filled == 0 ? 0.5 : fit
            out.append(
                Candidate(
                    column: c, role: role, score: strength * ColumnRoleAssigner.headerWeight + f * 0.4,
                    evidence: "header \(why); content \(profile.summary)"))
        }
        // Content alone, for the roles whose values speak for themselves.
        if profile.filled >= 1 {
            for role in ContentFit.selfEvident where !headerRoles.contains(where: { $0.0 == role }) {
                let f = ContentFit.fit(role, profile)
                if f >= 0.8 {
                    out.append(Candidate(column: c, role: role, score: f * 0.4, evidence: "content \(profile.summary)"))
                }
            }
        }
        return out
    }
}

/// How well a column's content fits a role (0…1).
enum ContentFit {
    /// Roles that content alone can assign (a column of dates, of unit words, of e-mails).
    static let selfEvident: [ColumnRole] = [.due, .unit, .direction, .owner, .title]

    static func fit(_ role: ColumnRole, _ p: ColumnProfile) -> Double {
        guard p.filled > 0 else { return 0.5 }
        let numeric = p.share(p.numbers)
        let text = p.share(p.texts)
        switch role {
        case .title, .keyResult, .objective:
            let length = min(1, p.averageTextLength / 8)
            let penalty = p.share(p.unitWords) + p.share(p.idLike) + p.share(p.emails)
            return max(0, text * length - penalty)
        case .metric:
            return max(0, text - p.share(p.unitWords))
        case .category:
            return text * (p.averageTextLength >= 2 ? 1 : 0.5)
        case .baseline, .current, .target, .weight, .targetMin, .targetMax, .periodValue:
            return numeric - p.share(p.years) * 0.5
        case .unit:
            return p.share(p.unitWords)
        case .due, .start:
            return max(p.share(p.dates), p.share(p.years))
        case .direction:
            return p.share(p.directionWords)
        case .type:
            return max(p.share(p.kindWords), text * 0.6)
        case .owner:
            if p.emails > 0 { return p.share(p.emails) }
            return p.averageTextLength <= 20 ? text * 0.7 : text * 0.3
        case .department:
            return p.averageTextLength <= 20 ? text * 0.8 : text * 0.3
        case .id:
            return max(p.share(p.idLike), numeric * (p.distinctShare > 0.9 ? 0.8 : 0.2))
        case .parent:
            return max(text, p.share(p.idLike))
        case .formula:
            return max(p.share(p.formulas), text * 0.5)
        case .period:
            return text
        }
    }

    /// The role a header's family points to when its content contradicts the header.
    static func alternative(for role: ColumnRole, _ p: ColumnProfile) -> ColumnRole? {
        let numeric = p.share(p.numbers) >= 0.6
        switch role {
        case .title, .keyResult, .metric: return numeric ? .target : nil
        case .start: return numeric ? .baseline : nil
        case .baseline, .current, .target:
            if p.share(p.unitWords) >= 0.6 { return .unit }
            if p.share(p.texts) >= 0.6, p.averageTextLength >= 12 { return .title }
            return nil
        case .type: return p.share(p.directionWords) >= 0.6 ? .direction : nil
        case .due: return nil
        default: return nil
        }
    }
}

/// Of several title-like text columns (大項目 / 小項目, Goal / Strategic Objective / KPI), the finest is the
/// title and the coarser ones make its category. Objective + key result columns stay an OKR layout.
struct HierarchyResolver {
    let profiles: [Int: ColumnProfile]
    let band: HeaderBand

    /// Adjacent level columns that each row fills at most one of, the first row the leftmost's: a tree
    /// drawn as a staircase (KGI / KSF / KPI).
    func isStaircase(_ levels: [Int]) -> Bool {
        let rows = levels.map { profiles[$0]?.textRows ?? [] }
        guard levels.count >= 2, zip(levels, levels.dropFirst()).allSatisfy({ $1 == $0 + 1 }),
            rows.allSatisfy({ !$0.isEmpty }),
            let first = rows.flatMap({ $0 }).min(), rows[0].contains(first)
        else { return false }
        return rows.indices.allSatisfy { i in
            rows.indices.allSatisfy { j in i == j || rows[i].isDisjoint(with: rows[j]) }
        }
    }

    /// `titleLike`: the columns whose header could name a title or an objective and whose cells are words.
    func resolve(_ assignments: [ColumnAssignment], titleLike: Set<Int>) -> [ColumnAssignment] {
        var out = assignments
        guard !out.contains(where: { $0.role == .keyResult }), let ti = out.firstIndex(where: { $0.role == .title })
        else { return out }
        let assignedElsewhere = Set(out.filter { ![.title, .objective].contains($0.role) }.map(\.column))
        let levels = titleLike.subtracting(assignedElsewhere).union(
            out.filter { [.title, .objective].contains($0.role) }.map(\.column)
        )
        .filter { (profiles[$0]?.texts ?? 0) > 0 }.sorted()
        guard levels.count > 1 else { return out }
        // The finest level has the most distinct values; between equals, the one the headers named the title.
        // In a staircase (each row fills one level: KGI / KSF / KPI) the rightmost is the finest.
        let assignedTitle = assignments[ti].column
        let finest =
            isStaircase(levels)
            ? levels.last!
            : levels.max { a, b in
                let da = profiles[a]?.distinct ?? 0, db = profiles[b]?.distinct ?? 0
                return da != db ? da < db : (a == assignedTitle ? false : b == assignedTitle ? true : a < b)
            }!
        let coarser = levels.filter { $0 < finest }
        out.removeAll { a in
            levels.contains(a.column) && a.column != finest && (a.role == .title || a.role == .objective)
        }
        if let i = out.firstIndex(where: { $0.column == finest }) {
            out[i].role = .title
        } else {
            var moved = assignments[ti]
            moved.column = finest
            moved.header = band.name(finest)
            moved.evidence =
                "the finest of \(levels.count) title levels (\(profiles[finest]?.distinct ?? 0) distinct values)"
            out.append(moved)
        }
        for c in coarser where !out.contains(where: { $0.column == c }) {
            out.append(
                ColumnAssignment(
                    column: c, role: .category, confidence: 0.7, header: band.name(c),
                    evidence:
                        "a coarser title level than \(CellReference.columnName(finest)) (\(profiles[c]?.distinct ?? 0) distinct values)"
                ))
        }
        return out.sorted { $0.column < $1.column }
    }
}
