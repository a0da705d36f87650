import GoalModel
import GoalSheetSupport
import Synchronization

/// Makes ids run-wide and resolves parent references: ids first, then exact titles, then close titles.
public enum ParentResolver {
    /// Company ids are claimed first; any other id is kept when no other node in the run has it,
    /// else the node becomes `<file stem>#<row>`.
    static func assignIDs(_ nodes: inout [GoalNode], inputs: [GoalInput]) {
        var counts: [String: Int] = [:]
        var companyCounts: [String: Int] = [:]
        for n in nodes {
            guard let l = n.localID else { continue }
            counts[l, default: 0] += 1
            if n.level == .company { companyCounts[l, default: 0] += 1 }
        }
        var used = Set<String>(minimumCapacity: nodes.count)
        // A file's nodes come together: its stem is worked out once for them.
        var file: String?, stem = ""
        for i in nodes.indices {
            // The node is read field by field, not copied: a copy alive at `nodes[i].id = id` would make the node's
            // storage be copied whole.
            let source = nodes[i].source, localID = nodes[i].localID, level = nodes[i].level
            if source.file != file {
                file = source.file
                stem = GoalInput.stem(of: source.file)
            }
            var id = "\(stem)#\(source.row + 1)"
            if let l = localID {
                if level == .company, companyCounts[l] == 1 { id = l } else if counts[l] == 1 { id = l }
            }
            // Two sheets of a file with a goal on the same row: the sheet names the second. (An id is hashed once
            // when it is free: the insert tells.)
            if !used.insert(id).inserted {
                id = "\(stem)#\(source.sheet)!\(source.row + 1)"
                if !used.insert(id).inserted {
                    id = "\(stem)#\(source.sheet)!\(source.row + 1)#\(i)"
                    used.insert(id)
                }
            }
            nodes[i].id = id
        }
    }

    /// Resolves every parent reference, group reference and formula reference in place (what stays
    /// unresolved is kept as written, for the analysis to report).
    static func resolve(_ nodes: inout [GoalNode], jobs: Int = 1, chunk: Int = ParallelWork.defaultChunk) {
        // Every look-up is made first, on an index that holds a copy of the nodes and is gone before they change (a
        // node changed while another array holds it is copied whole).
        let found = lookUps(nodes, jobs: jobs, chunk: chunk)
        for i in nodes.indices {
            let n = nodes[i]
            if let j = found.links[i].group {
                nodes[i].groupID = nodes[j].id
            }
            if !n.parentRef.isEmpty {
                if let (j, how) = found.links[i].parent, j != i {
                    nodes[i].parentID = nodes[j].id
                    if n.parentMatch != .layout && n.parentMatch != .outline { nodes[i].parentMatch = how }
                } else {
                    nodes[i].parentMatch = nil
                }
            }
        }
        // KPI trees: references become run-wide ids, and each referenced node without a parent is a child.
        for (i, mapped, unresolved) in found.formulas {
            nodes[i].formula = mapped
            nodes[i].formulaUnresolved = unresolved
            for ref in mapped.references {
                guard let j = found.byID[ref], j != i, nodes[j].parentRef.isEmpty, nodes[j].parentID == nil else {
                    continue
                }
                nodes[j].parentID = nodes[i].id
                nodes[j].parentMatch = .layout
            }
        }
    }

    /// What `resolve` looks up: each node's group and parent, each formula with its references as run-wide ids
    /// (and those that stay as written), and the nodes by id.
    struct LookUps {
        var links: [(group: Int?, parent: (Int, ParentMatch)?)]
        var formulas: [(node: Int, mapped: FormulaExpression, unresolved: [String])] = []
        var byID: [String: Int]
    }

    private static func lookUps(_ nodes: [GoalNode], jobs: Int, chunk: Int) -> LookUps {
        let index = NodeIndex(nodes, jobs: jobs)
        // Every node's group and parent looked up at once (the index does not change while they are set).
        let links = ParallelWork.mapChunked(count: nodes.count, jobs: jobs, chunk: chunk) { i in
            let n = index.nodes[i]
            return (
                group: n.groupRef.flatMap { index.find($0, from: i, sameSheetOnly: true)?.0 },
                parent: n.parentRef.isEmpty ? nil : index.find(n.parentRef, from: i, sameSheetOnly: false)
            )
        }
        var out = LookUps(links: links, byID: index.byID)
        for i in nodes.indices {
            guard let f = nodes[i].formula else { continue }
            var unresolved: [String] = []
            let mapped = f.mapReferences { ref in
                if let (j, _) = index.find(ref, from: i, sameSheetOnly: false, allowFuzzy: false) {
                    return nodes[j].id
                }
                unresolved.append(ref)
                return ref
            }
            out.formulas.append((i, mapped, unresolved))
        }
        // The index's tables (a large run's hundreds of thousands of keys and profiles) are freed on another thread
        // while the nodes are changed: the last holder of them is that thread's copy, which holds no nodes.
        var spent = index
        spent.nodes = []
        BackgroundRelease.release(spent)
        return out
    }
}

