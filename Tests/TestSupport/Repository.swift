import Foundation
import GoalModel

/// Places in the repository the tests read from, found from this file's path.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `samples/`: the NexBridge company sheets and the three departments' legacy sheets.
    public static let samples: String = root.appendingPathComponent("samples").path

    /// The layout fixtures (`Tests/NormalizeTests/Fixtures/layouts`, written by `make_layouts.py`).
    public static let layoutFixtures: String = root.appendingPathComponent("Tests/NormalizeTests/Fixtures/layouts").path

    /// One sample's path.
    public static func sample(_ name: String) -> String { samples + "/" + name }
}

extension Repository {
    /// The NexBridge run: the two company workbooks, then the three departments' sheets.
    public static let nexBridgeInputs: [GoalInput] = [
        GoalInput(path: sample("nexbridge_company_okr.xlsx"), isCompany: true),
        GoalInput(path: sample("nexbridge_kpi_tree.xlsx"), isCompany: true),
        GoalInput(path: sample("cs_kpi_fy2025.xlsx"), isCompany: false),
        GoalInput(path: sample("dev_okr_2025h2.xlsx"), isCompany: false),
        GoalInput(path: sample("sales_dept_goals_sjis.csv"), isCompany: false),
    ]
}
