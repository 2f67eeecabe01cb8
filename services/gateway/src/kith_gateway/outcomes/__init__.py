"""A person's journey: goals in their own words, free-licence outcome measures, the timeline
across organisations under consent, carers, and the commissioner's evaluation."""
