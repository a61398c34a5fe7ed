"""Content fingerprints: an exact hash of the normalised text and a MinHash of its word shingles."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

_WORDS = re.compile(r"\w+")
MINHASH_SEED = 1  # fixed so that signatures stored by earlier runs stay comparable


def text_hash(text: str) -> str:
    normalised = " ".join(_WORDS.findall(text.lower()))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def minhash_signature(text: str, *, permutations: int, shingle_words: int) -> bytes:
    words = _WORDS.findall(text.lower())
    k = min(shingle_words, max(len(words), 1))
    shingles = {" ".join(words[i : i + k]).encode("utf-8") for i in range(max(len(words) - k + 1, 1))}
    sketch = MinHash(num_perm=permutations, seed=MINHASH_SEED)
    sketch.update_batch(list(shingles))
    return np.asarray(sketch.hashvalues, dtype=np.uint64).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    va, vb = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def band_keys(signature: bytes, bands: int, rows: int) -> list[tuple[int, int]]:
    """LSH keys `(band, hash)`: two texts sharing any key are near-duplicate candidates."""
    values = np.frombuffer(signature, dtype=np.uint64)
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys
