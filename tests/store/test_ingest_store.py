"""The store: re-ingestion is a no-op, ids never silently overwrite, copies link to one canonical article,
and a killed ingest leaves a consistent store, every article with its events, that a re-run completes."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from redline.ingest.readers import ReadOptions
from redline.ingest.run import ingest
from redline.settings import load_settings
from redline.store.db import connect
from redline.store.migrations import MIGRATIONS
from redline.store.queries import get_article, stats
from tests.conftest import EXAMPLES, ROOT

VOCAB = ("Russian Ukrainian forces shelled struck village city region drone missile artillery governor said "
         "officials reported killed wounded civilians overnight attack front line positions near border troops "
         "advanced defence ministry claimed tanks convoy bridge power station damaged residents evacuated "
         "emergency services fire train station school hospital warehouse fuel depot port grain ships").split()


def _story(rng: random.Random, words: int = 120) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(VOCAB) for _ in range(14)).capitalize() + ".")
    return " ".join(sentences) + "\n"


def _settings(tmp_path, **overrides):
    return load_settings(env={}, db=str(tmp_path / "store.db"), **overrides)


def test_store_reingesting_the_same_files_changes_nothing(tmp_path):
    settings = _settings(tmp_path)
    first = ingest([EXAMPLES], settings)
    second = ingest([EXAMPLES], settings)
    assert first.ingested == 16 and not first.failed
    assert second.ingested == 0 and second.unchanged == first.records
    conn = connect(settings.db, readonly=True)
    assert stats(conn)["articles"] == 16


def test_store_links_a_syndicated_copy_to_its_canonical_article_in_either_order(tmp_path):
    original = EXAMPLES / "kharkiv_glide_bombs.txt"
    dump = EXAMPLES / "wire_dump.jsonl"
    for order, name in (((original, dump), "a"), ((dump, original), "b")):
        settings = load_settings(env={}, db=str(tmp_path / f"{name}.db"))
        for path in order:
            ingest([path], settings)
        conn = connect(settings.db, readonly=True)
        copies = conn.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchall()
        assert len(copies) == 1
        pair = {copies[0]["id"], copies[0]["duplicate_of"]}
        assert pair == {"WD-2024-0518-K", "4f3bf4ebcad3dccc"}
        assert get_article(conn, copies[0]["duplicate_of"])["copies"] == [copies[0]["id"]]


def test_store_a_copy_of_a_copy_points_at_the_canonical_article(tmp_path):
    rng = random.Random(7)
    base = _story(rng, 200)
    words = base.split()
    for i, text in enumerate([base, " ".join(words[:-3]) + " extra words here.",
                              " ".join(words[:-6]) + " and more words here."]):
        (tmp_path / f"{i}.txt").write_text(text)
    settings = _settings(tmp_path)
    ingest([tmp_path / "0.txt", tmp_path / "1.txt", tmp_path / "2.txt"], settings)
    conn = connect(settings.db, readonly=True)
    heads = {r[0] for r in conn.execute("SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")}
    assert len(heads) == 1
    (head,) = heads
    assert conn.execute("SELECT duplicate_of FROM articles WHERE id=?", (head,)).fetchone()[0] is None
    assert conn.execute("SELECT count(*) FROM articles WHERE duplicate_of=?", (head,)).fetchone()[0] == 2


def test_store_refuses_to_overwrite_an_id_with_different_text(tmp_path):
    settings = _settings(tmp_path)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "7", "text": _story(random.Random(1))}))
    second.write_text(json.dumps({"id": "7", "text": _story(random.Random(2))}))
    ingest([first], settings)
    report = ingest([second], settings)
    assert report.skipped["R111"] == 1 and report.failed and report.ingested == 0
    prefixed = ingest([second], settings, options=ReadOptions(id_prefix="b:"))
    assert prefixed.ingested == 1


def test_store_migrations_are_recorded_and_idempotent(tmp_path):
    path = tmp_path / "m.db"
    connect(path).close()
    conn = connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "m.db"
    conn = connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', datetime('now'))")
    conn.close()
    with pytest.raises(RuntimeError, match="R301"):
        connect(path)


def test_store_readers_see_committed_articles_while_a_writer_holds_a_transaction(tmp_path):
    settings = _settings(tmp_path)
    ingest([EXAMPLES / "odesa_drone_attack.txt"], settings)
    writer = connect(settings.db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE articles SET title='changing'")
    reader = connect(settings.db, readonly=True)
    assert reader.execute("SELECT title FROM articles").fetchone()[0].startswith("Drone strike on Odesa")
    writer.execute("ROLLBACK")


def _consistent(db: str, bands: int) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = conn.execute("""SELECT count(*) FROM articles a WHERE
        (SELECT count(*) FROM article_minhash m WHERE m.article_id=a.id) <> 1 OR
        (SELECT count(*) FROM article_lsh l WHERE l.article_id=a.id) <> ?""", (bands,)).fetchone()[0]
    assert orphans == 0
    # Every article's events landed with it: it is marked extracted and holds exactly that many events.
    unextracted = conn.execute("SELECT count(*) FROM articles WHERE events_extracted_at IS NULL").fetchone()[0]
    assert unextracted == 0
    mismatched = conn.execute("""SELECT count(*) FROM articles a WHERE
        a.event_count <> (SELECT count(*) FROM events e WHERE e.article_id=a.id)""").fetchone()[0]
    assert mismatched == 0
    return conn


def test_store_killed_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(tmp_path):
    rng = random.Random(42)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 400
    for i in range(total):
        (corpus / f"story_{i:04d}.txt").write_text(f"Report number {i}\n\n" + _story(rng))
    db = tmp_path / "killed.db"
    env = {**os.environ, "REDLINE_COMMIT_EVERY": "5"}
    cmd = [sys.executable, "-m", "redline", "ingest", str(corpus), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 40:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    conn = _consistent(str(db), bands=load_settings(env={}).lsh_bands)
    partial = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 40 <= partial < total
    assert partial % 5 == 0  # whole batches only
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    assert conn.execute("SELECT status FROM ingest_runs").fetchone()[0] == "running"
    conn.close()

    rerun = subprocess.run([*cmd[:-1], "--json"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["unchanged"] == partial and report["ingested"] == total - partial
    assert report["extracted"] == total - partial
    conn = _consistent(str(db), bands=load_settings(env={}).lsh_bands)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == total
    assert [r[0] for r in conn.execute("SELECT status FROM ingest_runs ORDER BY id")] == ["interrupted", "finished"]
