"""`redline serve`: refuses a missing store, runs uvicorn with the app, and serves over loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from typer.testing import CliRunner

from redline.cli import app
from tests.conftest import ROOT

runner = CliRunner()
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy


def test_serve_cli_refuses_a_missing_store(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "store not found" in result.output


def test_serve_cli_runs_uvicorn_with_the_token_from_the_environment(read_db, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append((application, kw)))
    monkeypatch.setenv("MY_TOKEN", "sesame")
    result = runner.invoke(app, ["serve", "--db", str(read_db), "--port", "8123", "--token-env", "MY_TOKEN"])
    assert result.exit_code == 0, result.output
    ((application, kw),) = calls
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert "writable" in result.output
    assert {r.path for r in application.routes} >= {"/api/events", "/api/articles", "/api/stats"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_cli_answers_over_loopback(read_db):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDLINE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", str(read_db), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, body = time.monotonic() + 30, None
        while body is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with opener.open(f"http://127.0.0.1:{port}/api/stats", timeout=5) as resp:
                    body = json.load(resp)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert body is not None, proc.stderr.read().decode(errors="replace") if proc.poll() is not None else "timeout"
        assert body["events"]["events"] > 0
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/articles", data=b'{"text": "x"}',
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            opener.open(request, timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 403
            assert json.load(exc)["error"]["code"] == "read_only"
        else:
            raise AssertionError("a read-only server accepted a POST")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
