import GoalSheetSupport
import Testing
import XMLStreaming

@Suite("Lower layers' errors, converted on their typed fields")
struct ReadErrorWrapTests {
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
