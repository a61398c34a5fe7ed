"""Serving and ingesting at once: a separate `redline ingest` process writes while the API reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from tests.conftest import ROOT
from tests.serve.conftest import client_for

ARTICLES = 300
DEADLINE_S = 90


def test_serve_reads_while_another_process_ingests(write_db, tmp_path):
    client = client_for(write_db)
    before = client.get("/api/stats").json()["articles"]["articles"]
    dump = tmp_path / "burst.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            text = (f"Report {i}: shelling hit the village of Number {i} in Kharkiv region on Tuesday, the regional "
                    f"governor said, adding that {i % 7} homes were damaged and crews were at work. " * 2)
            fh.write(json.dumps({"id": f"burst-{i}", "text": text, "published": "2024-03-05"}) + "\n")
    env = {**os.environ, "REDLINE_COMMIT_EVERY": "5"}
    proc = subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(dump), "--db", str(write_db),
                             "--no-extract", "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, reads, deadline = set(), 0, time.monotonic() + DEADLINE_S
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            stats = client.get("/api/stats")
            page = client.get("/api/articles", params={"limit": 5, "search": "shelling"})
            assert stats.status_code == 200, stats.text
            assert page.status_code == 200, page.text
            seen.add(stats.json()["articles"]["articles"])
            reads += 2
    finally:
        if proc.poll() is None:
            proc.kill()
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr.decode(errors="replace")
    assert reads > 0
    assert len(seen) >= 2, f"{reads} reads never overlapped the ingest"
    assert client.get("/api/stats").json()["articles"]["articles"] == before + ARTICLES
    assert all(before <= n <= before + ARTICLES for n in seen)
