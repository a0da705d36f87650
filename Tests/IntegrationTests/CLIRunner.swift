import GoalSheetCLI

/// Runs the command line in process; its exit status.
func cliExitCode(_ args: [String]) -> Int32 {
    do {
        var cmd = try GoalSheetCommand.parseAsRoot(args)
        try cmd.run()
        return 0
    } catch {
        return GoalSheetCommand.exitCode(for: error).rawValue
    }
}
