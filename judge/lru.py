"""A bounded, thread-safe cache that forgets what was used longest ago: what a long-lived process keeps of
things fixed by a version (a problem's loaded form, its reference outputs, its views, its tests' inputs).

Bounded by a count of entries and, where entries differ much in size, by a total weight (bytes): a process
that serves many versions keeps the recent ones, never all of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, entries: int, weight: Callable[[V], int] | None = None, max_weight: int | None = None):
        self.entries, self.max_weight = entries, max_weight
        self._weight = weight or (lambda _: 0)
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> V:
        weight = self._weight(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._items[key] = (value, weight)
            self._total += weight
            while len(self._items) > self.entries or (
                self.max_weight is not None and self._total > self.max_weight and len(self._items) > 1
            ):
                _, (_, dropped) = self._items.popitem(last=False)
                self._total -= dropped
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The cached value, or make's, kept. Two threads may both make a missing one: the last is kept."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def __len__(self) -> int:
        return len(self._items)
