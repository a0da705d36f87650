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

@Suite("Kinds from a type column's words")
struct KindWordsTests {
    @Test(arguments: [
        ("KGI", GoalKind.kgi), ("最終目標", .kgi), ("重要成功要因（KSF）", .ksf), ("CSF", .ksf), ("中間指標", .kpi),
        ("KPI（重要業績評価指標）", .kpi), ("Key Result", .kr), ("ＫＲ", .kr), ("主要な成果", .kr), ("成果指標", .kr),
        ("Objective", .objective), ("O", .objective), ("目標(O)", .objective), ("目的", .objective),
    ])
    func namesAKind(_ text: String, _ kind: GoalKind) {
        #expect(SheetReader.kind(from: text) == kind)
    }

    @Test(arguments: ["タスク", "成果", "目標", "Owner", ""])
    func namesNone(_ text: String) {
        #expect(SheetReader.kind(from: text) == nil)
    }

    @Test func aKindsWordsCanBeAdded() {
        var words = ReadingWords.standard
        #expect(SheetReader.kind(from: "評価指標A", words: words) == nil)
        words.kindWords.insert(ReadingWords.KindWords(.kpi, prefixes: ["評価指標"]), at: 0)
        #expect(SheetReader.kind(from: "評価指標A", words: words) == .kpi)
        #expect(words != ReadingWords.standard)
    }
}

@Suite("Signature labels from the reading words")
struct SignatureWordsTests {
    @Test(arguments: [
        ("承認", true), ("承認：", true), ("署名 山田", true), ("部長承認", true), ("signed by", true),
        ("signature date", true), ("承認済みの目標を達成する", false), ("新規契約の印象", false), ("営業部長 確認者", false), ("部長 確認者", true),
    ])
    func labels(_ text: String, _ isSignature: Bool) {
        #expect(ReadingWords.standard.isSignature(text) == isSignature)
    }

    /// The words' first and last characters, which rule most labels out before any word is compared, follow the
    /// words when they change; an empty word (which ends every short label) turns that test off.
    @Test func theWordsEndsFollowTheWords() {
        var words = ReadingWords.standard
        #expect(!words.isSignature("検印欄"))
        words.signatureWords.append("検印欄")
        #expect(words.isSignature("検印欄"))
        #expect(words.isSignature("課長検印欄"))
        #expect(!words.isSignature("検印欄の書き方を読む"))
        words.signatureWords = ["sign"]
        #expect(words.isSignature("sign here"))
        #expect(!words.isSignature("承認"))
        #expect(!words.isSignature("目標"))
        words.signatureWords.append("")
        #expect(words.isSignature("目標"))
        #expect(!words.isSignature("目標を達成する"))
    }
}

@Suite("Why a sheet gave no goals, in the sheet's language")
struct NoGoalsReasonTests {
    @Test(arguments: [
        (TableRefusal.taskList(header: "タスク名"), "タスクの一覧（「タスク名」）", "a task list (「タスク名」)"),
        (.peopleList, "人の一覧", "a people list"),
        (.noTitleColumn, "目標名の列がありません", "no title column"),
        (.tooFewFieldNames, "項目名と読める見出しが少なすぎます", "too few texts name fields"),
        (.noRowsBelowHeader, "見出しの下に行がありません", "no rows below the header"),
        (.noGoalText(header: "備考"), "目標名の列「備考」に目標の文がありません", "the title column 「備考」 holds no goal text"),
    ])
    func eachReasonInBothLanguages(_ reason: TableRefusal, _ ja: String, _ en: String) {
        #expect(reason.text(japanese: true) == ja)
        #expect(reason.text(japanese: false) == en)
    }

    @Test func aRefusedListAndTheClosestHeaderAreSaidWhollyInOneLanguage() {
        let list = ClosestCandidate(row: 2, matched: 2, texts: 3, reason: .taskList(header: "タスク名"))
        let refused = RegionSearch(tables: [], closest: nil, refused: [list])
        #expect(SheetTableReader.whyNoGoals(refused, regions: 0, japanese: true) == "3行目の表はタスクの一覧（「タスク名」）で、目標ではありません")
        #expect(
            SheetTableReader.whyNoGoals(refused, regions: 0, japanese: false)
                == "the table at row 3 is a task list (「タスク名」), not goals")
        let closest = RegionSearch(
            tables: [], closest: ClosestCandidate(row: 0, matched: 1, texts: 2, reason: .noTitleColumn), refused: [])
        #expect(
            SheetTableReader.whyNoGoals(closest, regions: 0, japanese: true)
                == "見出し行が見つかりません。最も近い1行目は2項目中1項目が一致（目標名の列がありません）")
    }
}
