import Analysis
import Foundation
import GoalModel
import Normalize
import TestSupport
import Testing

/// One run for a rule: a company sheet and a department sheet as CSV rows under fixed headers, and other files.
///
/// The base run (`RuleScenario()`) is clean: no rule fires on it. Each rule's pair changes it a little, once
/// so that the rule fires and once as a near miss that must stay quiet.
struct RuleScenario: Sendable {
    static let companyHeader = "ID,種別,目標,基準値,現状,目標値,単位,期限,上位目標"
    static let departmentHeader = "部署,ID,種別,目標,基準値,現状,目標値,単位,期限,上位目標,方向,算出式"
    static let o1 = "O1,Objective,顧客に選ばれ続ける会社になる,,,,,2026-03-31,"
    static let kr1 = "KR1,KR,解約率,8,6,4,%,2026-03-31,O1"
    static let kr2 = "KR2,KR,年間売上高,,5000,10000,万円,2026-03-31,O1"
    static let s1 = "営業部,S1,KPI,既存顧客の解約率,8,6,4,%,2026-03-31,KR1,,"
    static let s2 = "営業部,S2,KPI,営業部売上高,,5000,10000,万円,2026-03-31,KR2,,"

    var company = [o1, kr1, kr2]
    var departments = [s1, s2]
    /// More inputs: CSV text, or a workbook built part by part.
    var csvFiles: [String: String] = [:]
    var workbooks: [String: Fixture] = [:]
    /// The run's date: half of fiscal 2025 (2025-04-01 … 2026-03-31).
    var asOf = "2025-09-30"
    /// The analysis's word lists (a config's extra words go here).
    var lexicon = Lexicon.standard

    /// The base run with rows added.
    static func adding(company more: [String] = [], departments rows: [String] = []) -> RuleScenario {
        var s = RuleScenario()
        s.company += more
        s.departments += rows
        return s
    }

    /// The base run with S1 (既存顧客の解約率, 8% → 4%, now 6%) changed in the named columns.
    static func s1(_ changes: [String: String], s2: String = s2) -> RuleScenario {
        var s = RuleScenario()
        s.departments = [changed(s1, changes), s2]
        return s
    }

    static func changed(_ row: String, _ changes: [String: String]) -> String {
        let header = departmentHeader.split(separator: ",").map(String.init)
        var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (column, value) in changes { cells[header.firstIndex(of: column)!] = value }
        return cells.joined(separator: ",")
    }

    /// A KPI tree under KR2: T1 四半期売上 (万円) = T2 商談数 (件) × T3 平均単価 (万円).
    static func tree(targets: (Int, Int, Int), currents: (Int, Int, Int), formula: String = "T2*T3") -> RuleScenario {
        adding(departments: [
            "営業部,T1,KPI,四半期売上,,\(currents.0),\(targets.0),万円,2026-03-31,KR2,,\(formula)",
            "営業部,T2,KPI,商談数,,\(currents.1),\(targets.1),件,2026-03-31,T1,,",
            "営業部,T3,KPI,平均単価,,\(currents.2),\(targets.2),万円,2026-03-31,T1,,",
        ])
    }

    /// 開発部's objective under KR1 with `count` key results.
    static func keyResults(_ count: Int) -> RuleScenario {
        adding(
            departments: ["開発部,DO1,Objective,顧客が求める機能を速く届ける,,,,,2026-03-31,KR1,,"]
                + (0..<count).map { "開発部,DK\($0),KR,リードタイム\($0),10,8,5,日,2026-03-31,DO1,," })
    }

    /// 開発部 with `count` objectives, each under KR1.
    static func objectives(_ count: Int) -> RuleScenario {
        adding(departments: (0..<count).map { "開発部,DO\($0),Objective,顧客の課題\($0)を解く,,,,,2026-03-31,KR1,," })
    }

    /// The base run and one more CSV file.
    static func with(csv name: String, _ text: String) -> RuleScenario {
        var s = RuleScenario()
        s.csvFiles[name] = text
        return s
    }

