"""Serve fixtures: copies of the session's event store (tests/conftest.py `event_store`), and clients of
the API over them through the in-process ASGI transport."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest

from redline.serve import create_app
from redline.settings import load_settings

TOKEN = "test-token-123"


def api_error(resp, status: int, code: str | None = None) -> dict:
    """Assert an error response: its status, the uniform error body and, if given, its code."""
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["detail"]
    if code:
        assert body["code"] == code
    return body


def copy_store(source: Path, target: Path) -> Path:
    """A consistent copy of a store (SQLite backup), in WAL mode like any store."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    return target


def client_for(db: Path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette asks for httpx2, which is not released for all
        from fastapi.testclient import TestClient
    settings = load_settings(env={}, db=str(db))
    return TestClient(create_app(db, settings=settings, **kwargs), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def read_db(event_store, tmp_path_factory):
    """A copy of the event store that only read-only servers use."""
    return copy_store(event_store[0], tmp_path_factory.mktemp("serve") / "read.db")


@pytest.fixture(scope="session")
def client(read_db):
    """A read-only server (no token)."""
    return client_for(read_db)


@pytest.fixture
def write_db(event_store, tmp_path):
    return copy_store(event_store[0], tmp_path / "write.db")


@pytest.fixture
def write_client(write_db):
    """A writable server (token TOKEN) with a small body limit, over a fresh copy of the store."""
    return client_for(write_db, token=TOKEN, max_body_bytes=64 * 1024)
