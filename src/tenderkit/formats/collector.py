"""Python's cyclic garbage collector paused while a large tender is read or written.

Why: reading a tender of 50 bids x 2000 requirements with a panel of 7 makes millions of objects
(the parsed YAML, 100,000 answers, 400,000 panel scores), and writing its result.json as many
again (`model_dump` of a 139 MB result); all of them are still referenced when the work ends.
Each full collection on the way frees nothing and walks the whole growing heap: 13 % of the CPU
time of loading that tender and two thirds of its `model_dump`. Scoring pauses it too
(scoring/engine.py, evaluation.py): the panel lines, requirement scores and notices it makes are
all still referenced when it returns, and a full collection took longer than the scoring itself.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["collector_paused"]

F = TypeVar("F", bound=Callable[..., Any])


def collector_paused(function: F) -> F:
    """Run `function` with the collector paused, then resume it. A nested (or concurrent) call
    finds it paused and leaves it so; the call that paused it resumes it."""

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]
