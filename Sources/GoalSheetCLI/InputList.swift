import ArgumentParser
import Foundation
import GoalModel
import GoalSheetSupport
import Ingest

/// The inputs of a run, in the order they are read: company sheets, then department files from each path
/// given (a file, a folder's goal files, or a glob's matches), sorted within a folder or glob.
enum InputList {
    static func collect(company: [String], paths: [String]) throws -> [GoalInput] {
        var out: [GoalInput] = company.map { GoalInput(path: $0, isCompany: true) }
        var seen = Set(company.map(canonical))
        func add(_ path: String) {
            if seen.insert(canonical(path)).inserted { out.append(GoalInput(path: path, isCompany: false)) }
        }
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir) {
                if isDir.boolValue { folderFiles(p).forEach(add) } else { add(p) }
            } else if PathPattern.isPattern(p) {
                let matches = PathPattern.expand(p).filter { InputOptions.isGoalFile(FileIO.fileName($0)) }
                if matches.isEmpty { Diagnostics.note("\(p): no XLSX, XLSM, CSV or TSV file matches") }
                regularFiles(matches).forEach(add)
            } else {
                throw ValidationError("\(p): no such file or directory")
            }
        }
        return out
    }

    /// A folder's goal files, sorted; what is not a regular file is skipped with a note.
    static func folderFiles(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let found = regularFiles(
            names.sorted().filter(InputOptions.isGoalFile).map { (folder as NSString).appendingPathComponent($0) })
        if found.isEmpty { Diagnostics.note("\(folder): no XLSX, XLSM, CSV or TSV files in this folder") }
        return found
    }

    /// The paths that are regular files. Only those are opened: a FIFO would block the batch, a folder named
    /// .xlsx holds no sheet; each other one is skipped with a note.
    static func regularFiles(_ paths: [String]) -> [String] {
        paths.filter { full in
            guard let what = FileKind.irregular(full) else { return true }
            Diagnostics.note("skipped \(full): it is \(what), not a file")
            return false
        }
    }

    static func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// `*` and `?` in any component of a path (`部署/*/目標*.xlsx`), expanded against the file system.
enum PathPattern {
    static func isPattern(_ path: String) -> Bool { path.contains("*") || path.contains("?") }

    /// The existing paths the pattern matches, sorted; hidden names match only a pattern starting with `.`.
    static func expand(_ pattern: String) -> [String] {
        let absolute = pattern.hasPrefix("/")
        var current = [absolute ? "/" : ""]
        for component in pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            var next: [String] = []
            for base in current {
                if !isPattern(component) {
                    next.append(join(base, component))
                    continue
                }
                let names = (try? FileManager.default.contentsOfDirectory(atPath: base.isEmpty ? "." : base)) ?? []
                for name in names.sorted()
                where (!name.hasPrefix(".") || component.hasPrefix(".")) && Glob.matches(component, name) {
                    next.append(join(base, name))
                }
            }
            current = next
        }
        return current.filter { FileManager.default.fileExists(atPath: $0) }.sorted()
    }

    static func join(_ base: String, _ name: String) -> String {
        base.isEmpty ? name : base == "/" ? "/" + name : base + "/" + name
    }
}
