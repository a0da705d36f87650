/// The stable names of GoalSheet's findings: what users filter on in findings.csv and `[rule]` tags.
/// The raw value is the name printed; a new rule is a new case here, so that every finding has one.
public enum RuleID: String, Sendable, CaseIterable, Codable, Comparable, CustomStringConvertible {
    /// A goal that counts a department's own output (calls, features shipped) rather than an outcome.
    case activityMetric = "activity-metric"
    /// Departments' targets of an additive metric do not add up to the company's.
    case allocationGap = "allocation-gap"
    /// Behind the calendar by more than the tolerance.
    case atRisk = "at-risk"
    /// A child's direction contradicts its parent's.
    case directionConflict = "direction-conflict"
    /// Two goals of one department measure the same metric.
    case duplicateMetric = "duplicate-metric"
    /// The parent was matched by similar words, not by its id or name.
    case fuzzyParent = "fuzzy-parent"
    /// The reader's choice of header or columns was uncertain.
    case lowConfidenceRead = "low-confidence-read"
    /// A level without a baseline: progress cannot be computed.
    case missingBaseline = "missing-baseline"
    /// No current value.
    case missingCurrent = "missing-current"
    /// No due date.
    case missingDue = "missing-due"
    /// No target.
    case missingTarget = "missing-target"
    /// No unit.
    case missingUnit = "missing-unit"
    /// A column's values are in different units.
    case mixedUnits = "mixed-units"
    /// A file gave no goals.
    case noGoals = "no-goals"
    /// An objective carries numbers that belong in its key results.
    case objectiveHasMetric = "objective-has-metric"
    /// Far behind, overdue, or a bound not met.
    case offTrack = "off-track"
    /// A department goal linked to no company goal.
    case orphanGoal = "orphan-goal"
    /// A goal is due after its parent.
    case periodExceedsParent = "period-exceeds-parent"
    /// The target is the baseline.
    case targetEqualsBaseline = "target-equals-baseline"
    /// A key result is a task, not a result.
    case taskNotResult = "task-not-result"
    /// An objective with more key results than one team can follow.
    case tooManyKrs = "too-many-krs"
    /// A team with more than four objectives.
    case tooManyObjectives = "too-many-objectives"
    /// A KPI-tree formula over the children does not give the parent's figure.
    case treeInconsistent = "tree-inconsistent"
    /// The child that moves a tree's root most.
    case treeLever = "tree-lever"
    /// A KPI-tree formula names nodes that cannot be found.
    case treeUnresolved = "tree-unresolved"
    /// A company goal no department goal contributes to.
    case uncoveredObjective = "uncovered-objective"
    /// A date cell that could not be read.
    case unreadableDate = "unreadable-date"
    /// A direction cell that could not be read.
    case unreadableDirection = "unreadable-direction"
    /// A KPI-tree formula that could not be parsed.
    case unreadableFormula = "unreadable-formula"
    /// A sheet that could not be read (it fails its file).
    case unreadableSheet = "unreadable-sheet"
    /// A unit that could not be read.
    case unreadableUnit = "unreadable-unit"
    /// A value cell that could not be read as a number.
    case unreadableValue = "unreadable-value"
    /// A parent reference that matches no goal.
    case unresolvedParent = "unresolved-parent"
    /// A row with numbers but no title.
    case untitledRow = "untitled-row"
    /// The current moved away from the target since the baseline.
    case wrongDirection = "wrong-direction"

    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
    /// The name as printed: `orphan-goal`.
    public var description: String { rawValue }
}
