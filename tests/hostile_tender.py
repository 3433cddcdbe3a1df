"""A tender whose bid and reference texts attack the outputs: live HTML, Markdown links, mathtext.

A plain module (tests/ has one conftest, at the top), used by the report, risk, render and
workshop tests. It is the gemeente-zaaksysteem example copied into a folder, with:

- bid `zaakwerk` named with a script tag, an `<img onerror>`, a Markdown `javascript:` link and
  a mathtext fraction; every note of it, the panel rationales about it and its subprocessors and
  assurance texts carry the same tricks;
- the tender title with the same tricks;
- award criterion K1 titled with an invalid mathtext expression (`$\\nope$`) and K2 with a single
  dollar, both with HTML and Markdown tricks.
"""

from __future__ import annotations

import csv
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tenderkit.bundled import bundled, example

BID = "zaakwerk"
TRICKS = "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))"
NAME = r"$\frac{1}{0}$ Zaak " + TRICKS
K1_TITLE = r"$\nope$ Beveiliging <b onmouseover=alert(2)>vet</b> [y](javascript:alert(2))"
K2_TITLE = "$x Privacy <svg onload=alert(3)> **sterk**"
NOTE = "Notitie " + TRICKS + " $x"


def hostile_tender(folder: Path) -> Path:
    """Write the hostile tender into `folder` (created) and return it."""
    shutil.copytree(example("gemeente-zaaksysteem"), folder)
    tender_file = folder / "tender.yaml"
    tender = yaml.safe_load(tender_file.read_text("utf-8"))
    source = (example("gemeente-zaaksysteem") / tender["requirement_set"]).resolve()
    requirement_set = yaml.safe_load(source.read_text("utf-8"))
    requirement_set["criteria"][0]["title"] = K1_TITLE
    requirement_set["criteria"][1]["title"] = K2_TITLE
    (folder / "requirements.yaml").write_text(
        yaml.safe_dump(requirement_set, allow_unicode=True, sort_keys=False), "utf-8"
    )
    tender["title"] = "Zaaksysteem " + TRICKS
    for key in ("lock", "locked"):  # other criteria than the example's: not its lock
        tender.pop(key, None)
    tender["requirement_set"] = "requirements.yaml"
    tender["scoring"] = str((bundled("scoring") / Path(tender["scoring"]).name).resolve())
    tender_file.write_text(yaml.safe_dump(tender, allow_unicode=True, sort_keys=False), "utf-8")

    bid_file = folder / "bids" / f"{BID}.yaml"
    bid = yaml.safe_load(bid_file.read_text("utf-8"))
    bid["bidder"] = NAME
    for answer in bid["answers"].values():
        answer["note"] = NOTE
    for sub in bid.get("subprocessors", []):
        sub["name"] = "Sub " + TRICKS
        sub["service"] = TRICKS
    for report in bid.get("assurance", []):
        for exception in report.get("exceptions", []):
            exception["text"] = TRICKS
        report["cuecs"] = [TRICKS]
    bid_file.write_text(yaml.safe_dump(bid, allow_unicode=True, sort_keys=False), "utf-8")

    for path in (folder / "panel").glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row["bidder"] == BID:
                row["rationale"] = "Motivering " + TRICKS
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


class _LiveMarkup(HTMLParser):
    """Collects what a browser would run or load from a page, and the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            link = name in ("href", "src", "action", "formaction", "xlink:href")
            if link and (value or "").strip().lower().startswith(("javascript:", "vbscript:")):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src", "").strip() == "x":
            self.live.append("<img src=x>")
        if tag in ("svg", "iframe", "object", "embed", "b") and any(
            name.startswith("on") for name, _ in attrs
        ):
            self.live.append(f"<{tag}>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.live.append(f"<script>{data[:60]}</script>")
        self.text.append(data)


def live_markup(page: str) -> list[str]:
    """Everything in `page` that a browser would run or load from the hostile texts."""
    parser = _LiveMarkup()
    parser.feed(page)
    parser.close()
    return parser.live


def visible_text(page: str) -> str:
    """The text of `page` as a reader sees it (tags gone, entities decoded)."""
    parser = _LiveMarkup()
    parser.feed(page)
    parser.close()
    return "".join(parser.text)
