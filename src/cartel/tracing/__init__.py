"""Family inquiries and notifications."""
