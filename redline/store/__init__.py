"""Store: SQLite schema, migrations, writes and the shared query layer."""
