"""Persons, source records, custody, identity links and review decisions."""
