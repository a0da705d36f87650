import Foundation
import GoalSheetSupport
import Ingest
import SpreadsheetML
import Testing

@Suite("CSV")
struct CSVReaderTests {
    @Test("RFC 4180: quotes, doubled quotes, embedded delimiters and line breaks, CRLF")
    func rfc4180() throws {
        let text =
            "部門,目標,備考\r\n営業部,\"新規契約100社\",\"前期比\r\n+20%\"\r\nCS部,\"対応件数 \"\"500\"\" 件\",\"a,b\"\r\n\r\n開発部,新機能20個実装,\n"
        let t = try CSVReader.parse(data: Data(text.utf8), file: "goals.csv")
        #expect(t.encoding == .utf8)
        #expect(t.delimiter == ",")
        #expect(
            t.records == [
                ["部門", "目標", "備考"], ["営業部", "新規契約100社", "前期比\r\n+20%"],
                ["CS部", "対応件数 \"500\" 件", "a,b"], [], ["開発部", "新機能20個実装", ""],
            ])
        #expect(t.lines == [1, 2, 4, 5, 6])
    }

    @Test("Shift_JIS/CP932 with characters outside JIS X 0208 (①, ～)")
    func shiftJIS() throws {
        let text = "指標,目標値\n①解約率,月8%～3%\n"
        let data = text.data(using: .shiftJIS)!
        let t = try CSVReader.parse(data: data, file: "cs.csv")
        #expect(t.encoding == .shiftJIS)
        #expect(t.records == [["指標", "目標値"], ["①解約率", "月8%～3%"]])
    }

    @Test("EUC-JP")
    func eucJP() throws {
        let bytes: [UInt8] = [
            195, 180, 197, 246, 188, 212, 44, 180, 252, 184, 194, 10, 187, 179, 197, 196, 44, 50, 48, 50, 53,
            199, 175, 49, 50, 183, 238, 203, 246, 10,
        ]
        let t = try CSVReader.parse(data: Data(bytes), file: "x.csv")
        #expect(t.encoding == .eucJP)
        #expect(t.records == [["担当者", "期限"], ["山田", "2025年12月末"]])
    }

    @Test(
        "UTF-8 with BOM, UTF-16 with BOM",
        arguments: [
            (String.Encoding.utf8, CSVEncoding.utf8BOM, [UInt8]([0xEF, 0xBB, 0xBF])),
            (.utf16LittleEndian, .utf16LE, [0xFF, 0xFE]),
            (.utf16BigEndian, .utf16BE, [0xFE, 0xFF]),
        ])
    func encodings(encoding: String.Encoding, expected: CSVEncoding, bom: [UInt8]) throws {
        let data = Data(bom) + "担当者,期限\n山田,2025年12月末\n".data(using: encoding)!
        let t = try CSVReader.parse(data: data, file: "x.csv")
        #expect(t.encoding == expected)
        #expect(t.records == [["担当者", "期限"], ["山田", "2025年12月末"]])
    }

    @Test(
        "delimiter detection",
        arguments: [
            ("a\tb\tc\n1\t2,5\t3\n", Character("\t")),
            ("a;b;c\n1;2,5;3\n", ";"),
            ("a,b\n\"x;y\",2\n", ","),
        ])
    func delimiters(text: String, delimiter: Character) throws {
        #expect(try CSVReader.parse(data: Data(text.utf8), file: "x.csv").delimiter == delimiter)
    }

    @Test("an unterminated quote names file and line")
    func unterminated() throws {
        let error = #expect(throws: GoalSheetError.self) {
            try CSVReader.parse(data: Data("a,b\n1,\"open\n2,3\n".utf8), file: "bad.csv")
        }
        #expect(error?.description == "bad.csv: line 2: a quoted field opened on line 2 is never closed")
    }

    static var corpusCSV: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/csv")
    }

    @Test(
        "the corpus's CP932-only file decodes ～ as U+FF5E",
        .enabled(
            if: FileManager.default.fileExists(atPath: corpusCSV.appendingPathComponent("shirasagi/graph.csv").path)))
    func corpusCP932() throws {
        let t = try CSVReader.read(path: CSVReaderTests.corpusCSV.appendingPathComponent("shirasagi/graph.csv").path)
        #expect(t.encoding == .shiftJIS)
        #expect(t.records.joined().contains { $0.contains("\u{FF5E}") })
    }

    @Test("a CSV reads as one sheet of text cells, row numbers as in Excel")
    func document() throws {
        let path = NSTemporaryDirectory() + "営業部-\(UUID().uuidString).csv"
        try "目標,目標値\n\n新規契約,100社\n".data(using: .shiftJIS)!.write(to: URL(fileURLWithPath: path))
        let doc = try SpreadsheetDocument(path: path)
        #expect(doc.format == .csv)
        #expect(doc.sheets.count == 1)
        let cursor = try doc.rows(of: doc.sheets[0])
        var rows: [Row] = []
        while let r = try cursor.next() { rows.append(r) }
        #expect(rows.map(\.index) == [0, 2])
        #expect(rows[1].cells.map(\.value) == [.text("新規契約"), .text("100社")])
    }
}
