"""Check the PDFs that bids' assurance entries name as their `source`.

A `source` says which file an entry was read from and its sha256. The file must lie inside the
tender folder (a bid cannot point the tool at other files on the machine) and still have that
hash: a report swapped after intake would otherwise stand behind facts it does not state. The
bytes read are returned so the loader records them with the other inputs (manifest, result.json).
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from tenderkit.errors import Problem
from tenderkit.formats.bid import Bid


def check_report_sources(
    bid: Bid, tender_dir: Path, display: str
) -> tuple[list[Problem], dict[str, bytes]]:
    problems: list[Problem] = []
    files: dict[str, bytes] = {}
    root = tender_dir.resolve()
    for index, report in enumerate(bid.assurance, start=1):
        source = report.source
        if source is None:
            continue
        place = f"assurance[{index}] ({report.id}).source.file"
        relative = PurePosixPath(source.file.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            problems.append(Problem.of(display, place, "source_not_inside", file=source.file))
            continue
        path = (tender_dir / relative).resolve()
        if not path.is_relative_to(root):
            problems.append(Problem.of(display, place, "source_outside", file=source.file))
            continue
        if not path.is_file():
            problems.append(Problem.of(display, place, "source_not_found", file=source.file))
            continue
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != source.digest:
            problems.append(
                Problem.of(
                    display,
                    f"assurance[{index}] ({report.id}).source.sha256",
                    "source_changed",
                    file=source.file,
                    now=digest[:12] + "…",
                    recorded=source.digest[:12] + "…",
                )
            )
            continue
        files[relative.as_posix()] = content
    return problems, files