    /// The base run and a workbook of two sheets of goals, the second's XML as given.
    static func with(secondSheet xml: String) -> RuleScenario {
        let goals = Fixture.sheet(
            #"<row r="1"><c r="A1" t="inlineStr"><is><t>目標</t></is></c><c r="B1" t="inlineStr"><is><t>目標値</t></is></c></row>"#
                + #"<row r="2"><c r="A2" t="inlineStr"><is><t>紹介経由の新規顧客数</t></is></c><c r="B2"><v>30</v></c></row>"#)
        var s = RuleScenario()
        s.workbooks["plan.xlsx"] = Fixture(sheets: [("計画", goals), ("実績", xml)])
        return s
    }

    /// The run's findings, messages naming files without the scratch folder.
    func findings() throws -> [Finding] { try analyze().findings }

    /// Normalizes and analyzes the run as of `asOf`, in a scratch folder.
    func analyze() throws -> AnalyzedRun {
        let dir = NSTemporaryDirectory() + "goalsheet-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            return dir + "/" + name
        }
        var inputs = [
            GoalInput(
                path: try write("company.csv", ([RuleScenario.companyHeader] + company).joined(separator: "\n") + "\n"),
                isCompany: true),
            GoalInput(
                path: try write(
                    "dept.csv", ([RuleScenario.departmentHeader] + departments).joined(separator: "\n") + "\n"),
                isCompany: false),
        ]
        for (name, text) in csvFiles.sorted(by: { $0.key < $1.key }) {
            inputs.append(GoalInput(path: try write(name, text), isCompany: false))
        }
        for (name, fixture) in workbooks.sorted(by: { $0.key < $1.key }) {
            let path = dir + "/" + name
            try FileManager.default.moveItem(atPath: try fixture.write(), toPath: path)
            inputs.append(GoalInput(path: path, isCompany: false))
        }
        var run = Analyzer(options: AnalysisOptions(asOf: CalendarDate(iso: asOf)!, lexicon: lexicon)).analyze(
            Normalizer().run(inputs))
        for i in run.findings.indices {
            run.findings[i].message = run.findings[i].message.replacingOccurrences(of: dir + "/", with: "")
        }
        return run
    }
}

/// A rule's pair of runs: one that fires it (at a cell, with a message) and a near miss that must not.
struct RuleFixture: Sendable {
    var fires: RuleScenario
    var cell: String
    var message: String
    var quiet: RuleScenario
}

extension RuleFixture {
    static let forecast = "目標,目標値,見込み\n新規契約数を増やす,100,40\n解約率を下げる,3,"

    /// Every rule's pair. A rule missing here fails the coverage test.
    static let all: [RuleID: RuleFixture] = reading.merging(alignment) { a, _ in a }.merging(smart) { a, _ in a }
        .merging(figures) { a, _ in a }

    static let reading: [RuleID: RuleFixture] = [
        .untitledRow: RuleFixture(
            fires: .adding(departments: ["営業部,S3,KPI,,,10,30,件,2026-03-31,KR2,,"]), cell: "D4",
            message: "目標名が空欄の行に数値があります（行4）", quiet: .adding(departments: ["営業部,S3,,,,,,,,,,"])),
        .unreadableUnit: RuleFixture(
            fires: .s1(["単位": "ぴよ"], s2: RuleScenario.changed(RuleScenario.s2, ["単位": "社"])), cell: "H2",
            message: "単位「ぴよ」を解釈できません",
            quiet: .s1(["単位": "％"], s2: RuleScenario.changed(RuleScenario.s2, ["単位": "社"]))),
        .mixedUnits: RuleFixture(
            fires: .s1(["基準値": "8%", "目標値": "4件", "単位": ""]), cell: "G2", message: "単位が混在しています: count, percent",
            quiet: .s1(["基準値": "8%", "目標値": "4%", "単位": ""])),
        .unreadableValue: RuleFixture(
            fires: .s1(["現状": "たくさん"]), cell: "F2", message: "「たくさん」を数値として読めません（現状）", quiet: .s1(["現状": "6.0"])),
        .unreadableDirection: RuleFixture(
            fires: .s1(["方向": "ななめ"], s2: RuleScenario.changed(RuleScenario.s2, ["方向": "増加"])), cell: "K2",
            message: "方向「ななめ」を解釈できません",
            quiet: .s1(["方向": "減少"], s2: RuleScenario.changed(RuleScenario.s2, ["方向": "増加"]))),
        .unreadableFormula: RuleFixture(
            fires: .tree(targets: (2000, 100, 20), currents: (2000, 100, 20), formula: "T2*(T3"), cell: "L4",
            message: "算出式「T2*(T3」を解釈できません: missing ')'",
            quiet: .tree(targets: (2000, 100, 20), currents: (2000, 100, 20))),
        .unreadableDate: RuleFixture(
            fires: .s1(["期限": "来年のどこか"]), cell: "I2", message: "「来年のどこか」を日付として読めません", quiet: .s1(["期限": "2026年3月末"])),
        .unreadableSheet: RuleFixture(
            fires: .with(secondSheet: "<worksheet><sheetData><row r=\"1\">"), cell: "1",
            message:
                "xl/worksheets/sheet2.xml: line 1, column 34: Extra content at the end of the document",
            quiet: .with(secondSheet: Fixture.sheet(""))),
        .noGoals: RuleFixture(
            fires: .with(csv: "memo.csv", "メモ\n来期の方針は未定\n"), cell: "1",
            message: "このファイルから目標を読み取れませんでした（シート「memo」: 見出し行が見つかりません（目標・目標値・実績などの列名がありません））",
            quiet: .with(csv: "memo.csv", "目標,目標値\n紹介経由の新規顧客数,30件\n")),
        .lowConfidenceRead: RuleFixture(
            fires: .with(csv: "forecast.csv", forecast + "未定\n問い合わせ対応時間を短縮する,2,確認中\n顧客満足度を高める,90,不明\n継続率を上げる,95,調査中\n"),
            cell: "1",
            message:
                "A1:C6 の読み取りに自信がありません（確信度 55%）: C 「見込み」 → current (55%)。goalsheet inspect で確認し、--config-out の設定で直せます",
            quiet: .with(csv: "forecast.csv", forecast + "5\n問い合わせ対応時間を短縮する,2,確認中\n顧客満足度を高める,90,80\n継続率を上げる,95,90\n")),
    ]

