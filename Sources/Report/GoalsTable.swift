import GoalModel
