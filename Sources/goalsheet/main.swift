import GoalSheetCLI

GoalSheetCommand.main()
