"""List files into validated rows and source records."""
