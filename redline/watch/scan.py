"""Which files of a watched folder (or a single watched file) are new or changed since they were ingested.

A file is known by its absolute path, modification time (ns) and size, remembered in the store
(`watch_files`), so a restarted watcher does not read again what it has ingested. A file modified less
than `settle` seconds ago may still be being written: it waits for the next pass. Writers that can
should write elsewhere and rename into the folder, which is atomic.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Names that editors, downloaders and copy tools give files while they are being written.
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")


@dataclass(frozen=True)
class FileState:
    path: str  # absolute
    mtime_ns: int
    size: int

    def as_row(self) -> tuple[str, int, int]:
        return self.path, self.mtime_ns, self.size


def scan(source: Path, exclude: Iterable[str] = ()) -> list[FileState] | None:
    """The files under `source` (a folder, walked recursively, hidden and partial files passed over, as are
    names matching the `exclude` globs) or `source` itself (a file); None when it does not exist."""
    exclude = list(exclude)
    if source.is_file():
        return [_state(source.resolve())]
    if not source.is_dir():
        return None
    found = []
    for child in sorted(source.rglob("*")):
        rel = child.relative_to(source)
        if any(part.startswith(".") for part in rel.parts) or child.name.endswith(PARTIAL_SUFFIXES):
            continue
        if any(fnmatch.fnmatch(c, p) for p in exclude for c in (rel.name, rel.as_posix())):
            continue
        try:
            if child.is_file():
                found.append(_state(child.resolve()))
        except OSError:  # removed between listing and stat: it is simply not there
            continue
    return found


def ready(states: list[FileState], known: dict[str, tuple[int, int]], *, now_ns: int,
          settle: float) -> list[FileState]:
    """The states that differ from what was ingested and have not changed for `settle` seconds."""
    settle_ns = int(settle * 1e9)
    return [s for s in states if known.get(s.path) != (s.mtime_ns, s.size) and now_ns - s.mtime_ns >= settle_ns]


def _state(path: Path) -> FileState:
    st = path.stat()
    return FileState(str(path), st.st_mtime_ns, st.st_size)
