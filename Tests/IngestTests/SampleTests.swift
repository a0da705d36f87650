import Foundation
import Ingest
import SpreadsheetML
import TestSupport
import Testing

@Suite("Samples (made by openpyxl and Python's cp932 codec)")
struct SampleTests {
    static let samples = URL(fileURLWithPath: Repository.samples)

    func rows(_ name: String) throws -> (SpreadsheetDocument, [Row]) {
        let doc = try SpreadsheetDocument(path: SampleTests.samples.appendingPathComponent(name).path)
        let cursor = try doc.rows(of: doc.sheets[0])
        var out: [Row] = []
        while let r = try cursor.next() { out.append(r) }
        return (doc, out)
    }

    @Test("company OKR: title, date, header at row 4, percentages with their format")
    func companyOKR() throws {
        let (doc, rows) = try rows("nexbridge_company_okr.xlsx")
        #expect(doc.sheets.map(\.name) == ["全社OKR"])
        #expect(rows.map(\.index) == [0, 1, 3, 4, 5, 6, 7])
        #expect(rows[1].cells.map(\.value) == [.text("作成日"), .date(ExcelDate(serial: 45748, is1904: false))])
        #expect(rows[2].cells.compactMap(\.value.textValue) == ["ID", "目標", "単位", "基準値", "現状(6月末)", "目標値", "期限"])
        let kr2 = rows[5].cells
        #expect(
            kr2.map(\.value) == [
                .text("KR2"), .text("解約率（月次）"), .text("%"), .number(0.08), .number(0.072), .number(0.03),
                .date(ExcelDate(serial: 46112, is1904: false)),
            ])
        let percent = doc.numberFormat(of: kr2[4])
        #expect(percent.kind == .percent)
        #expect(CellDisplay.text(kr2[4].value, format: percent) == "7.2%")
        #expect(doc.workbook?.sheets.count == 1)
    }

    @Test("sales goals: Shift_JIS CSV with ① and a full-width bracket")
    func salesCSV() throws {
        let (doc, rows) = try rows("sales_dept_goals_sjis.csv")
        #expect(doc.csv?.encoding == .shiftJIS)
        #expect(rows.count == 7)
        #expect(
            rows[6].cells.map(\.value) == [
                .text("営業部"), .text("月間商談数"), .text("月50件"), .text("月42件"), .text("高橋"), .text("T2"),
            ])
        #expect(
            rows[3].cells.map(\.value) == [
                .text("営業部"), .text("①重点顧客の満足度（NPS）"), .text("+40"), .text("+12"),
                .text("高橋"), .text("顧客満足度"),
            ])
        #expect(rows[1].cells.count == 5)  // the empty last field is no cell
    }
}
