"""Documentation stays in step with the code: every setting, code, command, format and stage is described."""

import re

import pytest

from redline.cli import app
from redline.errors import ALL_CODES
from redline.registry import readers
from redline.settings import SETTINGS
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_docs_every_setting_is_documented(setting):
    assert f"`{setting}`" in _doc("settings.md")


@pytest.mark.parametrize("code", sorted(ALL_CODES))
def test_docs_every_code_is_documented(code):
    assert re.search(rf"^\| {code} \|", _doc("errors.md"), re.M)


@pytest.mark.parametrize("command", [c.name for c in app.registered_commands])
def test_docs_every_command_is_in_the_readme(command):
    assert f"redline {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", readers.names())
def test_docs_every_input_format_is_documented(fmt):
    assert f"| `{fmt}` |" in _doc("input-formats.md")


def test_docs_every_ingest_stage_is_described_where_it_lives():
    from redline.ingest import stages

    for name in SETTINGS_BY_NAME["ingest_stages"].default:
        assert re.search(rf"^{name}\s", stages.__doc__, re.M), name


SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
