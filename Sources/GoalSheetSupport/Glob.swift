/// `*` and `?` file-name patterns.
public enum Glob {
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var memo: [Int: Bool] = [:]
        func m(_ i: Int, _ j: Int) -> Bool {
            if let r = memo[i * (n.count + 1) + j] { return r }
            let r: Bool
            if i == p.count {
                r = j == n.count
            } else if p[i] == "*" {
                r = m(i + 1, j) || (j < n.count && m(i, j + 1))
            } else {
                r = j < n.count && (p[i] == "?" || p[i] == n[j]) && m(i + 1, j + 1)
            }
            memo[i * (n.count + 1) + j] = r
            return r
        }
        return m(0, 0)
    }
}
