import Foundation
import GoalModel
import Report

/// The commented run file `goalsheet init` writes: every setting with its default and the `analyze` flag it
/// stands for, in Japanese then English, with the sheets found in the folder filled in.
struct RunFileTemplate {
    /// What `init` found in the folder.
    struct Found: Equatable {
        /// Goal files whose names say company, or in a folder whose name does (`全社/`), relative to the folder.
        var company: [String] = []
        /// `.` for the folder's own department files, then each subfolder holding goal files (`営業部/`).
        var departments: [String] = []

        static func scan(_ folder: String, words: [String] = ReadingWords.standard.companyFileWords) -> Found {
            var found = Found()
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            var departmentFiles = 0
            for name in names where !name.hasPrefix(".") {
                let full = (folder as NSString).appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { continue }
                let folded = TextNormalizer.foldWidth(name).lowercased()
                let saysCompany = words.contains(where: { folded.contains($0) })
                if isDir.boolValue {
                    let inside = ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted()
                    guard !RunFolder.isRun(full), inside.contains(where: InputOptions.isGoalFile) else { continue }
                    // A 全社/ folder holds the company's sheets; any other folder is a department's.
                    if saysCompany {
                        found.company += inside.filter(InputOptions.isGoalFile).map { name + "/" + $0 }
                    } else {
                        found.departments.append(name + "/")
                    }
                } else if InputOptions.isGoalFile(name) {
                    if saysCompany {
                        found.company.append(name)
                    } else {
                        departmentFiles += 1
                    }
                }
            }
            if departmentFiles > 0 { found.departments.insert(".", at: 0) }
            return found
        }
    }

    let found: Found

    static func list(_ items: [String], placeholder: String) -> String {
        guard !items.isEmpty else { return "  # - \(placeholder)\n" }
        return items.map { "  - \(quoted($0))\n" }.joined()
    }

    /// A YAML scalar in double quotes when it could be read as something else.
    static func quoted(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || "._-/".unicodeScalars.contains($0) || ("0"..."9").contains($0)
        }
        return plain && s != "."
            ? s
            : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    var text: String {
        """
        # GoalSheet の実行ファイル / GoalSheet run file
        # `goalsheet run` がこのファイルの設定で実行します。各設定は `goalsheet analyze` のフラグと同じです（# の後）。
        # `goalsheet run` runs the batch below; every setting is also a flag of `goalsheet analyze` (after #).
        # パスはこのファイルのフォルダからの相対パス / Paths are relative to this file's folder.

        # 全社の目標シート（OKR・KGI/KPIツリー）: ファイル名から推定しました。確認してください。
        # The company's sheets (OKR, KGI/KPI tree), guessed from their names: check them.   # --company FILE
        company:
        \(Self.list(found.company, placeholder: "全社OKR.xlsx"))
        # 部署のシート: ファイル、フォルダ、またはパターン（"営業部/*.xlsx"）。全社シートは除かれます。
        # Department sheets: files, folders or patterns ("sales/*.xlsx"); the company's are left out.   # FILE|DIR ...
        departments:
        \(Self.list(found.departments, placeholder: "営業部/"))
        # 進捗のペースを測る日。省略すると実行した日 / The date pace is measured at; omitted: the day of the run.
        # as_of: 2026-03-31                  # --as-of

        # 出力フォルダ（前回の実行は out.previous に残ります）/ Output folder (the run before is kept as out.previous).
        out: goalsheet-out                   # --out
        previous: keep                       # --previous keep|remove

        # メッセージの言語: ja、en。省略するとシートごとの言語 / Messages: ja or en; omitted: each sheet's own.
        # lang: ja                           # --lang

        # 書き出すもの（manifest.json は常に）/ What to write (manifest.json always).
        outputs: [csv, json, annotated, summary-xlsx]   # --outputs
        notes: warnings                      # --notes warnings|all (info findings too)
        share_all: false                     # --share-all: every department in each manager's summary sheet
        csv_bom: false                       # --csv-bom: for Excel on Japanese Windows
        csv_raw: false                       # --csv-raw
        strict: false                        # --strict: exit 1 on error findings

        # 同時に処理するファイル数（省略: CPU の数）/ Files at once (omitted: the processors).
        # jobs: 2                            # --jobs

        # ---- 読み取りの設定（analyze --config と同じ形式）/ Reading (the format of analyze --config) ----
        fiscal_year_start: 4                 # 期首の月 / the month the fiscal year starts
        tolerance: 0.1                       # 進捗がペースからこれだけ遅れると at-risk / behind pace by this: at risk
        tree_tolerance: 0.05                 # KPIツリーの積・和の許容差 / how far a KPI tree's product or sum may be off

        # 列の見出しの別名 / Other names of column headers:
        # synonyms:
        #   target: ["必達目標", "コミット"]
        #   current: ["着地見込"]

        # ファイルごとの読み方 / How to read particular files:
        # sheets:
        #   - file: "営業部*.xlsx"
        #     sheet: "目標"
        #     header_row: 3
        #     columns: {B: title, E: target, F: current}
        #     department: 営業部

        # 語彙 / Words: lower_is_better, activity_metrics, outcome_metrics, additive_metrics, flow_metrics, level_metrics
        # lower_is_better: ["解約率", "クレーム件数"]

        """
    }
}
