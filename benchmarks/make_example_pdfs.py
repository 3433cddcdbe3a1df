"""Build the bundled examples' synthetic assurance report PDFs and point their bids at them.

For each chosen bid entry this prints a report in our own words from the entry's facts (the test
generator in tests/intake/pdfgen.py), reads it back with `tenderkit intake`, refuses to go on if
intake reads anything other than the entry states, and writes the entry's `source` (file, sha256,
pages) into the bid as text, keeping its comments. Run from the repository root:

    PYTHONPATH=src .venv/bin/python benchmarks/make_example_pdfs.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "intake"))

from pdfgen import Spec, build_report  # noqa: E402

from tenderkit.fileio import write_atomic  # noqa: E402
from tenderkit.formats.yamlio import parse_yaml  # noqa: E402
from tenderkit.intake import read_report  # noqa: E402
from tenderkit.intake.into_bid import bid_entry  # noqa: E402

CHOSEN = [
    # example, bid, report id, language, layout, city of the auditor's signature
    ("gemeente-zaaksysteem", "civora", "soc2-2026", "nl", "classic", "Gent"),
    ("retail-privcomp-cloud", "skyline", "soc2-2026", "nl", "columns", "Amsterdam"),
]
TESTED = ["CC6.1", "CC6.2", "CC6.3", "CC7.2", "CC8.1", "A1.2", "C1.1"]


def spec_of(entry: dict[str, Any], bidder: str, language: str, layout: str, city: str) -> Spec:
    exceptions = {e["control"]: " ".join(e["text"].split()) for e in entry.get("exceptions", [])}
    return Spec(
        kind=entry["kind"],
        language=language,
        layout=layout,
        company=bidder,
        issuer=entry["issuer"],
        city=city,
        issued=entry["issued"],
        period=(entry["period"]["start"], entry["period"]["end"]) if entry.get("period") else None,
        as_of=entry.get("as_of"),
        opinion=entry["opinion"],
        categories=entry.get("categories", []),
        services=entry["scope"]["services"],
        locations=entry["scope"]["locations"],
        subservice=[
            (s["name"], s.get("service", ""), s["method"]) for s in entry.get("subservice", [])
        ],
        cuecs=[" ".join(c.split()) for c in entry.get("cuecs", [])],
        controls=sorted(set(TESTED) | set(exceptions)),
        exceptions=exceptions,
        assertion=bool(entry.get("management_assertion")),
        filler_pages=3,
    )


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if k != "report"}
    return value


def set_source(text: str, report_id: str, source: dict[str, Any]) -> str:
    """The bid text with the entry's `source:` block written (replacing an older one)."""
    lines = text.splitlines(keepends=True)
    head = next(
        i
        for i, ln in enumerate(lines)
        if re.match(rf"^(\s*)- id\s*:\s*{re.escape(report_id)}\s*$", ln)
    )
    indent = len(lines[head]) - len(lines[head].lstrip()) + 2
    end = head + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent
    ):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    body = [ln for ln in lines[head + 1 : end]]
    kept, skipping = [], False
    for ln in body:
        depth = len(ln) - len(ln.lstrip())
        if depth == indent and ln.lstrip().startswith("source:"):
            skipping = True
            continue
        if skipping and (depth > indent or not ln.strip()):
            continue
        skipping = False
        kept.append(ln)
    dumped = yaml.safe_dump({"source": source}, sort_keys=False, default_flow_style=None, width=96)
    block = "".join(" " * indent + ln + "\n" for ln in dumped.splitlines())
    return "".join(lines[: head + 1] + kept) + block + "".join(lines[end:])


def main() -> None:
    for example, bidder_id, report_id, language, layout, city in CHOSEN:
        tender = ROOT / "examples" / example
        bid_path = tender / "bids" / f"{bidder_id}.yaml"
        text = bid_path.read_text("utf-8")
        bid = parse_yaml(text)
        entry = next(r for r in bid["assurance"] if r["id"] == report_id)
        spec = spec_of(entry, bid["bidder"], language, layout, city)
        pdf = tender / "reports" / f"{bidder_id}-{report_id}.pdf"
        pdf.parent.mkdir(exist_ok=True)
        build_report(spec).write(pdf)
        result = read_report(pdf)
        wrong = {
            k: (v, entry.get(k))
            for k, v in result.entry.items()
            if _normalise(v) != _normalise(entry.get(k, [] if isinstance(v, list) else None))
            and not (k in ("categories", "criteria") and sorted(v) == sorted(entry.get(k, [])))
        }
        if wrong:
            raise SystemExit(f"{pdf}: intake read other values than the bid states: {wrong}")
        source = bid_entry(result, report_id, pdf, tender)["source"]
        write_atomic(bid_path, set_source(text, report_id, source))
        print(
            f"{pdf.relative_to(ROOT)}: {result.pages} pages; "
            f"{bid_path.relative_to(ROOT)}: source written"
        )


if __name__ == "__main__":
    main()
