from hypothesis import given
from hypothesis import strategies as st

from redline.model.textmap import TextMap


def _assert_exact(tm: TextMap) -> None:
    for i, ch in enumerate(tm.text):
        assert tm.source[tm.to_source(i)] == ch


@given(st.text(min_size=0, max_size=300), st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)), max_size=12))
def test_textmap_deletions_keep_every_character_traceable(source, cuts):
    tm = TextMap.identity(source)
    for start, length in cuts:
        if tm.text:
            start = start % len(tm.text)
            tm = tm.delete([(start, min(len(tm.text), start + length))])
            _assert_exact(tm)
    restored = TextMap.from_json(source, tm.to_json())
    assert restored.text == tm.text


def test_textmap_select_composes_with_earlier_cleaning():
    source = "HEAD\nkeep one\nDROP\nkeep two\n"
    first = TextMap.from_source_spans(source, [(5, 14), (19, 28)])
    assert first.text == "keep one\nkeep two\n"
    second = first.select([(5, 8), (14, 17)])
    assert second.text == "onetwo"
    assert second.to_source_span(3, 6) == (24, 27)
    assert source[24:27] == "two"


def test_textmap_end_offset_maps_to_end_of_last_segment():
    tm = TextMap.from_source_spans("abcdef", [(1, 3)])
    assert tm.to_source(len(tm.text)) == 3
