"""Ingest: read inputs, clean articles, detect duplicates."""