    static let alignment: [RuleID: RuleFixture] = [
        .unresolvedParent: RuleFixture(
            fires: .s1(["上位目標": "KR9"]), cell: "J2", message: "上位目標「KR9」が見つかりません", quiet: RuleScenario()),
        .fuzzyParent: RuleFixture(
            fires: .s1(["上位目標": "解約率の低下"]), cell: "J2", message: "上位目標「解約率の低下」を近い名前の KR1 解約率 と見なしました",
            quiet: .s1(["上位目標": "解約率"])),
        .orphanGoal: RuleFixture(
            fires: .s1(["上位目標": ""]), cell: "D2", message: "どの全社目標（Objective・KGI・KR）にもつながっていません", quiet: RuleScenario()),
        .activityMetric: RuleFixture(
            fires: .adding(departments: ["営業部,S3,KPI,架電件数,,150,300,件,2026-03-31,KR2,,"]), cell: "D4",
            message: "部署の作業量を数える目標です（「架電件数」）。成果指標と組み合わせてください",
            quiet: .adding(departments: ["営業部,S3,KPI,受注率,,15,30,%,2026-03-31,KR2,,"])),
        .uncoveredObjective: RuleFixture(
            fires: .adding(company: ["KR3,KR,従業員満足度,,60,80,点,2026-03-31,O1"]), cell: "C5",
            message: "この全社目標に貢献する部署の目標がありません", quiet: RuleScenario()),
        .directionConflict: RuleFixture(
            fires: .s1(["基準値": "5", "現状": "6", "目標値": "8", "方向": "増加"]), cell: "G2",
            message: "全社目標 KR1 解約率 と同じ指標を逆方向に動かそうとしています（全社: decrease、部署: increase）", quiet: .s1(["方向": "減少"])),
        .duplicateMetric: RuleFixture(
            fires: .adding(departments: [
                "営業部,S3,KPI,NPS,,10,30,点,2026-03-31,,,", "CS部,C1,KPI,NPS,,10,30,点,2026-03-31,,,",
            ]), cell: "D5",
            message: "同じ指標「NPS」を他部署も持っています（営業部 S3）。共通の上位目標がありません",
            quiet: .adding(departments: [
                "営業部,S3,KPI,NPS,,10,30,点,2026-03-31,KR1,,", "CS部,C1,KPI,NPS,,10,30,点,2026-03-31,KR1,,",
            ])),
        .allocationGap: RuleFixture(
            fires: {
                var s = RuleScenario(); s.departments[1] = RuleScenario.changed(RuleScenario.s2, ["目標値": "6000"]);
                return s
            }(), cell: "F4",
            message: "部署目標の合計 6,000万円 が全社目標 1億円 に対して不足しています（差 -4,000万円。内訳: 営業部 6,000万円）", quiet: RuleScenario()),
        .treeInconsistent: RuleFixture(
            fires: .tree(targets: (3000, 100, 20), currents: (1000, 50, 20)), cell: "G4",
            message: "目標 3,000万円 が算出式 T2*T3 の目標値から求まる 2,000万円 と合いません（差 -1,000万円、0.67倍）",
            quiet: .tree(targets: (2000, 100, 20), currents: (1000, 50, 20))),
        .treeLever: RuleFixture(
            fires: .tree(targets: (2000, 100, 20), currents: (1000, 50, 20)), cell: "F4",
            message: "現状値から求まる 1,000万円 は目標 2,000万円 に届きません（達成率 50%）",
            quiet: .tree(targets: (2000, 100, 20), currents: (2000, 100, 20))),
        .treeUnresolved: RuleFixture(
            fires: .tree(targets: (2000, 100, 20), currents: (1000, 50, 20), formula: "T2*T9"), cell: "L4",
            message: "算出式が存在しない指標を参照しています: T9", quiet: .tree(targets: (2000, 100, 20), currents: (1000, 50, 20))),
    ]

