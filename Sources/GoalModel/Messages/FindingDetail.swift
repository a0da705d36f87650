/// A number as a message prints it: the value, its unit and, where the message names it, its period (月16.67件).
public struct Amount: Sendable, Hashable, Codable {
    public var value: Double
    public var unit: GoalUnit?
    public var per: GoalPeriod?

    public init(_ value: Double, _ unit: GoalUnit?, per: GoalPeriod? = nil) {
        self.value = value
        self.unit = unit
        self.per = per
    }
}

/// A goal named in a message: the id as the sheet writes it, and the title ("KR2 解約率（月次）").
public struct GoalRef: Sendable, Hashable, Codable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// The goal's sheet id (else its run-wide id) and title.
    public init(_ node: GoalNode) { self.init(id: node.localID ?? node.id, title: node.title) }

    /// "KR2 解約率（月次）".
    public var label: String { id + " " + title }
}

/// Why a sheet gave no goals, in the sheet's language (「見出し行が見つかりません…」).
public struct SheetReason: Sendable, Hashable, Codable {
    public var sheet: String
    public var why: String

    public init(sheet: String, why: String) {
        self.sheet = sheet
        self.why = why
    }
}

/// One department's goal named in a message: "営業部 S-3".
public struct DepartmentGoal: Sendable, Hashable, Codable {
    public var department: String
    public var id: String

    public init(department: String, id: String) {
        self.department = department
        self.id = id
    }
}

/// One department's share of a company target, in an allocation message.
public struct DepartmentShare: Sendable, Hashable, Codable {
    public var department: String
    public var target: Amount

    public init(department: String, target: Amount) {
        self.department = department
        self.target = target
    }
}

/// The value of one KPI-tree child that alone makes the formula give a wanted figure.
public struct TreeSolution: Sendable, Hashable, Codable {
    public var child: GoalRef
    public var value: Amount

    public init(child: GoalRef, value: Amount) {
        self.child = child
        self.value = value
    }
}

/// The child that moves a tree node most when brought to its target, and what it alone would have to be.
public struct TreeLever: Sendable, Hashable, Codable {
    public var child: GoalRef
    /// How far the node moves with this child at its target and the others as they are.
    public var gain: Amount
    /// The node's target, and the child's value that reaches it with the others as they are (nil: none does).
    public var target: Amount
    public var solving: Amount?

    public init(child: GoalRef, gain: Amount, target: Amount, solving: Amount?) {
        self.child = child
        self.gain = gain
        self.target = target
        self.solving = solving
    }
}

/// Where a goal stands against the calendar, as status messages print it.
public struct PaceFigures: Sendable, Hashable, Codable {
    public var progress: Double?
    /// 達成率: printed only where there is no progress.
    public var attainment: Double?
    /// The share of the period elapsed: printed only beside progress.
    public var elapsed: Double?

    public init(progress: Double?, attainment: Double?, elapsed: Double?) {
        self.progress = progress
        self.attainment = attainment
        self.elapsed = elapsed
    }
}

