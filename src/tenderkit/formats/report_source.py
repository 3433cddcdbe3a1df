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
    for index, report in enumerate(bid.assurance):
        source = report.source
        if source is None:
            continue
        place = f"assurance[{index}] ({report.id}).source.file"
        relative = PurePosixPath(source.file.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            problems.append(
                Problem(display, place, f"'{source.file}' must be a path inside the tender folder")
            )
            continue
        path = (tender_dir / relative).resolve()
        if not path.is_relative_to(root):
            problems.append(
                Problem(display, place, f"'{source.file}' leads outside the tender folder")
            )
            continue
        if not path.is_file():
            problems.append(
                Problem(display, place, f"'{source.file}' not found in the tender folder")
            )
            continue
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        if digest != source.digest:
            problems.append(
                Problem(
                    display,
                    f"assurance[{index}] ({report.id}).source.sha256",
                    f"'{source.file}' has changed since it was read (sha256 {digest[:12]}…, "
                    f"the bid records {source.digest[:12]}…); read it again with tenderkit intake",
                )
            )
            continue
        files[relative.as_posix()] = content
    return problems, files
