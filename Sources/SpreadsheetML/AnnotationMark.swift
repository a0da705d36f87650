import Foundation
import GoalSheetSupport
import OPCPackage

/// What GoalSheet added to a workbook, kept in a custom document property (`GoalSheet.Annotations` in
/// `docProps/custom.xml`) so that a second run replaces its columns, notes and summary sheet instead of adding them
/// twice.
public struct AnnotationMark: Sendable, Equatable, Codable {
    public static let propertyName = "GoalSheet.Annotations"
    /// The author of GoalSheet's notes; notes by this author are replaced on the next run.
    public static let noteAuthor = "GoalSheet"

    public var version: Int
    /// The summary sheet's name, if one was added.
    public var summarySheet: String?
    /// Sheet name → the ranges of GoalSheet's columns (A1 form, "H3:M20").
    public var columns: [String: [String]]

    public init(summarySheet: String? = nil, columns: [String: [String]] = [:]) {
        self.version = 1
        self.summarySheet = summarySheet
        self.columns = columns
    }

    public func ranges(of sheet: String) -> [CellRange] { (columns[sheet] ?? []).compactMap(CellRange.init) }

    public var text: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init?(text: String) {
        guard let m = try? JSONDecoder().decode(AnnotationMark.self, from: Data(text.utf8)) else { return nil }
        self = m
    }

    /// The mark of a package, if GoalSheet annotated it before.
    public static func read(_ package: OPCPackage) -> AnnotationMark? {
        guard
            let part = package.packageRelationships.first(where: {
                $0.hasType("custom-properties") || $0.hasType("customProperties")
            })?.targetPart,
            let root = try? package.tree(of: part)
        else { return nil }
        for p in root.children(named: "property") where p["name"] == propertyName {
            if let v = p.children.first { return AnnotationMark(text: v.text) }
        }
        return nil
    }
}
