"""Where input bytes come from: paths, directories (recursive, with glob filters), stdin, gzip.

`iter_inputs` yields one `RawInput` per file. A file that cannot be used (missing, too large, a
corrupt gzip stream) is still yielded, carrying a coded `skip` instead of data, so that the run's
summary can say what happened to every input it was given.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from redline import errors
from redline.errors import Skip

GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"


@dataclass
class RawInput:
    """The bytes of one input (already decompressed), or the reason they could not be read."""

    origin: str  # the path as given, or "<stdin>"
    name: str  # file name without directories, and without a .gz suffix
    suffix: str  # lower-case extension of `name`, e.g. ".jsonl"
    data: bytes | None = None
    skip: Skip | None = None


def iter_inputs(paths: Iterable[str | Path], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                max_bytes: int, stdin: BinaryIO | None = None) -> Iterator[RawInput]:
    """Yield every input named by `paths`; directories are walked recursively in sorted order.

    `include`/`exclude` are glob patterns matched against a file's name and its path relative to the
    directory being walked (`*.jsonl`, `2024/**/*.html`). Hidden files and folders are passed over.
    """
    include, exclude = list(include), list(exclude)
    for given in paths:
        given = str(given)
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield _read_stream(stream, "<stdin>", "stdin.txt", max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if _selected(rel, include, exclude):
                    yield read_file(child, max_bytes)
        elif path.exists() or path.is_symlink():
            yield read_file(path, max_bytes)
        else:
            yield RawInput(given, path.name, path.suffix.lower(), skip=errors.R107(detail="no such file or directory"))


def _selected(rel: Path, include: list[str], exclude: list[str]) -> bool:
    candidates = (rel.name, rel.as_posix())

    def hit(patterns: list[str]) -> bool:
        return any(fnmatch.fnmatch(c, p) for p in patterns for c in candidates)

    return (not include or hit(include)) and not hit(exclude)


def _split_name(name: str) -> tuple[str, str]:
    """File name and suffix as seen through a .gz wrapper: 'a.jsonl.gz' -> ('a.jsonl', '.jsonl')."""
    inner = name[:-3] if name.lower().endswith(".gz") else name
    return inner, Path(inner).suffix.lower()


def read_file(path: Path, max_bytes: int) -> RawInput:
    """Read one file, refusing oversized ones before reading them."""
    name, suffix = _split_name(path.name)
    origin = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return RawInput(origin, name, suffix, skip=errors.R107(detail="not a regular file"))
        if size > max_bytes:
            return RawInput(origin, name, suffix, skip=errors.R102(size=size, limit=max_bytes))
        with path.open("rb") as fh:
            return _read_stream(fh, origin, path.name, max_bytes)
    except OSError as exc:
        return RawInput(origin, name, suffix, skip=errors.R107(detail=exc.strerror or str(exc)))


def _read_stream(stream: BinaryIO, origin: str, file_name: str, max_bytes: int) -> RawInput:
    name, suffix = _split_name(file_name)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return RawInput(origin, name, suffix, skip=errors.R102(size=f"more than {max_bytes}", limit=max_bytes))
    if data.startswith(GZIP_MAGIC):
        return _gunzip(data, origin, name, suffix, max_bytes)
    return RawInput(origin, name, suffix, data=data)


def _gunzip(data: bytes, origin: str, name: str, suffix: str, max_bytes: int) -> RawInput:
    """Decompress in bounded chunks so that a gzip bomb stops at the size limit."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            while chunk := gz.read(1 << 20):
                out.write(chunk)
                if out.tell() > max_bytes:
                    return RawInput(origin, name, suffix,
                                    skip=errors.R102(size=f"more than {max_bytes} decompressed", limit=max_bytes))
    except (OSError, EOFError, zlib.error) as exc:
        return RawInput(origin, name, suffix, skip=errors.R112(detail=str(exc) or type(exc).__name__))
    return RawInput(origin, name, suffix, data=out.getvalue())
