import Foundation
import GoalSheetSupport
import SpreadsheetML
import Testing

@Suite("Number formats, references, display")
struct FormatTests {
    @Test(
        "custom format codes classified as Excel shows them",
        arguments: [
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

    @Test(
        "built-in ids, with the East Asian date ids",
        arguments: [
            (0, NumberFormat.Kind.general), (1, .number), (4, .number), (9, .percent), (10, .percent), (14, .dateTime),
            (22, .dateTime), (27, .dateTime), (31, .dateTime), (36, .dateTime), (37, .number), (45, .dateTime),
            (46, .duration), (49, .text), (58, .dateTime), (59, .number),
        ])
    func builtin(id: Int, kind: NumberFormat.Kind) {
        #expect(NumberFormat(id: id, customCode: nil).kind == kind)
    }

    @Test(
        "values shown as Excel shows them",
        arguments: [
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

    @Test(
        "A1 references",
        arguments: [
            ("A1", 0, 0), ("Z9", 8, 25), ("AA10", 9, 26), ("XFD1048576", 1_048_575, 16_383), ("$B$3", 2, 1),
            ("ab12", 11, 27),
        ])
    func references(text: String, row: Int, column: Int) {
        #expect(CellReference(text) == CellReference(row: row, column: column))
    }

    @Test(
        "out-of-range and partial references are refused",
        arguments: ["XFE1", "A0", "A1048577", "A", "12", "", "AAAA1"])
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

    @Test(
        "shared formula translation",
        arguments: [
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

    @Test(arguments: [
        "0", "7", "-12", "12.5", "-0.05", "0.0001", "0.000123", "123456789012345", "99999999999999.9",
        "0.123456789012345", "1234567.25",
    ])
    func copiedWhenGeneralShowsTheSame(raw: String) {
        #expect(Self.asStored(raw))
        #expect(Self.general(raw) == raw)
    }

    @Test(arguments: [
        "-0", "1.50", "007", "0.00001", "1E-05", "1e3", "1234567890123456", "0.5730129390018485",
        "12.", ".5", "+3", " 4", "", "-", "1.2.3", "0x10",
    ])
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

/// The raw CSV path rounds a General number's stored text itself when the text decides what General shows.
@Suite struct RoundedGeneralTests {
    static func rounded(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { out in
                CellDisplay.roundedGeneral(stored: UnsafeBufferPointer(b), into: out.baseAddress!)
                    .map { String(decoding: UnsafeBufferPointer(start: out.baseAddress!, count: $0), as: UTF8.self) }
            }
        }
    }

    @Test(
        "stored text rounded to 15 significant digits",
        arguments: [
            ("8.199999999999999", "8.2"), ("8.1999999999999993", "8.2"), ("73.90000000000001", "73.9"),
            ("0.7195121951219513", "0.719512195121951"), ("-0.57301293900184819", "-0.573012939001848"),
            ("9.9999999999999999", "10"), ("-0.99999999999999989", "-1"), ("99999999999999.999", "100000000000000"),
            ("0.00012345678901234567", "0.000123456789012346"), ("2.0000000000000004", "2"), ("1.50", "1.5"),
            ("123456789012345.03", "123456789012345"), ("0.1", "0.1"),
        ])
    func rounds(raw: String, shown: String) {
        #expect(Self.rounded(raw) == shown)
        #expect(CellDisplay.general(Double(raw)!) == shown)
    }

    @Test(
        "left to General when the text cannot decide",
        arguments: [
            "1.000000000000005", "0.1234567890123455",  // a half in the 16th digit: the double decides
            // The text says up, the double (…8485 shortest, …84849696… exact) says down.
            "-0.57301293900184851",
            "999999999999999.99",  // rounds to 1E+15
            "1234567890123456.5", "0.000012345678901234567", "1.23E-5", "0", "-0.000", "12.", ".5", "1,5", "",
            "0123.5", "+1.5",
        ])
    func undecided(raw: String) {
        #expect(Self.rounded(raw) == nil)
    }

    /// General rounds the double's shortest form; the stored text may be a longer form of the same double
    /// (Excel writes 17 digits). A sweep of both forms over every scale General writes without an exponent.
    @Test func agreesWithGeneralOnBothForms() {
        var seed: UInt64 = 7
        var decided = 0, total = 0
        for _ in 0..<30_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Double(seed >> 11) / Double(1 << 53)
            let scale = Double(sign: .plus, exponent: Int(seed % 60) - 13, significand: 1)
            let v = (seed & 1 == 1 ? -1 : 1) * mantissa * scale
            for raw in [
                v.description,
                String(format: "%.17f", v).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression),
            ] {
                guard !raw.contains("e"), Double(raw) == v else { continue }
                total += 1
                if let r = Self.rounded(raw) {
                    decided += 1
                    #expect(r == CellDisplay.general(v), "\(raw)")
                }
            }
        }
        #expect(decided * 10 > total * 8, "\(decided) of \(total)")
    }

    /// Texts whose 16th and later digits lie near a half, where the double and the text may disagree.
    @Test func nearHalvesNeverDisagree() {
        var seed: UInt64 = 11
        var decided = 0
        for _ in 0..<20_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            var digits = String(100_000_000_000_000 + seed % 900_000_000_000_000)
            let point = Int(seed >> 50 % 19)
            let tails = ["5", "49", "51", "4999999", "5000001", "45", "55", "3", "7", "69", "73"]
            digits += tails[Int(seed >> 40 % UInt64(tails.count))]
            let raw =
                point < 15 ? String(digits.prefix(point == 0 ? 0 : point)) + "." + digits.dropFirst(point) : digits
            let text = raw.hasPrefix(".") ? "0" + raw : raw
            guard let v = Double(text) else { continue }
            if let r = Self.rounded(text) {
                decided += 1
                #expect(r == CellDisplay.general(v), "\(text)")
            }
        }
        #expect(decided > 5_000)
    }
}

/// Dates written from the serial match `CellDisplay.text` for `.date` values.
@Suite struct DateTextTests {
    static func bytes(_ d: ExcelDate) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { out in
            CellDisplay.dateText(d, into: out.baseAddress!)
                .map { String(decoding: UnsafeBufferPointer(start: out.baseAddress!, count: $0), as: UTF8.self) }
        }
    }

    @Test(arguments: [
        (45838.0, false, "2025-06-30"), (46022.25, false, "2025-12-31 06:00:00"), (0.5, false, "12:00:00"),
        (0.0000115740740740741, false, "00:00:01"), (1.0, false, "1900-01-01"), (59.0, false, "1900-02-28"),
        (61.0, false, "1900-03-01"), (0.0, true, "1904-01-01"), (45838.5005, false, "2025-06-30 12:00:43.200"),
    ])
    func shown(serial: Double, is1904: Bool, text: String) {
        let d = ExcelDate(serial: serial, is1904: is1904)
        #expect(Self.bytes(d) == text)
        #expect(CellDisplay.text(.date(d), format: .general) == text)
    }

    @Test func sweepMatchesText() {
        for k in 0..<5_000 {
            for d in [
                ExcelDate(serial: Double(k * 13) + Double(k % 97) / 96, is1904: k % 2 == 0),
                ExcelDate(serial: Double(k) / 4999, is1904: false),
            ] {
                #expect(Self.bytes(d) == CellDisplay.text(.date(d), format: .general))
            }
        }
        #expect(Self.bytes(ExcelDate(serial: 3_000_000, is1904: false)) == nil)
        #expect(Self.bytes(ExcelDate(serial: .nan, is1904: false)) == nil)
    }
}
