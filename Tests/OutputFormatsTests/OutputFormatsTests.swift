import Foundation
import OutputFormats
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("The one CSV writer")
struct CSVWriterTests {
    @Test func reportsUseCRLFQuoteWhatNeedsItAndNeutralizeFormulas() {
        let w = CSVWriter(bom: true)
        w.row(["目標", "a,b", "say \"hi\"", "two\nlines", "=HYPERLINK(\"x\")", "-5", "+3.5", "@sum", ""])
        w.row(["last"])
        #expect(
            w.text
                == "\u{FEFF}目標,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(\"\"x\"\")\",-5,+3.5,'@sum,\r\nlast\r\n"
        )
    }

    @Test func rawLeavesFormulasForMachines() {
        let w = CSVWriter(raw: true)
        w.row(["=1+1", "\tx"])
        #expect(w.text == "=1+1,\tx\r\n")
    }

    @Test func catsTSVQuotesTheTabNotTheComma() {
        let sink = ByteSink(fd: nil)
        let w = CSVWriter(format: .init(delimiter: 0x09, lineEnd: [0x0A], neutralizesFormulas: false), sink: sink)
        w.row(["a,b", "c\td", "=x"])
        #expect(sink.text == "a,b\t\"c\td\"\t=x\n")
    }

    @Test func quotedBytesDoubleEachQuote() {
        let sink = ByteSink(fd: nil)
        Array("\"x\"".utf8).withUnsafeBufferPointer { CSVWriter.writeQuoted($0, to: sink) }
        #expect(sink.text == "\"\"\"x\"\"\"")
    }
}

