import Testing

@testable import GoalModel

@Suite("Calendar dates as text")
struct CalendarDateTextTests {
    @Test(
        "yyyy-mm-dd, zero-padded",
        arguments: [
            (2026, 3, 31, "2026-03-31"), (5, 1, 9, "0005-01-09"), (9999, 12, 31, "9999-12-31"),
            (1990, 10, 1, "1990-10-01"), (2024, 2, 29, "2024-02-29"), (312, 11, 20, "0312-11-20"),
        ])
    func text(_ year: Int, _ month: Int, _ day: Int, _ text: String) throws {
        let d = try #require(CalendarDate(year: year, month: month, day: day))
        #expect(d.description == text)
        #expect(CalendarDate(iso: text) == d)
    }

    @Test("A date past 9999 by day arithmetic still reads as its parts")
    func pastTheRange() throws {
        let last = try #require(CalendarDate(year: 9999, month: 12, day: 31))
        #expect(last.adding(days: 1).description == "10000-01-01")
    }
}
