"""Analyses computed on demand from the stored events: red lines, precedent-breaking firsts, escalation.

Nothing here writes to the store; each function takes a read connection and returns plain dicts that the
CLI prints and a future API serves. Methods: docs/escalation.md.
"""