/// What a finding found, as typed figures: the message catalog renders it in Japanese or English.
///
/// Each case belongs to one rule (`rule`); a rule may have several (a tree's target and its current). Its figures
/// are boxed (`indirect`), so that a finding holds a pointer, not room for the largest case.
public indirect enum FindingDetail: Sendable, Hashable, Codable {
    // Reading
    /// A row with numbers but no title (its 1-based row number).
    case untitledRow(row: Int)
    case unreadableUnit(text: String)
    case mixedUnits(units: [GoalUnit])
    /// A value cell's text that is not a number, and the column's header.
    case unreadableNumber(text: String, column: String)
    /// A value cell of another type (a boolean, an error) where a number belongs.
    case notANumber(text: String)
    case unreadableDirection(text: String)
    case unreadableWeight(text: String)
    case unreadableFormula(text: String, reason: String)
    case unreadableDate(text: String)
    /// A cell of another type (a number without a date format, a boolean) where a date belongs.
    case notADate(text: String)
    case unreadableSheet(reason: String)
    /// A file that gave no goals: each sheet with cells, and why it gave none (empty: no sheet has cells).
    case noGoals(sheets: [SheetReason])
    case lowConfidenceRead(range: String, confidence: Double, doubts: [String])
    // Parents
    case unresolvedParent(reference: String)
    case fuzzyParent(reference: String, parent: GoalRef)
    // Alignment
    /// A goal that traces to no company goal, with the likeliest parents, best first.
    case orphanGoal(candidates: [GoalRef])
    case activityMetric(metric: String, orphan: Bool)
    case uncoveredObjective
    case directionConflict(company: GoalRef, companyDirection: GoalDirection, direction: GoalDirection)
    case duplicateMetric(metric: String, others: [DepartmentGoal], moreDepartments: Int)
    // KPI trees
    case treeUnresolved(names: [String])
    case treeTargetMismatch(target: Amount, implied: Amount, formula: String, solutions: [TreeSolution])
    /// A current that the formula over the children's currents does not give; for a total built from rates,
    /// the rates over the share of the period `elapsed` (nil: over the whole period).
    case treeCurrentMismatch(current: Amount, implied: Amount, formula: String, elapsed: Double?, lever: TreeLever?)
    case treeLever(implied: Amount, target: Amount, lever: TreeLever?)
    // Allocation
    case allocationGap(sum: Amount, target: Amount, parts: [DepartmentShare])
    // SMART
    case objectiveHasMetric
    case tooManyKRs(count: Int)
    case tooManyObjectives(count: Int)
    case taskNotResult
    case missingTarget
    case missingBaseline
    case missingCurrent
    /// No due date; the date pace is measured to instead, if any.
    case missingDue(inferred: CalendarDate?)
    case missingUnit
    case targetEqualsBaseline(target: Amount)
    case periodExceedsParent(due: CalendarDate, parent: GoalRef, parentDue: CalendarDate)
    case wrongDirection(current: Amount, baseline: Amount, progress: Double)
    // Status
    case boundNotMet(current: Amount, bound: Amount, atMost: Bool)
    case offTrack(pace: PaceFigures)
    case overdue(due: CalendarDate, pace: PaceFigures)
    case atRisk(pace: PaceFigures)

    /// The rule this detail is a finding of.
    public var rule: RuleID {
        switch self {
        case .untitledRow: .untitledRow
        case .unreadableUnit: .unreadableUnit
        case .mixedUnits: .mixedUnits
        case .unreadableNumber, .notANumber, .unreadableWeight: .unreadableValue
        case .unreadableDirection: .unreadableDirection
        case .unreadableFormula: .unreadableFormula
        case .unreadableDate, .notADate: .unreadableDate
        case .unreadableSheet: .unreadableSheet
        case .noGoals: .noGoals
        case .lowConfidenceRead: .lowConfidenceRead
        case .unresolvedParent: .unresolvedParent
        case .fuzzyParent: .fuzzyParent
        case .orphanGoal: .orphanGoal
        case .activityMetric: .activityMetric
        case .uncoveredObjective: .uncoveredObjective
        case .directionConflict: .directionConflict
        case .duplicateMetric: .duplicateMetric
        case .treeUnresolved: .treeUnresolved
        case .treeTargetMismatch, .treeCurrentMismatch: .treeInconsistent
        case .treeLever: .treeLever
        case .allocationGap: .allocationGap
        case .objectiveHasMetric: .objectiveHasMetric
        case .tooManyKRs: .tooManyKrs
        case .tooManyObjectives: .tooManyObjectives
        case .taskNotResult: .taskNotResult
        case .missingTarget: .missingTarget
        case .missingBaseline: .missingBaseline
        case .missingCurrent: .missingCurrent
        case .missingDue: .missingDue
        case .missingUnit: .missingUnit
        case .targetEqualsBaseline: .targetEqualsBaseline
        case .periodExceedsParent: .periodExceedsParent
        case .wrongDirection: .wrongDirection
        case .boundNotMet, .offTrack, .overdue: .offTrack
        case .atRisk: .atRisk
        }
    }

    /// Whether the figures hold a floating-point number. Equal details without one print the same text; with
    /// one they may not (0 and -0 are equal, and print apart), so a text remembered by detail is only for these.
    public var holdsFloatingPoint: Bool {
        switch self {
        case .lowConfidenceRead, .treeTargetMismatch, .treeCurrentMismatch, .treeLever, .allocationGap,
            .targetEqualsBaseline, .wrongDirection, .boundNotMet, .offTrack, .overdue, .atRisk:
            true
        case .untitledRow, .unreadableUnit, .mixedUnits, .unreadableNumber, .notANumber, .unreadableDirection,
            .unreadableWeight, .unreadableFormula, .unreadableDate, .notADate, .unreadableSheet, .noGoals,
            .unresolvedParent, .fuzzyParent, .orphanGoal, .activityMetric, .uncoveredObjective, .directionConflict,
            .duplicateMetric, .treeUnresolved, .objectiveHasMetric, .tooManyKRs, .tooManyObjectives, .taskNotResult,
            .missingTarget, .missingBaseline, .missingCurrent, .missingDue, .missingUnit, .periodExceedsParent:
            false
        }
    }
}
