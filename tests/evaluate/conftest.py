"""Fixtures for the evaluation tests: the shared bench directory, skipped when absent (failed in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"


@pytest.fixture(scope="session")
def bench() -> Path:
    """The shared bench directory; skip without it on a developer machine, fail in CI."""
    if not BENCH.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared bench data missing in CI: {BENCH}")
        pytest.skip(f"shared bench data not found: {BENCH}")
    return BENCH
