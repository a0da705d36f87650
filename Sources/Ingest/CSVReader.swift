import Foundation
import GoalSheetSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text encodings a CSV may come in.
public enum CSVEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case shiftJIS = "Shift_JIS/CP932"
    case eucJP = "EUC-JP"
    case windows1252 = "Windows-1252"
}

/// A parsed CSV file: its records, and what was detected about it.
public struct CSVTable: Sendable {
    public let encoding: CSVEncoding
    public let delimiter: Character
    /// Records as fields; `lines[i]` is the 1-based line on which record `i` starts.
    public let records: [[String]]
    public let lines: [Int]
}

/// RFC 4180 CSV with encoding (BOM, UTF-8, Shift_JIS/CP932, EUC-JP, UTF-16) and delimiter
/// (comma, tab, semicolon) detection. Quoted fields may hold delimiters, `""` and line breaks.
public enum CSVReader {
    /// Reads and parses a CSV file.
    public static func read(path: String, delimiter: Character? = nil) throws -> CSVTable {
        try parse(data: readFile(path), file: path, delimiter: delimiter)
    }

    /// The file's bytes, read with POSIX calls (FileManager.contents(atPath:) leaks its buffer on an empty
    /// file: found by the fuzzer) after its size is checked against `ReadLimits.maxCSVBytes`.
    static func readFile(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GoalSheetError(.cannotOpen, file: path, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw GoalSheetError(.cannotOpen, file: path, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        let size = UInt64(max(0, st.st_size))
        let limit = ReadLimits.current.maxCSVBytes
        if size > limit {
            throw GoalSheetError(
                .overLimit, file: path,
                "the file is \(ReadLimits.sizeText(size)), over the \(ReadLimits.sizeText(limit)) GoalSheet reads as CSV (limits.max_csv_mib); not read"
            )
        }
        var data = Data(count: Int(size))
        do {
            let filled = try data.withUnsafeMutableBytes { raw in try FileIO.read(fd, into: raw, at: 0) }
            return filled == data.count ? data : data.prefix(filled)
        } catch let error as FileIO.Failure {
            throw GoalSheetError(.cannotOpen, file: path, "cannot read the file: \(error.message)")
        }
    }

    /// Parses CSV bytes; `file` names the input in errors.
    public static func parse(data: Data, file: String, delimiter: Character? = nil) throws -> CSVTable {
        let (text, encoding) = try decode(data, file: file)
        let bytes = Array(text.utf8)
        let delim = delimiter.flatMap { $0.asciiValue } ?? detectDelimiter(bytes)
        let (records, lines) = try split(bytes, delimiter: delim, file: file)
        return CSVTable(encoding: encoding, delimiter: Character(UnicodeScalar(delim)), records: records, lines: lines)
    }

    /// Detects the encoding and decodes. Foundation's `.shiftJIS` decodes CP932 on Linux
    /// (① and ～ included).
    public static func decode(_ data: Data, file: String) throws -> (String, CSVEncoding) {
        let b = [UInt8](data)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let s = String(validating: b[3...], as: UTF8.self) else {
                let (line, column) = firstInvalidUTF8(b, from: 3)
                throw GoalSheetError(
                    .encoding, file: file, line: line, column: column,
                    "the file starts with a UTF-8 byte order mark, but the text here is not UTF-8 (Shift_JIS or another encoding after the mark?); not read"
                )
            }
            return (s, .utf8BOM)
        }
        if b.starts(with: [0xFF, 0xFE]) {
            guard let s = String(data: Data(b[2...]), encoding: .utf16LittleEndian) else {
                throw GoalSheetError(
                    .encoding, file: file, "the file starts with a UTF-16LE byte order mark but is not valid UTF-16")
            }
            return (s, .utf16LE)
        }
        if b.starts(with: [0xFE, 0xFF]) {
            guard let s = String(data: Data(b[2...]), encoding: .utf16BigEndian) else {
                throw GoalSheetError(
                    .encoding, file: file, "the file starts with a UTF-16BE byte order mark but is not valid UTF-16")
            }
            return (s, .utf16BE)
        }
        // UTF-16 without a BOM: ASCII text leaves every other byte zero.
        if b.count >= 4 {
            let sample = b.prefix(4096)
            let evenZeros = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let half = sample.count / 2
            if oddZeros > half * 3 / 10 && evenZeros == 0, let s = String(data: data, encoding: .utf16LittleEndian) {
                return (s, .utf16LE)
            }
            if evenZeros > half * 3 / 10 && oddZeros == 0, let s = String(data: data, encoding: .utf16BigEndian) {
                return (s, .utf16BE)
            }
        }
        if let s = String(validating: b, as: UTF8.self) { return (s, .utf8) }
        let sjis = String(data: data, encoding: .shiftJIS)
        let euc = iconvDecode(b, from: "EUC-JP")
        switch (sjis, euc) {
        case let (s?, nil): return (s, .shiftJIS)
        case let (nil, e?): return (e, .eucJP)
        case let (s?, e?):
            // Bytes 0x81–0x9F (but 0x8E/0x8F, EUC's single shifts) lead only in Shift_JIS.
            let sjisLeads = b.contains { $0 >= 0x81 && $0 <= 0x9F && $0 != 0x8E && $0 != 0x8F }
            return sjisLeads ? (s, .shiftJIS) : (e, .eucJP)
        case (nil, nil):
            if let w = String(data: data, encoding: .windowsCP1252) { return (w, .windows1252) }
            throw GoalSheetError(.encoding, file: file, "the text is neither UTF-8, UTF-16, Shift_JIS/CP932 nor EUC-JP")
        }
    }

    /// The 1-based line and column (in characters) of the first byte at or after `start` that is not UTF-8.
    static func firstInvalidUTF8(_ b: [UInt8], from start: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = start
        var i = start
        while i < b.count {
            let c = b[i]
            let width =
                c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
            let valid =
                width > 0 && i + width <= b.count && String(validating: b[i..<(i + width)], as: UTF8.self) != nil
            if !valid { break }
            if c == 0x0A { line += 1; lineStart = i + 1 }
            i += width
        }
        let column = String(decoding: b[lineStart..<i], as: UTF8.self).count + 1
        return (line, column)
    }

    /// Picks the delimiter that splits the first lines most consistently.
    static func detectDelimiter(_ b: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x09, 0x3B]
        var counts: [[Int]] = Array(repeating: [], count: 3)
        var current = [0, 0, 0]
        var inQuotes = false
        var lines = 0
        var i = 0
        while i < b.count && lines < 50 {
            let c = b[i]
            if c == 0x22 {
                inQuotes.toggle()
            } else if !inQuotes && (c == 0x0A || c == 0x0D) {
                if c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
                for k in 0..<3 { counts[k].append(current[k]) }
                current = [0, 0, 0]
                lines += 1
            } else if !inQuotes, let k = candidates.firstIndex(of: c) {
                current[k] += 1
            }
            i += 1
        }
        if current != [0, 0, 0] { for k in 0..<3 { counts[k].append(current[k]) } }
        var best = 0
        var bestScore = -1
        for k in 0..<3 {
            let nonZero = counts[k].filter { $0 > 0 }
            guard !nonZero.isEmpty else { continue }
            // Lines that share the most common count, weighted by that count being > 0.
            var freq: [Int: Int] = [:]
            for n in nonZero { freq[n, default: 0] += 1 }
            let score = freq.values.max()! * 1000 + nonZero.count
            if score > bestScore { bestScore = score; best = k }
        }
        return candidates[best]
    }