@Suite("The one JSON writer")
struct JSONWriterTests {
    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        let sink = ByteSink(fd: nil)
        JSONText.writeString("目標 \"q\" \\ \n\r\t\u{1}\u{1F}", to: sink)
        #expect(sink.text == #""目標 \"q\" \\ \n\r\t\u0001\u001f""#)
    }

    /// Every byte value at every place of a run of eight-byte words (and the bytes after them): escaped exactly
    /// when JSON needs it, as the byte-by-byte rule says, beside UTF-8 of several bytes.
    @Test func eachByteIsEscapedWhereverItStands() {
        for b in UInt8(0)..<0x80 {
            for at in 0..<19 {
                var bytes = Array("目標ab".utf8) + Array(repeating: UInt8(ascii: "x"), count: 14)
                bytes.insert(b, at: at)
                let text = String(decoding: bytes, as: UTF8.self)
                let sink = ByteSink(fd: nil)
                JSONText.writeString(text, to: sink)
                var expected = "\""
                for u in text.unicodeScalars {
                    switch u {
                    case "\"": expected += "\\\""
                    case "\\": expected += "\\\\"
                    case "\n": expected += "\\n"
                    case "\r": expected += "\\r"
                    case "\t": expected += "\\t"
                    case _ where u.value < 0x20: expected += String(format: "\\u%04x", u.value)
                    default: expected.unicodeScalars.append(u)
                    }
                }
                #expect(sink.text == expected + "\"", "byte \(b) at \(at)")
            }
        }
    }

    /// Each level indents by two spaces, however deep (past the 64 spaces written at once too).
    @Test func deepValuesIndentTwoSpacesALevel() {
        var value = JSONValue.null
        for _ in 0..<40 { value = .array([value]) }
        let lines = value.render(indent: true).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 81)
        for (i, line) in lines.enumerated() {
            let depth = i <= 40 ? i : 80 - i
            #expect(
                line == Substring(String(repeating: " ", count: 2 * depth) + (i < 40 ? "[" : i == 40 ? "null" : "]")))
        }
    }

    @Test func escapesAtEitherEndAndRunsLongerThanTheBufferAreWhole() {
        let sink = ByteSink(fd: nil)
        let long = String(repeating: "達成率", count: 30_000)  // 270,000 bytes: more than the sink's 64 KiB
        JSONText.writeString("\"" + long + "\n" + long + "\\", to: sink)
        #expect(sink.text == "\"\\\"" + long + "\\n" + long + "\\\\\"")
    }

    @Test(arguments: [
        (0.1, JSONText.NumberStyle.shortest, "0.1"), (1e-7, .shortest, "1e-07"),
        (Double.nan, .shortest, #"{"nonfinite":"nan"}"#),
        (-Double.infinity, .shortest, #"{"nonfinite":"-inf"}"#), (7.199999999999999, .plainDecimal, "7.2"),
        (1e-7, .plainDecimal, "0.0000001"), (Double.nan, .plainDecimal, "null"), (1.8e9, .plainDecimal, "1800000000"),
    ])
    func numbersInTheirStyle(value: Double, style: JSONText.NumberStyle, text: String) {
        let sink = ByteSink(fd: nil)
        JSONText.writeNumber(value, style, to: sink)
        #expect(sink.text == text)
    }

    @Test func documentsKeepKeyOrderCompactOrIndented() {
        let doc = JSONValue.object([
            ("b", .number(2)), ("a", .array([.string("x"), .null, .bool(true)])), ("e", .object([])),
            ("f", .array([])), ("g", .fragment(#"{"k":1}"#)),
        ])
        #expect(doc.render() == #"{"b":2,"a":["x",null,true],"e":{},"f":[],"g":{"k":1}}"#)
        #expect(
            doc.render(indent: true)
                == "{\n  \"b\": 2,\n  \"a\": [\n    \"x\",\n    null,\n    true\n  ],\n  \"e\": {},\n  \"f\": [],\n  \"g\": {\"k\":1}\n}"
        )
    }
}

@Suite("Byte sink")
struct ByteSinkTests {
    @Test func bufferedWritesLargerThanTheBufferArriveWholeAndInOrder() {
        let sink = ByteSink(fd: nil)
        let big = String(repeating: "あ", count: 40_000)  // 120,000 bytes, over the 64 KiB buffer
        sink.write("start:")
        sink.write(big)
        sink.byte(0x0A)
        #expect(sink.text == "start:" + big + "\n")
        #expect(
            sink.write(
                upTo: 4,
                { p in
                    p[0] = 0x41; return 1
                }))
        #expect(!sink.write(upTo: 4, { _ in nil }))
        #expect(sink.text.hasSuffix("\nA"))
    }

    @Test(.enabled(if: access("/dev/full", W_OK) == 0, "needs /dev/full"))
    func aFailedWriteIsKeptAndWhatFollowsDropped() throws {
        let fd = open("/dev/full", O_WRONLY)
        defer { close(fd) }
        let sink = ByteSink(fd: fd)
        #expect(sink.failure == nil)
        sink.write("model.json")
        sink.flush()
        #expect(sink.failure?.code == ENOSPC)
        sink.write("more")
        sink.flush()
        #expect(sink.failure?.code == ENOSPC)
    }
}

@Suite("JSON made as it is written")
struct StreamedJSONTests {
    @Test func elementsWriteAsTheArrayTheyStandFor() {
        let made = JSONValue.object([
            (
                "goals",
                .elements(JSONElements(count: 3) { .object([("n", .number(Double($0))), ("s", .string("目標\($0)"))]) })
            ),
            ("none", .elements(JSONElements(count: 0) { _ in .null })),
        ])
        let whole = JSONValue.object([
            ("goals", .array((0..<3).map { .object([("n", .number(Double($0))), ("s", .string("目標\($0)"))]) })),
            ("none", .array([])),
        ])
        #expect(made.render(indent: true) == whole.render(indent: true))
        #expect(made.render() == #"{"goals":[{"n":0,"s":"目標0"},{"n":1,"s":"目標1"},{"n":2,"s":"目標2"}],"none":[]}"#)
    }

    /// Fields written as they are added give the bytes of the same fields collected into a `JSONValue`: nested,
    /// empty, indented or compact.
    @Test func fieldsWrittenAsAddedAreTheFieldsCollected() {
        @Sendable func add(_ i: Int, _ f: inout JSONFields) {
            f.add("id", .string("営業部#\(i)"))
            f.add("gap") { g in
                g.add("score", i == 1 ? .null : .number(0.25 * Double(i)))
                if i == 2 { g.add("children") { _ in } }
            }
            f.add("findings", .array((0..<i).map { .string("rule-\($0)") }))
        }
        let written = JSONValue.elements(JSONElements(count: 3) { add($0, &$1) })
        let collected = JSONValue.array(
            (0..<3).map { i in
                var f = JSONFields()
                add(i, &f)
                return .object(f.collected)
            })
        for indent in [true, false] { #expect(written.render(indent: indent) == collected.render(indent: indent)) }
        #expect(
            written.render()
                == #"[{"id":"営業部#0","gap":{"score":0},"findings":[]},{"id":"営業部#1","gap":{"score":null},"#
                + #""findings":["rule-0"]},{"id":"営業部#2","gap":{"score":0.5,"children":{}},"findings":["rule-0","rule-1"]}]"#
        )
        #expect(JSONValue.elements(JSONElements(count: 1) { _, _ in }).render(indent: true) == "[\n  {}\n]")
    }

    /// Elements made on several threads, a chunk each, give the bytes made on one, indented or compact, at any
    /// depth; across the window boundaries too (20 chunks of 512, 8 chunks per window of two threads).
    @Test(arguments: [2, 3])
    func elementsSharedOutWriteTheSameBytes(jobs: Int) {
        func value(jobs: Int) -> JSONValue {
            .object([
                ("as_of", .string("2025-12-31")),
                (
                    "goals",
                    .elements(
                        JSONElements(count: 10_000, jobs: jobs) { i in
                            .object([
                                ("id", .string("営業部#\(i)")), ("score", i % 7 == 0 ? .null : .number(Double(i) / 8)),
                                ("findings", .array((0..<(i % 3)).map { .string("rule-\($0)") })),
                            ])
                        })
                ),
            ])
        }
        for indent in [true, false] {
            #expect(value(jobs: jobs).render(indent: indent) == value(jobs: 1).render(indent: indent))
        }
        #expect(value(jobs: jobs).render().hasSuffix(#"{"id":"営業部#9999","score":1249.875,"findings":[]}]}"#))
    }
}

@Suite("JSON of Encodable values, as JSONEncoder writes it")
struct SortedKeysJSONEncoderTests {
    enum Change: Codable, Equatable {
        case none
        case moved(from: Double, to: Double?, unit: String)
        case pair(Int, label: String)
        case nested(Inner)
    }

    struct Inner: Codable, Equatable {
        var zeta: [Int]
        var alpha: String?
        var Beta: Bool
        var a_b: [String: Double]
        var a10: UInt8
        var a2: Int64
        var when: Date?
        var list: [[Change]]
    }

    static let reference: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static let values: [Change] = [
        .none,
        .moved(from: 0, to: nil, unit: "円/月"),
        .moved(from: -0.0, to: 18_852_800, unit: "a\"b\\c/d"),
        .moved(from: 0.1, to: 1e-7, unit: "\u{0}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}\u{2028}"),
        .moved(from: 1.2345678901234568e20, to: -2.5, unit: "🎯目標"),
        .moved(from: 1e300, to: 0.3333333333333333, unit: ""),
        .pair(-42, label: "ラベル"),
        .nested(
            Inner(
                zeta: [3, 1, 2], alpha: nil, Beta: true, a_b: ["x": 1.5, "Y": 2, "_0": 3, "aa": 4, "ab": 5, "a": 6],
                a10: 255, a2: Int64.min, when: nil, list: [[], [.none, .pair(1, label: "")]])),
    ]

    @Test(arguments: SortedKeysJSONEncoderTests.values)
    func writesWhatJSONEncoderWrites(value: Change) throws {
        let expected = String(decoding: try SortedKeysJSONEncoderTests.reference.encode(value), as: UTF8.self)
        #expect(try SortedKeysJSONEncoder.encode(value) == expected)
    }

    @Test func exactText() throws {
        #expect(
            try SortedKeysJSONEncoder.encode(Change.moved(from: 8, to: 0.25, unit: "%"))
                == #"{"moved":{"from":8,"to":0.25,"unit":"%"}}"#)
        #expect(try SortedKeysJSONEncoder.encode(Change.none) == #"{"none":{}}"#)
    }

    @Test func aNumberJSONCannotHoldIsRefused() {
        #expect(throws: SortedKeysJSONEncoder.NonFiniteNumber.self) {
            try SortedKeysJSONEncoder.encode(Change.moved(from: .nan, to: nil, unit: ""))
        }
        #expect(throws: (any Error).self) {
            try SortedKeysJSONEncoderTests.reference.encode(Change.moved(from: .infinity, to: nil, unit: ""))
        }
    }
}
