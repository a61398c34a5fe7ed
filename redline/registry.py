"""Named registries for the swappable parts: input readers, pipeline stages, exporters.

Built-in parts register themselves with the same decorators a plug-in uses. A plug-in package adds
parts through an entry-point group named `redline.<registry>` (for example `redline.readers`), loaded
the first time a name is looked up and not found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any


@dataclass
class Registry:
    name: str
    _items: dict[str, Any] = field(default_factory=dict)
    _entry_points_loaded: bool = False

    def register(self, name: str, item: Any | None = None) -> Callable[[Any], Any] | Any:
        """Register `item` under `name`; used as a decorator when `item` is omitted."""

        def add(obj: Any) -> Any:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.name}: {name!r} is already registered")
            self._items[name] = obj
            return obj

        return add(item) if item is not None else add

    def get(self, name: str) -> Any:
        if name not in self._items:
            self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"no {self.name} named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._items)

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=f"redline.{self.name}"):
            if ep.name not in self._items:
                self._items[ep.name] = ep.load()


readers = Registry("readers")
stages = Registry("stages")
exporters = Registry("exporters")