    static let smart: [RuleID: RuleFixture] = [
        .objectiveHasMetric: RuleFixture(
            fires: .adding(departments: ["営業部,SO1,Objective,売上を20%伸ばす,,,,,2026-03-31,KR2,,"]), cell: "D4",
            message: "Objective に数値が入っています。数値は Key Result に書いてください",
            quiet: .adding(departments: ["営業部,SO1,Objective,売上を伸ばす,,,,,2026-03-31,KR2,,"])),
        .tooManyKrs: RuleFixture(
            fires: .keyResults(6), cell: "D4", message: "Key Result が6個あります（5個以内が目安）", quiet: .keyResults(5)),
        .tooManyObjectives: RuleFixture(
            fires: .objectives(5), cell: "D8", message: "Objective が5個あります（4個以内が目安）", quiet: .objectives(4)),
        .taskNotResult: RuleFixture(
            fires: .adding(departments: ["営業部,S3,KR,新料金プランを導入,,,,,2026-03-31,KR2,,"]), cell: "D4",
            message: "Key Result がタスク（やること）になっています。結果として測れる指標にしてください",
            quiet: .adding(departments: ["営業部,S3,KR,新料金プランの導入数,,2,10,件,2026-03-31,KR2,,"])),
        .missingTarget: RuleFixture(fires: .s1(["目標値": ""]), cell: "G2", message: "目標値がありません", quiet: RuleScenario()),
        // A level without a baseline is flagged; a flow (S2's 売上) is not: it starts the period from zero.
        .missingBaseline: RuleFixture(
            fires: .s1(["基準値": ""]), cell: "E2", message: "基準値（開始時点の値）がないため進捗率を計算できません（達成率で判定しています）",
            quiet: RuleScenario()),
        .missingCurrent: RuleFixture(fires: .s1(["現状": ""]), cell: "F2", message: "現状値がありません", quiet: RuleScenario()),
        // No due anywhere up the chain fires it; a goal whose parent has a due date is quiet.
        .missingDue: RuleFixture(
            fires: {
                var s = RuleScenario.s1(["期限": ""]);
                s.company =
                    [RuleScenario.o1, RuleScenario.kr1].map { $0.replacingOccurrences(of: "2026-03-31", with: "") } + [
                        RuleScenario.kr2
                    ];
                return s
            }(),
            cell: "H3", message: "期限がありません（年度末 2026-03-31 までの経過で判定しています）", quiet: .s1(["期限": ""])),
        .missingUnit: RuleFixture(
            fires: .adding(departments: ["営業部,S3,KPI,紹介経由の顧客,,10,30,,2026-03-31,KR2,,"]), cell: "H4",
            message: "単位がわかりません",
            quiet: .adding(departments: ["営業部,S3,KPI,紹介経由の顧客,,10,30,社,2026-03-31,KR2,,"])),
    ]

    static let figures: [RuleID: RuleFixture] = [
        .targetEqualsBaseline: RuleFixture(
            fires: .s1(["目標値": "8"]), cell: "G2", message: "目標値が基準値と同じ（8%）です", quiet: .s1(["目標値": "7.9"])),
        .periodExceedsParent: RuleFixture(
            fires: .s1(["期限": "2026-06-30"]), cell: "I2", message: "期限 2026-06-30 が上位目標 KR1 解約率 の期限 2026-03-31 より後です",
            quiet: .s1(["期限": "2026-03-31"])),
        .wrongDirection: RuleFixture(
            fires: .s1(["現状": "9"]), cell: "F2", message: "現状 9% は基準値 8% から目標と逆の方向に動いています（進捗率 -25%）",
            quiet: .s1(["現状": "7"])),
        // Half the year has gone: progress 10% is off track, 30% at risk, 45% on track.
        .offTrack: RuleFixture(
            fires: .s1(["現状": "7.6"]), cell: "F2", message: "遅れています（進捗率 10%、期間の経過 50%）", quiet: .s1(["現状": "6.8"])),
        .atRisk: RuleFixture(
            fires: .s1(["現状": "6.8"]), cell: "F2", message: "やや遅れています（進捗率 30%、期間の経過 50%）", quiet: .s1(["現状": "6.2"])),
    ]
}

