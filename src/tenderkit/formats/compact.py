"""Keep the many small models of a large tender small: interned ids, one shared fields-set.

Why: a tender of 200 bids x 500 requirements with a panel of 7 holds about 100,000 answers and
390,000 panel scores. Each pydantic model carries its own `__pydantic_fields_set__` (a set of
the field names given, some 200-500 bytes) and its own copy of every id it was read with (the
bidder, the evaluator, the target: the same few hundred strings repeated on every line). The
loaded tender took 665 MiB. The models are frozen, so the set of given fields never changes
after validation and can be one shared object per distinct set; ids and short codes are interned,
so each distinct one is held once. What a model holds and compares is unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

__all__ = ["compact"]

_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def compact(model: Any, interned: Iterable[str] = ()) -> Any:
    """Intern the named string fields of a frozen model and share its fields-set; return it."""
    values = model.__dict__
    for name in interned:
        value = values.get(name)
        if type(value) is str:
            values[name] = sys.intern(value)
    given = model.__pydantic_fields_set__
    key = frozenset(given)
    shared = _FIELDS_SETS.get(key)
    if shared is None:
        shared = _FIELDS_SETS[key] = set(key)
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    return model
