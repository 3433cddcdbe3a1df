"""Chart labels are plain text: matplotlib never reads a bidder name or a title as mathtext.

Matplotlib treats text between two dollar signs as TeX-like math: a bidder called
`Acme $\\frac{1}{0}$` is drawn as a fraction, and an invalid expression (`$\\nope$`) raises while
the figure is drawn, so the whole report fails. Every chart of tenderkit is built by a function
decorated with `plain_text_chart`: it builds the figure with matplotlib's `text.parse_math` off
(so every Text it creates, tick labels, legends and annotations included, is plain) and then
switches parsing off on every Text of the finished figure, whatever created it. Saving goes
through `plain_text()` too, for texts matplotlib only creates while drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from typing import Any, TypeVar

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["PLAIN_TEXT", "plain_text", "plain_text_chart", "plain_text_figure"]

PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}

F = TypeVar("F", bound=Callable[..., Any])


def plain_text() -> AbstractContextManager:
    """matplotlib settings under which new texts are not parsed as math."""
    return matplotlib.rc_context(PLAIN_TEXT)


def plain_text_figure(figure: Figure) -> Figure:
    """Switch math parsing off on every text of `figure` (titles, ticks, legends, labels)."""
    for text in figure.findobj(Text):
        text.set_parse_math(False)
    return figure


def plain_text_chart(build: F) -> F:
    """Decorate a function that returns a Figure (or None): its texts are plain."""

    @wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with plain_text():
            figure = build(*args, **kwargs)
        return figure if figure is None else plain_text_figure(figure)

    return wrapper  # type: ignore[return-value]
