import GoalModel
import GoalSheetSupport

/// The reader's pure functions of a text, remembered for a whole run: departments fill in one template, so the
/// same statements, units, due dates and labels come back sheet after sheet and file after file. Each result
/// depends only on the text and on the run's lexicon and fiscal calendar, fixed when its `Normalizer` is made;
/// the memos are shared by every thread reading the run's files.
final class ReadingMemos: Sendable {
    /// Goal statements parsed (`GoalTextParser.parse`).
    let sentences = TextMemo<ParsedGoalText>()
    /// What the row words say of a text (`RowClassifier.labels(of:)`).
    let rowLabels = TextMemo<RowClassifier.RowLabels>()
    /// A data cell's text profiled alone (`ColumnProfiler.classify(text:into:)`).
    let textProfiles = TextMemo<ColumnProfile>()

    init() {}
}
