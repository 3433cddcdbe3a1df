"""An `Intake` as the YAML document FORMATS.md names: `assurance` (one bid entry) and `intake`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from tenderkit.intake.report import Intake


def default_id(intake: Intake) -> str:
    """A report id when the user gives none: kind family and the year it speaks of."""
    entry = intake.entry
    kind = str(entry.get("kind", "report")).split("_")[0]
    when = entry.get("period", {}).get("end") if entry.get("period") else None
    when = when or entry.get("as_of") or entry.get("issued")
    return f"{kind}-{when.year}" if isinstance(when, dt.date) else kind


def as_document(intake: Intake, report_id: str | None = None) -> dict[str, Any]:
    source: dict[str, Any] = {"file": intake.file, "sha256": intake.sha256, "pages": intake.pages}
    if intake.ocr_pages:
        source["ocr"] = True
        source["ocr_pages"] = list(intake.ocr_pages)
    return {
        "assurance": [{"id": report_id or default_id(intake), **intake.entry}],
        "intake": {"source": source, "found": intake.found, "confirm": intake.confirm},
    }


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # quote text that YAML 1.1 readers would take for a boolean, number or date
    if re.fullmatch(r"(?i)(y|n|yes|no|on|off|true|false|null|~|[-+.\d:eE_]+)", value) or not value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def to_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