/// Lookup of nodes by id and title, preferring the same sheet, then company nodes, then anything.
struct NodeIndex: Sendable {
    /// The nodes looked up (a copy freed in the background empties them first: the caller's nodes must be held
    /// once when it changes them).
    var nodes: [GoalNode]
    var byLocalID: [String: [Int]] = [:]
    var byID: [String: Int] = [:]
    var byTitle: [String: [Int]] = [:]
    /// Company nodes, and each sheet's nodes: the only candidates of a fuzzy match.
    var companyIndices: [Int] = []
    /// Each node's sheet as a number, the same for the nodes of one sheet of one file: candidates are
    /// compared by it, not by their file and sheet names.
    var sheetNumbers: [Int] = []
    /// By sheet number, the sheet's nodes that are not company nodes.
    var bySheet: [[Int]] = []
    /// Bigram profiles of each node's title and metric, computed once.
    var titleProfiles: [BigramProfile] = []
    var metricProfiles: [BigramProfile?] = []
    /// Fuzzy matches already scored, by reference and sheet.
    let fuzzyCache = FuzzyCache()

    /// What one node is looked up by, made from it alone (on the index's threads).
    private struct Keys: Sendable {
        let title: BigramProfile
        let metric: BigramProfile?
        let localID: String?
        let titleKey: String
        let metricKey: String?

        init(_ n: GoalNode) {
            title = BigramProfile(n.title)
            metric = n.metric.isEmpty ? nil : BigramProfile(n.metric)
            localID = n.localID.map(TextNormalizer.matchKey)
            titleKey = TextSimilarity.key(n.title)
            metricKey = n.metric.isEmpty ? nil : TextSimilarity.key(n.metric)
        }
    }

    /// The index of `nodes`, each node's keys made on `jobs` threads.
    init(_ nodes: [GoalNode], jobs: Int = 1) {
        self.nodes = nodes
        let keys = ParallelWork.mapChunked(count: nodes.count, jobs: jobs, chunk: ParallelWork.defaultChunk) {
            Keys(nodes[$0])
        }
        titleProfiles = keys.map(\.title)
        metricProfiles = keys.map(\.metric)
        // The look-ups by where a node is and by its id beside those by its words.
        ((companyIndices, bySheet, byID, sheetNumbers), (byLocalID, byTitle)) = ParallelWork.pair(
            jobs: jobs, { NodeIndex.byPlace(nodes) },
            {
                var byLocalID: [String: [Int]] = [:]
                var byTitle: [String: [Int]] = [:]
                for (i, k) in keys.enumerated() {
                    if let l = k.localID { byLocalID[l, default: []].append(i) }
                    byTitle[k.titleKey, default: []].append(i)
                    if let m = k.metricKey, m != k.titleKey { byTitle[m, default: []].append(i) }
                }
                return (byLocalID, byTitle)
            })
    }

    /// A sheet of a file, as nodes are numbered by it.
    private struct SheetPlace: Hashable {
        let file: String
        let sheet: String
    }

    /// The company nodes, the others by sheet, every node by its id, and each node's sheet number.
    private static func byPlace(
        _ nodes: [GoalNode]
    ) -> (company: [Int], bySheet: [[Int]], byID: [String: Int], sheetNumbers: [Int]) {
        var company: [Int] = []
        var bySheet: [[Int]] = []
        var byID: [String: Int] = [:]
        var numbers: [SheetPlace: Int] = [:]
        var sheetNumbers: [Int] = []
        byID.reserveCapacity(nodes.count)
        sheetNumbers.reserveCapacity(nodes.count)
        // A sheet's nodes mostly come one after another: its number is looked up once per run of them.
        var run: (place: SheetPlace, number: Int)?
        for (i, n) in nodes.enumerated() {
            let place = SheetPlace(file: n.source.file, sheet: n.source.sheet)
            if run?.place != place {
                let number = numbers[place] ?? numbers.count
                if number == numbers.count {
                    numbers[place] = number
                    bySheet.append([])
                }
                run = (place, number)
            }
            if n.level == .company {
                company.append(i)
            } else {
                bySheet[run!.number].append(i)
            }
            sheetNumbers.append(run!.number)
            byID[n.id] = i
        }
        return (company, bySheet, byID, sheetNumbers)
    }

