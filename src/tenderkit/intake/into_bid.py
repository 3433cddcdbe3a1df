"""Write an intake's entry straight into a bid file, keeping the bid's comments and layout.

Bids are written by people, with comments that explain them, so the file is edited as text: the
new entry is appended to the `assurance:` list (or replaces the entry with the same id when
`force` is given). The edited text is parsed and validated as a bid before it replaces the file
(atomically), so a bid is never left half-written or invalid.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tenderkit.errors import Both, InvalidInput, Problem, catalogue_text
from tenderkit.fileio import write_atomic
from tenderkit.formats.bid import AssuranceReport, Bid
from tenderkit.formats.messages import validate
from tenderkit.formats.yamlio import parse_yaml
from tenderkit.intake.output import _Dumper
from tenderkit.intake.report import Intake

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")


def bid_entry(intake: Intake, report_id: str, pdf: Path, tender_dir: Path) -> dict[str, Any]:
    """The assurance entry with its `source`: the PDF's path under the tender folder and hash."""
    try:
        relative = pdf.resolve().relative_to(tender_dir.resolve()).as_posix()
    except ValueError:
        problem = Problem.of(str(pdf), "", "intake_outside_tender", folder=str(tender_dir))
        raise InvalidInput([problem]) from None
    pages = {name: found["pages"] for name, found in intake.found.items() if name in _CITED}
    pages |= {n: f["pages"] for n, f in intake.found.items() if n.startswith("exceptions[")}
    source: dict[str, Any] = {"file": relative, "sha256": intake.sha256}
    if pages:
        source["pages"] = pages
    return {"id": report_id, **intake.entry, "source": source}


_CITED = frozenset(
    {"issuer", "opinion", "period", "as_of", "issued", "scope", "subservice", "cuecs", "categories",
     "criteria", "valid_until", "accreditation", "standard_version", "excluded_controls",
     "management_assertion", "exceptions"}
)  # fmt: skip


def write_into_bid(
    bid_path: Path,
    entry: dict[str, Any],
    *,
    force: bool,
    confirm: list[str] | None = None,
    language: str = "en",
) -> str:
    """Add (or with force replace) `entry` in the bid's assurance list; 'added' or 'replaced'.

    A comment above the entry, in `language` (the tender's), names the fields the reviewer still
    has to confirm. Problems are told in either language (`InvalidInput.describe`).
    """
    display = str(bid_path)
    if not bid_path.is_file():
        raise InvalidInput([Problem.of(display, "", "file_not_found")], language)
    place = f"assurance ({entry['id']})"
    report, problems = validate(AssuranceReport, entry, display)
    if problems or report is None:
        raise InvalidInput(
            [
                Problem.of(
                    display,
                    place,
                    "intake_entry_incomplete",
                    detail=Both(*(_told(p, language) for language in ("nl", "en"))),
                )
                for p in problems
            ],
            language,
        )
    text = bid_path.read_text(encoding="utf-8")
    data = parse_yaml(text)
    if not isinstance(data, dict):
        raise InvalidInput([Problem.of(display, "", "intake_not_a_bid")], language)
    existing = [r.get("id") for r in data.get("assurance") or [] if isinstance(r, dict)]
    replacing = entry["id"] in existing
    if replacing and not force:
        raise InvalidInput([Problem.of(display, place, "intake_entry_exists")], language)
    fields = {"fields": ", ".join(confirm or [])}
    note = catalogue_text("intake_note_confirm" if confirm else "intake_note", language, fields)
    new_text = _replace_entry(text, entry, note) if replacing else _append_entry(text, entry, note)
    bid, problems = validate(Bid, parse_yaml(new_text), display)
    if problems or bid is None or bid.report(entry["id"]) is None:
        raise InvalidInput(
            problems or [Problem.of(display, "", "intake_entry_not_placed")], language
        )
    write_atomic(bid_path, new_text)
    return "replaced" if replacing else "added"


def _told(problem: Problem, language: str) -> str:
    """A problem of the entry itself, inside the bid's: its place (the key) and what is wrong."""
    return ": ".join(part for part in (problem.where(language), problem.text(language)) if part)


class _BidDumper(_Dumper):
    """Short lists and small mappings inline, as the bundled bids have them; long text as blocks."""


def _compact(values: Any) -> bool:
    items = values.values() if isinstance(values, dict) else values
    return all(not isinstance(v, dict | list) and len(str(v)) <= 40 for v in items)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_compact(value))


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    flow = _compact(value) and len(value) <= 3 and "id" not in value
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)


_BidDumper.add_representer(list, _represent_list)
_BidDumper.add_representer(dict, _represent_dict)


def _render(entry: dict[str, Any], indent: int, note: str = "") -> str:
    body = yaml.dump(
        [entry], Dumper=_BidDumper, sort_keys=False, allow_unicode=True, width=96,
    )  # fmt: skip
    lines = [f"# {note}"] if note else []
    return "".join(" " * indent + line + "\n" for line in [*lines, *body.splitlines()])


def _block(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line indexes of the top-level `assurance:` block, the key line included."""
    start = next((i for i, ln in enumerate(lines) if re.match(r"^assurance\s*:", ln)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return start, end


def _append_entry(text: str, entry: dict[str, Any], note: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    block = _block(lines)
    if block is None:
        return "".join(lines) + "\nassurance:\n" + _render(entry, 2, note)
    start, end = block
    if re.match(r"^assurance\s*:\s*\[\s*\]\s*(#.*)?$", lines[start]):
        lines[start] = "assurance:\n"
        return "".join(lines[: start + 1]) + _render(entry, 2, note) + "".join(lines[start + 1 :])
    items = [ln for ln in lines[start + 1 : end] if re.match(r"^\s*- ", ln)]
    indent = len(items[0]) - len(items[0].lstrip()) if items else 2
    return "".join(lines[:end]) + _render(entry, indent, note) + "".join(lines[end:])


def _replace_entry(text: str, entry: dict[str, Any], note: str) -> str:
    lines = text.splitlines(keepends=True)
    block = _block(lines)
    if block is None:
        return text
    start, end = block
    pattern = re.compile(rf"^(\s*)- id\s*:\s*[\"']?{re.escape(entry['id'])}[\"']?\s*(#.*)?$")
    for i in range(start + 1, end):
        match = pattern.match(lines[i].rstrip("\n"))
        if not match:
            continue
        indent = len(match[1])
        stop = i + 1
        while stop < end and not (
            lines[stop].strip() and len(lines[stop]) - len(lines[stop].lstrip()) <= indent
        ):
            stop += 1
        start_at = i - 1 if i > start + 1 and "tenderkit intake" in lines[i - 1] else i
        return "".join(lines[:start_at]) + _render(entry, indent, note) + "".join(lines[stop:])
    return text  # not in block style: the caller's validation reports it
