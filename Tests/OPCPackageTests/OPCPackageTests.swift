import Foundation
import GoalSheetSupport
import OPCPackage
import Testing
import ZIPArchive

private func tempPath(_ ext: String) -> String {
    NSTemporaryDirectory() + "goalsheet-opc-test-\(UUID().uuidString).\(ext)"
}

@Suite("OPC package")
struct OPCTests {
    @Test(
        "relationship targets resolve against their source part",
        arguments: [
            ("worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
            ("/xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
            ("../media/image1.png", "xl/drawings/drawing1.xml", "xl/media/image1.png"),
            ("./sharedStrings.xml", "xl/workbook.xml", "xl/sharedStrings.xml"),
            ("xl/workbook.xml", "", "xl/workbook.xml"),
            ("sheet%201.xml", "xl/workbook.xml", "xl/sheet 1.xml"),
            ("worksheets\\sheet2.xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"),
        ])
    func resolve(target: String, source: String, part: String) {
        #expect(OPCPackage.resolve(target: target, from: source) == part)
    }

    @Test("relationships part names")
    func relsNames() {
        #expect(OPCPackage.relationshipsPartName(for: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(OPCPackage.relationshipsPartName(for: "workbook.xml") == "_rels/workbook.xml.rels")
    }

    @Test("legacy .xls and encrypted workbooks are named as such")
    func ole2() throws {
        let path = tempPath("xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var header: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1000)
        try Data(header).write(to: URL(fileURLWithPath: path))
        var error = #expect(throws: GoalSheetError.self) { try OPCPackage(path: path) }
        #expect(error?.kind == .legacyXLS)
        header += Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try Data(header).write(to: URL(fileURLWithPath: path))
        error = #expect(throws: GoalSheetError.self) { try OPCPackage(path: path) }
        #expect(error?.kind == .encryptedWorkbook)
        #expect(error?.description.hasPrefix(path) == true)
    }
}
