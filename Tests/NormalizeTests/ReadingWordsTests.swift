import GoalModel
import Testing

@testable import Normalize

/// Department names and unit names come from the reading words, so that a config's words reach them.
@Suite("Department and unit names from the reading words")
struct DepartmentWordsTests {
    @Test func departmentsAreFoundByTheirEndings() {
        #expect(SheetReader.departmentToken("営業部目標") == "営業部")
        #expect(SheetReader.departmentToken("2025_開発チーム") == "開発チーム")
        #expect(SheetReader.departmentToken("全社目標") == nil)
        #expect(SheetReader.departmentToken("物流センター") == nil)
        var words = ReadingWords.standard
        words.departmentSuffixes.append("センター")
        #expect(SheetReader.departmentToken("物流センター", words: words) == "物流センター")
    }

    @Test func genericSheetNamesDeferToTheFile() {
        let input = GoalInput(path: "/in/品質保証.xlsx", isCompany: false)
        #expect(SheetReader.department(input: input, sheet: "Sheet1", override: nil) == "品質保証")
        #expect(SheetReader.department(input: input, sheet: "品質KPI", override: nil) == "品質KPI")
        var words = ReadingWords.standard
        words.genericSheetNames.append("品質")
        #expect(SheetReader.department(input: input, sheet: "品質KPI", override: nil, words: words) == "品質保証")
    }

    @Test func unitNamesAreUnits() {
        #expect(SheetReader.unitCell("ＮＰＳ")?.unit == .score)
        #expect(SheetReader.unitCell("倍率")?.unit == .ratio)
        var words = ReadingWords.standard
        words.unitNames.append(("偏差値", .score))
        #expect(SheetReader.unitCell("偏差値") == nil)
        #expect(SheetReader.unitCell("偏差値", words: words)?.unit == .score)
    }
}
