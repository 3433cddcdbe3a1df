"""Bounded memos keyed by the identity of frozen objects, for values derived from them.

Why identity and not equality: the models of a loaded tender are frozen pydantic models, and
comparing or hashing them by value walks every field (a bid holds hundreds of answers), which
costs more than most of what is derived from them.

Why weak references: a memo lives as long as the process, and a process often outlives the
tenders it reads (a batch worker takes tender after tender, the workshop reloads, a notebook
loads again). A memo that held its keys kept every tender it had seen alive up to its bound
(1,024 bids): about 45 MiB more per load and evaluate of a 50-bid tender. An entry now holds
its key weakly where the key allows it (pydantic models, most objects) and is forgotten the
moment the key is freed, so its id cannot be reused while the entry lives. A key that takes no
weak reference (a plain list, tuple or dict) is held, as before, up to the bound. A value
should not hold its own key: the entry would then keep the key alive until the bound drops it.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

__all__ = ["IdentityMemo", "ItemsMemo", "KeyedMemo"]

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    """`memo.get(obj, compute)`: `compute(obj)` once per live object, by identity."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[int, tuple[tuple[Callable[[], object], ...], V]] = OrderedDict()
        self._size = size

    def get(self, obj: object, compute: Callable[[object], V]) -> V:
        hit = self._entries.get(id(obj))
        if hit is not None and hit[0][0]() is obj:
            return hit[1]
        value = compute(obj)
        self._entries[id(obj)] = (_hold_all((obj,), self._entries, id(obj)), value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()


class ItemsMemo(Generic[V]):
    """`memo.get(items, compute)`: `compute(items)` once per sequence of the same (frozen) items.

    Keyed by the identities of the items, in order, not of the sequence: callers pass a fresh
    list of the same requirements on every call, and a list changed in place is a new key. The
    entry holds the items weakly where they allow it and is forgotten when any of them is freed,
    so their ids cannot be reused while it lives; it forgets the oldest entries beyond `size`.
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
        self._entries[key] = (_hold_all(items, self._entries, key), value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()


class KeyedMemo(Generic[V]):
    """`memo.get(key, keep, compute)`: `compute()` once per key, for a key that names objects by
    their `id()` among plain values. `keep` is those objects (a tuple of them, or one): the
    entry holds them weakly where they allow it and is forgotten when any of them is freed, so
    their ids cannot be reused while it lives; it forgets the oldest entries beyond `size`."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[Hashable, tuple[object, V]] = OrderedDict()
        self._size = size

    def get(self, key: Hashable, keep: object, compute: Callable[[], V]) -> V:
        hit = self._entries.get(key)
        if hit is not None:
            return hit[1]
        value = compute()
        kept = keep if type(keep) is tuple else (keep,)
        self._entries[key] = (_hold_all(kept, self._entries, key), value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()


class _Strong:
    """An object that takes no weak reference, held as it is (up to the memo's bound); called,
    it gives the object, as a weak reference does."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __call__(self) -> object:
        return self.obj


def _forgetting(entries: OrderedDict[Any, Any], key: Hashable) -> Callable[[object], None]:
    """The callback that forgets `entries[key]` when an object its entry holds weakly is freed
    (and not a newer entry under the same key, which holds other references)."""

    def forget(ref: object) -> None:
        found = entries.get(key)
        if found is not None and any(holder is ref for holder in found[0]):
            del entries[key]

    return forget


def _hold_one(obj: object, forget: Callable[[object], None]) -> Callable[[], object]:
    try:
        return weakref.ref(obj, forget)
    except TypeError:  # a plain list, tuple or dict
        return _Strong(obj)


def _hold_all(
    objs: Sequence[object], entries: OrderedDict[Any, Any], key: Hashable
) -> tuple[Callable[[], object], ...]:
    """The objects an entry `entries[key]` names, each held weakly (the entry is forgotten when
    any is freed) or, when it takes no weak reference, as it is. Each, called, gives its object
    (None once a weakly held one was freed)."""
    forget = _forgetting(entries, key)
    return tuple(_hold_one(obj, forget) for obj in objs)
