"""`redline watch`: ingest files as they arrive, evaluate the alert rules, emit and deliver new alerts.

scan.py finds new or changed files, deliver.py sends an alert to a webhook or a mail server, loop.py runs
the passes. Docs: docs/alerts.md.
"""
