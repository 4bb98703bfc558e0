"""Persons and source records."""
