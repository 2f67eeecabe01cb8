"""A person's journey (goals, measures, check-ins, carers, the timeline) and the evaluation."""