@Suite("Every rule fires on its fixture and stays quiet on a near miss")
struct RuleCoverageTests {
    @Test("the base run is clean") func baseRunIsClean() throws {
        #expect(try RuleScenario().findings().map(\.rule) == [])
    }

    @Test("an unreadable sheet is named once: its file and sheet, then where in the part and what")
    func unreadableSheetNamedOnce() throws {
        let run = try RuleFixture.all[.unreadableSheet]!.fires.analyze()
        let failures = run.model.unreadableSheets.map(\.message)
        #expect(failures.count == 1)
        #expect(run.model.unreadableSheets.map(\.error.kind) == [.unreadableSheet])
        #expect(
            failures.first?.hasSuffix(
                "/plan.xlsx: sheet '実績': could not be read: xl/worksheets/sheet2.xml: line 1, column 34: Extra content at the end of the document"
            ) == true)
    }

    @Test("a workbook whose only sheet is unreadable gives no goals because of it, not for want of cells")
    func onlySheetUnreadable() throws {
        var s = RuleScenario()
        s.workbooks["broken.xlsx"] = Fixture(sheets: [("Plan", "<worksheet><sheetData><row r=\"1\">")])
        let noGoals = try s.findings().filter { $0.rule == .noGoals }.map(\.message)
        #expect(noGoals == ["no goals read from this file (sheet 'Plan': could not be read (see its error))"])
    }

    @Test("a config's outcome words keep a goal from being an activity metric") func outcomeWordsFromTheConfig() throws
    {
        var s = RuleFixture.all[.activityMetric]!.fires
        #expect(try s.findings().contains { $0.rule == .activityMetric })
        s.lexicon = Lexicon.standard.adding(outcomeWords: ["架電"])
        #expect(try s.findings().allSatisfy { $0.rule != .activityMetric })
    }

    @Test("fires, at its cell, with its message; quiet on the near miss", arguments: RuleID.allCases)
    func coverage(rule: RuleID) throws {
        let fixture = try #require(RuleFixture.all[rule], "no fixture fires \(rule) and none must not")
        let fired = try fixture.fires.findings().filter { $0.rule == rule }
        let first = try #require(fired.first, "\(rule) did not fire")
        #expect(first.location?.cellName == fixture.cell)
        #expect(first.message == fixture.message)
        #expect(try fixture.quiet.findings().filter { $0.rule == rule }.isEmpty, "\(rule) fired on its near miss")
    }
}

@Suite("Findings' typed details and their words in both languages")
struct FindingDetailTests {
    @Test("a tree mismatch carries the target, the implied value and each child's solving value")
    func treeMismatchDetail() throws {
        let f = try #require(
            RuleFixture.all[.treeInconsistent]!.fires.findings().first { $0.rule == .treeInconsistent })
        let t2 = GoalRef(id: "T2", title: "商談数"), t3 = GoalRef(id: "T3", title: "平均単価")
        #expect(
            f.detail
                == .treeTargetMismatch(
                    target: Amount(30_000_000, .jpy), implied: Amount(20_000_000, .jpy), formula: "T2*T3",
                    solutions: [
                        TreeSolution(child: t2, value: Amount(150, .count)),
                        TreeSolution(child: t3, value: Amount(300_000, .jpy)),
                    ]))
        #expect(f.suggestion == "目標と合わせるには、いずれか一つを: T2 商談数を 150件、T3 平均単価を 30万円")
        let en = f.text(in: .en)
        #expect(
            en.message
                == "target ¥30,000,000 does not match ¥20,000,000 implied by T2*T3 over the targets (gap -¥10,000,000, 0.67x)"
        )
        #expect(en.suggestion == "to match the target, one of: T2 商談数 at 150, T3 平均単価 at ¥300,000")
    }

    @Test("status details print only the figures there are") func paceDetail() {
        let catalog = (ja: MessageCatalog(.ja), en: MessageCatalog(.en))
        let behind = FindingDetail.offTrack(pace: PaceFigures(progress: 0.1, attainment: 0.55, elapsed: 0.5))
        #expect(catalog.ja.text(behind).message == "遅れています（進捗率 10%、期間の経過 50%）")
        #expect(catalog.en.text(behind).message == "off track (progress 10%, time elapsed 50%)")
        let noBaseline = FindingDetail.atRisk(pace: PaceFigures(progress: nil, attainment: 0.92, elapsed: 0.5))
        #expect(catalog.ja.text(noBaseline).message == "やや遅れています（達成率 92%）")
        #expect(
            catalog.en.text(
                FindingDetail.overdue(
                    due: CalendarDate(iso: "2025-06-30")!,
                    pace: PaceFigures(progress: nil, attainment: nil, elapsed: nil))
            ).message
                == "overdue since 2025-06-30")
    }

    @Test("every rule has a label in both languages", arguments: RuleID.allCases)
    func labels(rule: RuleID) {
        let ja = MessageCatalog(.ja).label(rule), en = MessageCatalog(.en).label(rule)
        #expect(!ja.isEmpty && !en.isEmpty && ja != en)
    }
}

