import Foundation
import GoalSheetSupport
import Ingest
import TestSupport
import Testing

/// How a file is opened, decided without opening it: by its extension, else by its first bytes.
@Suite("Document formats")
struct DocumentFormatTests {
    @Test func theExtensionDecidesElseTheFirstBytes() throws {
        let dir = try Scratch.directory("formats")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files: [(String, [UInt8], SpreadsheetDocument.Format)] = [
            ("goals.TSV", Array("PK\u{3}\u{4}".utf8), .csv),  // the extension wins over the bytes
            ("goals.xlsm", Array("目標,目標値\n".utf8), .xlsx),
            ("goals.dat", [0x50, 0x4B, 0x03, 0x04], .xlsx),  // a ZIP archive
            ("old.bin", [0xD0, 0xCF, 0x11, 0xE0], .xlsx),  // OLE2, a legacy .xls
            ("goals.dat.txt2", Array("目標,目標値\n".utf8), .csv),
        ]
        for (name, bytes, format) in files {
            let path = dir + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try SpreadsheetDocument.format(of: path) == format, "\(name)")
        }
        #expect(throws: GoalSheetError.self) { try SpreadsheetDocument.format(of: dir) }  // a folder is not a file
    }
}
