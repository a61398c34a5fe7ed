"""Data model: Article, TextMap (and, next, Event)."""
