import Foundation
import GoalSheetSupport
import Ingest
import Testing

/// CSV input that would otherwise be read wrong or exhaust memory.
@Suite("Hostile CSV")
struct HostileCSVTests {
    @Test("a UTF-8 BOM before Shift_JIS text is an encoding error naming the line and column, not mojibake")
    func bomThenShiftJIS() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("部署,目標\n営業部,".utf8))
        data.append("売上".data(using: .shiftJIS)!)
        let e = #expect(throws: GoalSheetError.self) { try CSVReader.parse(data: data, file: "営業部.csv") }
        #expect(e?.kind == .encoding)
        #expect(e?.line == 2 && e?.column == 5)
        #expect(
            e?.description
                == "営業部.csv: line 2, column 5: the file starts with a UTF-8 byte order mark, but the text here is not UTF-8 (Shift_JIS or another encoding after the mark?); not read"
        )
    }

    @Test("a field over 1 MiB is over-limit, naming its record's line, before the rest is read")
    func longField() throws {
        var text = "部署,目標\n営業部,\"売上\n前年比\"\n"
        text += "CS部," + String(repeating: "A", count: (1 << 20) + 1) + "\n"
        let e = #expect(throws: GoalSheetError.self) { try CSVReader.parse(data: Data(text.utf8), file: "cs.csv") }
        #expect(e?.kind == .overLimit && e?.line == 4)
        #expect(
            e?.message
                == "field 2 of the record on line 4 is over 1 MiB (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
        )
    }

    @Test("a CSV file over 256 MiB is over-limit before a byte of it is read")
    func largeFile() throws {
        let path = NSTemporaryDirectory() + "goalsheet-large-\(UUID().uuidString).csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("部署,目標\n".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let h = FileHandle(forWritingAtPath: path)!
        try h.truncate(atOffset: (256 << 20) + (1 << 19))  // sparse: no disk is used
        try h.close()
        let e = #expect(throws: GoalSheetError.self) { try CSVReader.read(path: path) }
        #expect(e?.kind == .overLimit)
        #expect(
            e?.message
                == "the file is 256.5 MiB, over the 256 MiB GoalSheet reads as CSV (limits.max_csv_mib); not read")
    }
}
