import GoalModel
import Testing

@testable import Normalize

@Suite("Dates and periods")
struct DateTests {
    @Test(
        arguments: [
            ("2025/12/31", nil, "2025-12-31"), ("2025-12-31", nil, "2025-12-31"), ("2025.1.5", nil, "2025-01-05"),
            ("２０２５／１２／３１", nil, "2025-12-31"), ("2025年12月31日", nil, "2025-12-31"), ("2025年12月末", nil, "2025-12-31"),
            ("2026年2月末", nil, "2026-02-28"), ("2024年2月", nil, "2024-02-29"), ("令和7年12月31日", nil, "2025-12-31"),
            ("令和元年5月1日", nil, "2019-05-01"), ("R7.3.31", nil, "2025-03-31"), ("平成31年3月31日", nil, "2019-03-31"),
            ("2025年度", "2025-04-01", "2026-03-31"), ("FY2025", "2025-04-01", "2026-03-31"),
            ("FY2025 Q3", "2025-10-01", "2025-12-31"),
            ("FY25Q1", "2025-04-01", "2025-06-30"), ("2025年度第4四半期", "2026-01-01", "2026-03-31"),
            ("2025年度下期", "2025-10-01", "2026-03-31"),
            ("2025年度 上期", "2025-04-01", "2025-09-30"), ("Q2 FY2026", "2026-07-01", "2026-09-30"),
            ("令和7年度", "2025-04-01", "2026-03-31"),
            ("2025/3", nil, "2025-03-31"), ("12/31/2025", nil, "2025-12-31"), ("Dec 31, 2025", nil, "2025-12-31"),
            ("March 2026", nil, "2026-03-31"),
            ("2026年3月末まで", nil, "2026-03-31"),
        ] as [(String, String?, String)])
    func parses(_ text: String, _ start: String?, _ end: String) {
        let span = DateParser.parse(text)
        #expect(span?.end.description == end)
        #expect(span?.start?.description == start)
    }

    @Test func monthWithoutYearTakesTheYearBeforeTheLimit() {
        let due = CalendarDate(year: 2026, month: 3, day: 31)!
        #expect(DateParser.parse("6月末", notAfter: due)?.end.description == "2025-06-30")
        #expect(DateParser.parse("3月末", notAfter: due)?.end.description == "2026-03-31")
        #expect(DateParser.parse("12/31", referenceYear: 2025)?.end.description == "2025-12-31")
    }

    @Test func fiscalYearStartIsConfigurable() {
        let jan = FiscalCalendar(startMonth: 1)
        #expect(DateParser.parse("FY2025 Q3", fiscal: jan)?.end.description == "2025-09-30")
        #expect(DateParser.parse("2025年度", fiscal: jan)?.end.description == "2025-12-31")
    }

    @Test(arguments: ["顧客満足度", "2025/13/01", "2025年2月30日", "KR2", "", "D0-1", "fy", "h1 fy2025x"])
    func rejects(_ text: String) {
        #expect(DateParser.parse(text) == nil)
    }

    /// A goal cell of several lines states the goal on its first line (its first that is not empty).
    @Test func aCellsFirstLine() {
        #expect(SheetReader.firstLine("売上を伸ばす\n測定: 月次") == "売上を伸ばす")
        #expect(SheetReader.firstLine("\n\n解約率\r\n月次") == "解約率" && SheetReader.firstLine("a\r\nb") == "a")
        #expect(SheetReader.firstLine("x\u{2028}y") == "x" && SheetReader.firstLine("x\u{85}y") == "x")
        #expect(SheetReader.firstLine("単一の行") == "単一の行" && SheetReader.firstLine("") == "")
        #expect(SheetReader.firstLine("\n") == "\n")
    }

    /// A calendar period's words are ASCII: one with another character is no period (and is refused unsplit).
    @Test func calendarPeriodsAreASCII() {
        #expect(DateParser.calendarPeriod("Q4 2021")?.end.description == "2021-12-31")
        #expect(DateParser.calendarPeriod("annual 2022")?.start?.description == "2022-01-01")
        #expect(DateParser.calendarPeriod("h2-2025")?.start?.description == "2025-07-01")
        #expect(DateParser.calendarPeriod("Q4 2021年") == nil && DateParser.calendarPeriod("月間 2021") == nil)
    }

    /// The scanner's words are taken without case, character by character: ASCII letters by their bytes, the
    /// others lower-cased ("Ａ" is folded before), marks never equal to what they do not lower-case to.
    @Test func wordsAreTakenWithoutCase() {
        #expect(DateParser.parse("fy2025 q3")?.end.description == "2025-12-31")
        #expect(DateParser.parse("Fy2025 h2")?.end.description == "2026-03-31")
        #expect(DateParser.parse("r7.3.31")?.end.description == "2025-03-31")
        let same = DateParser.Scanner.sameWithoutCase
        #expect(same("Q", "q") && same("q", "Q") && same("年", "年") && same("Ä", "ä"))
        #expect(!same("@", "`") && !same("[", "{") && !same("年", "月") && !same("Q", "R"))
        var s = DateParser.Scanner(Array("  FY-2025"))
        #expect(s.take("fy") && s.i == 4 && !s.take("年度") && s.i == 4 && s.take("-") && s.i == 5)
    }
}

/// Inputs the fuzzer (`make fuzz`, target `values`) found to crash a parser, each kept as a regression.
@Suite("Fuzz regressions: value parsers")
struct FuzzRegressionTests {
    @Test(
        "overlapping numbers in one cell are no band, and no parser traps",
        arguments: [
            " of+4340+.0643506i",
            "\r\u{FFFD}/5件/月5)",
        ])
    func noTrap(_ text: String) {
        #expect(ValueRange.parse(text) == nil)
        _ = QuantityParser.scan(text)
        _ = QuantityParser.parseValue(text)
        _ = RelativeTarget.parse(text, lexicon: .standard)
        _ = DateParser.parse(text)
        _ = GoalTextParser.parse(text)
    }
}
