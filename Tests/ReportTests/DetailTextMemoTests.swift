import GoalModel
import OutputFormats
import Report
import Testing

@Suite("model.json's detail texts, remembered by detail")
struct DetailTextMemoTests {
    static let duplicate = FindingDetail.duplicateMetric(
        metric: "新機能実装", others: [DepartmentGoal(department: "第0営業部", id: "D0-25")], moreDepartments: 294)

    @Test func aRememberedTextIsTheEncodersText() throws {
        let memo = DetailTextMemo()
        let expected =
            #"{"duplicateMetric":{"metric":"新機能実装","moreDepartments":294,"others":[{"department":"第0営業部","id":"D0-25"}]}}"#
        #expect(try SortedKeysJSONEncoder.encode(Self.duplicate) == expected)
        #expect(memo.text(of: Self.duplicate) == expected)
        #expect(memo.text(of: Self.duplicate) == expected)
        #expect(memo.text(of: .uncoveredObjective) == #"{"uncoveredObjective":{}}"#)
    }

    /// 0 and -0 are equal details that print apart: a detail holding a floating-point number is never served
    /// from memory.
    @Test func equalDetailsWithNumbersKeepTheirOwnTexts() {
        let memo = DetailTextMemo()
        let zero = FindingDetail.targetEqualsBaseline(target: Amount(0, .count))
        let negativeZero = FindingDetail.targetEqualsBaseline(target: Amount(-0.0, .count))
        #expect(zero == negativeZero)
        #expect(zero.holdsFloatingPoint && !Self.duplicate.holdsFloatingPoint)
        #expect(memo.text(of: zero) == #"{"targetEqualsBaseline":{"target":{"unit":"count","value":0}}}"#)
        #expect(memo.text(of: negativeZero) == #"{"targetEqualsBaseline":{"target":{"unit":"count","value":-0}}}"#)
    }

    /// Full, the memo starts again: the texts stay right.
    @Test func aFullMemoIsEmptiedAndStillRight() {
        let memo = DetailTextMemo(capacity: 2)
        let details = (1...5).map { FindingDetail.tooManyKRs(count: $0) }
        for _ in 0..<2 {
            for (i, d) in details.enumerated() {
                #expect(memo.text(of: d) == #"{"tooManyKRs":{"count":\#(i + 1)}}"#)
            }
        }
    }
}
