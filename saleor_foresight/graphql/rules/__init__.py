"""The API of Foresight rules: a channel's thresholds, read and changed by staff."""
