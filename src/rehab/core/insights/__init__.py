"""Within-person patterns in a diary, worded as associations to explore."""
