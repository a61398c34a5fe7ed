"""Bytes to text: refuse binary files, accept UTF-8 (with or without BOM, or UTF-16 with a BOM), and
fall back to a detected legacy encoding with a warning rather than losing the document."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from redline import errors
from redline.errors import Skip, SkipArticle

# Signatures of common binary formats that people drop into news folders by mistake.
_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"RIFF", "audio/video/image container"),
    (b"PAR1", "Parquet file"),
)

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes) -> tuple[str, list[Skip]]:
    """Decode input bytes; raise `SkipArticle` for binary, empty or undecodable data.

    Returns the text and any warnings (W101 when a legacy encoding had to be guessed).
    """
    if not data.strip():
        raise SkipArticle(errors.R104())
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise SkipArticle(errors.R101(detail=kind))
    if data.startswith(_UTF16_BOMS):
        try:
            return _check_text(data.decode("utf-16")), []
        except UnicodeDecodeError as exc:
            raise SkipArticle(errors.R103(detail=f"broken UTF-16: {exc.reason}")) from None
    if b"\x00" in data[:8192]:
        raise SkipArticle(errors.R101(detail="contains NUL bytes"))
    try:
        return _check_text(data.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        first_error = f"invalid UTF-8 at byte {exc.start}"
    guess = from_bytes(data[: 1 << 20]).best()
    if guess is None or guess.encoding in {"utf_8", "ascii"}:
        raise SkipArticle(errors.R103(detail=first_error))
    try:
        text = data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        raise SkipArticle(errors.R103(detail=first_error)) from None
    return _check_text(text), [errors.W101(encoding=guess.encoding)]


def _check_text(text: str) -> str:
    """Refuse text that decodes but is mostly control characters (a binary file by another name)."""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if sample and controls / len(sample) > 0.05:
        raise SkipArticle(errors.R101(detail=f"{controls} control characters in the first {len(sample)}"))
    if not text.strip():
        raise SkipArticle(errors.R104())
    return text
