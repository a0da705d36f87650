import Yams

/// The keys a settings file may have at each level of its YAML, checked before it is decoded: a misspelt key
/// (`colums:` for `columns:`) is an error naming its line, never a setting silently left at its default.
public struct SettingsKeyChecker: Sendable {
    /// The keys of one mapping, and the checker of the mapping (or of each list item's mapping) under a key.
    public struct Level: Sendable {
        public var keys: [String]
        public var nested: [String: Level]
        /// Keys that belong to another kind of file, with what to say instead of a near key (a run file's
        /// `company:` in a config file: run it with `goalsheet run`).
        public var elsewhere: [String: String]

        public init(keys: [String], nested: [String: Level] = [:], elsewhere: [String: String] = [:]) {
            self.keys = keys
            self.nested = nested
            self.elsewhere = elsewhere
        }
    }

    public var top: Level

    public init(top: Level) { self.top = top }

    /// The config's levels (`NormalizeConfig`'s keys, each `sheets:` item's and `limits:`'s), with `extra` keys
    /// allowed beside the config's at the top (a run file's own settings), and `elsewhere` keys refused with
    /// their hint.
    public static func config(extra: [String] = [], elsewhere: [String: String] = [:]) -> SettingsKeyChecker {
        SettingsKeyChecker(
            top: Level(
                keys: extra + NormalizeConfig.keys,
                nested: [
                    NormalizeConfig.CodingKeys.sheets.rawValue: Level(
                        keys: NormalizeConfig.SheetOverride.CodingKeys.allCases.map(\.rawValue)),
                    NormalizeConfig.CodingKeys.limits.rawValue: Level(
                        keys: NormalizeConfig.LimitsSection.CodingKeys.allCases.map(\.rawValue)),
                ], elsewhere: elsewhere))
    }

    /// Throws a `ConfigError` for `file` at the first key (in the file's order) its level does not know. A
    /// document that is not a mapping at the top is `notMapping`'s error; an empty one passes.
    public func check(_ text: String, file: String, notMapping: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw ConfigError(file: file, message: "\(error)") }
        guard let node else { return }
        guard let mapping = node.mapping else { throw ConfigError(file: file, message: notMapping) }
        try check(mapping, level: top, path: "", file: file)
    }

    private func check(_ mapping: Node.Mapping, level: Level, path: String, file: String) throws {
        for (key, value) in mapping {
            // A merge key (`<<: *defaults`) brings another mapping's keys to this level: they are checked here.
            if key.string == "<<" {
                for merged in value.mapping.map({ [$0] }) ?? (value.sequence ?? []).compactMap(\.mapping) {
                    try check(merged, level: level, path: path, file: file)
                }
                continue
            }
            guard let name = key.string, level.keys.contains(name) else {
                throw ConfigError(file: file, message: Self.unknown(key, path: path, level: level))
            }
            guard let inner = level.nested[name] else { continue }
            let here = path.isEmpty ? name : path + "." + name
            if let m = value.mapping {
                try check(m, level: inner, path: here, file: file)
            } else if let items = value.sequence {
                for (i, item) in items.enumerated() {
                    if let m = item.mapping { try check(m, level: inner, path: "\(here)[\(i)]", file: file) }
                }
            }
        }
    }

    /// `line 5: unknown key 'colums' in sheets[0] (known: file, sheet, …); did you mean 'columns'?`, or the
    /// level's hint for a key of another kind of file.
    static func unknown(_ key: Node, path: String, level: Level) -> String {
        let name = key.string ?? "?"
        var message = "line \(key.mark?.line ?? 0): unknown key '\(name)'"
        if !path.isEmpty { message += " in \(path)" }
        if let hint = level.elsewhere[name] { return message + "; " + hint }
        message += " (known: \(level.keys.joined(separator: ", ")))"
        if let near = nearest(to: name, in: level.keys) { message += "; did you mean '\(near)'?" }
        return message
    }

    /// The known key within two edits of `name` (`-` and `_` alike, case ignored), the closest first.
    static func nearest(to name: String, in known: [String]) -> String? {
        func folded(_ s: String) -> [Character] { Array(s.lowercased().replacingOccurrences(of: "-", with: "_")) }
        let n = folded(name)
        return known.map { ($0, EditDistance.between(n, folded($0))) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }
}

/// Levenshtein distance: the fewest insertions, deletions and substitutions turning one sequence into another.
enum EditDistance {
    static func between(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
