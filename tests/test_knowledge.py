"""Knowledge files load, validate, and refuse malformed entries with a message naming the file."""

import pytest
import yaml

from redline import knowledge
from redline.ingest.boilerplate import BoilerplateRules


def test_knowledge_boilerplate_file_validates():
    rules = BoilerplateRules.load()
    assert rules.drop_lines and rules.tail_markers


def test_knowledge_duplicate_pattern_ids_are_refused():
    entries = [{"id": "a", "pattern": "x"}, {"id": "a", "pattern": "y"}]
    with pytest.raises(knowledge.KnowledgeError, match="duplicate pattern id 'a'"):
        knowledge.compile_patterns(entries, "test")


def test_knowledge_bad_regex_is_refused():
    with pytest.raises(knowledge.KnowledgeError, match="pattern 'bad'"):
        knowledge.compile_patterns([{"id": "bad", "pattern": "(unclosed"}], "test")


def test_knowledge_schema_violation_names_the_file_and_place(tmp_path, monkeypatch):
    data = yaml.safe_load(knowledge.data_path("boilerplate.yaml").read_text(encoding="utf-8"))
    data["drop_lines"][0]["colour"] = "red"
    (tmp_path / "schemas").mkdir()
    (tmp_path / "boilerplate.yaml").write_text(yaml.safe_dump(data))
    (tmp_path / "schemas" / "boilerplate.schema.json").write_text(
        knowledge.data_path("schemas/boilerplate.schema.json").read_text())
    monkeypatch.setattr(knowledge, "DATA_DIR", tmp_path)
    knowledge.load_data_file.cache_clear()
    try:
        with pytest.raises(knowledge.KnowledgeError, match=r"boilerplate.yaml: drop_lines/0: Additional properties"):
            knowledge.load_data_file("boilerplate.yaml", "boilerplate.schema.json")
    finally:
        knowledge.load_data_file.cache_clear()


def test_knowledge_every_shipped_data_file_validates():
    assert set(knowledge.check_all().values()) == {"ok"}


def test_knowledge_data_check_command_exits_zero():
    from typer.testing import CliRunner

    from redline.cli import app

    result = CliRunner().invoke(app, ["data", "check"])
    assert result.exit_code == 0 and "actors.yaml: ok" in result.stdout
