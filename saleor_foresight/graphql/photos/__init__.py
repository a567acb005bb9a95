"""What the API of every photo upload shares: the upload ticket and the photo error codes."""
