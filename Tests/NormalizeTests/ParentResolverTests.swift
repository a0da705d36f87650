import GoalModel
import Testing

@testable import Normalize

@Suite struct ParentResolverTests {
    func node(_ id: String, row: Int, title: String, parent: String = "") -> GoalNode {
        var n = GoalNode(
            id: id, source: SourceLocation(file: "営業部.xlsx", sheet: "KPI", row: row), level: .department, kind: .kpi,
            title: title)
        n.parentRef = parent
        return n
    }

    /// Close titles are scored once per reference and sheet; a node never becomes its own parent, so the
    /// node whose own title is the best match gets the second best, and the others get the best.
    @Test func fuzzyParentsSkipTheNodeItself() {
        var nodes = [
            node("A", row: 1, title: "顧客解約率の改善", parent: "顧客解約率の改善計画"),
            node("B", row: 2, title: "解約率改善計画"),
            node("C", row: 3, title: "新規受注件数", parent: "顧客解約率の改善計画"),
            node("D", row: 4, title: "月間リード数", parent: "まったく別の話"),
        ]
        ParentResolver.resolve(&nodes)
        #expect(nodes.map(\.parentID) == ["B", nil, "A", nil])
        #expect(nodes.map(\.parentMatch) == [.fuzzy, nil, .fuzzy, nil])
    }

    /// Parents and groups looked up on several threads (the fuzzy memo shared under its lock) are the ones looked
    /// up on one: by id, by exact title, by close title, none, and a node's own title skipped.
    @Test(arguments: [2, 4])
    func parentsResolvedOnSeveralThreadsAreTheSame(jobs: Int) {
        func nodes() -> [GoalNode] {
            (0..<600).map { i in
                let parent =
                    switch i % 5 {
                    case 0: ""
                    case 1: "G\(i / 10)"
                    case 2: "目標 \(i / 7) の達成"
                    case 3: "目標 \(i / 7) の達成計画"
                    default: "まったく別の話 \(i % 11)"
                    }
                var n = node("G\(i)", row: i, title: "目標 \(i) の達成", parent: parent)
                n.localID = "G\(i)"
                if i % 9 == 0 { n.groupRef = "G\(i / 9)" }
                return n
            }
        }
        var one = nodes(), many = nodes()
        ParentResolver.resolve(&one)
        ParentResolver.resolve(&many, jobs: jobs, chunk: 64)
        #expect(one == many)
        #expect(Set(one.compactMap(\.parentMatch)).count >= 3)
    }

    /// An id that several sheets use resolves on the referring node's own sheet (the same sheet name in
    /// another file is another sheet), then to a company node, then to the first; groups only on the same sheet.
    @Test func sharedIDsResolveOnTheSameSheetFirst() {
        func at(
            _ file: String, _ row: Int, _ id: String, level: GoalLevel = .department, parent: String = ""
        ) -> GoalNode {
            var n = GoalNode(
                id: "\(file)#\(row)", source: SourceLocation(file: file, sheet: "KPI", row: row), level: level,
                kind: .kpi, title: "目標 \(file) \(row)")
            n.localID = id
            n.parentRef = parent
            return n
        }
        var nodes = [
            at("営業部.xlsx", 1, "KR1"),
            at("開発部.xlsx", 1, "KR1"),
            at("開発部.xlsx", 2, "T1", parent: "KR1"),
            at("全社.xlsx", 1, "O1", level: .company),
            at("営業部.xlsx", 2, "O1"),
            at("CS部.xlsx", 1, "T2", parent: "O1"),
            at("CS部.xlsx", 2, "T3", parent: "KR1"),
        ]
        nodes[6].groupRef = "KR1"
        ParentResolver.resolve(&nodes)
        #expect(nodes[2].parentID == "開発部.xlsx#1")
        #expect(nodes[5].parentID == "全社.xlsx#1")
        #expect(nodes[6].parentID == "営業部.xlsx#1")
        #expect(nodes[6].groupID == nil)
    }
}
