import Foundation
import GoalSheetSupport
import Testing
import ZIPArchive

func tempPath(_ ext: String = "zip") -> String {
    NSTemporaryDirectory() + "goalsheet-test-\(UUID().uuidString).\(ext)"
}

@Suite("ZIP container")
struct ZipArchiveTests {
    let text = String(repeating: "目標値,現状値,達成率\n", count: 2000)

    func writeSample(_ path: String) throws {
        let w = try ZipWriter(path: path)
        try w.add(name: "stored.txt", data: Array("plain".utf8), level: 0)
        try w.add(name: "deflated.csv", text: text)
        try w.add(name: "empty", data: [], level: 6)
        try w.finish()
    }

    /// The end record counts 65,535 entries at most: past that the writer adds the ZIP64 end record and its
    /// locator, and the reader (and Python's zipfile) follow them.
    @Test("more than 65,535 entries are written with a ZIP64 end record")
    func zip64EntryCount() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ZipWriter(path: path)
        for i in 0..<70_000 { try w.add(name: "e/\(i)", data: i == 69_999 ? Array("last".utf8) : [], level: 0) }
        try w.finish()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let eocd = Array(bytes.suffix(22))
        #expect(eocd.prefix(4) == [0x50, 0x4B, 0x05, 0x06] && eocd[8] == 0xFF && eocd[9] == 0xFF)
        let locator = Array(bytes.suffix(42).prefix(20))
        #expect(locator.prefix(4) == [0x50, 0x4B, 0x06, 0x07])
        let zip = try ZipArchive(path: path)
        #expect(zip.entries.count == 70_000 && zip.entries.last?.name == "e/69999")
        #expect(try zip.contents(of: zip.entries[69_999]) == Array("last".utf8))
    }

    /// A thousand names on one deflate stream (the overlapping-entry ZIP bomb) is refused before anything
    /// inflates: entries never share bytes.
    @Test("entries that share their bytes are refused, naming both")
    func overlappingEntries() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ZipWriter(path: path)
        try w.add(name: "xl/worksheets/sheet1.xml", data: Array(repeating: 0x41, count: 1000), level: 0)
        try w.add(name: "xl/worksheets/sheet2.xml", data: Array(repeating: 0x42, count: 1000), level: 0)
        try w.finish()
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        // The second central-directory record's local header offset (+42) pointed at the first entry.
        let records = (0..<(bytes.count - 4)).filter { bytes[$0..<$0 + 4] == [0x50, 0x4B, 0x01, 0x02] }
        #expect(records.count == 2)
        for k in 0..<4 { bytes[records[1] + 42 + k] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try ZipArchive(path: path)
        } throws: { error in
            let e = error as? ZipError
            return e?.kind == .overLimit && e?.entry == "xl/worksheets/sheet2.xml"
                && e?.detail
                    == "shares its bytes with entry xl/worksheets/sheet1.xml (overlapping entries, a ZIP bomb); not read"
        }
    }

    @Test("stored and deflated entries round-trip with their CRC")
    func roundTrip() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(path)
        let zip = try ZipArchive(path: path)
        #expect(zip.entries.map(\.name) == ["stored.txt", "deflated.csv", "empty"])
        #expect(zip.entries.map(\.method) == [0, 8, 8])
        #expect(try zip.contents(of: zip.entries[0]) == Array("plain".utf8))
        #expect(try zip.contents(of: zip.entries[1]) == Array(text.utf8))
        #expect(try zip.contents(of: zip.entries[2]) == [])
        #expect(zip.entries[1].compressedSize < zip.entries[1].uncompressedSize / 10)
        // Names are case-insensitive for lookup, as OPC part names are.
        #expect(zip.entry(named: "/DEFLATED.CSV")?.name == "deflated.csv")
    }

    /// At level 1 zlib leaves output pending after the last input byte is consumed: a reader that stopped when
    /// its input ran out called such entries truncated (found when GoalSheet's own writes moved to level 1).
    @Test("streaming inflate in small chunks gives the same bytes", arguments: [1, 6, 9] as [Int32])
    func streaming(level: Int32) throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ZipWriter(path: path)
        try w.add(name: "deflated.csv", text: text, level: level)
        try w.finish()
        let zip = try ZipArchive(path: path)
        let reader = try zip.reader(for: zip.entry(named: "deflated.csv")!)
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 100)
        while true {
            let n = try buf.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { break }
            out += buf[0..<n]
        }
        #expect(out == Array(text.utf8))
    }

    /// Everything a read-ahead gives, in order, with the error it ends on.
    func readAhead(
        _ zip: ZipArchive, _ name: String, chunk: Int, depth: Int
    ) -> (bytes: [UInt8], chunks: Int, error: ZipError?) {
        var out: [UInt8] = []
        var chunks = 0
        do {
            let ahead = ZipReadAhead(
                reader: try zip.reader(for: zip.entry(named: name)!), chunkSize: chunk, depth: depth)!
            while let c = try ahead.next() {
                out += c
                chunks += 1
            }
        } catch {
            return (out, chunks, error as? ZipError)
        }
        return (out, chunks, nil)
    }

    @Test(
        "inflating ahead on a second thread gives the same bytes in order",
        arguments: [(100, 2), (4096, 3), (1 << 20, 4)])
    func readAheadBytes(chunk: Int, depth: Int) throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(path)
        let zip = try ZipArchive(path: path)
        let got = readAhead(zip, "deflated.csv", chunk: chunk, depth: depth)
        #expect(got.error == nil)
        #expect(got.bytes == Array(text.utf8))
        #expect(got.chunks == (text.utf8.count + chunk - 1) / chunk)
        #expect(readAhead(zip, "stored.txt", chunk: chunk, depth: depth).bytes == Array("plain".utf8))
        #expect(readAhead(zip, "empty", chunk: chunk, depth: depth).chunks == 0)
    }

    @Test("a read-ahead ends on the entry's error after the chunks before it, and stops when dropped early")
    func readAheadErrors() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[40] ^= 0xFF  // the stored entry's first byte: its CRC fails at the end
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let zip = try ZipArchive(path: path)
        let got = readAhead(zip, "stored.txt", chunk: 2, depth: 2)
        // The last read finds the mismatch: its byte never comes, as from the entry reader itself.
        #expect(got.chunks == 2 && got.bytes.dropFirst() == Array("lai".utf8)[...])
        #expect(got.error?.kind == .crcMismatch)
        #expect(got.error?.description.hasPrefix("\(path): stored.txt: CRC-32 mismatch") == true)
        // Dropped after one chunk of many: the thread stops (the test would hang otherwise).
        for _ in 0..<50 {
            let ahead = try #require(
                ZipReadAhead(reader: zip.reader(for: zip.entry(named: "deflated.csv")!), chunkSize: 64, depth: 2))
            #expect(try ahead.next()?.count == 64)
        }
    }

    @Test("a corrupted byte fails the CRC check, naming file and entry")
    func crc() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // The stored entry's data begins after its 30-byte header and 10-byte name.
        bytes[40] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let zip = try ZipArchive(path: path)
        let error = #expect(throws: ZipError.self) { try zip.contents(of: zip.entries[0]) }
        #expect(error?.kind == .crcMismatch)
        #expect(error?.description.hasPrefix("\(path): stored.txt: CRC-32 mismatch") == true)
    }

    @Test("a truncated archive and a non-archive are told apart")
    func truncatedAndNotZip() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeSample(path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 30).write(to: URL(fileURLWithPath: path))
        #expect(throws: ZipError.self) { try ZipArchive(path: path) }
        try Data("id,name\n1,営業部\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ZipError.self) { try ZipArchive(path: path) }
        #expect(error?.kind == .notAZip)
    }

    /// A part deflated ahead into its own file (the patcher does it on another thread) makes the same archive as
    /// one deflated in place: the same bytes, entry for entry.
    @Test("an entry deflated ahead is added byte for byte as addStreaming writes it")
    func deflatedAhead() throws {
        let (inPlace, ahead, part) = (tempPath(), tempPath(), tempPath("deflate"))
        defer { for p in [inPlace, ahead, part] { try? FileManager.default.removeItem(atPath: p) } }
        let chunks = (0..<300).map { Array("行\($0): 解約率を月\($0 % 9)%から月1%に\n".utf8) }
        func body(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
            for c in chunks { try c.withUnsafeBytes { try write($0) } }
        }
        let a = try ZipWriter(path: inPlace)
        try a.add(name: "first.txt", text: "前")
        try a.addStreaming(name: "xl/worksheets/sheet2.xml", body: body)
        try a.add(name: "last.txt", text: "後")
        try a.finish()
        let deflated = try DeflatedPart.deflate(into: part, entry: "xl/worksheets/sheet2.xml", body: body)
        let b = try ZipWriter(path: ahead)
        try b.add(name: "first.txt", text: "前")
        try b.add(name: "xl/worksheets/sheet2.xml", deflated: deflated)
        try b.add(name: "last.txt", text: "後")
        try b.finish()
        #expect(try Data(contentsOf: URL(fileURLWithPath: ahead)) == Data(contentsOf: URL(fileURLWithPath: inPlace)))
        #expect(deflated.uncompressedSize == UInt64(chunks.map(\.count).reduce(0, +)))
        let zip = try ZipArchive(path: ahead)
        #expect(try zip.contents(of: #require(zip.entry(named: "xl/worksheets/sheet2.xml"))) == Array(chunks.joined()))
        // The part's file is the caller's to remove.
        #expect(FileManager.default.fileExists(atPath: part))
    }

    @Test("a head deflated after its body stands before it: the entry inflates to both, its CRC the whole's")
    func headDeflatedLast() throws {
        let (out, part) = (tempPath(), tempPath("deflate"))
        defer { for p in [out, part] { try? FileManager.default.removeItem(atPath: p) } }
        // The body repeats what the head says, so that a back-reference across the join would be wrong bytes.
        let rows = (0..<20_000).map { "<row r=\"\($0 + 1)\"><c><v>\($0 % 97)</v></c></row>" }.joined()
        var written = 0
        let deflated = try DeflatedPart.deflate(into: part, entry: "xl/worksheets/sheet9.xml") { write in
            let bytes = Array(rows.utf8)
            for start in stride(from: 0, to: bytes.count, by: 5_000) {
                let chunk = bytes[start..<min(bytes.count, start + 5_000)]
                written += chunk.count
                try chunk.withUnsafeBytes { try write($0) }
            }
            return Array("<worksheet><dimension ref=\"A1:A\(written / 30)\"/><sheetData>".utf8)
        }
        let head = "<worksheet><dimension ref=\"A1:A\(written / 30)\"/><sheetData>"
        #expect(!deflated.head.isEmpty && deflated.head.suffix(4) == [0, 0, 0xFF, 0xFF])  // a sync flush's end
        let w = try ZipWriter(path: out)
        try w.add(name: "xl/worksheets/sheet9.xml", deflated: deflated)
        try w.finish()
        let zip = try ZipArchive(path: out)
        let entry = try #require(zip.entry(named: "xl/worksheets/sheet9.xml"))
        #expect(try zip.contents(of: entry) == Array((head + rows).utf8))
        #expect(deflated.crc32 == Array((head + rows).utf8).withUnsafeBytes { zipCRC32($0) })
        #expect(deflated.uncompressedSize == UInt64((head + rows).utf8.count))
    }

    @Test("a part file that lost bytes since it was deflated is refused, naming the entry")
    func deflatedAheadTruncated() throws {
        let (out, part) = (tempPath(), tempPath("deflate"))
        defer { for p in [out, part] { try? FileManager.default.removeItem(atPath: p) } }
        let deflated = try DeflatedPart.deflate(into: part, entry: "a.xml") { write in
            try Array(String(repeating: "<row/>", count: 5_000).utf8).withUnsafeBytes { try write($0) }
        }
        truncate(part, off_t(deflated.compressedSize - 1))
        let w = try ZipWriter(path: out)
        #expect {
            try w.add(name: "a.xml", deflated: deflated)
        } throws: { error in
            let z = error as? ZipError
            return z?.kind == .sizeMismatch && z?.entry == "a.xml"
                && "\(error)".contains(
                    "holds \(deflated.compressedSize - 1) bytes where \(deflated.compressedSize) were deflated")
        }
    }

    @Test("raw copy keeps the compressed bytes exactly")
    func rawCopy() throws {
        let src = tempPath()
        defer { try? FileManager.default.removeItem(atPath: src) }
        try writeSample(src)
        let original = try ZipArchive(path: src)
        let dst = tempPath()
        defer { try? FileManager.default.removeItem(atPath: dst) }
        let w = try ZipWriter(path: dst)
        for e in original.entries { try w.copyRaw(e, from: original) }
        try w.finish()
        let copy = try ZipArchive(path: dst)
        #expect(copy.entries.count == 3)
        for (a, b) in zip(original.entries, copy.entries) {
            var rawA: [UInt8] = []
            var rawB: [UInt8] = []
            try original.copyRaw(a) { rawA += $0 }
            try copy.copyRaw(b) { rawB += $0 }
            #expect(rawA == rawB)
            #expect(a.crc32 == b.crc32)
            #expect(try copy.contents(of: b) == original.contents(of: a))
        }
    }

    @Test("ZIP64 end records are followed to the central directory")
    func zip64() throws {
        // A one-entry archive whose end record defers to ZIP64 records (as large writers emit).
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ZipWriter(path: path)
        try w.add(name: "a.txt", data: Array("zip64".utf8), level: 0)
        try w.finish()
        var b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let eocd = b.count - 22
        let cdSize = UInt64(b[eocd + 12]) | UInt64(b[eocd + 13]) << 8
        let cdOffset = UInt64(b[eocd + 16]) | UInt64(b[eocd + 17]) << 8
        var tail: [UInt8] = []
        func p16(_ v: UInt16) { tail += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func p32(_ v: UInt32) { for i in 0..<4 { tail.append(UInt8(v >> (8 * UInt32(i)) & 0xFF)) } }
        func p64(_ v: UInt64) { for i in 0..<8 { tail.append(UInt8(v >> (8 * UInt64(i)) & 0xFF)) } }
        let z64Offset = UInt64(eocd)
        p32(0x0606_4b50); p64(44); p16(45); p16(45); p32(0); p32(0); p64(1); p64(1); p64(cdSize); p64(cdOffset)
        p32(0x0706_4b50); p32(0); p64(z64Offset); p32(1)
        p32(0x0605_4b50); p16(0); p16(0); p16(0xFFFF); p16(0xFFFF); p32(0xFFFF_FFFF); p32(0xFFFF_FFFF); p16(0)
        b = Array(b[0..<eocd]) + tail
        try Data(b).write(to: URL(fileURLWithPath: path))
        let zip = try ZipArchive(path: path)
        #expect(zip.entries.map(\.name) == ["a.txt"])
        #expect(try zip.contents(of: zip.entries[0]) == Array("zip64".utf8))
    }
}