@Suite("KPI-tree currents to date")
struct TreeToDateTests {
    /// 年間売上 (a year's total, 4,000万円 so far) = 新規顧客獲得数 per month × 12 × 平均購入単価, half-way through the year.
    static func run(monthlyCustomers: Int) throws -> [Finding] {
        try RuleScenario.adding(departments: [
            "営業部,E1,KPI,年間売上,,4000,10000,万円,2026-03-31,KR2,,E2*12*E3",
            "営業部,E2,KPI,新規顧客獲得数,,\(monthlyCustomers),200,件/月,2026-03-31,E1,,",
            "営業部,E3,KPI,平均購入単価,,50,50,万円,2026-03-31,E1,,",
        ]).findings().filter { $0.rule == .treeInconsistent && $0.location?.cellName == "F4" }
    }

    @Test("a total to date matches its rates over the months elapsed") func rateOverElapsed() throws {
        // 14件/月 × 6 months × 50万円 = 4,200万円, within 5% of 4,000万円 (over 12 months it would be 8,400万円).
        #expect(try TreeToDateTests.run(monthlyCustomers: 14).isEmpty)
    }

    @Test("a total to date that its rates do not give is reported on that basis") func mismatchToDate() throws {
        let f = try #require(try TreeToDateTests.run(monthlyCustomers: 27).first)
        #expect(f.message == "現状 4,000万円 が算出式 E2*12*E3 の現状値から求まる 8,100万円（期間の経過 50% 分）と合いません（差 +4,100万円）")
    }
}

@Suite("Relative targets, resolved against the baseline and analyzed like any other")
struct RelativeTargetTests {
    /// (metric, unit, baseline, current, the target cell, the target it means, progress half-way through the year).
    @Test(
        arguments: [
            // A flow: progress from zero, last period is a comparison.
            ("新規契約数", "件", "100", "120", "前期比+30%", 130.0, 120.0 / 130),
            ("クレーム件数", "件", "40", "30", "半減", 20.0, 0.5),
            ("紹介件数", "件", "10", "15", "2倍", 20.0, 0.75),
            ("重大障害件数", "件", "4", "2", "ゼロ", 0.0, 0.5),
            ("解約率", "%", "8", "6", "-30%", 5.6, 2.0 / 2.4),  // a share of the rate: -30 points would be below zero
            ("解約率", "%", "8", "6", "-3%", 5.0, 2.0 / 3),  // points, while they keep the rate at or above zero
            ("受注率", "%", "8", "12", "2倍", 16.0, 0.5),
            ("顧客満足度", "%", "70", "72", "+10%", 80.0, 0.2),
        ] as [(String, String, String, String, String, Double, Double)])
    func resolved(
        metric: String, unit: String, baseline: String, current: String, cell: String, target: Double, progress: Double
    ) throws {
        let run = try RuleScenario.adding(departments: [
            "営業部,R1,KPI,\(metric),\(baseline),\(current),\(cell),\(unit),2026-03-31,KR1,,"
        ]).analyze()
        let node = try #require(run.model.nodes.first { $0.localID == "R1" })
        #expect(node.target.map { ($0 * 1e9).rounded() / 1e9 } == target)
        let gap = try #require(run.gaps[node.id])
        #expect(abs((gap.progress ?? -99) - progress) < 1e-9)
    }
}
