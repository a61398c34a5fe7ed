"""Cleaned text that remembers where every character came from.

Cleaning only ever *selects* characters of a source text (it drops lines, markup and widgets, never
rewrites words), so a cleaned text is a concatenation of source slices. `TextMap` keeps those slices as
segments and answers "where in the source is cleaned offset N?", which is how an event's evidence
offsets are traced back to the input. The invariant, checked by the tests, is
`source[map.to_source(i)] == map.text[i]` for every cleaned offset `i`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of `length` cleaned characters copied from `source_start` in the source text."""

    clean_start: int
    source_start: int
    length: int


class TextMap:
    """A cleaned text plus the segment table mapping it back into its source text."""

    __slots__ = ("source", "segments", "text", "_starts")

    def __init__(self, source: str, segments: list[Segment]):
        self.source = source
        self.segments = segments
        self.text = "".join(source[s.source_start : s.source_start + s.length] for s in segments)
        self._starts = [s.clean_start for s in segments]

    @classmethod
    def identity(cls, source: str) -> TextMap:
        """The map of an untouched text: one segment covering all of it."""
        return cls(source, [Segment(0, 0, len(source))] if source else [])

    @classmethod
    def from_source_spans(cls, source: str, spans: Iterable[tuple[int, int]]) -> TextMap:
        """Keep the given `(start, end)` slices of `source`, in order; adjacent slices merge."""
        segments: list[Segment] = []
        clean = 0
        for start, end in spans:
            if end <= start:
                continue
            last = segments[-1] if segments else None
            if last and last.source_start + last.length == start:
                segments[-1] = Segment(last.clean_start, last.source_start, last.length + end - start)
            else:
                segments.append(Segment(clean, start, end - start))
            clean += end - start
        return cls(source, segments)

    def select(self, spans: Iterable[tuple[int, int]]) -> TextMap:
        """Keep the given `(start, end)` slices of *this map's text*; the result maps to the same source."""
        source_spans: list[tuple[int, int]] = []
        for start, end in spans:
            pos = start
            while pos < end:
                seg = self._segment_at(pos)
                offset = pos - seg.clean_start
                take = min(end, seg.clean_start + seg.length) - pos
                source_spans.append((seg.source_start + offset, seg.source_start + offset + take))
                pos += take
        return TextMap.from_source_spans(self.source, source_spans)

    def delete(self, spans: Iterable[tuple[int, int]]) -> TextMap:
        """Drop the given `(start, end)` slices of this map's text (they may be unsorted or overlap)."""
        keep: list[tuple[int, int]] = []
        pos = 0
        for start, end in sorted(spans):
            if start > pos:
                keep.append((pos, start))
            pos = max(pos, end)
        if pos < len(self.text):
            keep.append((pos, len(self.text)))
        return self.select(keep)

    def _segment_at(self, offset: int) -> Segment:
        if not 0 <= offset < len(self.text):
            raise IndexError(f"offset {offset} outside cleaned text of length {len(self.text)}")
        return self.segments[bisect_right(self._starts, offset) - 1]

    def to_source(self, offset: int) -> int:
        """Source offset of cleaned character `offset`; the end of the text maps to the end of the source."""
        if offset == len(self.text):
            last = self.segments[-1] if self.segments else None
            return last.source_start + last.length if last else 0
        seg = self._segment_at(offset)
        return seg.source_start + offset - seg.clean_start

    def to_source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source span that covers cleaned span `[start, end)` (it may include dropped text in between)."""
        if end <= start:
            point = self.to_source(start)
            return point, point
        return self.to_source(start), self.to_source(end - 1) + 1

    def to_json(self) -> list[list[int]]:
        """Compact form for the store: `[[clean_start, source_start, length], ...]`."""
        return [[s.clean_start, s.source_start, s.length] for s in self.segments]

    @classmethod
    def from_json(cls, source: str, rows: list[list[int]]) -> TextMap:
        """Rebuild a map stored with `to_json`."""
        return cls(source, [Segment(*row) for row in rows])
