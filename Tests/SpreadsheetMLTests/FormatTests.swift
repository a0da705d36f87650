import SpreadsheetML
import Testing

@Suite("Number formats, references, display")
struct FormatTests {
    @Test("custom format codes classified as Excel shows them", arguments: [
        ("DD/MM/YY", NumberFormat.Kind.dateTime),
        ("H:MM:SS;@", .dateTime),
        ("yyyy\"年\"m\"月\"d\"日\";@", .dateTime),
        ("[$-411]ggge\"年\"m\"月\"d\"日\"", .dateTime),
        ("#,##0\\ [$\\u20bd-46D]", .number),
        ("m\"M\"d\"D\";@", .dateTime),
        ("[h]:mm:ss", .duration),
        ("[mm]:ss", .duration),
        ("[>=100][Magenta][s].00", .duration),
        ("\"$\"#,##0_);[Red](\"$\"#,##0)", .number),
        ("0_ ;[Red]\\-0\\ ", .number),
        ("\\Y000000", .number),
        ("#,##0.0####\" YMD\"", .number),
        ("[>=100][Magenta]General", .number),
        ("#,##0*y", .number),
        ("*-yyyy-mm-dd", .dateTime),
        ("0.0%", .percent),
        ("\"%\"0", .number),
        ("@", .text),
        ("General", .general),
    ])
    func classify(code: String, kind: NumberFormat.Kind) {
        #expect(NumberFormat(id: 200, customCode: code).kind == kind)
    }

    @Test("built-in ids, with the East Asian date ids", arguments: [
        (0, NumberFormat.Kind.general), (1, .number), (4, .number), (9, .percent), (10, .percent), (14, .dateTime),
        (22, .dateTime), (27, .dateTime), (31, .dateTime), (36, .dateTime), (37, .number), (45, .dateTime),
        (46, .duration), (49, .text), (58, .dateTime), (59, .number),
    ])
    func builtin(id: Int, kind: NumberFormat.Kind) {
        #expect(NumberFormat(id: id, customCode: nil).kind == kind)
    }

    @Test("values shown as Excel shows them", arguments: [
        (CellValue.number(0.68), 9, nil as String?, "68%"),
        (.number(0.6845), 10, nil, "68.45%"),
        (.number(0.1 + 0.2), 0, nil, "0.3"),
        (.number(1_234_567.891), 4, nil, "1,234,567.89"),
        (.number(-1234.5), 3, nil, "-1,235"),
        (.number(3_000_000), 0, nil, "3000000"),
        (.number(1e20), 0, nil, "1E+20"),
        (.number(12.5), 200, "0.0\"件\"", "12.5"),
        (.bool(true), 0, nil, "TRUE"),
        (.error("#N/A"), 0, nil, "#N/A"),
        (.date(ExcelDate(serial: 46022, is1904: false)), 14, nil, "2025-12-31"),
        (.date(ExcelDate(serial: 46022.25, is1904: false)), 22, nil, "2025-12-31 06:00:00"),
        (.duration(days: 1.5), 46, nil, "36:00:00"),
    ])
    func display(value: CellValue, id: Int, custom: String?, shown: String) {
        #expect(CellDisplay.text(value, format: NumberFormat(id: id, customCode: custom)) == shown)
    }

    @Test("A1 references", arguments: [
        ("A1", 0, 0), ("Z9", 8, 25), ("AA10", 9, 26), ("XFD1048576", 1_048_575, 16_383), ("$B$3", 2, 1), ("ab12", 11, 27),
    ])
    func references(text: String, row: Int, column: Int) {
        #expect(CellReference(text) == CellReference(row: row, column: column))
    }

    @Test("out-of-range and partial references are refused", arguments: ["XFE1", "A0", "A1048577", "A", "12", "", "AAAA1"])
    func badReferences(text: String) {
        #expect(CellReference(text) == nil)
    }

    @Test("column names")
    func columnNames() {
        #expect([0, 25, 26, 701, 702, 16_383].map(CellReference.columnName) == ["A", "Z", "AA", "ZZ", "AAA", "XFD"])
    }

    @Test("column letters alone")
    func columnIndexes() {
        #expect(["A", "b", "AA", "XFD"].map(CellReference.columnIndex) == [0, 1, 26, 16_383])
        #expect(["", "B2", "XFE", "AAAA", "1", "B$"].map(CellReference.columnIndex) == [nil, nil, nil, nil, nil, nil])
    }

    @Test("shared formula translation", arguments: [
        ("A1+B1", 1, 0, "A2+B2"),
        ("$A$1+A$1+$A1", 2, 3, "$A$1+D$1+$A3"),
        ("SUM(A:A)+SUM(1:1)", 1, 1, "SUM(B:B)+SUM(2:2)"),
        ("\"A1\"&A1", 0, 1, "\"A1\"&B1"),
        ("'Sheet 1'!A1*LOG10(B2)", 1, 0, "'Sheet 1'!A2*LOG10(B3)"),
        ("Sheet1!A1", 0, 1, "Sheet1!B1"),
        ("A1-1", -1, 0, "#REF!-1"),
        ("Table1[[#This Row],[A1]]+C3", 1, 0, "Table1[[#This Row],[A1]]+C4"),
    ])
    func shift(formula: String, rows: Int, columns: Int, expected: String) {
        #expect(FormulaTranslator.shift(formula, rows: rows, columns: columns) == expected)
    }
}

/// The raw CSV path copies a number's stored text when General would show exactly that text.
@Suite struct GeneralAsStoredTests {
    static func general(_ raw: String) -> String { CellDisplay.general(Double(raw)!) }
    static func asStored(_ raw: String) -> Bool {
        var bytes = Array(raw.utf8)
        return bytes.withUnsafeMutableBufferPointer { CellDisplay.isGeneralAsStored(UnsafeBufferPointer($0)) }
    }

    @Test(arguments: ["0", "7", "-12", "12.5", "-0.05", "0.0001", "0.000123", "123456789012345", "99999999999999.9",
                      "0.123456789012345", "1234567.25"])
    func copiedWhenGeneralShowsTheSame(raw: String) {
        #expect(Self.asStored(raw))
        #expect(Self.general(raw) == raw)
    }

    @Test(arguments: ["-0", "1.50", "007", "0.00001", "1E-05", "1e3", "1234567890123456", "0.5730129390018485",
                      "12.", ".5", "+3", " 4", "", "-", "1.2.3", "0x10"])
    func formattedOtherwise(raw: String) {
        #expect(!Self.asStored(raw))
    }

    /// Whatever it accepts, General agrees: a sweep of decimals of every length and scale.
    @Test func neverDisagreesWithGeneral() {
        var seed: UInt64 = 42
        var checked = 0
        for _ in 0..<20_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let digits = String(seed >> 11).prefix(Int(seed % 17) + 1)
            let point = Int(seed >> 5 % 19)
            var s = String(digits)
            if point < s.count { s.insert(".", at: s.index(s.startIndex, offsetBy: point)) }
            if seed & 1 == 1 { s = "-" + s }
            if point == 0 { s = (s.hasPrefix("-") ? "-0" : "0") + s.drop(while: { $0 == "-" }) }
            guard Double(s) != nil else { continue }
            if Self.asStored(s) {
                #expect(Self.general(s) == s, "\(s)")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }
}
