import SpreadsheetML

/// `docProps/app.xml` (ECMA-376 Part 1 §22.2): the sheet titles Excel lists (TitlesOfParts) and their count
/// under the worksheets heading (HeadingPairs), kept in step when the summary sheet is added or renamed.
/// A part whose worksheets heading cannot be found (Excel localizes it) is left as it is.
enum ExtendedProperties {
    /// The worksheets heading as Excel writes it in the languages found in real workbooks.
    static let worksheetHeadings: Set<String> = [
        "Worksheets", "ワークシート", "工作表", "워크시트", "Листы", "Arbeitsblätter",
        "Feuilles de calcul", "Hojas de cálculo", "Fogli di lavoro", "Planilhas", "Werkbladen",
    ]

    /// The part with `name` added after the last worksheet title, or `old` renamed to `name`; nil when unchanged.
    static func edit(_ bytes: [UInt8], part: String, adding name: String, renaming old: String? = nil) -> [UInt8]? {
        guard let doc = try? XMLSpliceDocument(bytes, part: part),
            let pairs = doc.first("HeadingPairs").flatMap({ doc.first("vector", under: $0) }),
            let titles = doc.first("TitlesOfParts").flatMap({ doc.first("vector", under: $0) })
        else { return nil }
        let items = doc.children(of: titles)
        if let old {
            guard let i = items.first(where: { doc.text(of: $0) == old }) else { return nil }
            doc.replace(doc.elements[i].inner, with: XMLText.escapeText(name))
            return doc.result()
        }
        // HeadingPairs: (heading, count) variants in turn; the titles follow the headings' order.
        let variants = doc.children(of: pairs)
        var before = 0
        var i = 0
        while i + 1 < variants.count {
            let heading = doc.text(of: variants[i]), countElement = doc.children(of: variants[i + 1]).first
            let count = countElement.flatMap { Int(doc.text(of: $0)) } ?? 0
            if worksheetHeadings.contains(heading), let countElement {
                let vt = doc.elements[titles].prefix.isEmpty ? "" : doc.elements[titles].prefix + ":"
                let item = "<\(vt)lpstr>\(XMLText.escapeText(name))</\(vt)lpstr>"
                let after = before + count - 1
                if after >= 0, after < items.count {
                    doc.insert(item, at: doc.elements[items[after]].outer.upperBound)
                } else if before < items.count {
                    doc.insert(item, at: doc.elements[items[before]].outer.lowerBound)
                } else {
                    doc.append(item, into: titles)
                }
                doc.replace(doc.elements[countElement].inner, with: String(count + 1))
                doc.setAttribute("size", String(items.count + 1), of: titles)
                return doc.result()
            }
            before += count
            i += 2
        }
        return nil
    }
}
