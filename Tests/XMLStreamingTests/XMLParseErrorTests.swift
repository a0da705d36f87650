import GoalSheetSupport
import Testing
import XMLStreaming

@Suite("Lower layers' errors, converted on their typed fields")
struct XMLParseErrorTests {
    @Test("an XML error's kind comes from its reason, never from its message's words") func xmlReasons() {
        let at = (document: "xl/worksheets/sheet1.xml", line: 3, column: 7)
        func kind(_ message: String, _ reason: XMLParseError.Reason) -> GoalSheetError.Kind {
            GoalSheetError.wrap(
                XMLParseError(
                    document: at.document, line: at.line, column: at.column, message: message, reason: reason),
                file: "a.xlsx"
            ).kind
        }
        #expect(kind("attribute value refused by the parser", .malformed) == .malformedXML)
        #expect(kind("DOCTYPE refused: SpreadsheetML parts have no DOCTYPE", .refusedDTD) == .refusedDTD)
        #expect(kind("more than 2000000 elements in a part read as a tree", .overLimit) == .overLimit)
        let e = GoalSheetError.wrap(
            XMLParseError(document: at.document, line: 3, column: 7, message: "not well-formed"), file: "a.xlsx")
        #expect(e.description == "a.xlsx: xl/worksheets/sheet1.xml: line 3, column 7: not well-formed")
    }
}

@Suite("The SAX2 parser, through the tree builder")
struct XMLStreamParserTests {
    @Test func readsElementsByLocalNameWithTheirNamespacesAndText() throws {
        let xml =
            #"<?xml version="1.0"?><x:sst xmlns:x="urn:main" count="2"><x:si><x:t>目標 &amp; 実績</x:t></x:si></x:sst>"#
        let root = try XMLNode.parse(Array(xml.utf8), documentName: "xl/sharedStrings.xml")
        #expect(root.name == "sst" && root.namespace == "urn:main")
        #expect(root.attributes.map(\.value) == ["2"])
        #expect(root.descendants(named: "t").map(\.text) == ["目標 & 実績"])
    }

    @Test func aDOCTYPEIsRefusedNamingTheDocument() {
        let xml = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#
        let error = #expect(throws: XMLParseError.self) {
            _ = try XMLNode.parse(Array(xml.utf8), documentName: "xl/workbook.xml")
        }
        #expect(error?.reason == .refusedDTD)
        #expect(error?.document == "xl/workbook.xml")
    }

    @Test func malformedMarkupGivesItsLineAndColumn() {
        let error = #expect(throws: XMLParseError.self) {
            _ = try XMLNode.parse(Array("<a>\n<b></a>".utf8), documentName: "p.xml")
        }
        #expect(error?.reason == .malformed)
        #expect(error?.line == 2)
    }
}
