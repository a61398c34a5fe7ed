"""`redline extract PATH...`: events as JSON Lines straight from files, no store."""

import json

from typer.testing import CliRunner

from redline.cli import app
from redline.extract.engine import ExtractOptions
from tests.conftest import SEEDS, need_shared

runner = CliRunner()


def test_extract_cli_gives_the_events_of_each_article_and_reports_unreadable_files(tmp_path, extractor,
                                                                                  seed_articles):
    need_shared(SEEDS)
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))] + [str(tmp_path / "blob.txt"), str(tmp_path / "empty.txt")]
    result = runner.invoke(app, ["extract", *paths])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    # The CLI parses many articles per batch; the events are those of one article at a time, in order.
    expected = [e.to_json() for key in sorted(seed_articles)
                for e in extractor.extract(seed_articles[key], ExtractOptions())]
    assert lines == expected and len(lines) > 20
    assert "blob.txt" in result.stderr and "empty.txt" in result.stderr
    assert result.exit_code == 1  # a binary file is an error, reported and passed over


def test_extract_on_two_worker_processes_prints_what_one_process_prints(tmp_path, extractor, seed_articles):
    need_shared(SEEDS)
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    one = runner.invoke(app, ["extract", *paths])
    two = runner.invoke(app, ["extract", "--jobs", "2", *paths])
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) > 20
