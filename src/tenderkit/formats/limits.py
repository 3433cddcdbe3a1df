"""Every limit on input in one place: id characters and lengths, text lengths, file sizes.

Bids are written by suppliers and tender folders by hand, so nothing may be unbounded: a 236-
character bid id becomes a file name the disk refuses, a bidder name of a megabyte reaches every
chart and letter, a YAML file of 200 MB takes gigabytes to parse. The limits lie far above what a
real tender needs and are checked before the work they protect (file sizes before reading, lengths
while validating). docs/formats.md lists them for users; keep the two in step.
"""

from __future__ import annotations

import re

# --- identifiers ----------------------------------------------------------------------------------

MAX_ID_LENGTH = 64
"""Longest identifier (bid, requirement, criterion, evaluator, report, control id ...)."""

ID_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
"""An id: ASCII letters and digits, then also `-`, `_` and `.`, not ending in `.` (Windows drops
it from a file name); ids become file names (bids, panel files, letters) and must mean the same
on every disk and to every reader."""

CONTROL_ID_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.()-]*[A-Za-z0-9_)-])?")
"""A framework reference may add brackets, as GDPR articles are cited (`28(3)(c)`); not a file."""

WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
"""Names Windows will not create as files, with or without an extension (`con.yaml`, `NUL.txt`)."""

# --- texts ----------------------------------------------------------------------------------------

MAX_NAME_LENGTH = 200
"""Longest name or title (bidder, buyer, criterion, requirement title, issuer): one line."""

MAX_TEXT_LENGTH = 20_000
"""Longest free text (a requirement's text, a note, a description, a rationale)."""

MAX_SCALE_STEPS = 50
"""Most scores on a panel scale."""

# --- files ----------------------------------------------------------------------------------------

MAX_YAML_BYTES = 2_000_000
"""Largest YAML file read (the largest bundled file is about 25 kB)."""

MAX_CSV_BYTES = 20_000_000
"""Largest panel CSV read. One evaluator's file of a tender of 50 bids x 2000 requirements, one
line per bid and requirement with a short rationale, is about 7 MB."""

MAX_XLSX_BYTES = 20_000_000
"""Largest bid form (.xlsx) read, compressed."""

MAX_XLSX_UNCOMPRESSED_BYTES = 50_000_000
"""Largest sum of the uncompressed sizes of a form's zip members (a filled form is under 1 MB)."""


def megabytes(size: int) -> str:
    """A file size as people read it: `2 MB`, `0.3 MB`."""
    value = size / 1e6
    return f"{value:.0f} MB" if value >= 1 else f"{value:.1f} MB"
