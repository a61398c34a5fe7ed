"""`redline watch` against real servers started by the tests: an HTTP server (http.server, in a thread) for the
webhook and an SMTP server (aiosmtpd) for email, both on 127.0.0.1. The articles are the corpus written for
tests/analyse/test_alerts.py."""

from __future__ import annotations

import email
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

import redline
from redline.analyse.alert_rules import load_rules
from redline.settings import load_settings
from redline.store.db import connect
from redline.watch.loop import Watcher
from tests.analyse.test_alerts import ARTICLES, RULES, write_articles
from tests.conftest import ROOT

runner = CliRunner()


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "type": self.headers["Content-Type"], "body": json.loads(body)})
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received, server.status = [], 204
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
            self.messages.append({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                  "message": email.message_from_bytes(envelope.content, policy=policy.default)})
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def rules_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def _watch(folder, db, rules_file, *extra):
    result = runner.invoke(__import__("redline.cli", fromlist=["app"]).app,
                           ["watch", str(folder), "--once", "--settle", "0", "--rules", str(rules_file),
                            "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def _closed_port() -> int:
    return _free_port()  # bound, then closed: nothing listens there


def test_watch_emits_posts_and_mails_each_new_alert_once(tmp_path, http_server, smtp_server, rules_file):
    controller, inbox = smtp_server
    folder, db = tmp_path / "news", tmp_path / "redline.db"
    write_articles(folder, ["t1.md", "t2.md", "c1.md", "n2.md"])
    delivery = ["--webhook", f"http://127.0.0.1:{http_server.server_port}/hook",
                "--smtp", f"127.0.0.1:{controller.port}", "--mail-from", "redline@example.org",
                "--mail-to", "desk@example.org", "--mail-to", "duty@example.org"]

    alerts, stderr = _watch(folder, db, rules_file, *delivery)
    # The spike: Patriot missiles delivered to Ukraine (a driver of RUS-UKR) start its series two weeks before
    # the strike on Odesa, whose week then stands far above that quiet baseline.
    assert {a["rule"] for a in alerts} == {"crossed", "dead-20", "hurt-60", "spike"}
    crossed = next(a for a in alerts if a["rule"] == "crossed")
    assert crossed["details"]["stage"] == "crossed" and crossed["dyad"] == "RUS-ROU" and crossed["first_seen"]
    assert "Romania sent Patriot missiles" in crossed["evidence"]["sentence"]

    # The webhook got each alert as a JSON object, the mail server one mail per alert for both recipients.
    assert [r["body"]["id"] for r in http_server.received] == [a["id"] for a in alerts]
    assert {r["path"] for r in http_server.received} == {"/hook"}
    assert http_server.received[0]["type"].startswith("application/json")
    assert http_server.received[0]["body"]["message"] == alerts[0]["message"]
    assert [m["message"]["X-Redline-Alert"] for m in inbox.messages] == [a["id"] for a in alerts]
    mail = next(m for m in inbox.messages if m["message"]["X-Redline-Alert"] == crossed["id"])
    assert mail["from"] == "redline@example.org" and mail["to"] == ["desk@example.org", "duty@example.org"]
    assert mail["message"]["Subject"].startswith("[redline high] Red line crossed.")
    text = mail["message"].get_content()
    assert crossed["message"] in text and crossed["evidence"]["sentence"] in text
    assert "W40" not in stderr

    # Nothing new: nothing emitted, posted or mailed again (the files are remembered in the store).
    again, _ = _watch(folder, db, rules_file, *delivery)
    assert again == [] and len(http_server.received) == len(alerts) == len(inbox.messages)

    # A new file with the answer to the red line: only its alert.
    write_articles(folder, ["t3.md"])
    later, _ = _watch(folder, db, rules_file, *delivery)
    assert [(a["rule"], a["details"]["stage"]) for a in later] == [("crossed", "followed_through")]
    assert http_server.received[-1]["body"]["id"] == later[0]["id"] and len(inbox.messages) == len(alerts) + 1

    with connect(db, readonly=True) as conn:
        rows = conn.execute("SELECT channel, status, count(*) FROM alert_deliveries GROUP BY channel, status").fetchall()
    assert {(r[0], r[1]): r[2] for r in rows} == {("stdout", "sent"): 5, ("webhook", "sent"): 5, ("email", "sent"): 5}


def test_watch_delivery_failure_is_a_coded_warning_and_the_loop_goes_on(tmp_path, rules_file, monkeypatch):
    folder, db = tmp_path / "news", tmp_path / "redline.db"
    write_articles(folder, ["c1.md"])
    sleeps = []

    def sleep(seconds):
        # The second wait is a Ctrl-C: the loop made two passes, then stops cleanly.
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("redline.watch.loop.time.sleep", sleep)
    hook = f"http://127.0.0.1:{_closed_port()}/hook"
    smtp = f"127.0.0.1:{_closed_port()}"
    result = runner.invoke(__import__("redline.cli", fromlist=["app"]).app,
                           ["watch", str(folder), "--interval", "5", "--settle", "0", "--rules", str(rules_file),
                            "--db", str(db), "--webhook", hook, "--smtp", smtp, "--mail-from", "a@example.org",
                            "--mail-to", "b@example.org"])
    assert result.exit_code == 0, result.output
    assert sleeps == [5.0, 5.0] and "stopped" in result.stderr
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {a["rule"] for a in alerts} == {"dead-20", "hurt-60"}  # emitted on stdout all the same
    warnings = result.stderr.splitlines()
    tried, deferred = sorted(alerts, key=lambda a: (a["first_seen"], a["date"], a["id"]))
    # The first alert is tried on both passes and fails each time with a coded warning; the server being
    # unreachable, the second waits for a later pass instead of a timeout of its own (W404).
    assert sum(w.startswith(f"W401 alert {tried['id']} not delivered to webhook {hook}: ") for w in warnings) == 2
    assert sum(w.startswith(f"W402 alert {tried['id']} not emailed via {smtp}: ") for w in warnings) == 2
    assert not any(deferred["id"] in w for w in warnings)
    assert sum(w.startswith(f"W404 1 more alert(s) not sent to {hook}") for w in warnings) == 2
    assert sum(w.startswith("W404 1 more alert(s) not sent to b@example.org") for w in warnings) == 2
    with connect(db, readonly=True) as conn:
        rows = conn.execute("SELECT alert_id, channel, status, attempts, detail FROM alert_deliveries "
                            "WHERE channel != 'stdout'").fetchall()
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {
        (tried["id"], "webhook", "failed", 2), (tried["id"], "email", "failed", 2),
        (deferred["id"], "webhook", "failed", 0), (deferred["id"], "email", "failed", 0)}
    assert {r[4][:4] for r in rows if r[0] == tried["id"]} == {"W401", "W402"}


def test_watch_retries_a_webhook_that_answered_an_error(tmp_path, http_server, rules_file):
    folder, db = tmp_path / "news", tmp_path / "redline.db"
    write_articles(folder, ["c1.md"])
    hook = ["--webhook", f"http://127.0.0.1:{http_server.server_port}/hook"]
    http_server.status = 500
    alerts, stderr = _watch(folder, db, rules_file, *hook)
    # The server answers, so each alert is tried (none deferred), and each failure is W401 with the status.
    assert len(alerts) == 2 and len(http_server.received) == 2
    assert [line.split()[2] for line in stderr.splitlines() if line.startswith("W401")] == [a["id"] for a in alerts]
    assert "HTTP 500" in stderr and "W404" not in stderr
    http_server.status = 204
    again, stderr = _watch(folder, db, rules_file, *hook)  # a later pass: delivered, not emitted again
    assert again == [] and "W40" not in stderr
    assert [r["body"]["id"] for r in http_server.received[2:]] == [a["id"] for a in alerts]
    with connect(db, readonly=True) as conn:
        rows = conn.execute("SELECT status, attempts FROM alert_deliveries WHERE channel = 'webhook'").fetchall()
    assert [tuple(r) for r in rows] == [("sent", 2), ("sent", 2)]


def test_watch_rereads_a_feed_file_when_it_changes(tmp_path, rules_file):
    feed, db = tmp_path / "feed.jsonl", tmp_path / "redline.db"

    def record(name):
        published, text = ARTICLES[name]
        return json.dumps({"id": name, "title": name, "published": published, "text": text}) + "\n"

    feed.write_text(record("c2.md") + record("n1.md"), encoding="utf-8")
    first, _ = _watch(feed, db, rules_file)
    assert [a["rule"] for a in first] == ["nuclear"]
    with feed.open("a", encoding="utf-8") as fh:
        fh.write(record("c1.md"))
    second, _ = _watch(feed, db, rules_file)
    assert sorted(a["rule"] for a in second) == ["dead-20", "hurt-60"]
    with connect(db, readonly=True) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3  # the first two not doubled


def test_watcher_remembers_files_across_restarts_and_waits_for_files_to_settle(tmp_path, rules_file):
    folder, db = tmp_path / "news", tmp_path / "redline.db"
    write_articles(folder, ["c1.md"])
    settings = load_settings(env={}, db=str(db))
    rules = load_rules(rules_file)
    emitted, warned = [], []

    def watcher(settle):
        return Watcher(folder, settings, rules, [], emit=emitted.append, warn=warned.append, settle=settle)

    # Just written: with a long settle time the file waits (it may still be being written).
    waiting = watcher(3600).run_pass()
    assert waiting.files == [] and emitted == []
    done = watcher(0).run_pass()
    assert done.files == [str((folder / "c1.md").resolve())] and done.ingest.ingested == 1
    assert done.new_alerts == done.emitted == len(emitted) == 2
    # A restart (a new watcher) neither reads the file again nor emits the alerts again.
    again = watcher(0)
    restarted = again.run_pass()
    assert restarted.files == [] and restarted.evaluated and restarted.new_alerts == restarted.emitted == 0
    assert not again.run_pass().evaluated  # the events did not change: no need to evaluate
    # Events stored by another writer (`redline ingest`, POST /api/articles) are evaluated too.
    redline.ingest(write_articles(tmp_path / "elsewhere", ["n1.md"]), settings)
    other = again.run_pass()
    assert other.files == [] and other.evaluated and other.emitted == 1 and emitted[-1]["rule"] == "nuclear"
    (folder / "c1.md").unlink()
    folder.rmdir()
    gone = watcher(0).run_pass()
    assert gone.files == [] and warned == [f"W403 watched path {folder} not found; will look again next pass"]


@pytest.mark.parametrize(("args", "message"), [
    (["--webhook", "file:///etc/passwd"], "http"),
    (["--smtp", "127.0.0.1:25"], "--mail-from"),
    (["--smtp", "localhost", "--mail-from", "a@b", "--mail-to", "c@d"], "HOST:PORT"),
])
def test_watch_refuses_bad_delivery_options(tmp_path, args, message):
    from redline.cli import app

    result = runner.invoke(app, ["watch", str(tmp_path), "--once", "--db", str(tmp_path / "x.db"), *args])
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_watch_process_stops_cleanly_on_ctrl_c_or_sigterm(tmp_path, stop):
    """A real `redline watch` process: it emits, waits for the next pass, and a signal ends it with exit 0."""
    db, folder = tmp_path / "redline.db", tmp_path / "inbox"
    redline.ingest(write_articles(tmp_path / "news", ["c1.md"]), load_settings(env={}, db=str(db)))
    folder.mkdir()
    rules = tmp_path / "rules.yaml"  # casualties only: the process needs neither the extractor nor knowledge
    rules.write_text("version: 1\nrules:\n  - {id: dead-20, kind: casualties, severity: high, "
                     "params: {at_least: 20}}\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "redline", "watch", str(folder), "--db", str(db), "--rules",
                             str(rules), "--interval", "3600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, text=True)
    try:
        line = proc.stdout.readline()  # blocks until the first pass emitted its alert
        assert json.loads(line)["rule"] == "dead-20"
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out == "" and "redline watch: stopped" in err and "Traceback" not in err


def test_watcher_goes_on_after_a_pass_fails_on_the_store(tmp_path, rules_file, monkeypatch):
    watcher = Watcher(tmp_path, load_settings(env={}, db=str(tmp_path / "r.db")), load_rules(rules_file), [],
                      emit=lambda alert: None, warn=(warned := []).append)
    passes = []

    def run_pass():
        passes.append(1)
        if len(passes) == 1:
            raise sqlite3.OperationalError("database is locked")
        raise KeyboardInterrupt  # the second pass ran: stop

    monkeypatch.setattr(watcher, "run_pass", run_pass)
    monkeypatch.setattr("redline.watch.loop.time.sleep", lambda seconds: None)
    with pytest.raises(KeyboardInterrupt):
        watcher.run(interval=1)
    assert len(passes) == 2 and warned == [
        "redline watch: pass failed on the store (database is locked); trying again next pass"]
    monkeypatch.setattr(watcher, "run_pass", lambda: (_ for _ in ()).throw(sqlite3.OperationalError("locked")))
    with pytest.raises(sqlite3.OperationalError):
        watcher.run(interval=1, once=True)


def test_watch_from_now_skips_the_alerts_the_store_already_raises(tmp_path, rules_file):
    db, folder = tmp_path / "redline.db", tmp_path / "news"
    settings = load_settings(env={}, db=str(db))
    redline.ingest(write_articles(tmp_path / "old", ["c1.md"]), settings)  # history: the Odesa strike
    write_articles(folder, ["t1.md", "t2.md"])  # new: a red line drawn and crossed
    emitted = []
    watcher = Watcher(folder, settings, load_rules(rules_file), [], emit=emitted.append, warn=print, settle=0,
                      from_now=True)
    report = watcher.run_pass()
    assert report.skipped == 2 and len(report.files) == 2
    assert "crossed" in {a["rule"] for a in emitted} and not {"dead-20", "hurt-60"} & {a["rule"] for a in emitted}
    with connect(db, readonly=True) as conn:
        skipped = conn.execute("SELECT a.rule, d.status, d.detail FROM alert_deliveries d JOIN alerts a "
                               "ON a.id = d.alert_id WHERE d.status = 'skipped'").fetchall()
    assert sorted(tuple(r) for r in skipped) == [("dead-20", "skipped", "skipped: watch --from-now"),
                                                 ("hurt-60", "skipped", "skipped: watch --from-now")]
    again = Watcher(folder, settings, load_rules(rules_file), [], emit=emitted.append, warn=print,
                    from_now=True).run_pass()
    assert again.skipped == again.emitted == 0
