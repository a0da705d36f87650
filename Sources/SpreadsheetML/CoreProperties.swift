import Foundation
import OPCPackage

/// The package's core properties (`docProps/core.xml`, ECMA-376 Part 2 §11): what the reader takes from them.
public enum CoreProperties {
    /// `dc:title`, the document's title as Excel's File > Properties shows it ("営業部 2025年度 目標"), if set.
    public static func title(_ package: OPCPackage) -> String? {
        guard let part = package.packageRelationships.first(where: { $0.hasType("core-properties") })?.targetPart,
            let root = try? package.tree(of: part),
            let text = root.children(named: "title").first?.text.trimmingCharacters(in: .whitespacesAndNewlines),
            !text.isEmpty
        else { return nil }
        return text
    }
}
