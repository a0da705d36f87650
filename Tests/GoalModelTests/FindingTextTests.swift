import GoalModel
import Testing

/// A finding made from a detail keeps no words of its own: they are the catalog's, made when read.
@Suite struct FindingTextTests {
    let place = SourceLocation(file: "営業部.xlsx", sheet: "目標", row: 4, column: 2)

    @Test func aDetailsWordsAreTheCatalogsInTheFindingsLanguage() {
        let ja = Finding(.missingDue(inferred: nil), .warning, nodeID: "g1", location: place, language: .ja)
        #expect(ja.message == "期限がありません")
        #expect(ja.text == MessageCatalog(.ja).text(.missingDue(inferred: nil)))
        #expect(ja.text(in: .en).message == "no due date")
        let en = Finding(.missingDue(inferred: nil), .warning, nodeID: "g1", location: place, language: .en)
        #expect(en.message == "no due date")
    }

    @Test func wordsSetByHandReplaceTheCatalogsAndStay() {
        var f = Finding(.missingDue(inferred: nil), .warning, nodeID: "g1", location: place, language: .ja)
        f.message = "他部門の目標と関係する指摘です"
        f.suggestion = ""
        #expect(f.text == FindingText("他部門の目標と関係する指摘です"))
        #expect(f.detail == .missingDue(inferred: nil))
    }

    @Test func findingsAreEqualByTheirWordsWhetherMadeOrGiven() {
        let made = Finding(.missingDue(inferred: nil), .warning, nodeID: "g1", location: place, language: .ja)
        var given = Finding(
            rule: .missingDue, severity: .warning, nodeID: "g1", location: place, message: "期限がありません",
            language: .ja)
        #expect(made != given)  // one has a detail, the other none
        given.detail = .missingDue(inferred: nil)
        #expect(made == given)
        given.message = "期限なし"
        #expect(made != given)
    }
}
