"""Staff notifications: the inbox of what Foresight wants a person to look at."""
