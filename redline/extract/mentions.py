"""Helpers shared by the dictionary matchers (actors, places, weapons)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Spanned(Protocol):
    start: int
    end: int


M = TypeVar("M", bound=Spanned)


# The letters re.IGNORECASE equates with ASCII ones that str.lower() does not lower to them one for one:
# the dotted capital I (lower() makes it two characters), the dotless i and the long s.
_REGEX_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def folded(text: str) -> str:
    """`text` lower-cased letter for letter as re.IGNORECASE compares letters with ASCII ones: an ASCII
    word is in `folded(text)` exactly when a case-insensitive pattern of that word matches `text`. Python's
    re scans a case-insensitive alternation position by position, many times slower than a substring
    test, so the words a pattern needs are looked for first."""
    if text.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        return text.lower()  # (translate() is slow on any text that is not ASCII)
    return text.translate(_REGEX_FOLDS).lower()


def ascii_words(words: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased words to look for in `folded` text (only ASCII words are found there exactly as a
    case-insensitive pattern finds them)."""
    found = tuple(w.lower() for w in words)
    if not all(w.isascii() for w in found):
        raise ValueError(f"words to find in folded text must be ASCII: {[w for w in found if not w.isascii()]}")
    return found


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word."""
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def longest_first(hits: Iterable[M]) -> list[M]:
    """Non-overlapping mentions, preferring at each position the longest one ("Kharkiv region" over "Kharkiv")."""
    chosen: list[M] = []
    for hit in sorted(hits, key=lambda m: (m.start, -(m.end - m.start))):
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen
