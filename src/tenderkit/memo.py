"""A bounded memo keyed by the identity of a frozen object, for values derived from it.

Why identity and not equality: the models of a loaded tender are frozen pydantic models, and
comparing or hashing them by value walks every field (a bid holds hundreds of answers), which
costs more than most of what is derived from them. The memo keeps the object itself beside the
value, so its id cannot be reused by another object while the entry lives, and it forgets the
oldest entries beyond `size`, so a long workshop session does not grow it without end.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

__all__ = ["IdentityMemo", "ItemsMemo", "KeyedMemo"]

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """`memo.get(obj, compute)`: `compute(obj)` once per live object, by identity."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[int, tuple[object, V]] = OrderedDict()
        self._size = size

    def get(self, obj: object, compute: Callable[[object], V]) -> V:
        hit = self._entries.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = compute(obj)
        self._entries[id(obj)] = (obj, value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()


class ItemsMemo(Generic[V]):
    """`memo.get(items, compute)`: `compute(items)` once per sequence of the same (frozen) items.

    Keyed by the identities of the items, in order, not of the sequence: callers pass a fresh
    list of the same requirements on every call, and a list changed in place is a new key. The
    entry keeps the items themselves, so their ids cannot be reused while it lives; it forgets
    the oldest entries beyond `size`.
    """

    def __init__(self, size: int = 64) -> None:
        self._entries: OrderedDict[tuple[int, ...], tuple[tuple, V]] = OrderedDict()
        self._size = size

    def get(self, items: Sequence[object], compute: Callable[[Sequence[object]], V]) -> V:
        key = tuple(map(id, items))
        hit = self._entries.get(key)
        if hit is not None:
            return hit[1]
        value = compute(items)
        self._entries[key] = (tuple(items), value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()


class KeyedMemo(Generic[V]):
    """`memo.get(key, keep, compute)`: `compute()` once per key, for a key that names objects by
    their `id()` among plain values. The entry keeps `keep` (those objects), so their ids cannot
    be reused while it lives; it forgets the oldest entries beyond `size`."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[Hashable, tuple[object, V]] = OrderedDict()
        self._size = size

    def get(self, key: Hashable, keep: object, compute: Callable[[], V]) -> V:
        hit = self._entries.get(key)
        if hit is not None:
            return hit[1]
        value = compute()
        self._entries[key] = (keep, value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()
