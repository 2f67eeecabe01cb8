"""Case meetings in the browser: my organisation's meetings, scheduling, the agenda builder
with its consent check, running the meeting, the actions board and the minutes."""
