"""What intake established about one report: values with their evidence, and what is left open.

Readers record a value only together with the `Hit` (pages and words) it was read from; a field
they cannot establish, or establish only by OCR without a strict pattern, goes to `confirm`. This
is the one place that enforces "never invent": a value without evidence cannot be stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenderkit.intake.document import Hit


@dataclass
class Reading:
    values: dict[str, Any] = field(default_factory=dict)
    found: dict[str, Hit] = field(default_factory=dict)
    notes: dict[str, Hit] = field(default_factory=dict)  # facts beside the bid format (SoA, ids)
    confirm: list[str] = field(default_factory=list)

    def set(self, name: str, value: Any, hit: Hit, *, sure: bool = True) -> None:
        """Record a value read from `hit`; `sure=False` keeps it but asks the reviewer."""
        self.values[name] = value
        self.found[name] = hit
        if not sure:
            self.ask(name)

    def note(self, name: str, hit: Hit) -> None:
        self.notes[name] = hit

    def ask(self, name: str) -> None:
        """The reviewer must establish or check this field."""
        if name not in self.confirm:
            self.confirm.append(name)

    def drop(self, name: str) -> None:
        """Forget a value that turned out unsure; the reviewer is asked instead."""
        self.values.pop(name, None)
        self.found.pop(name, None)
        self.ask(name)

    def has(self, name: str) -> bool:
        return name in self.values
