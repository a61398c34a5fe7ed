"""Helpers shared by the dictionary matchers (actors, places, weapons)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Spanned(Protocol):
    start: int
    end: int


M = TypeVar("M", bound=Spanned)


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
