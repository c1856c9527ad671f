"""The check-in engine: what happens next for one activity, and why."""
