"""Ordered, named schema migrations. Each runs once, in its own transaction, and is recorded.

To change the schema, append a migration; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from redline import errors

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", """
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
        pid INTEGER,
        inputs TEXT NOT NULL,            -- JSON list of the paths given
        settings TEXT NOT NULL,          -- JSON of the settings used
        counts TEXT                      -- JSON of the run report's counters
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,            -- file name or record id
        origin TEXT NOT NULL,            -- path (and record) it was read from
        format TEXT NOT NULL,
        title TEXT,
        byline TEXT,
        publisher TEXT,
        url TEXT,
        published TEXT,                  -- YYYY-MM-DD or NULL
        published_precision TEXT NOT NULL,
        language TEXT,
        raw TEXT NOT NULL,               -- the input as decoded text (HTML source for pages)
        source_text TEXT,                -- text the offsets point into, when it differs from raw (HTML)
        text TEXT NOT NULL,              -- cleaned article text
        textmap TEXT NOT NULL,           -- JSON [[clean_start, source_start, length], ...]
        blocks TEXT NOT NULL,            -- JSON [[start, end, kind], ...]
        hints TEXT NOT NULL,             -- JSON of the metadata the input supplied
        warnings TEXT NOT NULL,          -- JSON list of [code, detail]
        content_hash TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        duplicate_of TEXT REFERENCES articles(id),
        similarity REAL,
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    CREATE TABLE article_minhash (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE article_lsh (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX article_lsh_key ON article_lsh(band, key);
    CREATE TABLE skips (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
        origin TEXT NOT NULL,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        detail TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX skips_run ON skips(run_id);
    """),
    ("0002_events", """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        event_type TEXT NOT NULL,        -- main PLOVER type (the first of the event list)
        mode TEXT,                       -- main PLOVER mode
        quad_code INTEGER,
        event_scale REAL,
        cameo TEXT,
        acled_event_type TEXT,
        acled_sub_event_type TEXT,
        status TEXT NOT NULL,
        date TEXT,                       -- YYYY-MM-DD or NULL
        date_precision TEXT NOT NULL,
        actor_code TEXT,                 -- the first actor's code (all of them: event_entities)
        recipient_code TEXT,
        place TEXT,                      -- resolved (else extracted) place name
        country_code TEXT,
        lat REAL,
        lon REAL,
        resolution INTEGER,              -- 5 sub-city, 4 city, 3 district, 2 province, 1 country
        dead INTEGER,
        injured INTEGER,
        weapons TEXT NOT NULL,           -- JSON list of normalised weapon names
        sentence_start INTEGER,          -- offsets of the evidence sentence in articles.text
        sentence_end INTEGER,
        confidence REAL,
        json TEXT NOT NULL,              -- the full event record (docs/event-schema.md)
        extractor_version TEXT,
        extracted_at TEXT NOT NULL
    );
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_dyad ON events(actor_code, recipient_code);
    CREATE INDEX events_type ON events(event_type);
    CREATE INDEX events_article ON events(article_id);
    CREATE TABLE event_entities (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,       -- order in the event's actor or recipient list
        code TEXT,
        sector TEXT,
        name TEXT,
        PRIMARY KEY (event_id, role, position)
    );
    CREATE INDEX event_entities_code ON event_entities(code, role);
    ALTER TABLE articles ADD COLUMN events_extracted_at TEXT;
    ALTER TABLE articles ADD COLUMN events_run_id INTEGER;
    ALTER TABLE articles ADD COLUMN event_count INTEGER;
    """),
    # Interactive queries on large stores (docs/api.md, "Performance"). The order indexes carry the
    # weapons and coordinates so that those filters are tested without reading the events' rows. The
    # derived tables are kept up to date by store/events.py, the only writer of events, through the views
    # defined here, which also fill them for stores created before.
    ("0003_query_speed", """
    CREATE INDEX events_order ON events(date IS NULL, date, id, weapons, lon, lat);
    CREATE INDEX events_type_order ON events(event_type, date IS NULL, date, id, weapons);
    CREATE INDEX event_entities_code_event ON event_entities(code, role, event_id);
    DROP INDEX event_entities_code;

    CREATE VIEW event_dyad_keys AS
        SELECT e.article_id, e.id AS event_id, a.code AS actor, r.code AS recipient,
               coalesce(e.date, '') AS date
        FROM events e
        JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' AND a.code IS NOT NULL
        JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.code IS NOT NULL;
    CREATE TABLE event_dyad_days (
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        date TEXT NOT NULL,              -- the events' date, '' when undated
        events INTEGER NOT NULL,         -- events with some actor so coded and some recipient so coded
        PRIMARY KEY (actor, recipient, date)
    ) WITHOUT ROWID;
    INSERT INTO event_dyad_days (actor, recipient, date, events)
        SELECT actor, recipient, date, count(DISTINCT event_id) FROM event_dyad_keys
        GROUP BY actor, recipient, date;

    CREATE VIEW event_facet_keys AS
        SELECT article_id, 'type' AS facet, event_type AS value FROM events
        UNION ALL SELECT article_id, 'status', status FROM events
        UNION ALL SELECT article_id, 'month', substr(date, 1, 7) FROM events WHERE date IS NOT NULL
        UNION ALL SELECT article_id, 'dyad', actor_code || '-' || recipient_code FROM events
                  WHERE actor_code IS NOT NULL AND recipient_code IS NOT NULL
        UNION ALL SELECT article_id, 'version', coalesce(extractor_version, 'unknown') FROM events
        UNION ALL SELECT article_id, 'geocoded', '' FROM events WHERE lat IS NOT NULL;
    CREATE TABLE event_facets (
        facet TEXT NOT NULL,             -- a facet of event_facet_keys
        value TEXT NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (facet, value)
    ) WITHOUT ROWID;
    INSERT INTO event_facets (facet, value, events)
        SELECT facet, value, count(*) FROM event_facet_keys GROUP BY facet, value;

    CREATE VIRTUAL TABLE events_fts USING fts5(event_text, content='', columnsize=0,
                                               tokenize='trigram case_sensitive 1');
    CREATE VIEW event_fts_rows AS
        SELECT article_id, rowid AS event_rowid, lower(json_extract(json, '$.event_text')) AS event_text
        FROM events WHERE json_type(json, '$.event_text') = 'text';
    INSERT INTO events_fts (rowid, event_text) SELECT event_rowid, event_text FROM event_fts_rows;
    INSERT INTO events_fts (events_fts) VALUES ('optimize');
    """),
    ("0004_fusion", """
    CREATE TABLE fused_events (
        id TEXT PRIMARY KEY,             -- 'fe-' + the id of the cluster's earliest report
        block TEXT NOT NULL,             -- JSON [type, status family, [actor codes]]: only one block fuses
        sort_key TEXT NOT NULL,          -- the earliest report's fusion key, to list in a fixed order
        event_type TEXT,
        date TEXT,
        status TEXT,
        n_reports INTEGER NOT NULL,
        n_articles INTEGER NOT NULL,
        n_independent_sources INTEGER NOT NULL,
        json TEXT NOT NULL               -- the fused event (docs/fusion.md, "Output")
    );
    CREATE INDEX fused_events_block ON fused_events(block);
    CREATE INDEX fused_events_order ON fused_events(sort_key);
    CREATE TABLE event_fusion (          -- report -> fused event; rows outlive deleted events until refresh
        event_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        block TEXT NOT NULL,
        fused_id TEXT NOT NULL
    );
    CREATE INDEX event_fusion_fused ON event_fusion(fused_id);
    CREATE INDEX event_fusion_block ON event_fusion(block);
    CREATE INDEX event_fusion_article ON event_fusion(article_id);
    CREATE TABLE fusion_pending (article_id TEXT PRIMARY KEY);
    CREATE TRIGGER events_fusion_insert AFTER INSERT ON events BEGIN
        INSERT OR IGNORE INTO fusion_pending VALUES (new.article_id);
    END;
    CREATE TRIGGER events_fusion_delete AFTER DELETE ON events BEGIN
        INSERT OR IGNORE INTO fusion_pending VALUES (old.article_id);
    END;
    CREATE TRIGGER articles_fusion_copy AFTER UPDATE OF duplicate_of, publisher ON articles BEGIN
        INSERT OR IGNORE INTO fusion_pending VALUES (new.id);
    END;
    INSERT OR IGNORE INTO fusion_pending SELECT DISTINCT article_id FROM events;
    """),
    ("0005_alerts", """
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,             -- hash of rule id and subject (redline/analyse/alerts.py)
        rule TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        date TEXT,                       -- YYYY-MM-DD of the key event or period, or NULL
        dyad TEXT,                       -- ACTOR-RECIPIENT, or NULL
        message TEXT NOT NULL,
        json TEXT NOT NULL,              -- the full alert (docs/alerts.md)
        first_seen TEXT NOT NULL         -- UTC time it was first stored; it never changes
    );
    CREATE INDEX alerts_date ON alerts(date);
    CREATE INDEX alerts_first_seen ON alerts(first_seen);
    CREATE TABLE alert_events (
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,          -- not a foreign key: re-extraction may replace the event
        PRIMARY KEY (alert_id, event_id)
    );
    CREATE INDEX alert_events_event ON alert_events(event_id);
    CREATE TABLE alert_deliveries (
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL CHECK (channel IN ('stdout', 'webhook', 'email')),
        target TEXT,                     -- URL or mail addresses
        status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'skipped')),  -- skipped: watch --from-now
        attempts INTEGER NOT NULL,
        detail TEXT,                     -- the coded warning of the last failure
        at TEXT NOT NULL,                -- UTC time of the last attempt
        PRIMARY KEY (alert_id, channel)
    );
    CREATE TABLE watch_files (
        path TEXT PRIMARY KEY,           -- absolute path of a file `redline watch` ingested
        mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
    );
    """),
    # Escalation and firsts on large stores (docs/escalation.md, "On a large store"). `event_dyad_rows`
    # holds each dated event once per (actor code, recipient code) pair with what an escalation series
    # reads, clustered by dyad and date, so one dyad's series is one range of one table; store/events.py
    # keeps it, through the view, as it keeps event_dyad_days. Firsts (`event_precedents`, `firsts`) and
    # `red_lines` depend on the engine's knowledge (weapon classes and makers, the red-line grammar), which
    # the store does not know: analyse/stored.py refreshes them for the articles in `analysis_pending`,
    # marked by triggers as fusion_pending is.
    ("0006_analysis_speed", """
    CREATE VIEW event_dyad_row_keys AS
        SELECT a.code AS actor, r.code AS recipient, e.date, e.article_id,
               coalesce(e.sentence_start, 0) AS sequence, e.id AS event_id, e.event_type, e.status,
               e.quad_code, e.event_scale, e.weapons, instr(e.json, '"cbrn"') > 0 AS cbrn
        FROM events e
        JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' AND a.code IS NOT NULL
        JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.code IS NOT NULL
        WHERE e.date IS NOT NULL;
    CREATE TABLE event_dyad_rows (
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        date TEXT NOT NULL,
        article_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,       -- the sentence's offset: orders an article's events
        event_id TEXT NOT NULL,
        event_type TEXT,
        status TEXT,
        quad_code INTEGER,
        event_scale REAL,
        weapons TEXT NOT NULL,           -- JSON list, as events.weapons
        cbrn INTEGER NOT NULL,           -- 1 when the event's context holds "cbrn"
        PRIMARY KEY (actor, recipient, date, article_id, sequence, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_dyad_rows_recipient ON event_dyad_rows(recipient, event_type);
    INSERT OR IGNORE INTO event_dyad_rows SELECT * FROM event_dyad_row_keys;  -- an entity coded twice: once

    CREATE INDEX events_place_order ON events(country_code, event_type, date);  -- red lines' territories
    CREATE TABLE dyad_series (           -- per dyad and day, what an escalation series counts (analyse/stored.py)
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        date TEXT NOT NULL,
        n INTEGER NOT NULL,
        reports INTEGER NOT NULL,
        q1 INTEGER NOT NULL,
        q2 INTEGER NOT NULL,
        q3 INTEGER NOT NULL,
        q4 INTEGER NOT NULL,
        scale_sum REAL NOT NULL,
        conflict REAL NOT NULL,
        PRIMARY KEY (actor, recipient, date)
    ) WITHOUT ROWID;
    CREATE TABLE dyad_pending (          -- dyads whose series await a refresh; recipient '*': every one
        actor TEXT NOT NULL,
        recipient TEXT NOT NULL,
        PRIMARY KEY (actor, recipient)
    ) WITHOUT ROWID;
    CREATE TRIGGER articles_dyads_copy AFTER UPDATE OF duplicate_of ON articles BEGIN
        INSERT OR IGNORE INTO dyad_pending SELECT DISTINCT actor, recipient FROM event_dyad_row_keys
            WHERE article_id IN (new.id, old.duplicate_of, new.duplicate_of);
    END;
    INSERT OR IGNORE INTO dyad_pending SELECT DISTINCT actor, recipient FROM event_dyad_days WHERE date != '';

    CREATE TABLE event_precedents (      -- what each stored ASSAULT could be the first of (firsts.py)
        kind TEXT NOT NULL,              -- weapon_class | supplier_weapon_on_territory
        k1 TEXT NOT NULL,                -- actor | territory
        k2 TEXT NOT NULL,                -- recipient | supplier
        k3 TEXT NOT NULL,                -- weapon class | ''
        date TEXT NOT NULL,
        article_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        position INTEGER NOT NULL,       -- order of the precedent within its event
        json TEXT NOT NULL,              -- the first's record without evidence (docs/escalation.md)
        PRIMARY KEY (kind, k1, k2, k3, date, article_id, sequence, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_precedents_article ON event_precedents(article_id);
    CREATE TABLE firsts (                -- the earliest precedent of each key, one article per story
        kind TEXT NOT NULL,
        k1 TEXT NOT NULL,
        k2 TEXT NOT NULL,
        k3 TEXT NOT NULL,
        date TEXT NOT NULL,
        article_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, k1, k2, k3)
    ) WITHOUT ROWID;
    CREATE INDEX firsts_order ON firsts(date, article_id, sequence, event_id, position);
    CREATE TABLE red_lines (             -- analyse/redlines.py, kept as firsts are
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,        -- of the threat
        drawn_on TEXT,
        crossed_on TEXT,                 -- date of the first crossing, if crossed
        answered INTEGER NOT NULL,       -- 1 when a response followed the crossing
        json TEXT NOT NULL,              -- the red line (docs/escalation.md) without its status
        full_after TEXT NOT NULL         -- JSON: the order key of the last listed crossing and response when
                                         -- the list is full (a later event cannot change it), else null
    );
    CREATE INDEX red_lines_article ON red_lines(article_id);
    CREATE INDEX red_lines_order ON red_lines(coalesce(drawn_on, '9999-99-99'), id);
    CREATE TABLE red_line_events (       -- every event a red line was drawn from, crossed by or answered by
        line_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (line_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX red_line_events_article ON red_line_events(article_id);
    CREATE TABLE analysis_pending (article_id TEXT PRIMARY KEY);
    CREATE TRIGGER events_analysis_insert AFTER INSERT ON events BEGIN
        INSERT OR IGNORE INTO analysis_pending VALUES (new.article_id);
    END;
    CREATE TRIGGER events_analysis_delete AFTER DELETE ON events BEGIN
        INSERT OR IGNORE INTO analysis_pending VALUES (old.article_id);
    END;
    CREATE TRIGGER articles_analysis_copy AFTER UPDATE OF duplicate_of ON articles BEGIN
        INSERT OR IGNORE INTO analysis_pending VALUES (new.id);
    END;
    INSERT OR IGNORE INTO analysis_pending SELECT DISTINCT article_id FROM events;
    """),
]


LATEST = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection, path: Path, *, check_only: bool = False) -> list[str]:
    """Apply pending migrations (or, for read-only connections, only check the version)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").fetchone()
    if not has_table and check_only:
        raise RuntimeError(f"{path} is not a redline store")
    if not has_table:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    known = {name for name, _ in MIGRATIONS}
    unknown = sorted(applied - known)
    if unknown:
        raise RuntimeError(str(errors.R301(path=path, found=unknown[-1], known=LATEST)))
    pending = [(name, sql) for name, sql in MIGRATIONS if name not in applied]
    if check_only:
        if pending:
            raise RuntimeError(f"{path} needs migrations {[n for n, _ in pending]}: open it once for writing")
        return []
    done = []
    for name, sql in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name=?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements, current = [], []
    for line in sql.splitlines():
        current.append(line.split("--", 1)[0] if "--" in line else line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            if joined.strip():
                statements.append(joined.strip())
            current = []
    return statements
