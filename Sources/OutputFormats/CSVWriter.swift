/// Delimited text (RFC 4180), the one CSV writer: `cat`'s CSV and TSV (LF line ends, text as the sheet
/// has it) and the reports' CSV files (CRLF, and formulas neutralized).
///
/// A field is quoted when it holds the delimiter, a quote or a line break. For the reports, a field that
/// a spreadsheet would run as a formula (starting with = + - @, a TAB or a CR, and not a number) gets a
/// leading `'` (OWASP's rule against CSV injection) unless `raw` is set, for machines.
public struct CSVWriter {
    /// Delimiter, line end and formula neutralization.
    public struct Format: Sendable {
        public var delimiter: UInt8
        public var lineEnd: [UInt8]
        public var neutralizesFormulas: Bool

        public init(delimiter: UInt8, lineEnd: [UInt8], neutralizesFormulas: Bool) {
            self.delimiter = delimiter
            self.lineEnd = lineEnd
            self.neutralizesFormulas = neutralizesFormulas
        }

        /// The reports' CSV: comma, CRLF, formulas neutralized.
        public static let report = Format(delimiter: 0x2C, lineEnd: [0x0D, 0x0A], neutralizesFormulas: true)
    }

    public let format: Format
    public let sink: ByteSink

    /// Rows collected in memory (`text`), in the reports' format, after a BOM if asked; `raw` leaves
    /// formulas as they are.
    public init(bom: Bool = false, raw: Bool = false) {
        self.init(reportTo: ByteSink(fd: nil), bom: bom, raw: raw)
    }

    /// Rows written to `sink` in the reports' format, after a BOM if asked; `raw` leaves formulas as they are.
    public init(reportTo sink: ByteSink, bom: Bool, raw: Bool) {
        var format = Format.report
        format.neutralizesFormulas = !raw
        self.init(format: format, sink: sink)
        if bom { sink.write("\u{FEFF}") }
    }

    public init(format: Format, sink: ByteSink) {
        self.format = format
        self.sink = sink
    }

    /// Whether formulas are left as they are.
    public var raw: Bool { !format.neutralizesFormulas }

    /// What was written, as text (for rows collected in memory).
    public var text: String { sink.text }

    /// One record: its fields, then the line end.
    public func row(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { sink.byte(format.delimiter) }
            CSVWriter.writeField(
                format.neutralizesFormulas ? CSVWriter.neutralized(field) : field, delimiter: format.delimiter,
                to: sink)
        }
        for b in format.lineEnd { sink.byte(b) }
    }

    /// `=HYPERLINK(…)` → `'=HYPERLINK(…)`; "-5" and "+3.5" stay numbers.
    public static func neutralized(_ f: String) -> String {
        switch f.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return Double(f) == nil ? "'" + f : f
        default: return f
        }
    }

    /// A field, quoted when it holds the delimiter, a quote or a line break.
    @inlinable @inline(__always) public static func writeField(_ s: String, delimiter: UInt8, to out: ByteSink) {
        var needsQuotes = false
        for b in s.utf8 where b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        if !needsQuotes { out.write(s); return }
        var s = s
        s.withUTF8 { writeQuoted($0, to: out) }
    }

    /// UTF-8 bytes as a quoted field, each quote doubled.
    @inlinable public static func writeQuoted(_ b: UnsafeBufferPointer<UInt8>, to out: ByteSink) {
        out.byte(0x22)
        for c in b {
            if c == 0x22 { out.byte(0x22) }
            out.byte(c)
        }
        out.byte(0x22)
    }
}
