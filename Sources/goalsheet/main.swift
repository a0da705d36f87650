import GoalSheetCLI

GoalSheetCommand.mainWithUsageExitCode()
