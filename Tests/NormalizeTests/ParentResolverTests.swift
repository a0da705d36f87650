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
}
