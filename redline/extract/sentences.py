"""Split cleaned article text into sentences with character offsets, without a parser.

Splitting happens inside blocks (paragraphs and headings), so a heading never runs into the paragraph
after it. A sentence ends at ., ! or ? (with closing quotes) followed by white space and a capital,
a digit or an opening quote, unless the word before the stop is a known abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.model.article import Block

_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


@dataclass(frozen=True)
class Sentence:
    index: int  # sentence number in the article, from 0
    start: int  # offsets into the cleaned text
    end: int
    text: str
    kind: str  # "paragraph" or "heading"
    block: int = 0  # index of the block (paragraph) it belongs to


def split_sentences(text: str, blocks: list[Block], abbreviations: frozenset[str]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for block_no, block in enumerate(blocks or [Block(0, len(text), "paragraph")]):
        chunk = text[block.start : block.end]
        pos = 0
        for m in _END.finditer(chunk):
            word = re.search(r"([\w.]+)[.!?]*$", chunk[pos : m.start() + 1])
            if word and word.group(1).rstrip(".") in abbreviations and chunk[m.start()] == ".":
                continue
            _add(sentences, text, block.start + pos, block.start + m.end(), block.kind, block_no)
            pos = m.end()
        _add(sentences, text, block.start + pos, block.end, block.kind, block_no)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, kind: str, block: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end], kind, block))
