"""Bad input gets a one-line coded reason and the run goes on; nothing crashes, nothing is lost."""

import gzip
import json
import os

import pytest

import redline
from redline.errors import Skip
from redline.ingest.readers import ReadOptions, read
from redline.ingest.sources import iter_inputs

STORY = ("Russian missiles struck the port of Odesa overnight, killing four people and wounding nine, "
         "the regional governor said on Tuesday. Air defence units shot down most of the drones.\n")


def _read_all(path, **options):
    items = []
    for raw in iter_inputs([path], max_bytes=50 * 1024 * 1024):
        items.extend(read(raw, ReadOptions(**options)))
    return items


def _codes(items):
    return [i.code for i in items if isinstance(i, Skip)]


def test_bad_input_binary_file_is_refused(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    (tmp_path / "blob.bin").write_bytes(b"abc\x00\x01\x02" * 100)
    assert _codes(_read_all(tmp_path / "scan.txt")) == ["R101"]
    assert _codes(_read_all(tmp_path / "blob.bin")) == ["R101"]


def test_bad_input_empty_file_is_refused(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    assert _codes(_read_all(tmp_path / "empty.txt")) == ["R104"]
    assert _codes(_read_all(tmp_path / "blank.txt")) == ["R104"]


def test_bad_input_two_gigabyte_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(2 * 1024**3)
    (skip,) = _read_all(huge)
    assert skip.code == "R102" and "2147483648" in skip.detail


def test_bad_input_legacy_encoding_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(("Kyiv’s mayor said the “massive” attack hit the city’s power grid. " * 5).encode("cp1252"))
    (article,) = _read_all(path)
    assert [w.code for w in article.warnings] == ["W101"]
    assert "Kyiv’s mayor" in article.raw


def test_bad_input_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(STORY.encode("utf-16"))
    (article,) = _read_all(path)
    assert article.raw == STORY


def test_bad_input_malformed_json_lines_are_skipped_and_the_rest_kept(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": "a", "text": STORY}), '{"id": "b", "text": "unterminated', "[1, 2]",
             json.dumps({"id": "c", "body": STORY + " More."}), json.dumps({"id": "d", "title": "no text"}),
             json.dumps({"id": "e", "text": 42})]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read_all(path)
    assert [i.id for i in items if not isinstance(i, Skip)] == ["a", "c"]
    codes = _codes(items)
    assert codes == ["R105", "R113", "R106", "R114"]
    assert "line 2" in str(items[1])


def test_bad_input_csv_without_text_column_names_the_columns(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text("id,headline\n1,Something happened\n", encoding="utf-8")
    (skip,) = _read_all(path)
    assert skip.code == "R106" and "headline" in skip.detail


def test_bad_input_csv_columns_can_be_named(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text('key,story,when\nx1,"' + STORY.strip() + '",2024-03-05\n', encoding="utf-8")
    (article,) = _read_all(path, fields={"id": "key", "text": "story", "published": "when"})
    assert article.id == "x1" and article.hints["published"] == "2024-03-05"


def test_bad_input_gzip_is_read_and_a_broken_one_refused(tmp_path):
    good = tmp_path / "story.txt.gz"
    good.write_bytes(gzip.compress(STORY.encode()))
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(STORY.encode())[:30])
    (article,) = _read_all(good)
    assert article.source == "story.txt" and article.raw == STORY
    assert _codes(_read_all(broken)) == ["R112"]


def test_bad_input_gzip_bomb_stops_at_the_size_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (60 * 1024 * 1024)))
    (skip,) = _read_all(bomb)
    assert skip.code == "R102"


def test_bad_input_missing_path_is_reported(tmp_path):
    (skip,) = _read_all(tmp_path / "nope.txt")
    assert skip.code == "R107"


def test_bad_input_hostile_html_is_cleaned_as_text(pipeline):
    nested = "<div>" * 5000 + "deep" + "</div>" * 5000
    html = ("<html><head><title>Strike on Odesa port</title><script>alert(1)</script></head><body>"
            "<nav><img src=x onerror=alert(1)>Home</nav><article><h1>Strike on Odesa port</h1>"
            f"<p>{STORY}</p><p>Officials quoted the message &lt;script&gt;alert(2)&lt;/script&gt; as posted.</p>"
            f"</article>{nested}</body></html>")
    article = redline.clean_text(html, format="html", pipeline=pipeline)
    assert article.skip is None
    assert "Russian missiles struck the port of Odesa" in article.text
    assert "alert(1)" not in article.text and "onerror" not in article.text
    assert article.title == "Strike on Odesa port"


@pytest.mark.parametrize("junk", ["<html></html>", "<p></p>", "<<<>>>&&&", "<script>x</script>"])
def test_bad_input_html_without_text_is_skipped_with_a_reason(pipeline, junk):
    article = redline.clean_text(junk, format="html", pipeline=pipeline)
    assert article.skip is not None and article.skip.code in {"R108", "R109"}


def test_bad_input_non_english_is_skipped_by_policy(pipeline):
    polish = ("Rosyjskie rakiety uderzyły w nocy w port w Odessie, zabijając cztery osoby i raniąc dziewięć, "
              "poinformował we wtorek gubernator obwodu. Obrona powietrzna zestrzeliła większość dronów.")
    article = redline.clean_text(polish, pipeline=pipeline)
    assert article.skip.code == "R110" and article.skip.severity.value == "policy"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read unreadable files")
def test_bad_input_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(STORY)
    path.chmod(0)
    assert _codes(_read_all(path)) == ["R107"]


def test_short_english_the_detector_takes_for_nigerian_pidgin_is_read_as_english(pipeline):
    text = ("Former US President Barack Obama on Sunday held separate talks with President Uhuru Kenyatta in "
            "Nairobi, officials said.")
    article = redline.clean_text(text, pipeline=pipeline)
    assert article.skip is None and article.language == "en"
    strict = redline.load_pipeline(redline.load_settings(env={"REDLINE_LANGUAGE_EQUIVALENTS": "{}"}))
    assert redline.clean_text(text, pipeline=strict).skip.code == "R110"  # what the setting mends