    static func split(_ b: [UInt8], delimiter: UInt8, file: String) throws -> ([[String]], [Int]) {
        let maxField = ReadLimits.current.maxCellBytes
        var records: [[String]] = []
        var lines: [Int] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 0
        var atFieldStart = true
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        func endRecord() {
            endField()
            // A blank line is an empty record, so record i is the sheet's row i + 1 as Excel shows it.
            records.append(fields.count == 1 && fields[0].isEmpty ? [] : fields)
            lines.append(recordLine)
            fields = []
        }
        while i < b.count {
            let c = b[i]
            // A field grows by one byte a step: past the bound it is refused before it grows further.
            if field.count > maxField {
                throw GoalSheetError(
                    .overLimit, file: file, line: recordLine,
                    "field \(fields.count + 1) of the record on line \(recordLine) is over \(ReadLimits.sizeText(maxField)) (a cell holds at most 32,767 characters; limits.max_cell_bytes); not read"
                )
            }
            if quoted {
                if c == 0x22 {
                    if i + 1 < b.count && b[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                    i += 1
                    continue
                }
                if c == 0x0A || (c == 0x0D && !(i + 1 < b.count && b[i + 1] == 0x0A)) { line += 1 }
                field.append(c)
                i += 1
                continue
            }
            switch c {
            case 0x22 where atFieldStart:
                quoted = true
                quoteLine = line
                atFieldStart = false
            case delimiter:
                endField()
            case 0x0D, 0x0A:
                if c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(c)
                atFieldStart = false
            }
            i += 1
        }
        if quoted {
            throw GoalSheetError(
                .csv, file: file, line: quoteLine, "a quoted field opened on line \(quoteLine) is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (records, lines)
    }
}