    /// Same sheet first, then company nodes, then any.
    func best(_ candidates: [Int], from n: Int) -> Int? {
        let sheet = sheetNumbers[n]
        return candidates.first { sheetNumbers[$0] == sheet }
            ?? candidates.first { nodes[$0].level == .company }
            ?? candidates.first
    }

    /// The node `rawRef` names, seen from node `from`, and how it was matched.
    /// What separates the references of one cell ("KR1, KR2", 「KR1、KR2」): a set, looked up per character.
    static let referenceSeparators: Set<Character> = [",", "、", ";", "；", "/", "\n"]

    func find(_ rawRef: String, from: Int, sameSheetOnly: Bool, allowFuzzy: Bool = true) -> (Int, ParentMatch)? {
        let n = nodes[from], sheet = sheetNumbers[from]
        // "KR1, KR2": the first that resolves.
        let parts = rawRef.split(whereSeparator: NodeIndex.referenceSeparators.contains).map {
            String($0).trimmingSpaces
        }
        .filter { !$0.isEmpty }
        for ref in parts.isEmpty ? [rawRef] : parts {
            var candidates = byLocalID[TextNormalizer.matchKey(ref)] ?? []
            if let j = byID[ref] { candidates.append(j) }
            if sameSheetOnly { candidates = candidates.filter { sheetNumbers[$0] == sheet } }
            if let j = best(candidates, from: from) { return (j, .id) }
            // "KR2 解約率": an id followed by its title.
            if let first = ref.split(separator: " ").first, first.count < ref.count,
                let ids = byLocalID[TextNormalizer.matchKey(String(first))],
                let j = best(ids, from: from)
            {
                return (j, .id)
            }
        }
        let key = TextSimilarity.key(rawRef)
        guard !key.isEmpty else { return nil }
        var titled = byTitle[key] ?? []
        if sameSheetOnly { titled = titled.filter { sheetNumbers[$0] == sheet } }
        if let j = best(titled, from: from) { return (j, .title) }
        guard allowFuzzy, !sameSheetOnly else { return nil }
        // Close titles: company nodes and the same sheet, by character bigrams. A long sheet repeats its
        // references, so the two best candidates are kept per reference and sheet; the best one that is
        // not the node itself is the same as a scan that skips it.
        let memoKey = FuzzyCache.Key(reference: rawRef, sheet: sheet)
        let ranked: FuzzyCache.Ranked
        if let r = fuzzyCache.ranked.withLock({ $0[memoKey] }) {
            ranked = r
        } else {
            var r = FuzzyCache.Ranked()
            let ref = BigramProfile(rawRef)
            for i in companyIndices + bySheet[sheet] {
                let mp = metricProfiles[i]
                let s = max(
                    ref.dice(titleProfiles[i]), mp.map(ref.dice) ?? 0,
                    0.9 * (mp ?? titleProfiles[i]).containment(in: ref))
                if s > r.firstScore {
                    (r.second, r.secondScore) = (r.first, r.firstScore); (r.first, r.firstScore) = (i, s)
                } else if s > r.secondScore {
                    (r.second, r.secondScore) = (i, s)
                }
            }
            fuzzyCache.ranked.withLock { $0[memoKey] = r }
            ranked = r
        }
        var bestIndex = ranked.first, bestScore = ranked.firstScore
        if let j = bestIndex, nodes[j].id == n.id { (bestIndex, bestScore) = (ranked.second, ranked.secondScore) }
        if let j = bestIndex, bestScore >= 0.5 { return (j, .fuzzy) }
        return nil
    }
}

/// The two best fuzzy candidates of a reference on one sheet (indices into the nodes, first best first).
final class FuzzyCache: Sendable {
    struct Ranked: Sendable {
        var first: Int?
        var firstScore = 0.0
        var second: Int?
        var secondScore = 0.0
    }
    /// A reference as written, and the number of the sheet it is resolved from.
    struct Key: Hashable, Sendable {
        let reference: String
        let sheet: Int
    }
    /// By reference and sheet; shared by the threads resolving parents (a lock held for one lookup).
    let ranked = Mutex<[Key: Ranked]>([:])
}
