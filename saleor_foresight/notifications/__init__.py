"""Notifications for staff: what Foresight wants a person to look at, kept until read."""
