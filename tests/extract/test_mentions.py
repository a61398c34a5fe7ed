"""The helpers shared by the dictionary matchers."""

import re
import sys

import pytest

from redline.extract.mentions import ascii_words, folded


def test_folded_text_holds_a_word_exactly_when_a_case_insensitive_pattern_finds_it():
    """The rules test for a word in `folded` text before running a slow case-insensitive pattern that
    needs it: every character must fold to the ASCII letter re.IGNORECASE equates it with, and to one
    character only (offsets kept), or a pattern's match would silently be skipped."""
    letter = re.compile("[a-z]", re.I)
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        low = folded(char)
        assert len(low) == 1, hex(point)
        if letter.fullmatch(char):
            assert "a" <= low <= "z" and re.fullmatch(low, char, re.I), hex(point)
        else:
            assert not "a" <= low <= "z", hex(point)
    assert "killed" in folded("KİLLED") and "oblast" in folded("Oblaſt")


def test_ascii_words_refuses_words_folded_text_cannot_find():
    assert ascii_words(["Killed", "death toll"]) == ("killed", "death toll")
    with pytest.raises(ValueError):
        ascii_words(["убит"])
